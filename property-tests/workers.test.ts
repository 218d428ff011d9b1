/**
 * The kernel pool's machinery: partitions, shared references, and parallel products that are
 * bit-identical to the single-threaded kernels for any number of blocks.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { matmul, matrix, type KernelPool, type Matrix } from 'sublinear/core';
import { kronMatVecTranspose } from 'sublinear/kron';
import { BandedMatrix, bandedLogDetInverse } from 'sublinear/logdet';
import { createSketch } from 'sublinear/sketch';
import { assertBitIdentical, matrixArbitrary, propertyParameters } from 'sublinear/testing';
import {
  arrayRef, createKernelPool, isShared, matrixOf, matrixRef, parallelKronMatVec, parallelLogDetApply, parallelLogDetInverse, parallelMatmul, parallelSketchApply, runBlocks, sharedArray, sharedMatrix,
  splitRange, toShared, toSharedMatrix, viewOf,
} from 'sublinear/workers';

const pool = createKernelPool({ threads: 2 });
after(() => pool.close());
const T = { timeout: 30_000 };

/** The same threads, but callers split their work into `blocks` blocks. */
const withBlocks = (blocks: number): KernelPool => ({ threads: blocks, run: (t, p, o) => pool.run(t, p, o) });

describe('workers: partitions', () => {
  test('splitRange covers [start, end) exactly once with at most `parts` blocks, sizes multiples of grain, near-equal', () => {
    fc.assert(fc.property(fc.nat(50), fc.nat(300), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 8 }), (start, len, parts, grain) => {
      const blocks = splitRange(start, start + len, parts, grain);
      assert.ok(blocks.length <= parts);
      let at = start;
      for (const [s, e] of blocks) {
        assert.equal(s, at);
        assert.ok(e > s);
        at = e;
      }
      assert.equal(at, start + len);
      const units = blocks.map(([s, e], i) => (i === blocks.length - 1 ? Math.ceil((e - s) / grain) : (e - s) / grain));
      for (const u of units) assert.ok(Number.isInteger(u));
      if (units.length > 0) assert.ok(Math.max(...units) - Math.min(...units) <= 1);
    }), propertyParameters());
  });

  test('splitRange rejects bad bounds with the package error template', () => {
    assert.throws(() => splitRange(5, 2, 2), { name: 'RangeError', message: 'splitRange: invalid argument. end must be an integer ≥ start (5). Value: 2.' });
    assert.throws(() => splitRange(0, 2, 0), RangeError);
    assert.throws(() => splitRange(0, 2, 1, 0.5), RangeError);
  });

  test('runBlocks waits for every block to settle, then rejects with the first failure in block order', T, async () => {
    const settled: number[] = [];
    const flaky: KernelPool = {
      threads: 3,
      run: async <R>(_task: string, payload: unknown) => {
        const { start } = payload as { start: number };
        await new Promise((r) => setTimeout(r, 30 - 10 * start));
        settled.push(start);
        if (start >= 1) throw new Error(`block ${start} failed`);
        return start as R;
      },
    };
    await assert.rejects(runBlocks(flaky, 'x', splitRange(0, 3, 3), ([start]) => ({ start })), /block 1 failed/);
    assert.deepEqual(settled.sort(), [0, 1, 2]);
  });
});

describe('workers: shared memory', () => {
  test('toShared copies an unshared array once; a shared array passes through untouched', () => {
    const x = new Float32Array([1, 2, 3]);
    const s = toShared(x);
    assert.ok(isShared(s) && !isShared(x));
    assert.notEqual(s, x);
    assertBitIdentical(s, x);
    assert.equal(toShared(s), s);
    const A = sharedMatrix(2, 3);
    assert.equal(toSharedMatrix(A), A);
  });

  test('a reference views the same memory: writes through viewOf and matrixOf reach the original', () => {
    const base = sharedArray('float64', 10);
    const x = base.subarray(3, 7);
    viewOf(arrayRef(x))[1] = 42;
    assert.equal(base[4], 42);
    const A: Matrix = { rows: 2, cols: 2, data: base.subarray(6, 10) };
    matrixOf(matrixRef(A)).data[3] = -1;
    assert.equal(base[9], -1);
  });

  test('arrayRef and toShared reject what they cannot share', () => {
    assert.throws(() => arrayRef(new Float64Array(2)), { name: 'TypeError', message: /arrayRef: invalid argument\. array must be a typed array on a SharedArrayBuffer/ });
    assert.throws(() => toShared([1, 2] as unknown as Float64Array), TypeError);
    assert.throws(() => sharedArray('float16' as 'float32', 2), RangeError);
  });
});

