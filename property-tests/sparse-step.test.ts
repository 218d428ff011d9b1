import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isWasmResident, Rng, wasmMemoryStatus, type Matrix } from 'sublinear/core';
import { DenseGaussNewton, SparseGaussNewton } from 'sublinear/nn';
import { propertyParameters, relativeError } from 'sublinear/testing';
import { createKernelPool } from 'sublinear/workers';
import { fromTrainer, type TrainerEvent } from 'sublinear/streams';
import { lastValueFrom, toArray } from 'rxjs';
// Private kernels of lib/nn, checked directly against a plain n × m array of leaves.
import { treeIndex } from '../lib/nn/two-layer/tree-index.js';
import { indexFrom, scanIndex } from '../lib/nn/two-layer/leaf-index.js';

const params = (numRuns: number) => ({ ...propertyParameters(), numRuns });
const gaussianMatrix = (rng: Rng, rows: number, cols: number): Matrix => ({ rows, cols, data: rng.fillGaussian(new Float64Array(rows * cols)) });

describe('blocked leaf indexes', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    test(`tree and scan (${dtype}) answer every query as a filter of a plain array moved the same way, ties and padding included, with the output sum in ascending order`, () => {
      const round = dtype === 'float32' ? Math.fround : (x: number) => x;
      fc.assert(fc.property(fc.nat(1_000_000), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 300 }), (seed, n, m) => {
        const rng = new Rng(seed), values = rng.fillGaussian(new Float64Array(n * m));
        const plain = Array.from(values, round);
        const tree = indexFrom(treeIndex, values, n, m, dtype), scan = indexFrom(scanIndex, values, n, m, dtype);
        const signs = Float64Array.from({ length: m }, () => (rng.uniform() < 0.5 ? -1 : 1));
        for (let step = 0; step < 6; step++) {
          const count = 1 + rng.uniformInt(m), neurons = rng.sample(m, count).sort();
          const scale = [1e-3, 0.1, 2][step % 3], deltas = rng.fillGaussian(new Float64Array(n * count), 0, scale);
          for (let i = 0; i < n; i++) for (let c = 0; c < count; c++) plain[i * m + neurons[c]] = round(plain[i * m + neurons[c]] + deltas[i * count + c]);
          if (step % 2 === 0) { tree.moveLeaves(neurons, count, deltas); scan.moveLeaves(neurons, count, deltas); } else {
            const fill = (c0: number, c1: number, out: Float64Array) => { for (let c = c0; c < c1; c++) for (let j = 0; j < n; j++) out[(c - c0) * n + j] = deltas[j * count + c]; };
            tree.moveBy(neurons, count, fill); scan.moveBy(neurons, count, fill);
          }
          for (let i = 0; i < n; i++) {
            const row = plain.slice(i * m, (i + 1) * m);
            for (const tau of [-Infinity, -1, 0, 0.5, row[rng.uniformInt(m)], row[neurons[0]]]) {
              const expected = row.flatMap((v, r) => (v >= tau ? [r] : []));
              let sum = 0;
              for (const r of expected) sum += signs[r] * (row[r] - tau);
              for (const index of [tree, scan]) {
                const [k, out] = index.query(i, tau, new Int32Array(1), signs);
                assert.deepEqual(Array.from(out.subarray(0, k)), expected, `input ${i}, τ ${tau}, step ${step}`);
                const [k2, out2, s] = index.query(i, tau, new Int32Array(0), signs);
                assert.deepEqual(Array.from(out2.subarray(0, k2)), expected);
                assert.ok(Object.is(s, Number.isFinite(tau) ? sum : s), `sum of input ${i}, τ ${tau}: ${s} vs ${sum}`);
              }
            }
            // queryMany over a random list of inputs (repeats allowed), from a random k0: each the single query, bit for bit
            for (const tau of [-1, 0, 0.5, plain[rng.uniformInt(n * m)]]) {
              const which = Int32Array.from({ length: 1 + rng.uniformInt(2 * n) }, () => rng.uniformInt(n)), k0 = rng.uniformInt(which.length);
              for (const index of [tree, scan]) {
                const outs = Array.from(which, () => new Int32Array(rng.uniformInt(3))), counts = new Int32Array(which.length).fill(-1), sums = new Float64Array(which.length).fill(7);
                index.queryMany(which, k0, which.length, tau, outs, counts, sums, signs);
                for (let k = 0; k < which.length; k++) {
                  if (k < k0) { assert.equal(counts[k], -1); assert.equal(sums[k], 7); continue; }
                  const [count, list, sum] = index.query(which[k], tau, new Int32Array(0), signs);
                  assert.deepEqual(Array.from(outs[k].subarray(0, counts[k])), Array.from(list.subarray(0, count)), `queryMany input ${which[k]}, τ ${tau}, step ${step}`);
                  assert.ok(Object.is(sums[k], sum), `queryMany sum of input ${which[k]}: ${sums[k]} vs ${sum}`);
                }
              }
            }
            for (let r = 0; r < m; r += 7) assert.equal(tree.leaf(i, r), row[r]);
          }
        }
      }), params(25));
    });
  }
});

