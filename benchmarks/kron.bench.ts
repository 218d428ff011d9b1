/**
 * kron benchmarks: kronMatVec against the materialized mat-vec (time, and memory measured per path
 * in child processes), and kronDot / kronGram / kronPowerGram against the dense path at d = p² for
 * p = 16 … 256 with log-log exponent fits; kronLeafValues against W Xᵀ on materialized data.
 * Run: npm run bench -- kron   (BENCH_QUICK=1 for a smoke run)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gemmNT, gemv, Rng, type Matrix } from 'sublinear/core';
import { kernels, kronDot, kronGram, kronLeafValues, kronMatVec, kronPowerGram, kronProduct, kronVector, materializeKronVector } from 'sublinear/kron';
import { compare, saveResults, type Comparison } from './harness.js';

const rng = new Rng(2026);
const gaussian = (n: number) => Float64Array.from({ length: n }, () => rng.gaussian());
const randomMatrix = (rows: number, cols: number): Matrix => ({ rows, cols, data: gaussian(rows * cols) });
const comparisons: Comparison[] = [];
const notes: string[] = [];
const quick = process.env.BENCH_QUICK === '1';

// 1. kronMatVec vs the materialized mat-vec: time in one benny suite, memory in child processes.
const childScript = fileURLToPath(new URL('./kron-memory-child.ts', import.meta.url));
function measureMemory(path: string, spec: string): Record<string, number> {
  const r = spawnSync(process.execPath, ['--expose-gc', '--conditions=sublinear-source', '--import', 'tsx', childScript, path, spec], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`memory child ${path} ${spec} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

for (const spec of ['64x64,64x64', '16x16,16x16,16x16']) {
  const factors = spec.split(',').map((s) => { const [r, c] = s.split('x').map(Number); return randomMatrix(r, c); });
  const x = gaussian(factors.reduce((s, f) => s * f.cols, 1));
  const M = kronProduct(factors);
  const y = new Float64Array(M.rows);
  const label = spec.replace(/,/g, ' ⊗ ');
  const mem = Object.fromEntries(['none', 'dense', 'kron'].map((p) => [p, measureMemory(p, spec)]));
  const allocated = (p: string) => mem[p].arrayBufferBytes + Math.max(0, mem[p].newSpaceBytes - mem.none.newSpaceBytes);
  const c = await compare('kron', `matvec ${label}`, 'dense mat-vec (materialized, gemv)', [
    { name: 'dense mat-vec (materialized, gemv)', fn: () => { gemv(M.rows, M.cols, M.data, x, y); return y; } },
    { name: 'kronMatVec', fn: () => kronMatVec(factors, x) },
  ], {
    params: { factors: label, N: M.rows },
    maxTime: 2,
    extra: {
      denseBytesAllocated: allocated('dense'),
      kronBytesAllocated: allocated('kron'),
      memoryRatio: allocated('dense') / allocated('kron'),
      densePeakRssMiB: mem.dense.peakRssBytes / 2 ** 20,
      kronPeakRssMiB: mem.kron.peakRssBytes / 2 ** 20,
      controlPeakRssMiB: mem.none.peakRssBytes / 2 ** 20,
    },
  });
  comparisons.push(c);
}

// 2. kronDot and kronGram vs dense at d = p², with log-log exponent fits.
const sizes = quick ? [16, 32, 64] : [16, 32, 64, 128, 256];
const DOTS = 64, PAIRS = 8, N_POINTS = 32;
const times: Record<string, number[]> = {};
const record = (c: Comparison) => { for (const r of c.rows) (times[r.name] ??= []).push(r.meanMs); comparisons.push(c); };

for (const p of sizes) {
  const pairs = Array.from({ length: PAIRS }, () => [kronVector([gaussian(p), gaussian(p)]), kronVector([gaussian(p), gaussian(p)])]);
  const dense = pairs.map(([a, b]) => [materializeKronVector(a), materializeKronVector(b)]);
  const d = p * p;
  record(await compare('kron', `dot p=${p}`, 'dense dot', [
    { name: 'dense dot', fn: () => { let s = 0; for (let t = 0; t < DOTS; t++) { const [a, b] = dense[t % PAIRS]; for (let i = 0; i < d; i++) s += a[i] * b[i]; } return s; } },
    { name: 'kronDot', fn: () => { let s = 0; for (let t = 0; t < DOTS; t++) { const [a, b] = pairs[t % PAIRS]; s += kronDot(a, b); } return s; } },
  ], { params: { p, d, dotsPerOp: DOTS }, maxTime: 1 }));
}
for (const p of sizes) {
  const d = p * p, n = N_POINTS;
  const A = randomMatrix(n, p), B = randomMatrix(n, p);
  const X = new Float64Array(n * d), XX = new Float64Array(n * d); // materialized a_i ⊗ b_i and vec(a_i a_iᵀ)
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) {
    X[i * d + j * p + k] = A.data[i * p + j] * B.data[i * p + k];
    XX[i * d + j * p + k] = A.data[i * p + j] * A.data[i * p + k];
  }
  const g = new Float64Array(n * n);
  const denseGram = (data: Float64Array) => { g.fill(1); kernels.hadamardGramInPlace(n, d, data, g); return g; };
  record(await compare('kron', `gram p=${p}`, 'dense Gram (d = p²)', [
    { name: 'dense Gram (d = p²)', fn: () => denseGram(X) },
    { name: 'kronGram [A, B]', fn: () => kronGram([A, B]).data },
    { name: 'dense Gram of vec(x xᵀ)', fn: () => denseGram(XX) },
    { name: 'kronPowerGram (vec(x xᵀ))', fn: () => kronPowerGram(A).data },
  ], { params: { p, d, n }, maxTime: 1 }));
}

/** Least-squares slope of log(time) against log(p). */
function exponent(ps: number[], ms: number[]): number {
  const xs = ps.map(Math.log), ys = ms.map(Math.log);
  const mx = xs.reduce((s, v) => s + v, 0) / xs.length, my = ys.reduce((s, v) => s + v, 0) / ys.length;
  let sxy = 0, sxx = 0;
  xs.forEach((x, i) => { sxy += (x - mx) * (ys[i] - my); sxx += (x - mx) ** 2; });
  return sxy / sxx;
}
const exponents = Object.fromEntries(Object.entries(times).map(([name, ms]) => [name, exponent(sizes, ms)]));
comparisons.push({ title: 'growth exponents (log-log least squares of mean time against p, d = p²)', baseline: '-', params: { p: sizes.join('…') }, rows: [], extra: exponents });
for (const [name, e] of Object.entries(exponents)) console.log(`  exponent ${name}: ${e.toFixed(2)}`);

