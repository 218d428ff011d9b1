/**
 * Measures the table behind sketchRowsFor and docs/sketch.md: for each kind and subspace dimension
 * k, the smallest sketch size s on a grid with distortion ε = max|σᵢ(SU)² − 1| ≤ 0.5 with failure
 * probability ≤ 1e-3, on two subspaces: a random one (Gaussian A) and a coherent one (the first k
 * columns of the identity, the worst case for sampling and hashing). T seeds per candidate; a
 * candidate passes when all T trials have ε ≤ 0.5 and the normal-tail estimate mean + 3.09·sd of ε
 * (the 1e-3 upper quantile if ε were normal) is ≤ 0.5. The 1e-3 level is extrapolated from T trials,
 * not observed. Gaussian: SU is an s × k matrix of N(0, 1/s) entries for every orthonormal U
 * (rotation invariance), so it is measured once, with N = 2k. CountSketch on the identity subspace
 * fails exactly when two of the k columns hash to one row, so its size there is the birthday bound,
 * computed exactly rather than sampled. Run: npm run bench -- sketch-sizes
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, qr, type Matrix } from 'sublinear/core';
import { createSketch, type SketchKind } from 'sublinear/sketch';
import { gemmTN } from '../lib/core/blas.js';
import { symmetricEigenvalues } from '../lib/sketch/eigen.js';
import { machine, RESULTS_DIR } from './harness.js';

const quick = process.env.BENCH_QUICK === '1';
const TRIALS = quick ? 8 : 40;
const N = 1 << 15;
const KS = quick ? [8, 16] : [8, 16, 32, 64];
const GRID = [2, 3, 4, 6, 8, 10, 12, 14, 16, 18, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 128, 160, 192, 256, 320, 384, 512];

function distortion(SU: Matrix): number {
  const k = SU.cols, gram = new Float64Array(k * k);
  gemmTN(k, k, SU.rows, SU.data, SU.data, gram);
  const l = symmetricEigenvalues(k, gram);
  return Math.max(Math.abs(l[0] - 1), Math.abs(l[k - 1] - 1));
}

function basis(kind: 'random' | 'identity', n: number, k: number): Matrix {
  if (kind === 'identity') {
    const data = new Float64Array(n * k);
    for (let j = 0; j < k; j++) data[j * k + j] = 1;
    return { rows: n, cols: k, data };
  }
  return qr({ rows: n, cols: k, data: new Rng(1000 + k).fillGaussian(new Float64Array(n * k)) }).Q();
}

interface Trial { s: number; mean: number; sd: number; max: number; pass: boolean }

function trial(kind: SketchKind, U: Matrix, s: number): Trial {
  const eps: number[] = [];
  for (let seed = 1; seed <= TRIALS; seed++) eps.push(distortion(createSketch({ kind, rows: s, cols: U.rows, seed }).apply(U)));
  const mean = eps.reduce((a, b) => a + b, 0) / eps.length;
  const sd = Math.sqrt(eps.reduce((a, b) => a + (b - mean) ** 2, 0) / (eps.length - 1));
  const max = Math.max(...eps);
  return { s, mean, sd, max, pass: max <= 0.5 && mean + 3.09 * sd <= 0.5 };
}

/** Smallest grid s = c·k (c·k² for countsketch) that passes, by bisection over the grid (ε falls with s). */
function smallestPassing(kind: SketchKind, U: Matrix, k: number): { s: number | null; tried: Trial[] } {
  const unit = kind === 'countsketch' ? k * k : k;
  const grid = GRID.map((c) => c * unit).filter((s) => (kind === 'gaussian' || s <= U.rows / 2) && (kind !== 'countsketch' || s >= 2 * k));
  const tried: Trial[] = [];
  let lo = 0, hi = grid.length - 1, best: number | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = trial(kind, U, grid[mid]);
    tried.push(t);
    if (t.pass) { best = grid[mid]; hi = mid - 1; } else lo = mid + 1;
  }
  return { s: best, tried };
}

/** Smallest s with P(no two of k columns share a bucket) ≥ 1 − 1e-3 (exact birthday probability). */
function birthdayRows(k: number): number {
  const ok = (s: number) => { let p = 1; for (let i = 1; i < k; i++) p *= 1 - i / s; return p >= 1 - 1e-3; };
  let lo = k, hi = k;
  while (!ok(hi)) hi *= 2;
  while (lo < hi) { const mid = Math.floor((lo + hi) / 2); if (ok(mid)) hi = mid; else lo = mid + 1; }
  return lo;
}

const rows: Record<string, unknown>[] = [];
const start = performance.now();
for (const k of KS) {
  for (const kind of ['gaussian', 'srht', 'osnap', 'countsketch'] as SketchKind[]) {
    for (const subspace of ['random', 'identity'] as const) {
      if (kind === 'gaussian' && subspace === 'identity') continue;
      if (kind === 'countsketch' && subspace === 'identity') {
        const s = birthdayRows(k);
        rows.push({ kind, k, subspace, s, ratio: s / k, method: 'exact birthday bound' });
        console.log(k, kind, subspace, s, '(exact)');
        continue;
      }
      const U = kind === 'gaussian' ? basis('random', 2 * k, k) : basis(subspace, N, k);
      const { s, tried } = smallestPassing(kind, U, k);
      const at = tried.find((t) => t.s === s);
      rows.push({ kind, k, subspace, s, ratio: s === null ? null : s / k, mean: at?.mean, sd: at?.sd, max: at?.max, tried, method: `${TRIALS} trials` });
      console.log(k, kind, subspace, s, at ? `mean ${at.mean.toFixed(3)} sd ${at.sd.toFixed(3)} max ${at.max.toFixed(3)}` : 'none on grid');
    }
  }
}
const seconds = (performance.now() - start) / 1000;
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(join(RESULTS_DIR, 'sketch-sizes.json'), JSON.stringify({ suite: 'sketch-sizes', command: 'npm run bench -- sketch-sizes', date: new Date().toISOString(), machine: machine(), N, trials: TRIALS, seconds, rows }, null, 2) + '\n');
const md = ['# sketch-sizes', '', `Command: \`npm run bench -- sketch-sizes\` (${new Date().toISOString()}, N = ${N}, ${TRIALS} seeds per candidate, ${seconds.toFixed(0)} s)`, '',
  '| kind | k | subspace | s (ε ≤ 0.5) | s/k | mean ε | sd | max ε | method |', '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ...rows.map((r) => `| ${r.kind} | ${r.k} | ${r.subspace} | ${r.s ?? '> grid'} | ${r.ratio === null ? '' : (r.ratio as number).toFixed(1)} | ${r.mean === undefined ? '' : (r.mean as number).toFixed(3)} | ${r.sd === undefined ? '' : (r.sd as number).toFixed(3)} | ${r.max === undefined ? '' : (r.max as number).toFixed(3)} | ${r.method} |`), ''].join('\n');
writeFileSync(join(RESULTS_DIR, 'sketch-sizes.md'), md);
console.log(md);