describe('SparseGaussNewton: held-out outputs and float32 storage', () => {
  test('predictHeldOut equals the dense baseline\'s and the explicit W\'s outputs on inputs never trained on (1e-8 relative)', () => {
    fc.assert(fc.property(fc.nat(1_000_000), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 5 }), (seed, n, t) => {
      const rng = new Rng(seed), d = 12, X = gaussianMatrix(rng, n, d), heldOut = gaussianMatrix(rng, t, d), y = rng.fillGaussian(new Float64Array(n));
      const options = { width: 2048, seed, heldOut };
      const sparse = new SparseGaussNewton(X, y, options), dense = new DenseGaussNewton(X, y, options);
      for (let s = 0; s < 4; s++) {
        sparse.step(); dense.step();
        const a = sparse.predictHeldOut(), b = dense.predictHeldOut();
        assert.equal(a.length, t);
        assert.ok(relativeError(a, b) <= 1e-8 || Math.max(...b.map(Math.abs)) < 1e-12, `step ${s}: ${a} vs ${b}`);
      }
      // The same outputs from the materialized weights, computed here from scratch.
      const W = sparse.materializeWeights(), signs = sparse.outputSigns(), f = new Float64Array(t);
      for (let j = 0; j < t; j++) {
        let norm = 0;
        for (let k = 0; k < d; k++) norm += heldOut.data[j * d + k] ** 2;
        for (let r = 0; r < W.rows; r++) {
          let z = 0;
          for (let k = 0; k < d; k++) z += W.data[r * d + k] * heldOut.data[j * d + k];
          z /= Math.sqrt(norm);
          if (z >= sparse.threshold) f[j] += signs[r] * (z - sparse.threshold);
        }
        f[j] /= Math.sqrt(W.rows);
      }
      assert.ok(relativeError(sparse.predictHeldOut(), f) <= 1e-9 || Math.max(...f.map(Math.abs)) < 1e-12);
    }), params(6));
  });

  test('without held-out inputs predictHeldOut is empty', () => {
    const X = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) };
    assert.equal(new SparseGaussNewton(X, [1, -1], { width: 64 }).predictHeldOut().length, 0);
    assert.equal(new DenseGaussNewton(X, [1, -1], { width: 64 }).predictHeldOut().length, 0);
  });

  test('float32 leaves and C follow float64 to 1e-6 in the outputs (targets ±1) and converge to ≤ 1e-10 of the initial loss', () => {
    fc.assert(fc.property(fc.nat(1_000_000), fc.integer({ min: 2, max: 8 }), (seed, n) => {
      const rng = new Rng(seed), X = gaussianMatrix(rng, n, 24), y = Array.from({ length: n }, () => rng.sign());
      const options = { width: 4096, seed };
      const a = new SparseGaussNewton(X, y, options), b = new SparseGaussNewton(X, y, { ...options, dtype: 'float32' });
      let first = 0, last = 0;
      for (let s = 0; s < 8; s++) {
        const ra = a.step(), rb = b.step();
        if (ra.status !== 'stepped') return; // a singular draw: nothing to compare
        if (s === 0) first = rb.loss;
        last = rb.loss;
        const fa = a.predict(), fb = b.predict();
        for (let i = 0; i < n; i++) assert.ok(Math.abs(fa[i] - fb[i]) <= 1e-6, `step ${s}, f[${i}]: ${fa[i]} vs ${fb[i]}`);
      }
      assert.ok(last <= 1e-10 * first, `float32 loss ${last} after 8 steps from ${first}`);
    }), params(6));
  });

  test('bad dtype and held-out inputs are refused with the package error template before anything is built', () => {
    const X = { rows: 2, cols: 3, data: new Float64Array([1, 0, 0, 0, 1, 0]) };
    const template = /: invalid argument\. .* must be .*\. Value: .*\.$/;
    const cases: [() => unknown, ErrorConstructor, RegExp][] = [
      [() => new SparseGaussNewton(X, [1, 0], { dtype: 'float16' as 'float32' }), RangeError, /SparseGaussNewton.*options\.dtype/],
      [() => new SparseGaussNewton(X, [1, 0], { heldOut: { rows: 1, cols: 2, data: new Float64Array(2).fill(1) } }), RangeError, /SparseGaussNewton.*options\.heldOut\.cols/],
      [() => new DenseGaussNewton(X, [1, 0], { heldOut: [1, 2, 3] as unknown as Matrix }), TypeError, /DenseGaussNewton.*options\.heldOut/],
      [() => new SparseGaussNewton(X, [1, 0], { heldOut: { rows: 1, cols: 3, data: new Float64Array([0, 0, 0]) } }), RangeError, /SparseGaussNewton.*options\.heldOut row 0/],
      [() => new SparseGaussNewton(X, [1, 0], { heldOut: { rows: 1, cols: 3, data: new Float64Array([1, NaN, 0]) } }), RangeError, /SparseGaussNewton/],
    ];
    for (const [make, Type, pattern] of cases) assert.throws(make, (e: unknown) => e instanceof Type && pattern.test((e as Error).message) && template.test((e as Error).message));
  });
});

