/** The two-layer trainers' width limit (maxWidth, what the app checks up front) and their build progress callback. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from 'sublinear/core';
import { DenseGaussNewton, DenseSGD, KroneckerSGD, SparseGaussNewton, maxWidth } from 'sublinear/nn';

const data = (n: number, d: number) => ({ rows: n, cols: d, data: new Rng(n * 31 + d).fillGaussian(new Float64Array(n * d)) });

test('maxWidth is exactly the largest width the trainers accept: min(2^24, 2^28/n), and 2^28/d for the dense baselines', () => {
  for (const n of [1, 3, 16, 256, 4096]) {
    const limit = maxWidth(n);
    assert.equal(limit, Math.min(2 ** 24, Math.floor(2 ** 28 / n)));
    const X = data(n, 2), y = new Float64Array(n);
    assert.throws(() => new SparseGaussNewton(X, y, { width: limit + 1 }), (e: Error) => e instanceof RangeError && e.message.includes(`options.width must be an integer in [2, ${limit}]`));
    const dense = maxWidth(n, { dim: 784, dense: true });
    assert.equal(dense, Math.min(limit, Math.floor(2 ** 28 / 784)));
    const X784 = data(n, 784);
    assert.throws(() => new DenseGaussNewton(X784, y, { width: dense + 1 }), RangeError);
  }
  assert.equal(maxWidth(256, { dim: 784, dense: true }), 342392);
  assert.throws(() => maxWidth(0), { name: 'RangeError', message: /maxWidth: invalid argument. inputs must be an integer in \[1, 4096\]/ });
  assert.throws(() => maxWidth(4, { dense: true }), { name: 'TypeError', message: /options.dim must be an integer/ });
});

test('onProgress reports the initial weights block by block while a trainer is built, ending at m of m; a non-function is a TypeError', () => {
  const X = data(6, 5), y = Float64Array.from({ length: 6 }, (_, i) => (i % 2 ? 1 : -1));
  for (const make of [
    (onProgress: (d: number, t: number) => void) => new SparseGaussNewton(X, y, { width: 600, seed: 2, onProgress }),
    (onProgress: (d: number, t: number) => void) => new DenseGaussNewton(X, y, { width: 600, seed: 2, onProgress }),
    (onProgress: (d: number, t: number) => void) => new DenseSGD(X, y, { width: 600, seed: 2, onProgress }),
    (onProgress: (d: number, t: number) => void) => new KroneckerSGD({ kind: 'product', left: data(6, 2), right: data(6, 3) }, y, { width: 600, seed: 2, onProgress }),
  ]) {
    const calls: [number, number][] = [];
    make((done, total) => calls.push([done, total]));
    assert.deepEqual(calls, [[256, 600], [512, 600], [600, 600]]);
  }
  const plain = new SparseGaussNewton(X, y, { width: 600, seed: 2 }), watched = new SparseGaussNewton(X, y, { width: 600, seed: 2, onProgress: () => {} });
  assert.deepEqual(watched.step().loss, plain.step().loss);
  assert.throws(() => new SparseGaussNewton(X, y, { width: 8, onProgress: 'yes' as never }), { name: 'TypeError', message: /SparseGaussNewton: invalid argument. options.onProgress must be a function/ });
});

test('SparseGaussNewton refuses a build over m·d·(n + 256) = 2^40 multiply-adds before allocating it, naming the largest width', () => {
  const X = data(16, 784), y = new Float64Array(16);
  // 2^24 neurons × 784 × 272 ≈ 3.6e12 > 2^40: the largest accepted width is ⌊2^40 / (784 · 272)⌋ = 5,156,023.
  assert.throws(() => new SparseGaussNewton(X, y, { width: 2 ** 24 }), (e: Error) => e instanceof RangeError && /SparseGaussNewton: invalid argument\. options\.width must be at most 5156023 for n = 16 inputs of dimension d = 784/.test(e.message));
});