describe('workers: parallel products', () => {
  const pair = (transpose: boolean) => fc.record({
    m: fc.integer({ min: 1, max: 12 }), k: fc.integer({ min: 1, max: 9 }), n: fc.integer({ min: 1, max: 12 }),
    dtypeA: fc.constantFrom('float64' as const, 'float32' as const), dtypeB: fc.constantFrom('float64' as const, 'float32' as const),
    blocks: fc.integer({ min: 1, max: 5 }),
  }).chain(({ m, k, n, dtypeA, dtypeB, blocks }) => fc.tuple(
    matrixArbitrary({ rows: m, cols: k, dtype: dtypeA }),
    transpose ? matrixArbitrary({ rows: n, cols: k, dtype: dtypeB }) : matrixArbitrary({ rows: k, cols: n, dtype: dtypeB }),
    fc.constant(blocks),
  ));

  test('matmul(A, B, { pool }) (row blocks) is bit-identical to matmul for any shape, dtype and block count', T, async () => {
    await fc.assert(fc.asyncProperty(pair(false), async ([A, B, blocks]) => {
      const C = await matmul(A, B, { pool: withBlocks(blocks) });
      assert.ok(isShared(C.data));
      assertBitIdentical(C.data, matmul(A, B).data, 'A·B');
    }), propertyParameters({ numRuns: 40 }));
  });

  test('matmul(A, B, { transposeB, pool }) (column blocks) is bit-identical to matmul(A, B, { transposeB })', T, async () => {
    await fc.assert(fc.asyncProperty(pair(true), async ([A, B, blocks]) => {
      const C = await matmul(A, B, { transposeB: true, pool: withBlocks(blocks) });
      assertBitIdentical(C.data, matmul(A, B, { transposeB: true }).data, 'A·Bᵀ');
    }), propertyParameters({ numRuns: 40 }));
  });

  test('a task writes its results in place into the caller\'s shared memory and returns only metadata', T, async () => {
    const A = toSharedMatrix({ rows: 3, cols: 2, data: new Float64Array([1, 2, 3, 4, 5, 6]) });
    const B = toSharedMatrix({ rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 2]) });
    const C = sharedMatrix(3, 2);
    const meta = await pool.run('core.gemm', { A: matrixRef(A), B: matrixRef(B), C: matrixRef(C), beta: 0, start: 1, end: 3 });
    assert.deepEqual(meta, { rows: 2 });
    assert.deepEqual([...C.data], [0, 0, 3, 8, 5, 12]);
  });

  test('bad input is rejected before any task runs, with the package error template', T, async () => {
    const A = { rows: 2, cols: 3, data: new Float64Array(6) };
    await assert.rejects(parallelMatmul(pool, A, A), { name: 'RangeError', message: 'parallelMatmul: invalid argument. B.rows must be 3 (the inner dimension of A). Value: 2.' });
    await assert.rejects(parallelMatmul({} as KernelPool, A, A), { name: 'TypeError', message: /pool must be a KernelPool/ });
    await assert.rejects(matmul(A, A, { pool }), { name: 'RangeError', message: 'matmul: invalid argument. B.rows must be 3 (the inner dimension of A). Value: 2.' });
    await assert.rejects(matmul(A, A, { transposeB: true, pool: {} as KernelPool }), { name: 'TypeError', message: /^matmul: invalid argument\. options\.pool must be a KernelPool/ });
    await assert.rejects(matmul(A, A, { transposeA: true, pool }), { name: 'RangeError', message: /^matmul: invalid argument\. options\.transposeA must be false with options\.pool/ });
    assert.throws(() => createKernelPool({ threads: 0 }), { name: 'RangeError', message: /options\.threads must be an integer in \[1, 1024\]/ });
    assert.throws(() => createKernelPool({ atomics: 'spin' as 'sync' }), RangeError);
  });
});

describe('workers: the earlier parallel* names', () => {
  test('parallelMatmul, parallelKronMatVec, parallelSketchApply, parallelLogDetInverse and parallelLogDetApply equal the { pool } forms bit for bit', T, async () => {
    const A = matrix([[1, 2, 3], [4, 5, 6]]), B = matrix([[1, 0], [2, 1], [0, 3]]);
    assertBitIdentical((await parallelMatmul(pool, A, B)).data, (await matmul(A, B, { pool })).data, 'A·B');
    const F = [matrix([[1, 2], [3, 4]]), matrix([[0, 1], [1, 0]])];
    assertBitIdentical(await parallelKronMatVec(pool, F, [1, 2, 3, 4], { transpose: true }), await kronMatVecTranspose(F, [1, 2, 3, 4], { pool }), '(⊗A)ᵀy');
    const S = createSketch({ kind: 'srht', rows: 4, cols: 3, seed: 2 });
    assertBitIdentical((await parallelSketchApply(pool, S, B)).data, (await S.apply(B, { pool })).data, 'S·B');
    const H = BandedMatrix.fromDense(matrix([[4, 1, 0], [1, 4, 1], [0, 1, 4]]), 1);
    const X = await parallelLogDetInverse(pool, H);
    assertBitIdentical(X.factor.data, (await bandedLogDetInverse(H, { pool })).factor.data, 'factor');
    assertBitIdentical(await parallelLogDetApply(pool, X, [1, 2, 3]), await X.apply([1, 2, 3], { pool }), 'X v');
    await assert.rejects(parallelLogDetApply(pool, X, [1, 2]), { name: 'RangeError', message: /^parallelLogDetApply: invalid argument\. v\.length must be 3/ });
  });
});
