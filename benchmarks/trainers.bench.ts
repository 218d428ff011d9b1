/**
 * Trainers: per-step time of SparseGaussNewton (threshold trees and implicit weights) against
 * DenseGaussNewton (explicit W, O(m n d) per step) on real MNIST digits (d = 784) for
 * m = 2^12 … 2^18, with the growth exponent in m fitted to each; and KroneckerSGD against dense SGD
 * on x = vec(x xᵀ) as d = p² grows (p = 16 … 128). Steps are timed on live trainers (each call is one
 * more step), construction excluded. `npm run bench -- trainers` (BENCH_QUICK=1 for a smoke run).
 */
import { Rng } from '../lib/core/index.js';
import { loadMnist } from '../lib/data/index.js';
import { DenseGaussNewton, DenseSGD, KroneckerSGD, SparseGaussNewton, defaultThreshold } from '../lib/nn/index.js';
import { autoIndex } from '../lib/nn/two-layer/trainer-common.js';
import { compare, saveResults, type Comparison } from './harness.js';

const quick = process.env.BENCH_QUICK === '1';
const comparisons: Comparison[] = [];
const notes: string[] = [];

/**
 * benny reports whole operations per second (a 4 s step is 0 ops/s), so the harness's ratios are
 * coarse or NaN for slow cases: recompute every ratio from the mean times.
 */
function ratiosFromMeans(c: Comparison): Comparison {
  const base = c.rows.find((r) => r.name === c.baseline)!.meanMs;
  for (const r of c.rows) { r.speedupVsBaseline = base / r.meanMs; r.opsPerSecond = 1000 / r.meanMs; }
  return c;
}

/** Median of the per-step times the trainers report (StepResult.timings.total): robust to load spikes on a shared machine. */
function median(xs: number[]): number {
  const a = [...xs].sort((p, q) => p - q), k = a.length >> 1;
  return a.length % 2 ? a[k] : (a[k - 1] + a[k]) / 2;
}

/** Least-squares slope of log(time) against log(size). */
function growthExponent(sizes: number[], times: number[]): number {
  const xs = sizes.map(Math.log), ys = times.map(Math.log), n = xs.length;
  const mx = xs.reduce((a, b) => a + b) / n, my = ys.reduce((a, b) => a + b) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) ** 2; }
  return sxy / sxx;
}

// --- Gauss–Newton on MNIST --------------------------------------------------------------------
const n = 16;
const { images, labels } = loadMnist({ count: n, seed: 1 });
const y = Array.from(labels, (l) => (l % 2 === 0 ? 1 : -1));
const logWidths = quick ? [12, 13, 14] : [12, 13, 14, 15, 16, 17, 18];
const sparseMs: number[] = [], denseMs: number[] = [], scanMs: number[] = [];
const meanOf = (c: Comparison, name: string) => c.rows.find((r) => r.name === name)!.meanMs;
const benny = { dense: [] as number[], tree: [] as number[], scan: [] as number[] };
for (const logWidth of logWidths) {
  const width = 2 ** logWidth;
  const sparse = new SparseGaussNewton(images, y, { width, index: 'tree' });
  const scan = new SparseGaussNewton(images, y, { width, index: 'scan' });
  const dense = new DenseGaussNewton(images, y, { width });
  const probe = sparse.step();
  const big = logWidth >= 17;
  const steps = { dense: [] as number[], tree: [] as number[], scan: [] as number[] };
  const c = ratiosFromMeans(await compare('trainers', `Gauss–Newton step, m = 2^${logWidth}`, 'dense Gauss–Newton', [
    { name: 'dense Gauss–Newton', fn: () => { const r = dense.step(); steps.dense.push(r.timings.total); return r.loss; } },
    { name: 'sparse Gauss–Newton (tree)', fn: () => { const r = sparse.step(); steps.tree.push(r.timings.total); return r.loss; } },
    { name: 'sparse Gauss–Newton (scan)', fn: () => { const r = scan.step(); steps.scan.push(r.timings.total); return r.loss; } },
  ], {
    params: { m: width, n, d: 784, data: 'MNIST' },
    maxTime: big ? 1 : 2, minSamples: big ? 2 : 5,
    extra: { autoPicks: autoIndex(width, defaultThreshold(width)), activeMean: probe.active.mean, activePredicted: probe.active.predicted, activeExpected: probe.active.expected, touched: probe.touched },
  }));
  comparisons.push(c);
  denseMs.push(median(steps.dense)); sparseMs.push(median(steps.tree)); scanMs.push(median(steps.scan));
  benny.dense.push(meanOf(c, 'dense Gauss–Newton')); benny.tree.push(meanOf(c, 'sparse Gauss–Newton (tree)')); benny.scan.push(meanOf(c, 'sparse Gauss–Newton (scan)'));
  c.extra = { ...c.extra, medianStepMsDense: median(steps.dense), medianStepMsTree: median(steps.tree), medianStepMsScan: median(steps.scan), stepsTimed: `${steps.dense.length}/${steps.tree.length}/${steps.scan.length}`, medianSpeedupTree: median(steps.dense) / median(steps.tree), medianSpeedupScan: median(steps.dense) / median(steps.scan) };
}
const widths = logWidths.map((l) => 2 ** l);
const fits = { sparseTree: growthExponent(widths, sparseMs), sparseScan: growthExponent(widths, scanMs), dense: growthExponent(widths, denseMs) };
comparisons.push({
  title: 'Gauss–Newton growth in m', baseline: 'dense Gauss–Newton', params: { n, d: 784, m: `2^${logWidths[0]}…2^${logWidths.at(-1)}` },
  rows: [
    ['dense Gauss–Newton', denseMs], ['sparse Gauss–Newton (tree)', sparseMs], ['sparse Gauss–Newton (scan)', scanMs],
  ].map(([name, ms]) => ({ name: name as string, opsPerSecond: 1000 / (ms as number[]).at(-1)!, meanMs: (ms as number[]).at(-1)!, relativeMarginPercent: 0, samples: 0, speedupVsBaseline: denseMs.at(-1)! / (ms as number[]).at(-1)! })),
  extra: { exponentSparseTree: fits.sparseTree, exponentSparseScan: fits.sparseScan, exponentDense: fits.dense, exponentsOfBennyMeans: { tree: growthExponent(widths, benny.tree), scan: growthExponent(widths, benny.scan), dense: growthExponent(widths, benny.dense) }, stepMsTree: sparseMs.map((v) => +v.toPrecision(4)), stepMsScan: scanMs.map((v) => +v.toPrecision(4)), stepMsDense: denseMs.map((v) => +v.toPrecision(4)) },
});
console.log(`  growth exponents in m: sparse (tree) ${fits.sparseTree.toFixed(3)}, sparse (scan) ${fits.sparseScan.toFixed(3)}, dense ${fits.dense.toFixed(3)}`);