test('Rng.fillGaussian draws exactly the gaussian() stream (any length, any pending spare), so W₀ is the same whichever fills it', () => {
  fc.assert(fc.property(fc.nat(1_000_000), fc.integer({ min: 0, max: 41 }), fc.integer({ min: 0, max: 3 }), fc.double({ min: -2, max: 2, noNaN: true }), (seed, length, before, mean) => {
    const a = new Rng(seed, 1), b = new Rng(seed, 1);
    for (let k = 0; k < before; k++) { a.gaussian(); b.gaussian(); }
    const filled = a.fillGaussian(new Float64Array(length), mean, 1.5);
    for (let k = 0; k < length; k++) assert.ok(Object.is(filled[k], mean + 1.5 * b.gaussian()), `sample ${k}`);
    assert.equal(a.gaussian(), b.gaussian());
    assert.equal(a.nextUint32(), b.nextUint32());
  }), params(100));
});

describe('dispose()', () => {
  test('returns the sparse trainers\' resident leaves and heaps at once; afterwards every method throws naming it, a second dispose does nothing; the dense baseline disposes too', () => {
    const rng = new Rng(11), X = gaussianMatrix(rng, 6, 8), y = rng.fillGaussian(new Float64Array(6));
    for (const make of [() => new SparseGaussNewton(X, y, { width: 4096, seed: 2 }), () => new SparseGaussNewton(X, y, { width: 4096, seed: 2, index: 'scan' }), () => new DenseGaussNewton(X, y, { width: 512, seed: 2 })]) {
      const before = wasmMemoryStatus();
      const trainer = make();
      trainer.step();
      const name = trainer.constructor.name;
      const shared = (trainer as unknown as { net: { index?: { shared(): { leaves: { values: Float64Array }; heap: { nodes: Float64Array } | null } } } }).net.index?.shared();
      const resident = shared ? isWasmResident(shared.leaves.values) : false;
      const during = wasmMemoryStatus();
      trainer.dispose();
      const after = wasmMemoryStatus();
      if (resident) {
        assert.ok(during.used > before.used, `${name}: the leaves live in the wasm memory`);
        assert.ok(after.used < during.used && after.arrays < during.arrays, `${name}: dispose returned them (${during.used} → ${after.used} bytes)`);
      }
      for (const [method, call] of [['step', () => trainer.step()], ['predict', () => trainer.predict()], ['loss', () => trainer.loss()], ['predictHeldOut', () => trainer.predictHeldOut()], ['materializeWeights', () => trainer.materializeWeights()]] as const) {
        assert.throws(call, (e: Error) => e instanceof Error && new RegExp(`^${name}\\.${method}: .*disposed`).test(e.message), `${name}.${method}`);
      }
      assert.doesNotThrow(() => trainer.dispose());
    }
  });

  test('refuses while a pooled step runs, and works once it is awaited', async () => {
    const pool = createKernelPool({ threads: 2 });
    try {
      const rng = new Rng(12), X = gaussianMatrix(rng, 6, 8), y = rng.fillGaussian(new Float64Array(6));
      const trainer = new SparseGaussNewton(X, y, { width: 4096, seed: 3 });
      const running = trainer.step({ pool });
      assert.throws(() => trainer.dispose(), (e: Error) => /SparseGaussNewton\.dispose: a pooled step is still running/.test(e.message));
      await running;
      trainer.dispose();
      await assert.rejects(trainer.step({ pool }), /disposed/);
    } finally {
      await pool.destroy();
    }
  });
});

