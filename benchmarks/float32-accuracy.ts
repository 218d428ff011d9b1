/**
 * Accuracy of SparseGaussNewton's float32 storage against float64 on real digits (docs/trainers.md,
 * Float32 storage): n MNIST digits (default 64) + 64 held-out, m = 2^k (default 2^14), 8 steps; prints per step both
 * losses, the touched counts, and the largest |f₃₂ − f₆₄| on the training and held-out digits.
 * Run: node --conditions=sublinear-source --import tsx benchmarks/float32-accuracy.ts [n] [k]
 */
import { loadMnist } from '../lib/data/index.js';
import { SparseGaussNewton } from '../lib/nn/index.js';
const n = Number(process.argv[2] ?? 64), m = 2 ** Number(process.argv[3] ?? 14);
const { images, labels } = loadMnist({ count: n + 64, seed: 1 });
const X = { rows: n, cols: 784, data: images.data.slice(0, n * 784) }, H = { rows: 64, cols: 784, data: images.data.slice(n * 784) };
const y = Array.from(labels.slice(0, n), (l) => (l % 2 === 0 ? 1 : -1)), yh = Array.from(labels.slice(n), (l) => (l % 2 === 0 ? 1 : -1));
const a = new SparseGaussNewton(X, y, { width: m, seed: 1, heldOut: H }), b = new SparseGaussNewton(X, y, { width: m, seed: 1, heldOut: H, dtype: 'float32' });
for (let t = 0; t < 8; t++) {
  const ra = a.step(), rb = b.step();
  const fa = a.predict(), fb = b.predict(); let df = 0; for (let i = 0; i < n; i++) df = Math.max(df, Math.abs(fa[i] - fb[i]));
  const ha = a.predictHeldOut(), hb = b.predictHeldOut(); let dh = 0; for (let i = 0; i < 64; i++) dh = Math.max(dh, Math.abs(ha[i] - hb[i]));
  console.log(t, ra.loss.toExponential(3), rb.loss.toExponential(3), 'touched', ra.touched, rb.touched, 'max|Δf|', df.toExponential(2), 'held-out max|Δf|', dh.toExponential(2));
}
const acc = (f: Float64Array) => f.reduce((s, v, i) => s + (Math.sign(v) === yh[i] ? 1 : 0), 0) / 64;
console.log('held-out parity accuracy: float64', acc(a.predictHeldOut()), 'float32', acc(b.predictHeldOut()));