// --- Kronecker SGD as d = p² grows ------------------------------------------------------------
const kronWidth = 2 ** 12, kronInputs = 32, batchSize = 8;
const ps = quick ? [16, 32] : [16, 32, 64, 128];
const kronMs: number[] = [], denseSgdMs: number[] = [];
for (const p of ps) {
  const rng = new Rng(p);
  const x = { rows: kronInputs, cols: p, data: rng.fillGaussian(new Float64Array(kronInputs * p)) };
  const targets = rng.fillGaussian(new Float64Array(kronInputs));
  const options = { width: kronWidth, batchSize, seed: 1 };
  const kron = new KroneckerSGD({ kind: 'square', x }, targets, options);
  const dense = new DenseSGD({ kind: 'square', x }, targets, options);
  const steps = { dense: [] as number[], kron: [] as number[] };
  const c = ratiosFromMeans(await compare('trainers', `SGD step on x = vec(x xᵀ), p = ${p}`, 'dense SGD', [
    { name: 'dense SGD', fn: () => { const r = dense.step(); steps.dense.push(r.timings.total); return r.loss; } },
    { name: 'KroneckerSGD', fn: () => { const r = kron.step(); steps.kron.push(r.timings.total); return r.loss; } },
  ], { params: { p, d: p * p, m: kronWidth, n: kronInputs, batch: batchSize }, maxTime: p >= 128 ? 1 : 2, minSamples: p >= 128 ? 3 : 5 }));
  c.extra = { index: kron.index, medianStepMsDense: median(steps.dense), medianStepMsKronecker: median(steps.kron), stepsTimed: `${steps.dense.length}/${steps.kron.length}`, medianSpeedup: median(steps.dense) / median(steps.kron) };
  comparisons.push(c);
  denseSgdMs.push(median(steps.dense));
  kronMs.push(median(steps.kron));
}
const dims = ps.map((p) => p * p);
const kronFits = { kronecker: growthExponent(dims, kronMs), dense: growthExponent(dims, denseSgdMs) };
comparisons.push({
  title: 'SGD growth in d', baseline: 'dense SGD', params: { m: kronWidth, n: kronInputs, batch: batchSize, d: dims.join(', ') },
  rows: [['dense SGD', denseSgdMs], ['KroneckerSGD', kronMs]].map(([name, ms]) => ({ name: name as string, opsPerSecond: 1000 / (ms as number[]).at(-1)!, meanMs: (ms as number[]).at(-1)!, relativeMarginPercent: 0, samples: 0, speedupVsBaseline: denseSgdMs.at(-1)! / (ms as number[]).at(-1)! })),
  extra: { exponentKronecker: kronFits.kronecker, exponentDense: kronFits.dense, stepMsKronecker: kronMs.map((v) => +v.toPrecision(4)), stepMsDense: denseSgdMs.map((v) => +v.toPrecision(4)) },
});
console.log(`  growth exponents in d: KroneckerSGD ${kronFits.kronecker.toFixed(3)}, dense SGD ${kronFits.dense.toFixed(3)}`);

notes.push('Each benchmarked call is one more step of a live trainer (construction excluded); after a few Gauss–Newton steps the loss is at rounding level but every step does the full work.');
notes.push('Per-size tables: benny means (ratios recomputed from the mean times: benny rounds ops/s to integers), plus the median of the step times the trainers themselves report (StepResult.timings.total) over every step benny ran. The machine is shared (2 cores, other suites running), so the medians are the robust figures.');
notes.push('Growth rows: the median step time at the largest size; the exponents are least-squares slopes of log(median step time) against log(size) over all sizes.');
const md = saveResults('trainers', `npm run bench -- trainers${quick ? ' (BENCH_QUICK=1)' : ''}`, comparisons, notes);
console.log(md);
