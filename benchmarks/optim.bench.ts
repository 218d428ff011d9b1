/**
 * Optimizer step time on 1M float32 parameters (the step alone: gradients are precomputed, a pool of
 * 8 cycled so the statistics are not rank one), every recipe in one benny suite, ratios against Adam.
 * Targets (issue 5): sonew band 1 ≤ 3×, band 4 ≤ 10× an Adam step. The machines here are shared, so
 * the same ratios are also measured by process CPU time (best of a few steps), which a busy machine
 * distorts less than wall time. Then the logdet factor + apply throughput against n and band.
 *
 * Run: npm run bench -- optim        (BENCH_QUICK=1 for a smoke run)
 */
import { Rng } from 'sublinear/core';
import { BandedMatrix, bandedLogDetInverse } from 'sublinear/logdet';
import { adam, momentum, rmsprop, sgd, sonew, type GradientTransformation, type Params } from 'sublinear/optim';
import { compare, saveResults, type BenchCase, type Comparison } from './harness.js';

const quick = process.env.BENCH_QUICK === '1';
const N = 1_000_000;
const rng = new Rng(2026);
const scratch = new Float64Array(N);
const grads = Array.from({ length: 8 }, () => { rng.fillGaussian(scratch); return Float32Array.from(scratch, (x) => 1e-3 * x); });
const params = Float32Array.from(grads[0], (x) => 1e3 * x);

const recipes: Record<string, () => GradientTransformation<any>> = {
  adam: () => adam({ lr: 1e-3 }),
  sgd: () => sgd({ lr: 1e-3 }),
  momentum: () => momentum({ lr: 1e-3, beta: 0.9 }),
  rmsprop: () => rmsprop({ lr: 1e-3 }),
  'sonew band 0': () => sonew({ lr: 1e-3, band: 0 }),
  'sonew band 1': () => sonew({ lr: 1e-3, band: 1 }),
  'sonew band 2': () => sonew({ lr: 1e-3, band: 2 }),
  'sonew band 4': () => sonew({ lr: 1e-3, band: 4 }),
};

/** A stepping closure: one update on the next gradient of the pool; returns a number that depends on it. */
function stepper(make: () => GradientTransformation<any>): () => number {
  const opt = make();
  let state = opt.init(params), k = 0;
  for (; k < 10; k++) state = opt.update(grads[k % 8], state, params)[1]; // warm statistics
  return () => {
    const [u, next]: [Params, unknown] = opt.update(grads[k++ % 8], state, params);
    state = next;
    return u[0] + u[N >> 1] + u[N - 1];
  };
}

/** Best CPU time (ms) of one call over `reps` calls. */
function cpuMs(fn: () => unknown, reps: number): number {
  for (let r = 0; r < 3; r++) fn(); // warm the JIT
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

const steps: BenchCase[] = Object.entries(recipes).map(([name, make]) => ({ name, fn: stepper(make) }));
const cpu: Record<string, number> = {};
for (const c of steps) cpu[c.name] = cpuMs(c.fn, quick ? 3 : 15);
const cpuRatios = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [`CPU ms (best of ${quick ? 3 : 15}) ${k}`, `${v.toFixed(2)} ms, ${(v / cpu.adam).toFixed(2)}× adam`]));
const comparisons: Comparison[] = [
  await compare('optim', 'optimizer step, 1M float32 parameters', 'adam', steps, { params: { n: N, dtype: 'float32' }, maxTime: 3, extra: cpuRatios }),
];

// logdet: bandedLogDetInverse (validation, scaling, factor) + one apply, float64, against n and band.
for (const n of quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]) {
  const cases: BenchCase[] = [];
  const throughput: Record<string, string> = {};
  for (const band of [1, 2, 4, 8]) {
    const H = BandedMatrix.zeros(n, band), g = new Float64Array(n), v = new Float64Array(n);
    for (let k = 0; k < 2 * band + 2; k++) { rng.fillGaussian(g); BandedMatrix.emaOuter(H, g, 0.9); }
    rng.fillGaussian(v);
    const out = new Float64Array(n);
    const fn = () => { const X = bandedLogDetInverse(H); X.apply(v, out); return out[0] + out[n - 1] + X.diagnostics.droppedEdges; };
    cases.push({ name: `band ${band}`, fn });
    const ms = cpuMs(fn, quick ? 2 : 5);
    throughput[`band ${band}: columns per second (CPU time)`] = (n / (ms / 1000)).toExponential(3);
  }
  comparisons.push(await compare('optim', `logdet factor + apply, n = ${n}`, 'band 1', cases, { params: { n, dtype: 'float64' }, maxTime: 1.5, extra: throughput }));
}

const md = saveResults('optim', 'npm run bench -- optim', comparisons, [
  'Optimizer cases: one update (the optimizer step alone) on 1M float32 parameters; gradients precomputed (8 cycled), 10 warm-up steps.',
  'CPU-time rows: process.cpuUsage() around one step, best of several; the wall-clock table above is benny on a shared 2-core machine.',
  'logdet cases: bandedLogDetInverse(H) (input validation, scaling, factor) plus X.apply(v) into a reused array, float64.',
]);
console.log(md);
