import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng, type Matrix } from 'sublinear/core';
import { DenseGaussNewton, DenseSGD, KroneckerSGD, SparseGaussNewton, defaultThreshold, predictedActive } from 'sublinear/nn';
import { propertyParameters, relativeError } from 'sublinear/testing';
// Private kernels of lib/nn, checked directly: the incremental tree moves against a plain scan.
import { treeIndex } from '../lib/nn/two-layer/tree-index.js';
import { indexFrom, scanIndex } from '../lib/nn/two-layer/leaf-index.js';

const params = (numRuns: number) => ({ ...propertyParameters(), numRuns });

function gaussianMatrix(rng: Rng, rows: number, cols: number): Matrix {
  return { rows, cols, data: rng.fillGaussian(new Float64Array(rows * cols)) };
}

/** f from explicit weights: (1/√m) Σ_r a_r max(⟨w_r, x̂_i⟩ − b, 0) with x̂ the unit-norm rows. */
function explicitOutputs(W: Matrix, X: Matrix, signs: Float64Array, b: number): Float64Array {
  const { rows: m, cols: d } = W, f = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let norm = 0;
    for (let k = 0; k < d; k++) norm += X.data[i * d + k] ** 2;
    norm = Math.sqrt(norm);
    for (let r = 0; r < m; r++) {
      let z = 0;
      for (let k = 0; k < d; k++) z += W.data[r * d + k] * X.data[i * d + k];
      z /= norm;
      if (z >= b) f[i] += signs[r] * (z - b);
    }
    f[i] /= Math.sqrt(m);
  }
  return f;
}

const problem = fc.record({ seed: fc.nat(1_000_000), n: fc.integer({ min: 2, max: 8 }), d: fc.integer({ min: 8, max: 24 }), logWidth: fc.integer({ min: 9, max: 11 }) });

describe('tree index (incremental leaf moves)', () => {
  test('after any sequence of batched moves every threshold query equals a scan of the same leaves', () => {
    fc.assert(fc.property(fc.nat(1_000_000), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 300 }), (seed, n, m) => {
      const rng = new Rng(seed), values = rng.fillGaussian(new Float64Array(n * m));
      const tree = indexFrom(treeIndex, values, n, m), scan = indexFrom(scanIndex, values, n, m), ones = new Float64Array(m).fill(1);
      for (let round = 0; round < 6; round++) {
        const count = 1 + rng.uniformInt(m), neurons = rng.sample(m, count).sort();
        const scale = [1e-3, 0.1, 2][round % 3], deltas = rng.fillGaussian(new Float64Array(n * count), 0, scale);
        tree.moveLeaves(neurons, count, deltas);
        scan.moveLeaves(neurons, count, deltas);
        for (let i = 0; i < n; i++) for (const tau of [-1, 0, 0.5, 1.5]) {
          const [ca, a] = tree.query(i, tau, new Int32Array(2), ones), [cb, b] = scan.query(i, tau, new Int32Array(2), ones);
          assert.deepEqual(a.subarray(0, ca), b.subarray(0, cb), `tree ${i}, τ ${tau}, round ${round}`);
        }
      }
    }), params(30));
  });

  test('after batched moves, queries at thresholds equal to the moved leaves\' old and new values (ties) equal a scan', () => {
    fc.assert(fc.property(fc.nat(1_000_000), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 17, max: 200 }), (seed, n, m) => {
      const rng = new Rng(seed), values = rng.fillGaussian(new Float64Array(n * m));
      const tree = indexFrom(treeIndex, values, n, m), scan = indexFrom(scanIndex, values, n, m), ones = new Float64Array(m).fill(1);
      for (let round = 0; round < 4; round++) {
        const count = 1 + rng.uniformInt(m), neurons = rng.sample(m, count).sort();
        // Mostly falls, some rises: a threshold at a risen leaf's exact value needs every ancestor lifted to it.
        const deltas = rng.fillGaussian(new Float64Array(n * count)).map((v) => (v > 1 ? v : -Math.abs(v)));
        const old = Array.from({ length: n }, (_, i) => Array.from(neurons, (r) => tree.leaf(i, r)));
        tree.moveLeaves(neurons, count, deltas);
        scan.moveLeaves(neurons, count, deltas);
        for (let i = 0; i < n; i++) for (let k = 0; k < count; k += Math.max(1, count >> 3)) {
          for (const tau of [old[i][k], tree.leaf(i, neurons[k])]) {
            const [ca, a] = tree.query(i, tau, new Int32Array(2), ones), [cb, b] = scan.query(i, tau, new Int32Array(2), ones);
            assert.deepEqual(a.subarray(0, ca), b.subarray(0, cb), `tree ${i}, τ ${tau}, round ${round}`);
          }
        }
      }
    }), params(30));
  });
});

