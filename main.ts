/**
 * The main job (`npm start`). Until the trainers land it demonstrates the core: a seeded
 * least-squares fit by Householder QR, with the time each step took.
 */
import { qr, Rng } from './lib/core/index.js';

const rng = new Rng(1);
const m = 2000, n = 50;
const A = { rows: m, cols: n, data: rng.fillGaussian(new Float64Array(m * n)) };
const truth = rng.fillGaussian(new Float64Array(n));
const b = new Float64Array(m);
for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) b[i] += A.data[i * n + j] * truth[j];
let t = performance.now();
const f = qr(A);
console.log(`QR of ${m}×${n}: ${(performance.now() - t).toFixed(1)} ms`);
t = performance.now();
const x = f.solve(b);
let err = 0;
for (let j = 0; j < n; j++) err = Math.max(err, Math.abs(x[j] - truth[j]));
console.log(`solve: ${(performance.now() - t).toFixed(2)} ms, max |x − x*| = ${err.toExponential(2)}`);