describe('the coefficients C, folded in lazily', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    test(`after steps that fold their logs in (at a quarter of C's entries) and steps that do not, C is each step's Δc added in step order, bit for bit (${dtype}); a step's returned neurons can be changed without touching C`, () => {
      fc.assert(fc.property(fc.nat(1_000_000), fc.integer({ min: 2, max: 8 }), (seed, n) => {
        const rng = new Rng(seed), X = gaussianMatrix(rng, n, 10), y = rng.fillGaussian(new Float64Array(n)), m = 512;
        const trainer = new SparseGaussNewton(X, y, { width: m, seed, dtype, stepSize: 0.5 });
        const store = dtype === 'float32' ? (v: number) => Math.fround(v) : (v: number) => v;
        const want = new Float64Array(m * n);
        for (let t = 0; t < 12; t++) {
          const r = trainer.step();
          if (r.status !== 'stepped') break;
          const { neurons, inputs, coefficients } = r.update, s = inputs.length;
          for (let c = 0; c < neurons.length; c++) for (let k = 0; k < s; k++) {
            const dc = coefficients[c * s + k];
            if (dc !== 0 || Object.is(dc, -0)) want[neurons[c] * n + inputs[k]] = store(want[neurons[c] * n + inputs[k]] + dc);
          }
          neurons.fill(0); // the caller's copy
          if (t === 5) (trainer as unknown as { net: { coefficients: unknown } }).net.coefficients; // a read mid-run folds too
        }
        const C = (trainer as unknown as { net: { coefficients: Float64Array | Float32Array } }).net.coefficients;
        for (let i = 0; i < m * n; i++) assert.ok(Object.is(C[i], want[i]) || (C[i] === 0 && want[i] === 0), `C[${i}]: ${C[i]} vs ${want[i]} (seed ${seed})`);
      }), params(10));
    });
  }
});