describe('SparseGaussNewton', () => {
  for (const index of ['scan', 'tree'] as const) {
    test(`follows DenseGaussNewton to 1e-8 relative over 10 exact steps (index '${index}'): losses, outputs and weights`, () => {
      fc.assert(fc.property(problem, ({ seed, n, d, logWidth }) => {
        const rng = new Rng(seed), X = gaussianMatrix(rng, n, d), y = rng.fillGaussian(new Float64Array(n));
        const options = { width: 2 ** logWidth, seed, index };
        const sparse = new SparseGaussNewton(X, y, options), dense = new DenseGaussNewton(X, y, options);
        const scale = dense.loss();
        for (let t = 0; t < 10; t++) {
          const a = sparse.step(), b = dense.step();
          assert.equal(a.status, b.status);
          assert.equal(a.touched, b.touched, `touched at step ${t}`);
          assert.ok(Math.abs(a.loss - b.loss) <= 1e-8 * scale, `loss at step ${t}: ${a.loss} vs ${b.loss}`);
          const fa = sparse.predict(), fb = dense.predict();
          for (let i = 0; i < n; i++) assert.ok(Math.abs(fa[i] - fb[i]) <= 1e-8 * Math.sqrt(2 * scale), `f[${i}] at step ${t}`);
        }
        assert.ok(relativeError(sparse.materializeWeights().data, dense.materializeWeights().data) <= 1e-8);
      }), params(4));
    });
  }

  test('implicit weights equal the explicit W: materializeWeights reproduces the outputs the leaves give', () => {
    fc.assert(fc.property(problem, ({ seed, n, d, logWidth }) => {
      const rng = new Rng(seed), X = gaussianMatrix(rng, n, d), y = rng.fillGaussian(new Float64Array(n));
      const trainer = new SparseGaussNewton(X, y, { width: 2 ** logWidth, seed, index: 'tree' });
      for (let t = 0; t < 3; t++) trainer.step();
      const W = trainer.materializeWeights();
      const f = explicitOutputs(W, X, trainer.outputSigns(), trainer.threshold);
      assert.ok(relativeError(trainer.predict(), f) <= 1e-10, `relative error ${relativeError(trainer.predict(), f)}`);
    }), params(4));
  });

  test('the reported implicit update is exactly the weight change of the step', () => {
    const rng = new Rng(3), n = 5, d = 12, X = gaussianMatrix(rng, n, d), y = rng.fillGaussian(new Float64Array(n));
    const trainer = new SparseGaussNewton(X, y, { width: 1024, seed: 3 });
    trainer.step();
    const before = trainer.materializeWeights();
    const { update } = trainer.step();
    const after = trainer.materializeWeights(), expected = Float64Array.from(before.data), s = update.inputs.length;
    const unit = Float64Array.from(X.data);
    for (let i = 0; i < n; i++) { let z = 0; for (let k = 0; k < d; k++) z += unit[i * d + k] ** 2; for (let k = 0; k < d; k++) unit[i * d + k] /= Math.sqrt(z); }
    update.neurons.forEach((r, u) => {
      for (let q = 0; q < s; q++) for (let k = 0; k < d; k++) expected[r * d + k] += update.coefficients[u * s + q] * unit[update.inputs[q] * d + k];
    });
    assert.ok(relativeError(after.data, expected) <= 1e-13);
  });

  test('the loss at least halves every step when m is large against n (fixed seed)', () => {
    const rng = new Rng(2026), n = 8, d = 32, X = gaussianMatrix(rng, n, d), y = rng.fillGaussian(new Float64Array(n));
    const trainer = new SparseGaussNewton(X, y, { width: 2 ** 14, seed: 2026 });
    let previous = trainer.step().loss;
    for (let t = 0; t < 3; t++) {
      const { loss } = trainer.step();
      assert.ok(loss <= previous / 2, `step ${t + 1}: ${loss} after ${previous}`);
      previous = loss;
    }
  });

  test('active neurons per input at initialization match the Gaussian tail m·P(z ≥ b) and the paper\'s m^0.76/(b√(2π)) is its upper estimate', () => {
    const rng = new Rng(9), n = 16, m = 2 ** 14, X = gaussianMatrix(rng, n, 20);
    const { active } = new SparseGaussNewton(X, rng.fillGaussian(new Float64Array(n)), { width: m, seed: 9 }).step();
    const b = defaultThreshold(m);
    assert.ok(Math.abs(active.predicted - m ** 0.76 / (b * Math.sqrt(2 * Math.PI))) < 1e-9 * active.predicted);
    assert.equal(active.predicted, predictedActive(m));
    assert.ok(Math.abs(active.mean - active.expected) < 0.1 * active.expected, `mean ${active.mean} vs m·P(z ≥ b) ${active.expected}`);
    assert.ok(active.expected < active.predicted && active.predicted < 1.25 * active.expected);
  });

  test('the sketch-preconditioned solver follows the exact solver to 1e-6 relative over 4 steps', () => {
    fc.assert(fc.property(problem, ({ seed, n, d, logWidth }) => {
      const rng = new Rng(seed), X = gaussianMatrix(rng, n, d), y = rng.fillGaussian(new Float64Array(n));
      const sketched = new SparseGaussNewton(X, y, { width: 2 ** logWidth, seed, solver: 'sketch' });
      const exact = new SparseGaussNewton(X, y, { width: 2 ** logWidth, seed });
      const scale = exact.loss();
      for (let t = 0; t < 4; t++) {
        const a = sketched.step(), b = exact.step();
        assert.equal(a.status, 'stepped');
        assert.ok(Math.abs(a.loss - b.loss) <= 1e-6 * scale, `loss at step ${t}: ${a.loss} vs ${b.loss}`);
      }
    }), params(3));
  });

  test("index 'auto' picks the tree exactly when P(z ≥ b)·(16 + log₂(m/16)) < 1", () => {
    const rng = new Rng(8), X = gaussianMatrix(rng, 3, 4);
    for (const [logWidth, threshold] of [[10, undefined], [14, undefined], [12, 1.5], [12, 1], [12, 0], [12, -1]] as const) {
      const m = 2 ** logWidth, trainer = new SparseGaussNewton(X, [0, 0, 0], { width: m, threshold });
      const { active } = trainer.step();
      const cost = (active.expected / m) * (16 + Math.log2(m / 16));
      assert.equal(trainer.index, cost < 1 ? 'tree' : 'scan', `m 2^${logWidth}, b ${trainer.threshold}: cost ${cost}`);
    }
    assert.equal(new SparseGaussNewton(X, [0, 0, 0], { width: 4096 }).index, 'tree');
    assert.equal(new SparseGaussNewton(X, [0, 0, 0], { width: 4096, threshold: 0 }).index, 'scan');
  });

  test('a singular Gram system is reported and the step leaves weights and outputs as they were', () => {
    const rng = new Rng(4), d = 6, row = rng.fillGaussian(new Float64Array(d));
    const X = { rows: 3, cols: d, data: Float64Array.from([...row, ...row, ...rng.fillGaussian(new Float64Array(d))]) };
    for (const [name, options] of [['duplicate inputs', { width: 512 }], ['no active neuron', { width: 512, threshold: 50 }]] as const) {
      for (const make of [(o: object) => new SparseGaussNewton(X, [1, 2, 3], o), (o: object) => new SparseGaussNewton(X, [1, 2, 3], { ...o, solver: 'sketch' }), (o: object) => new DenseGaussNewton(X, [1, 2, 3], o)]) {
        const trainer = make(options), Trainer = trainer.constructor;
        const W = trainer.materializeWeights().data, f = trainer.predict();
        const result = trainer.step();
        assert.equal(result.status, 'singular', `${Trainer.name}: ${name}`);
        assert.match(result.message!, /singular/);
        assert.equal(result.touched, 0);
        assert.deepEqual(trainer.materializeWeights().data, W);
        assert.deepEqual(trainer.predict(), f);
      }
    }
  });
});

