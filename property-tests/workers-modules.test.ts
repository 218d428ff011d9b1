/**
 * Module kernels on the pool: each parallel path gives bit-identical results to the module's own
 * single-threaded function, for any block count (a wrapper pool over two real threads).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { KernelPool } from 'sublinear/core';
import { kronMatVec, kronMatVecTranspose } from 'sublinear/kron';
import { assertBitIdentical, finiteArray, matrixArbitrary, propertyParameters } from 'sublinear/testing';
import { createKernelPool, parallelKronMatVec } from 'sublinear/workers';

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
