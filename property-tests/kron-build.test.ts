import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { Rng, type Matrix } from 'sublinear/core';
import { DenseSGD, initialLeaves, KroneckerSGD, MAX_BUILD_WORK, SparseGaussNewton } from 'sublinear/nn';
import { propertyParameters } from 'sublinear/testing';
// Private pieces of lib/nn, checked directly: the piecewise build with tiny pieces, and the block sizing.
import { kroneckerInitialLeaves } from '../lib/nn/two-layer/initial-leaves.js';
import { INIT_BLOCK_CELLS, initialBlockRows } from '../lib/nn/two-layer/shifted-relu.js';

const params = (numRuns: number) => ({ ...propertyParameters(), numRuns });
const root = fileURLToPath(new URL('..', import.meta.url));

function gaussianMatrix(rng: Rng, rows: number, cols: number): Matrix {
  return { rows, cols, data: rng.fillGaussian(new Float64Array(rows * cols)) };
}

function unit(a: Float64Array, i: number, k: number): Float64Array {
  const row = a.slice(i * k, (i + 1) * k), norm = Math.hypot(...row);
  return row.map((v) => v / norm);
}

/** ⟨w_r, x_i⟩ with W (m × p·q) explicit and x_i = l̂_i ⊗ r̂_i formed entry by entry. */
function explicitLeaves(W: Matrix, left: Matrix, right: Matrix): Float64Array {
  const n = left.rows, p = left.cols, q = right.cols, m = W.rows, out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const l = unit(left.data as Float64Array, i, p), r = unit(right.data as Float64Array, i, q);
    const x = new Float64Array(p * q);
    for (let a = 0; a < p; a++) for (let b = 0; b < q; b++) x[a * q + b] = l[a] * r[b];
    for (let w = 0; w < m; w++) { let s = 0; for (let k = 0; k < p * q; k++) s += W.data[w * p * q + k] * x[k]; out[i * m + w] = s; }
  }
  return out;
}

describe('blockwise build of the initial leaves', () => {
  test('equals the leaves of an explicit W₀ and explicit x_i (float64, 1e-10), product and square inputs', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 2, max: 70 }), fc.nat(1000), fc.boolean(),
      (n, p, q, m, seed, square) => {
        const rng = new Rng(seed), left = gaussianMatrix(rng, n, p), right = square ? left : gaussianMatrix(rng, n, q);
        const inputs = square ? { kind: 'square' as const, x: left } : { kind: 'product' as const, left, right };
        const z = initialLeaves(inputs, { width: m, seed });
        // DenseSGD with the same seed holds W₀ explicitly (W = W₀ before any step).
        const W = new DenseSGD(inputs, new Float64Array(n), { width: m, seed }).materializeWeights();
        const ref = explicitLeaves(W, left, right);
        assert.equal(z.rows, n); assert.equal(z.cols, m);
        for (let k = 0; k < ref.length; k++) assert.ok(Math.abs(z.data[k] - ref[k]) <= 1e-10 * Math.max(1, Math.abs(ref[k])), `leaf ${k}: ${z.data[k]} vs ${ref[k]}`);
      }), params(40));
  });

  test('pieces of W₀ of any size (down to one reshaped row, cutting neurons apart) give bit-identical leaves', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 60 }), fc.nat(500),
      (n, p, q, m, cells, seed) => {
        const rng = new Rng(seed), l = rng.fillGaussian(new Float64Array(n * p)), r = rng.fillGaussian(new Float64Array(n * q));
        const whole = kroneckerInitialLeaves(l, r, n, p, q, m, seed);
        const pieces = kroneckerInitialLeaves(l, r, n, p, q, m, seed, undefined, cells);
        assert.deepEqual(pieces, whole);
      }), params(60));
  });

  test('the trainer starts from those leaves: KroneckerSGD.predict() equals the outputs of the explicit leaves', () => {
    const rng = new Rng(3), n = 5, p = 6, m = 300, x = gaussianMatrix(rng, n, p);
    const trainer = new KroneckerSGD({ kind: 'square', x }, new Float64Array(n), { width: m, seed: 9 });
    const z = initialLeaves({ kind: 'square', x }, { width: m, seed: 9 }), signs = new SparseGaussNewton(gaussianMatrix(rng, 1, 2), [0], { width: m, seed: 9 }).outputSigns();
    const f = trainer.predict(), b = trainer.threshold;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let r = 0; r < m; r++) if (z.data[i * m + r] >= b) s += signs[r] * (z.data[i * m + r] - b);
      assert.ok(Math.abs(f[i] - s / Math.sqrt(m)) <= 1e-12, `f_${i}`);
    }
  });

  test('blocks of W₀ hold at most INIT_BLOCK_CELLS entries (one row when a row alone is larger)', () => {
    for (const d of [1, 784, 38_416, 614_656, 2 ** 24]) {
      const rows = initialBlockRows(d);
      assert.ok(rows >= 1 && rows <= 256);
      assert.ok(rows === 1 || rows * d <= INIT_BLOCK_CELLS, `d = ${d}: ${rows} rows`);
    }
    assert.equal(initialBlockRows(2 ** 24), 1);
  });

  test('peak memory of the build stays flat while d grows 16× (child processes, d = 4096 → 65,536)', () => {
    const run = (p: number) => JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--conditions=sublinear-source', '--import', 'tsx',
      'property-tests/fixtures/kron-build-memory.ts', String(p), String(p), '256', '32'], { cwd: root, encoding: 'utf8', timeout: 120_000 }).trim().split('\n').at(-1)!);
    const small = run(64), large = run(256);
    assert.equal(large.d, 16 * small.d);
    assert.ok(Number.isFinite(small.loss) && Number.isFinite(large.loss));
    // A block of 256 rows of W₀ would be 8 MiB at d = 4096 and 128 MiB at d = 65,536 (120 MiB more); one W₀ (m × d)
    // 128 MiB. The flat build measures 12–15 MiB more, up to 26 MiB on a loaded machine: 64 MiB tells the two apart.
    const MiB = 2 ** 20;
    assert.ok(large.growth - small.growth < 64 * MiB, `peak RSS growth ${(small.growth / MiB).toFixed(1)} MiB at d = ${small.d}, ${(large.growth / MiB).toFixed(1)} MiB at d = ${large.d}`);
  });
});

