/** fromMlMatrix / toMlMatrix of sublinear/core against the real ml-matrix package. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Matrix as MlMatrix } from 'ml-matrix';
import { fromMlMatrix, matmul, Rng, toMlMatrix, toRows } from 'sublinear/core';
import { propertyParameters } from 'sublinear/testing';

test('Matrix → ml-matrix → Matrix is the identity (float64), and products agree with ml-matrix mmul', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 5 }), fc.nat(), (rows, cols, k, seed) => {
    const A = { rows, cols, data: new Rng(seed).fillGaussian(new Float64Array(rows * cols)) };
    const m = toMlMatrix(A, MlMatrix);
    assert.deepEqual([m.rows, m.columns], [rows, cols]);
    assert.deepEqual(m.to2DArray(), toRows(A));
    const back = fromMlMatrix(m);
    assert.deepEqual(back, A);
    const B = MlMatrix.rand(cols, k, { random: mulberry(seed) });
    const mine = matmul(A, fromMlMatrix(B)), theirs = m.mmul(B);
    for (let i = 0; i < rows; i++) for (let j = 0; j < k; j++) assert.ok(Math.abs(mine.data[i * k + j] - theirs.get(i, j)) <= 1e-12 * (1 + Math.abs(theirs.get(i, j))));
  }), propertyParameters({ numRuns: 60 }));
  const f32 = fromMlMatrix(new MlMatrix([[0.1, 2]]), 'float32');
  assert.deepEqual(f32.data, Float32Array.of(0.1, 2));
});

test('fromMlMatrix and toMlMatrix reject bad input with the argument named, and copy (no shared memory)', () => {
  assert.throws(() => fromMlMatrix(new MlMatrix([[1, NaN]])), { name: 'RangeError', message: /fromMlMatrix: invalid argument. m\[0\]\[1\] must be a finite number. Value: NaN./ });
  assert.throws(() => fromMlMatrix([[1, 2]] as never), { name: 'TypeError', message: /m must be an ml-matrix Matrix/ });
  assert.throws(() => fromMlMatrix(new MlMatrix([[1]]), 'int8' as never), { name: 'RangeError', message: /dtype must be one of 'float64', 'float32'/ });
  assert.throws(() => toMlMatrix({ rows: 1, cols: 2, data: Float64Array.of(1, Infinity) }, MlMatrix), { name: 'RangeError', message: /toMlMatrix: invalid argument. matrix\[0\]\[1\] must be a finite number/ });
  assert.throws(() => toMlMatrix({ rows: 1, cols: 1, data: Float64Array.of(1) }, null as never), { name: 'TypeError', message: /MlMatrix must be ml-matrix's Matrix class/ });
  const A = { rows: 1, cols: 2, data: Float64Array.of(1, 2) };
  const m = toMlMatrix(A, MlMatrix);
  A.data[0] = 9;
  assert.equal(m.get(0, 0), 1);
  const back = fromMlMatrix(m);
  m.set(0, 1, 5);
  assert.equal(back.data[1], 2);
});

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}