describe('KroneckerSGD', () => {
  const kinds = ['product', 'square', 'dense'] as const;
  for (const kind of kinds) {
    test(`follows DenseSGD to 1e-8 relative over 10 minibatch steps (${kind} inputs)`, () => {
      fc.assert(fc.property(problem, fc.integer({ min: 1, max: 4 }), ({ seed, n, logWidth }, batchSize) => {
        const rng = new Rng(seed), p = 4 + (seed % 4), q = 3 + (seed % 5);
        const inputs = kind === 'product' ? { kind, left: gaussianMatrix(rng, n, p), right: gaussianMatrix(rng, n, q) }
          : kind === 'square' ? { kind, x: gaussianMatrix(rng, n, p) } : gaussianMatrix(rng, n, p * q);
        const y = rng.fillGaussian(new Float64Array(n));
        const options = { width: 2 ** logWidth, seed, stepSize: 8, batchSize: Math.min(batchSize, n) };
        const kron = new KroneckerSGD(inputs, y, { ...options, index: seed % 2 ? 'tree' : 'scan' }), dense = new DenseSGD(inputs, y, options);
        const scale = dense.loss();
        for (let t = 0; t < 10; t++) {
          const a = kron.step(), b = dense.step();
          assert.deepEqual(a.update.inputs, b.update.inputs);
          assert.equal(a.touched, b.touched);
          assert.ok(Math.abs(a.loss - b.loss) <= 1e-8 * scale, `loss at step ${t}: ${a.loss} vs ${b.loss}`);
        }
        assert.ok(relativeError(kron.predict(), dense.predict()) <= 1e-8);
        assert.ok(relativeError(kron.materializeWeights().data, dense.materializeWeights().data) <= 1e-8);
      }), params(3));
    });
  }

  test('SGD lowers the full loss on Kronecker data (fixed seed)', () => {
    const rng = new Rng(12), n = 16, p = 6;
    const trainer = new KroneckerSGD({ kind: 'product', left: gaussianMatrix(rng, n, p), right: gaussianMatrix(rng, n, p) }, rng.fillGaussian(new Float64Array(n)), { width: 4096, batchSize: 8 });
    const before = trainer.loss();
    for (let t = 0; t < 100; t++) trainer.step();
    assert.ok(trainer.loss() < 0.5 * before, `${trainer.loss()} after ${before}`);
  });
});