describe('SparseGaussNewton.step({ pool }): the leaf moves and heap repairs on a pool', () => {
  const pool = createKernelPool({ threads: 3 });
  after(() => pool.destroy());
  const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  // The trainer's private leaves and heaps, to compare them byte for byte.
  type Arrays = { leaves: { values: Float64Array }; heap: { nodes: Float64Array } | null };
  const treeArrays = (t: SparseGaussNewton): Arrays => (t as unknown as { net: { index: { shared(): Arrays } } }).net.index.shared();
  for (const dtype of ['float64', 'float32'] as const) {
    for (const index of ['tree', 'scan'] as const) {
      test(`gives the sequential steps bit for bit: results (queries and outputs included), leaves and heaps (${dtype}, ${index})`, async () => {
        await fc.assert(fc.asyncProperty(fc.nat(1_000_000), fc.integer({ min: 2, max: 10 }), fc.integer({ min: 40, max: 3000 }), async (seed, n, width) => {
          const rng = new Rng(seed), X = gaussianMatrix(rng, n, 12), y = rng.fillGaussian(new Float64Array(n));
          const options = { width, seed, index, dtype };
          const one = new SparseGaussNewton(X, y, options), pooled = new SparseGaussNewton(X, y, options);
          for (let t = 0; t < 4; t++) {
            const a = one.step(), b = await pooled.step({ pool });
            assert.equal(b.status, a.status);
            assert.equal(b.loss, a.loss);
            assert.deepEqual(b.residual, a.residual);
            assert.deepEqual(b.active, a.active);
            assert.deepEqual(b.update.neurons, a.update.neurons);
            assert.deepEqual(b.update.coefficients, a.update.coefficients);
            const sa = treeArrays(one), sb = treeArrays(pooled);
            assert.ok(bytes(sb.leaves.values).equals(bytes(sa.leaves.values)), `leaves differ after step ${t} (seed ${seed})`);
            if (sa.heap) assert.ok(bytes(sb.heap!.nodes).equals(bytes(sa.heap.nodes)), `heaps differ after step ${t} (seed ${seed})`);
          }
          assert.deepEqual(pooled.predict(), one.predict());
        }), params(6));
      });
    }
  }

  for (const dtype of ['float64', 'float32'] as const) {
    test(`SparseGaussNewton.create({ pool }) builds the constructor's leaves, heaps and held-out products bit for bit (${dtype})`, async () => {
      await fc.assert(fc.asyncProperty(fc.nat(1_000_000), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 2, max: 5000 }), fc.constantFrom('tree', 'scan'), async (seed, n, width, index) => {
        const rng = new Rng(seed), d = 1 + rng.uniformInt(40), X = gaussianMatrix(rng, n, d), y = rng.fillGaussian(new Float64Array(n));
        const heldOut = gaussianMatrix(rng, 3, d), progress: number[] = [];
        const options = { width, seed, index, dtype, heldOut };
        const one = new SparseGaussNewton(X, y, options);
        const built = await SparseGaussNewton.create(X, y, { ...options, pool, onProgress: (done: number) => { progress.push(done); } });
        const sa = treeArrays(one), sb = treeArrays(built);
        assert.ok(bytes(sb.leaves.values).equals(bytes(sa.leaves.values)), `leaves differ (seed ${seed})`);
        if (sa.heap) assert.ok(bytes(sb.heap!.nodes).equals(bytes(sa.heap.nodes)), `heaps differ (seed ${seed})`);
        assert.deepEqual(built.predictHeldOut(), one.predictHeldOut());
        assert.equal(progress.at(-1), width);
        assert.ok(progress.every((p, k) => k === 0 || p > progress[k - 1]), 'progress ascends');
        assert.deepEqual((await built.step({ pool })).loss, one.step().loss);
      }), params(8));
    });
  }

  test('SparseGaussNewton.create rejects what the constructor throws, and a bad pool, before building', async () => {
    const X = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) };
    await assert.rejects(SparseGaussNewton.create(X, [1, NaN], { pool }), (e: Error) => e instanceof RangeError && /SparseGaussNewton\.create: .*y\[1\]/.test(e.message));
    await assert.rejects(SparseGaussNewton.create(X, [1, 2], { pool: {} as never }), (e: Error) => e instanceof TypeError && /options\.pool must be a KernelPool/.test(e.message));
    await assert.rejects(SparseGaussNewton.create(X, [1, 2], { pool, widht: 8 } as never), (e: Error) => e instanceof RangeError && /widht/.test(e.message));
    const plain = await SparseGaussNewton.create(X, [1, 2], { width: 64 });
    assert.ok(plain instanceof SparseGaussNewton);
  });

  test('fromTrainer(trainer, { pool }) emits the events of the sequential stream, each step through step({ pool })', async () => {
    const rng = new Rng(11), X = gaussianMatrix(rng, 6, 10), y = rng.fillGaussian(new Float64Array(6));
    const strip = (events: TrainerEvent[]) => events.map((e) => ({ step: e.step, loss: e.loss, gradient: e.gradient, touched: e.result.touched, neurons: e.result.update.neurons }));
    const one = await lastValueFrom(fromTrainer(new SparseGaussNewton(X, y, { width: 2048, seed: 3 }), { steps: 4 }).pipe(toArray()));
    const pooled = await lastValueFrom(fromTrainer(new SparseGaussNewton(X, y, { width: 2048, seed: 3 }), { steps: 4, pool }).pipe(toArray()));
    assert.deepEqual(strip(pooled), strip(one));
    assert.throws(() => fromTrainer(new SparseGaussNewton(X, y, { width: 64 }), { pool: 'two' as never }), (e: Error) => e instanceof TypeError && /fromTrainer: invalid argument\. options\.pool must be a KernelPool/.test(e.message));
  });

  test('refuses a bad pool or an unknown option before stepping, and a step while a pooled one runs', async () => {
    const rng = new Rng(5), X = gaussianMatrix(rng, 4, 6), trainer = new SparseGaussNewton(X, [1, -1, 1, -1], { width: 512, seed: 2 });
    const before = trainer.predict();
    assert.throws(() => trainer.step({ pool: 3 as never }), (e: Error) => e instanceof TypeError && /SparseGaussNewton\.step: invalid argument\. options\.pool must be a KernelPool/.test(e.message));
    assert.throws(() => trainer.step({ pool, signal: new AbortController().signal } as never), (e: Error) => e instanceof RangeError && /options/.test(e.message) && /signal/.test(e.message));
    assert.equal(trainer.steps, 0);
    assert.deepEqual(trainer.predict(), before);
    const running = trainer.step({ pool });
    assert.throws(() => trainer.step(), /still running/);
    await running;
    assert.equal(trainer.step().status, 'stepped');
  });
});

describe('DenseGaussNewton.step({ pool }): the products and the update by rows of W on a pool', () => {
  const pool = createKernelPool({ threads: 3 });
  after(() => pool.destroy());
  test('gives the sequential steps and weights bit for bit', async () => {
    await fc.assert(fc.asyncProperty(fc.nat(1_000_000), fc.integer({ min: 2, max: 8 }), fc.integer({ min: 3, max: 900 }), async (seed, n, width) => {
      const rng = new Rng(seed), X = gaussianMatrix(rng, n, 1 + rng.uniformInt(30)), y = rng.fillGaussian(new Float64Array(n));
      const one = new DenseGaussNewton(X, y, { width, seed }), pooled = new DenseGaussNewton(X, y, { width, seed });
      for (let t = 0; t < 3; t++) {
        const a = one.step(), b = await pooled.step({ pool });
        assert.equal(b.status, a.status);
        assert.equal(b.loss, a.loss);
        assert.equal(b.touched, a.touched);
        assert.deepEqual(pooled.materializeWeights().data, one.materializeWeights().data, `weights differ after step ${t} (seed ${seed})`);
      }
    }), params(8));
  });
});
