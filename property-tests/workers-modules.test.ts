/**
 * Module kernels on the pool: each parallel path gives bit-identical results to the module's own
 * single-threaded function, for any block count (a wrapper pool over two real threads).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { matrix, type KernelPool } from 'sublinear/core';
import { kronMatVec, kronMatVecTranspose } from 'sublinear/kron';
import { BandedMatrix, bandedLogDetInverse } from 'sublinear/logdet';
import { assertBitIdentical, finiteArray, matrixArbitrary, propertyParameters } from 'sublinear/testing';
import { createKernelPool, parallelKronMatVec, parallelLogDetApply, parallelLogDetInverse } from 'sublinear/workers';

const pool = createKernelPool({ threads: 2 });
after(() => pool.close());
const T = { timeout: 60_000 };
const withBlocks = (blocks: number): KernelPool => ({ threads: blocks, run: (t, p, o) => pool.run(t, p, o) });
const dtype = fc.constantFrom('float64' as const, 'float32' as const);

describe('workers: kron', () => {
  const factorsAndVector = (transpose: boolean) => fc.record({
    shapes: fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 3 }),
    dtype, xDtype: dtype, blocks: fc.integer({ min: 1, max: 6 }),
  }).chain(({ shapes, dtype, xDtype, blocks }) => {
    const length = shapes.reduce((acc, [p, q]) => acc * (transpose ? p : q), 1);
    return fc.tuple(
      fc.tuple(...shapes.map(([rows, cols]) => matrixArbitrary({ rows, cols, dtype }))),
      finiteArray({ minLength: length, maxLength: length, dtype: xDtype }),
      fc.constant(blocks),
    );
  });

  test('parallelKronMatVec is bit-identical to kronMatVec for any factor shapes, dtypes and block count', T, async () => {
    await fc.assert(fc.asyncProperty(factorsAndVector(false), async ([factors, x, blocks]) => {
      assertBitIdentical(await parallelKronMatVec(withBlocks(blocks), factors, x), kronMatVec(factors, x), '(⊗A)x');
    }), propertyParameters({ numRuns: 40 }));
  });

  test('parallelKronMatVec with transpose is bit-identical to kronMatVecTranspose', T, async () => {
    await fc.assert(fc.asyncProperty(factorsAndVector(true), async ([factors, y, blocks]) => {
      assertBitIdentical(await parallelKronMatVec(withBlocks(blocks), factors, y, { transpose: true }), kronMatVecTranspose(factors, y), '(⊗A)ᵀy');
    }), propertyParameters({ numRuns: 40 }));
  });

  test('parallelKronMatVec rejects a vector of the wrong length before any task runs', T, async () => {
    const calls: string[] = [];
    const spy: KernelPool = { threads: 2, run: (t, p, o) => { calls.push(t); return pool.run(t, p, o); } };
    const A = { rows: 2, cols: 2, data: new Float64Array(4) };
    await assert.rejects(parallelKronMatVec(spy, [A, A], [1, 2, 3]), { name: 'RangeError', message: /parallelKronMatVec: invalid argument\. x\.length must be 4\. Value: 3\./ });
    assert.deepEqual(calls, []);
  });
});

describe('workers: logdet', () => {
  const banded = fc.record({ n: fc.integer({ min: 1, max: 30 }), band: fc.integer({ min: 1, max: 4 }), dtype, blocks: fc.integer({ min: 1, max: 5 }), shift: fc.double({ min: -2, max: 6, noNaN: true }) })
    .chain(({ n, band, dtype, blocks, shift }) => fc.tuple(
      finiteArray({ minLength: n * (band + 1), maxLength: n * (band + 1), min: -1, max: 1, dtype }).map((data) => {
        for (let j = 0; j < n; j++) data[j * (band + 1)] += shift; // diagonals from indefinite to dominant
        return { n, band, data };
      }),
      finiteArray({ minLength: n, maxLength: n, dtype }),
      fc.constant(blocks),
    ));

  test('parallelLogDetInverse gives the factor and diagnostics of bandedLogDetInverse bit for bit, any column split', T, async () => {
    await fc.assert(fc.asyncProperty(banded, async ([H, , blocks]) => {
      const X = await parallelLogDetInverse(withBlocks(blocks), H);
      const Y = bandedLogDetInverse(H);
      assertBitIdentical(X.factor.data, Y.factor.data, 'L D Lᵀ factor');
      assert.deepEqual(X.diagnostics, Y.diagnostics);
    }), propertyParameters({ numRuns: 40 }));
  });

  test('parallelLogDetApply equals LogDetInverse.apply bit for bit, into a new array or into out', T, async () => {
    await fc.assert(fc.asyncProperty(banded, async ([H, v, blocks]) => {
      const X = bandedLogDetInverse(H);
      assertBitIdentical(await parallelLogDetApply(withBlocks(blocks), X, v), X.apply(v), 'X v');
      const out = new Float64Array(H.n), expected = new Float64Array(H.n);
      X.apply(v, expected);
      assert.equal(await parallelLogDetApply(withBlocks(blocks), X, v, { out }), out);
      assertBitIdentical(out, expected, 'X v into out');
    }), propertyParameters({ numRuns: 40 }));
  });

  test('a failed apply block leaves out exactly as it was (scratch, commit on success)', T, async () => {
    const H = BandedMatrix.fromDense(matrix([[4, 1, 0, 0], [1, 4, 1, 0], [0, 1, 4, 1], [0, 0, 1, 4]]), 1);
    const X = bandedLogDetInverse(H);
    let calls = 0;
    const flaky: KernelPool = { threads: 2, run: (t, p, o) => (++calls === 2 ? Promise.reject(new Error('injected')) : pool.run(t, p, o)) };
    const out = Float64Array.of(7, 7, 7, 7);
    await assert.rejects(parallelLogDetApply(flaky, X, [1, 2, 3, 4], { out }), /injected/);
    assertBitIdentical(out, Float64Array.of(7, 7, 7, 7), 'out after a failed apply');
  });
});