describe('trainers reject bad input with the package error template', () => {
  const X = { rows: 3, cols: 2, data: Float64Array.from([1, 0, 0, 1, 1, 1]) };
  const cases: [string, () => unknown, new (...a: never[]) => Error, RegExp][] = [
    ['labels of the wrong length', () => new SparseGaussNewton(X, [1, 2]), RangeError, /y\.length must be 3/],
    ['a NaN label', () => new DenseGaussNewton(X, [1, NaN, 2]), RangeError, /y\[1\] must be a finite number/],
    ['non-finite data', () => new SparseGaussNewton({ ...X, data: Float64Array.from([1, 0, Infinity, 1, 1, 1]) }, [1, 2, 3]), RangeError, /X\[1\]\[0\] must be a finite number/],
    ['a zero input', () => new SparseGaussNewton({ ...X, data: Float64Array.from([1, 0, 0, 0, 1, 1]) }, [1, 2, 3]), RangeError, /X row 1 must be a nonzero/],
    ['m too small', () => new SparseGaussNewton(X, [1, 2, 3], { width: 1 }), RangeError, /options\.width must be an integer in \[2, 16777216\]/],
    ['m not an integer', () => new KroneckerSGD(X, [1, 2, 3], { width: 100.5 }), RangeError, /options\.width/],
    ['n·m over 2^28', () => new SparseGaussNewton({ rows: 64, cols: 1, data: new Float64Array(64).fill(1) }, new Float64Array(64), { width: 2 ** 23 }), RangeError, /options\.width must be an integer in \[2, 4194304\]/],
    ['m·d over 2^28 for a dense baseline', () => new DenseSGD({ rows: 1, cols: 2 ** 12, data: new Float64Array(2 ** 12).fill(1) }, [0], { width: 2 ** 17 }), RangeError, /options\.width must be at most 65536 for d = 4096/],
    ['n = 0', () => new SparseGaussNewton({ rows: 0, cols: 2, data: new Float64Array(0) }, []), RangeError, /X\.rows must be an integer in \[1, 4096\]/],
    ['a step size ≤ 0', () => new DenseSGD(X, [1, 2, 3], { stepSize: 0 }), RangeError, /options\.stepSize/],
    ['an unknown solver', () => new SparseGaussNewton(X, [1, 2, 3], { solver: 'lu' as never }), RangeError, /options\.solver must be one of 'cholesky', 'sketch'/],
    ['a batch larger than n', () => new KroneckerSGD(X, [1, 2, 3], { batchSize: 4 }), RangeError, /options\.batchSize must be an integer in \[1, 3\]/],
    ['mismatched Kronecker factors', () => new KroneckerSGD({ kind: 'product', left: X, right: { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) } }, [1, 2, 3]), RangeError, /inputs\.right\.rows must be inputs\.left\.rows \(3\)/],
    ['an unknown input kind', () => new KroneckerSGD({ kind: 'tensor' } as never, [1]), RangeError, /inputs\.kind must be one of/],
    ['X not a matrix', () => new SparseGaussNewton([[1, 2]] as never, [1]), TypeError, /X\.data must be a Float64Array or Float32Array/],
    ['options not an object', () => new SparseGaussNewton(X, [1, 2, 3], 5 as never), TypeError, /options must be an object/],
  ];
  for (const [name, make, Type, pattern] of cases) {
    test(`${name} throws ${Type.name}`, () => {
      assert.throws(make, (e: unknown) => e instanceof Type && pattern.test((e as Error).message) && /: invalid argument\. .* must be .*\. Value: .*\.$/.test((e as Error).message));
    });
  }
});

