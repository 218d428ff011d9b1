/**
 * Module kernels on the pool: each parallel path gives bit-identical results to the module's own
 * single-threaded function, for any block count (a wrapper pool over two real threads).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { matrix, toSharedMatrix, wasmMemoryStatus, type KernelPool } from 'sublinear/core';
import { kronMatVec, kronMatVecTranspose } from 'sublinear/kron';
import { BandedMatrix, bandedLogDetInverse } from 'sublinear/logdet';
import { ThresholdSearch } from 'sublinear/maxtree';
import { createSketch } from 'sublinear/sketch';
import { assertBitIdentical, finiteArray, matrixArbitrary, propertyParameters } from 'sublinear/testing';
import { createKernelPool } from 'sublinear/workers';

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

  test('kronMatVec(factors, x, { pool }) is bit-identical to kronMatVec for any factor shapes, dtypes and block count', T, async () => {
    await fc.assert(fc.asyncProperty(factorsAndVector(false), async ([factors, x, blocks]) => {
      assertBitIdentical(await kronMatVec(factors, x, { pool: withBlocks(blocks) }), kronMatVec(factors, x), '(⊗A)x');
    }), propertyParameters({ numRuns: 40 }));
  });

  test('kronMatVec on a pool: successive and concurrent calls stay independent (the reused shared scratch never reaches a caller), inputs on shared memory or not', T, async () => {
    await fc.assert(fc.asyncProperty(fc.array(factorsAndVector(false), { minLength: 2, maxLength: 4 }), fc.boolean(), async (cases, shared) => {
      const inputs = cases.map(([factors, x]) => ({ factors: shared ? factors.map(toSharedMatrix) : factors, x }));
      const expected = inputs.map(({ factors, x }) => kronMatVec(factors, x));
      const successive: Float64Array[] = [];
      for (const { factors, x } of inputs) successive.push(await kronMatVec(factors, x, { pool }) as Float64Array);
      const concurrent = await Promise.all(inputs.map(({ factors, x }) => kronMatVec(factors, x, { pool })));
      // every result, including the earliest, still holds its own product after all the later calls
      inputs.forEach((_, k) => {
        assertBitIdentical(successive[k], expected[k], `successive call ${k}`);
        assertBitIdentical(concurrent[k], expected[k], `concurrent call ${k}`);
      });
    }), propertyParameters({ numRuns: 25 }));
  });

  test('kronMatVecTranspose(factors, y, { pool }) is bit-identical to kronMatVecTranspose', T, async () => {
    await fc.assert(fc.asyncProperty(factorsAndVector(true), async ([factors, y, blocks]) => {
      assertBitIdentical(await kronMatVecTranspose(factors, y, { pool: withBlocks(blocks) }), kronMatVecTranspose(factors, y), '(⊗A)ᵀy');
    }), propertyParameters({ numRuns: 40 }));
  });

  test('kronMatVec with a pool rejects a vector of the wrong length before any task runs', T, async () => {
    const calls: string[] = [];
    const spy: KernelPool = { threads: 2, run: (t, p, o) => { calls.push(t); return pool.run(t, p, o); } };
    const A = { rows: 2, cols: 2, data: new Float64Array(4) };
    await assert.rejects(kronMatVec([A, A], [1, 2, 3], { pool: spy }), { name: 'RangeError', message: /^kronMatVec: invalid argument\. x\.length must be 4\. Value: 3\./ });
    assert.deepEqual(calls, []);
  });
});

describe('workers: logdet', () => {
  const banded = fc.record({ n: fc.integer({ min: 1, max: 30 }), band: fc.integer({ min: 0, max: 9 }), dtype, blocks: fc.integer({ min: 1, max: 5 }), shift: fc.double({ min: -2, max: 6, noNaN: true }) })
    .chain(({ n, band, dtype, blocks, shift }) => fc.tuple(
      finiteArray({ minLength: n * (band + 1), maxLength: n * (band + 1), min: -1, max: 1, dtype }).map((data) => {
        for (let j = 0; j < n; j++) data[j * (band + 1)] += shift; // diagonals from indefinite to dominant
        return { n, band, data };
      }),
      finiteArray({ minLength: n, maxLength: n, dtype }),
      fc.constant(blocks),
    ));

  test('bandedLogDetInverse(H, { pool }) gives the factor of bandedLogDetInverse bit for bit and the same diagnostics (the smallest Schur ratio to one ulp), any column split', T, async () => {
    await fc.assert(fc.asyncProperty(banded, async ([H, , blocks]) => {
      const X = await bandedLogDetInverse(H, { pool: withBlocks(blocks) });
      const Y = bandedLogDetInverse(H);
      assertBitIdentical(X.factor.data, Y.factor.data, 'L D Lᵀ factor');
      const { smallestSchurRatio: a, ...restX } = X.diagnostics, { smallestSchurRatio: b, ...restY } = Y.diagnostics;
      assert.deepEqual(restX, restY);
      // The kernel keeps its running minimum with `s < min·H_jj` (no division), which can break a
      // last-ulp near-tie differently when the columns are folded per block: allow one ulp here.
      assert.ok(a === b || Math.abs(a - b) <= 2 ** -52 * Math.abs(b), `smallestSchurRatio ${a} vs ${b}`);
    }), propertyParameters({ numRuns: 40 }));
  });

  test('X.apply(v, { pool }) equals X.apply(v) bit for bit, into a new array or into out', T, async () => {
    await fc.assert(fc.asyncProperty(banded, async ([H, v, blocks]) => {
      const X = bandedLogDetInverse(H);
      assertBitIdentical(await X.apply(v, { pool: withBlocks(blocks) }), X.apply(v), 'X v');
      const out = new Float64Array(H.n), expected = new Float64Array(H.n);
      X.apply(v, expected);
      assert.equal(await X.apply(v, { pool: withBlocks(blocks), out }), out);
      assertBitIdentical(out, expected, 'X v into out');
    }), propertyParameters({ numRuns: 40 }));
  });

  test('a failed apply block leaves out exactly as it was (scratch, commit on success)', T, async () => {
    const H = BandedMatrix.fromDense(matrix([[4, 1, 0, 0], [1, 4, 1, 0], [0, 1, 4, 1], [0, 0, 1, 4]]), 1);
    const X = bandedLogDetInverse(H);
    let calls = 0;
    const flaky: KernelPool = { threads: 2, run: (t, p, o) => (++calls === 2 ? Promise.reject(new Error('injected')) : pool.run(t, p, o)) };
    const out = Float64Array.of(7, 7, 7, 7);
    await assert.rejects(X.apply([1, 2, 3, 4], { pool: flaky, out }), /injected/);
    assertBitIdentical(out, Float64Array.of(7, 7, 7, 7), 'out after a failed apply');
  });
});

describe('workers: maxtree (ThresholdSearch with a pool)', () => {
  const faulty = createKernelPool({ threads: 2, taskModules: [new URL('./fixtures/fault-tasks.ts', import.meta.url)] });
  after(() => faulty.close());

  const forest = fc.record({
    n: fc.integer({ min: 1, max: 9 }), m: fc.integer({ min: 1, max: 300 }), d: fc.integer({ min: 1, max: 6 }),
    dtype, blockSize: fc.constantFrom(1, 4, 16), blocks: fc.integer({ min: 1, max: 5 }),
  }).chain(({ n, m, d, dtype, blockSize, blocks }) => fc.record({
    data: finiteArray({ minLength: n * d, maxLength: n * d, min: -2, max: 2, dtype }),
    weights: finiteArray({ minLength: m * d, maxLength: m * d, min: -2, max: 2, dtype }),
    d: fc.constant(d), dtype: fc.constant(dtype), blockSize: fc.constant(blockSize), blocks: fc.constant(blocks),
  }));
  const snapshot = (s: ThresholdSearch) => Object.fromEntries(Object.entries(s.buffers).map(([k, v]) => [k, v.slice()])) as Record<string, Float64Array>;
  const assertSameForest = (a: ThresholdSearch, b: ThresholdSearch | Record<string, Float64Array>, label: string) => {
    const other = b instanceof ThresholdSearch ? b.buffers : b;
    for (const key of ['data', 'weights', 'leaves', 'nodes'] as const) assertBitIdentical(a.buffers[key], other[key], `${label}: ${key}`);
  };

  test('init with a pool builds the same forest bit for bit (leaves and heaps), any tree split', T, async () => {
    await fc.assert(fc.asyncProperty(forest, async ({ blocks, ...options }) => {
      const pooled = await ThresholdSearch.init({ ...options, pool: withBlocks(blocks) });
      assertSameForest(pooled, ThresholdSearch.init(options), 'init');
      pooled.checkInvariants({ leavesMatchWeights: true });
    }), propertyParameters({ numRuns: 30 }));
  });

  test('init with a pool and resident: true (leaves and nodes in the main thread\'s wasm memory, built by the workers) builds the same forest bit for bit; dispose returns the memory', T, async () => {
    await fc.assert(fc.asyncProperty(forest, async ({ blocks, ...options }) => {
      const used = wasmMemoryStatus().used;
      const pooled = await ThresholdSearch.init({ ...options, resident: true, pool: withBlocks(blocks) });
      assertSameForest(pooled, ThresholdSearch.init(options), 'init');
      pooled.checkInvariants({ leavesMatchWeights: true });
      pooled.dispose();
      assert.equal(wasmMemoryStatus().used, used);
    }), propertyParameters({ numRuns: 15 }));
  });

  test('queryAll with a pool returns the same offsets and indices, including blocks whose hits outgrow the output buffer', T, async () => {
    await fc.assert(fc.asyncProperty(forest, fc.array(fc.oneof(fc.double({ min: -3, max: 3, noNaN: true }), fc.constant(-Infinity)), { minLength: 1, maxLength: 3 }),
      async ({ blocks, ...options }, taus) => {
        const s = ThresholdSearch.init(options);
        for (const tau of taus) {
          const a = await s.queryAll(tau, { pool: withBlocks(blocks) }), b = s.queryAll(tau);
          assert.deepEqual(a.offsets, b.offsets);
          assert.deepEqual(a.indices, b.indices);
        }
      }), propertyParameters({ numRuns: 30 }));
  });

  test('updateMany and moveLeavesAll with a pool leave the forest bit-identical to the sequential methods', T, async () => {
    const moves = fc.array(fc.record({ at: fc.array(fc.nat(), { minLength: 0, maxLength: 6 }), seed: fc.nat(), move: fc.boolean() }), { minLength: 1, maxLength: 4 });
    await fc.assert(fc.asyncProperty(forest, moves, async ({ blocks, ...options }, steps) => {
      const a = ThresholdSearch.init(options), b = ThresholdSearch.init(options);
      const { n, m, d } = a;
      for (const { at, seed, move } of steps) {
        const indices = [...new Set(at.map((j) => j % m))];
        const values = Array.from({ length: (move ? n : d) * indices.length }, (_, i) => Math.sin(seed + i));
        if (move) {
          await a.moveLeavesAll(indices, values, { pool: withBlocks(blocks) });
          b.moveLeavesAll(indices, values);
        } else {
          await a.updateMany(indices, values, { pool: withBlocks(blocks) });
          b.updateMany(indices, values);
        }
        assertSameForest(a, b, move ? 'moveLeavesAll' : 'updateMany');
      }
      a.checkInvariants();
    }), propertyParameters({ numRuns: 30 }));
  });

  test('a block that fails in updateMany or moveLeavesAll leaves the structure exactly as it was, and the pool keeps serving', T, async () => {
    const s = ThresholdSearch.init({ data: Array.from({ length: 24 }, (_, i) => Math.cos(i)), weights: Array.from({ length: 400 }, (_, i) => Math.sin(i)), d: 4 });
    const before = snapshot(s);
    // The second commit block dies for real (its thread exits) after the first block has written.
    let commits = 0;
    const dying: KernelPool = {
      threads: 2,
      run: (task, payload, options) => (task === 'maxtree.commit' && ++commits === 2 ? faulty.run('test.exit', { code: 3 }, options) : faulty.run(task, payload, options)),
    };
    await assert.rejects(s.updateMany([0, 5, 99], Array.from({ length: 12 }, () => 9), { pool: dying }), { reason: 'exited' } as object);
    assertSameForest(s, before, 'after a failed updateMany');
    commits = 0;
    await assert.rejects(s.moveLeavesAll([1, 2], Array.from({ length: 12 }, () => 5), { pool: dying }), /exited/);
    assertSameForest(s, before, 'after a failed moveLeavesAll');
    const failingStage: KernelPool = { threads: 2, run: (task, payload, o) => (task === 'maxtree.stage' ? faulty.run('test.throw', { message: 'stage broke' }) : faulty.run(task, payload, o)) };
    await assert.rejects(s.updateMany([3], [1, 1, 1, 1], { pool: failingStage }), /task 'test\.throw' failed: stage broke/);
    assertSameForest(s, before, 'after a failed stage');
    await s.updateMany([3], [1, 1, 1, 1], { pool: faulty });
    s.checkInvariants({ leavesMatchWeights: true });
  });

  test('with a pool, bad input rejects (never throws) with the same error as without', T, async () => {
    const s = ThresholdSearch.init({ data: [1, 2], weights: [1, 2, 3, 4], d: 2 });
    await assert.rejects(ThresholdSearch.init({ data: [1], weights: [1], d: 0, pool }), { name: 'RangeError', message: /ThresholdSearch\.init: invalid argument\. options\.d must be an integer ≥ 1/ });
    await assert.rejects(s.queryAll(NaN, { pool }), { name: 'RangeError', message: /ThresholdSearch\.queryAll: invalid argument\. tau/ });
    await assert.rejects(s.updateMany([7], [1, 1], { pool }), { name: 'RangeError', message: /ThresholdSearch\.updateMany/ });
    await assert.rejects(s.queryAll(0, { pool: {} as KernelPool }), { name: 'TypeError', message: /pool must be a KernelPool/ });
    await assert.rejects(ThresholdSearch.init({ data: [1e200], weights: [1e200], d: 1, pool }), { name: 'RangeError', message: /⟨data\[0\], weights\[0\]⟩ must be finite in float64/ });
  });
});

describe('workers: sketch', () => {
  const sketchCase = fc.record({
    kind: fc.constantFrom('gaussian' as const, 'countsketch' as const, 'osnap' as const, 'srht' as const),
    N: fc.integer({ min: 1, max: 40 }), s: fc.integer({ min: 1, max: 12 }), k: fc.integer({ min: 1, max: 40 }),
    seed: fc.nat(), dtype, blocks: fc.integer({ min: 1, max: 5 }), transpose: fc.boolean(),
  }).chain((c) => {
    const s = c.kind === 'srht' ? Math.min(c.s, 2 ** Math.ceil(Math.log2(c.N))) : c.s;
    return fc.tuple(fc.constant({ ...c, s }), matrixArbitrary({ rows: c.transpose ? s : c.N, cols: c.k, dtype: c.dtype }));
  });

  test('sketch.apply(A, { pool }) is bit-identical to Sketch.apply and applyTranspose for every kind, any column split', T, async () => {
    await fc.assert(fc.asyncProperty(sketchCase, async ([{ kind, N, s, seed, blocks, transpose }, A]) => {
      const S = createSketch({ kind, rows: s, cols: N, seed, ...(kind === 'osnap' ? { nnzPerColumn: Math.min(3, s) } : {}) });
      const pooled = await (transpose ? S.applyTranspose(A, { pool: withBlocks(blocks) }) : S.apply(A, { pool: withBlocks(blocks) }));
      const expected = transpose ? S.applyTranspose(A) : S.apply(A);
      assert.equal(pooled.rows, expected.rows);
      assertBitIdentical(pooled.data, expected.data, transpose ? 'Sᵀ·Y' : 'S·A');
    }), propertyParameters({ numRuns: 40 }));
  });
});