describe('build progress', () => {
  test('onProgress(done, total) reports done ascending to m after each piece of W₀, for Kronecker and dense inputs', () => {
    const rng = new Rng(5);
    for (const inputs of [{ kind: 'square' as const, x: gaussianMatrix(rng, 40, 100) }, gaussianMatrix(rng, 8, 9000)]) {
      const seen: [number, number][] = [];
      const width = 300;
      new KroneckerSGD(inputs, new Float64Array('rows' in inputs ? inputs.rows : 40), { width, onProgress: (done, total) => seen.push([done, total]) });
      assert.ok(seen.length >= 2, `${seen.length} reports`);
      for (let k = 0; k < seen.length; k++) {
        assert.equal(seen[k][1], width);
        if (k > 0) assert.ok(seen[k][0] > seen[k - 1][0]);
      }
      assert.equal(seen.at(-1)![0], width);
    }
  });

  test('throwing from onProgress aborts the build with that error; initialLeaves reports too', () => {
    const x = gaussianMatrix(new Rng(6), 40, 180), stop = new Error('stop');
    let calls = 0;
    assert.throws(() => new KroneckerSGD({ kind: 'square', x }, new Float64Array(40), { width: 400, onProgress: () => { calls++; throw stop; } }), (e) => e === stop);
    assert.equal(calls, 1);
    let last = 0;
    initialLeaves({ kind: 'square', x }, { width: 64, onProgress: (done) => { last = done; } });
    assert.equal(last, 64);
  });

  test('onProgress of the wrong kind and unknown initialLeaves options are refused', () => {
    const x = { rows: 1, cols: 2, data: new Float64Array([1, 1]) };
    assert.throws(() => new KroneckerSGD({ kind: 'square', x }, [0], { width: 8, onProgress: 3 as never }), { name: 'TypeError', message: /^KroneckerSGD: invalid argument\. options\.onProgress must be a function/ });
    assert.throws(() => initialLeaves({ kind: 'square', x }, { widht: 8 } as never), { name: 'RangeError', message: /^initialLeaves: invalid argument\. options\.widht/ });
  });
});

describe('build limit', () => {
  test('refuses m·d·(n + 256) > 2^40 before allocating, naming the function, the option, the limit and the value; data untouched', () => {
    // The case: x = a ⊗ b with 4096 × 4096 factors, d = 2^24 (a 256-row block of W₀ was 32 GiB).
    const rng = new Rng(8), left = gaussianMatrix(rng, 16, 4096), right = gaussianMatrix(rng, 16, 4096);
    const before = [left.data.slice(), right.data.slice()];
    const started = performance.now();
    assert.throws(() => new KroneckerSGD({ kind: 'product', left, right }, new Float64Array(16), { width: 4096 }), {
      name: 'RangeError',
      message: /^KroneckerSGD: invalid argument\. options\.width must be at most 240 for n = 16 inputs of dimension d = 16777216 \(.*m·d·\(n \+ 256\) must be ≤ 2\^40.*\)\. Value: 4096\.$/,
    });
    assert.throws(() => initialLeaves({ kind: 'product', left, right }, { width: 4096 }), { name: 'RangeError', message: /^initialLeaves: invalid argument\. options\.width must be at most 240 / });
    assert.ok(performance.now() - started < 2000, 'refused without building');
    assert.deepEqual([left.data, right.data], before);
    assert.equal(MAX_BUILD_WORK, 2 ** 40);
    // At the limit the same inputs are accepted (checked without building: the limit is exact).
    assert.ok(240 * 2 ** 24 * (16 + 256) <= MAX_BUILD_WORK && 241 * 2 ** 24 * (16 + 256) > MAX_BUILD_WORK);
  });

  test('dense inputs are held to the same limit', () => {
    const X = { rows: 1, cols: 2 ** 22, data: new Float64Array(2 ** 22).fill(1) };
    assert.throws(() => new KroneckerSGD(X, [0], { width: 2048 }), { name: 'RangeError', message: /^KroneckerSGD: invalid argument\. options\.width must be at most 1020 for n = 1 inputs of dimension d = 4194304 .* Value: 2048\.$/ });
  });
});