// 3. Leaf values of Kronecker data vs W Xᵀ on the materialized data (same flops, less memory).
{
  const p = 32, q = 32, n = 32, m = 2048, d = p * q;
  const A = randomMatrix(n, p), B = randomMatrix(n, q), W = randomMatrix(m, d);
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) for (let k = 0; k < q; k++) X[i * d + j * q + k] = A.data[i * p + j] * B.data[i * q + k];
  const out = new Float64Array(n * m);
  comparisons.push(await compare('kron', 'leaf values', 'dense W Xᵀ (materialized X)', [
    { name: 'dense W Xᵀ (materialized X)', fn: () => { gemmNT(n, m, d, X, W.data, out); return out; } },
    { name: 'kronLeafValues', fn: () => kronLeafValues(W, [A, B]).data },
  ], { params: { p, q, n, m }, maxTime: 1, extra: { denseDataBytes: n * d * 8, kronDataBytes: n * (p + q) * 8 } }));
}

notes.push(
  'Times: benny, one suite per comparison; ratios are within one run. The dense mat-vec times only gemv on a matrix materialized beforehand (its construction is not timed).',
  'Memory: each path runs in its own child process (node --expose-gc): 5 warm-up calls, 300 ms for background compilation, gc, then one measured call. Bytes allocated = growth of process.memoryUsage().arrayBuffers (typed-array storage) + growth of V8 new space (JS objects), with no GC in between, minus the same growth in a control child that does no work. Garbage made during the call still counts, so this bounds the call\'s own high-water from above; the dense path also holds its materialized matrix. Peak RSS (VmHWM) of each whole child is listed as a coarse cross-check; the dense child\'s includes warm-up garbage.',
  `Dot: each op is ${DOTS} inner products over ${PAIRS} pairs of vectors a_1 ⊗ a_2 (two factors of length p). Gram: n = ${N_POINTS} points; the dense Gram uses the same kernel (hadamardGramInPlace) on the materialized n × p² data, so only the dimension differs.`,
);
const md = saveResults('kron', 'npm run bench -- kron', comparisons, notes);
console.log(md);