test('backend: the initial leaves on the GPU match JavaScript; without a GPU, auto is JavaScript and cuda is a clear error', async () => {
  const { cudaStatus, CudaUnavailableError } = await import('sublinear/cuda');
  const { SparseGaussNewton } = await import('sublinear/nn');
  const { Rng } = await import('sublinear/core');
  const rng = new Rng(31), n = 6, d = 40;
  const X = { rows: n, cols: d, data: rng.fillGaussian(new Float64Array(n * d)) };
  const y = rng.fillGaussian(new Float64Array(n));
  const losses = (backend: 'auto' | 'js' | 'cuda') => {
    const t = new SparseGaussNewton(X, y, { width: 1024, seed: 2, backend });
    return [t.step().loss, t.step().loss, t.loss()];
  };
  const js = losses('js');
  if (cudaStatus().available) {
    const gpu = losses('cuda');
    for (let i = 0; i < js.length; i++) assert.ok(Math.abs(gpu[i] - js[i]) <= 1e-9 * Math.max(1, js[i]), `loss ${i}: ${gpu[i]} vs ${js[i]}`);
  } else {
    assert.deepEqual(losses('auto'), js);
    assert.throws(() => new SparseGaussNewton(X, y, { width: 1024, backend: 'cuda' }), (e: Error) => e instanceof CudaUnavailableError && /SparseGaussNewton/.test(e.message));
  }
  assert.throws(() => new SparseGaussNewton(X, y, { width: 1024, backend: 'gpu' as never }), { name: 'RangeError', message: /options\.backend/ });
});
