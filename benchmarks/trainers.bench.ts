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
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gemmNT } from '../lib/core/blas.js';
import { denseInputs } from '../lib/nn/two-layer/inputs.js';
import { arrayRef, createKernelPool, sharedArray } from '../workers/index.js';

const quick = process.env.BENCH_QUICK === '1';
/** TRAINERS_ONLY=n16,n256,kron runs only those sections (saved as trainers-<sections>; a full run writes trainers.{md,json}). */
const only = process.env.TRAINERS_ONLY?.split(',');
const runs = (section: 'n16' | 'n256' | 'kron') => !only || only.includes(section);
const unknownSections = only?.filter((s) => !['n16', 'n256', 'kron'].includes(s)) ?? [];
if (unknownSections.length) throw new RangeError(`TRAINERS_ONLY: unknown section ${unknownSections.join(', ')}; the sections are n16, n256, kron`);
/** CPU milliseconds of this process (user + system): the work of a single-threaded call, less sensitive to other load than wall time. */
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
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
const logWidths = !runs('n16') ? [] : quick ? [12, 13, 14] : [12, 13, 14, 15, 16, 17, 18];
/**
 * The growth exponent compares the same steps at every size: a fresh trainer takes SAME_STEPS steps
 * and the median of steps 4 … SAME_STEPS is kept. (benny runs a different number of steps at each size,
 * thousands at 2^14 and dozens at 2^18, and later steps of a converging run touch fewer neurons, so the
 * medians over benny's steps compare late steps at small m with early steps at large m.)
 */
const SAME_STEPS = quick ? 10 : 60;
const sameCpuMs: number[] = [], sameWallMs: number[] = [], sameTouched: number[] = [];
const sparseMs: number[] = [], denseMs: number[] = [], scanMs: number[] = [], sparseCpuMs: number[] = [];
const meanOf = (c: Comparison, name: string) => c.rows.find((r) => r.name === name)!.meanMs;
const benny = { dense: [] as number[], tree: [] as number[], scan: [] as number[] };
for (const logWidth of logWidths) {
  const width = 2 ** logWidth;
  {
    const fresh = new SparseGaussNewton(images, y, { width, index: 'tree' });
    const cpu: number[] = [], wall: number[] = [], touched: number[] = [];
    for (let t = 0; t < SAME_STEPS; t++) {
      const c0 = cpuMs(), r = fresh.step();
      if (t >= 3) { cpu.push(cpuMs() - c0); wall.push(r.timings.total); touched.push(r.touched); }
    }
    fresh.dispose();
    sameCpuMs.push(median(cpu)); sameWallMs.push(median(wall)); sameTouched.push(median(touched));
  }
  const sparse = new SparseGaussNewton(images, y, { width, index: 'tree' });
  const scan = new SparseGaussNewton(images, y, { width, index: 'scan' });
  const dense = new DenseGaussNewton(images, y, { width });
  const probe = sparse.step();
  const big = logWidth >= 17;
  const steps = { dense: [] as number[], tree: [] as number[], scan: [] as number[], treeCpu: [] as number[] };
  const c = ratiosFromMeans(await compare('trainers', `Gauss–Newton step, m = 2^${logWidth}`, 'dense Gauss–Newton', [
    { name: 'dense Gauss–Newton', fn: () => { const r = dense.step(); steps.dense.push(r.timings.total); return r.loss; } },
    { name: 'sparse Gauss–Newton (tree)', fn: () => { const c0 = cpuMs(), r = sparse.step(); steps.treeCpu.push(cpuMs() - c0); steps.tree.push(r.timings.total); return r.loss; } },
    { name: 'sparse Gauss–Newton (scan)', fn: () => { const r = scan.step(); steps.scan.push(r.timings.total); return r.loss; } },
  ], {
    params: { m: width, n, d: 784, data: 'MNIST' },
    maxTime: big ? 1 : 2, minSamples: big ? 2 : 5,
    extra: { autoPicks: autoIndex(width, defaultThreshold(width)), activeMean: probe.active.mean, activePredicted: probe.active.predicted, activeExpected: probe.active.expected, touched: probe.touched },
  }));
  comparisons.push(c);
  denseMs.push(median(steps.dense)); sparseMs.push(median(steps.tree)); scanMs.push(median(steps.scan)); sparseCpuMs.push(median(steps.treeCpu));
  benny.dense.push(meanOf(c, 'dense Gauss–Newton')); benny.tree.push(meanOf(c, 'sparse Gauss–Newton (tree)')); benny.scan.push(meanOf(c, 'sparse Gauss–Newton (scan)'));
  c.extra = { ...c.extra, medianStepMsDense: median(steps.dense), medianStepMsTree: median(steps.tree), medianStepMsScan: median(steps.scan), stepsTimed: `${steps.dense.length}/${steps.tree.length}/${steps.scan.length}`, medianSpeedupTree: median(steps.dense) / median(steps.tree), medianSpeedupScan: median(steps.dense) / median(steps.scan) };
  // Return the resident leaves now (the garbage collector does not see the wasm memory), as docs/trainers.md asks of loops.
  sparse.dispose(); scan.dispose(); dense.dispose();
}
const widths = logWidths.map((l) => 2 ** l);
if (runs('n16')) {
const fits = { sparseTree: growthExponent(widths, sparseMs), sparseScan: growthExponent(widths, scanMs), dense: growthExponent(widths, denseMs) };
comparisons.push({
  title: 'Gauss–Newton growth in m', baseline: 'dense Gauss–Newton', params: { n, d: 784, m: `2^${logWidths[0]}…2^${logWidths.at(-1)}` },
  rows: [
    ['dense Gauss–Newton', denseMs], ['sparse Gauss–Newton (tree)', sparseMs], ['sparse Gauss–Newton (scan)', scanMs],
  ].map(([name, ms]) => ({ name: name as string, opsPerSecond: 1000 / (ms as number[]).at(-1)!, meanMs: (ms as number[]).at(-1)!, relativeMarginPercent: 0, samples: 0, speedupVsBaseline: denseMs.at(-1)! / (ms as number[]).at(-1)! })),
  extra: { exponentSameStepsFrom2to14: { cpu: growthExponent(widths.filter((w) => w >= 2 ** 14), sameCpuMs.filter((_, k) => widths[k] >= 2 ** 14)), wall: growthExponent(widths.filter((w) => w >= 2 ** 14), sameWallMs.filter((_, k) => widths[k] >= 2 ** 14)) }, sameSteps: `steps 4…${SAME_STEPS} of a fresh trainer at every size`, sameStepsCpuMs: sameCpuMs.map((v) => +v.toPrecision(4)), sameStepsWallMs: sameWallMs.map((v) => +v.toPrecision(4)), sameStepsTouched: sameTouched, exponentSameStepsTouched: growthExponent(widths.filter((w) => w >= 2 ** 14), sameTouched.filter((_, k) => widths[k] >= 2 ** 14)), exponentSparseTreeFrom2to14: { wall: growthExponent(widths.filter((w) => w >= 2 ** 14), sparseMs.filter((_, k) => widths[k] >= 2 ** 14)), cpu: growthExponent(widths.filter((w) => w >= 2 ** 14), sparseCpuMs.filter((_, k) => widths[k] >= 2 ** 14)) }, stepCpuMsTree: sparseCpuMs.map((v) => +v.toPrecision(4)), exponentSparseTree: fits.sparseTree, exponentSparseScan: fits.sparseScan, exponentDense: fits.dense, exponentsOfBennyMeans: { tree: growthExponent(widths, benny.tree), scan: growthExponent(widths, benny.scan), dense: growthExponent(widths, benny.dense) }, stepMsTree: sparseMs.map((v) => +v.toPrecision(4)), stepMsScan: scanMs.map((v) => +v.toPrecision(4)), stepMsDense: denseMs.map((v) => +v.toPrecision(4)) },
});
console.log(`  growth exponents in m: sparse (tree) ${fits.sparseTree.toFixed(3)}, sparse (scan) ${fits.sparseScan.toFixed(3)}, dense ${fits.dense.toFixed(3)}; same steps at every size (2^14…): ${growthExponent(widths.filter((w) => w >= 2 ** 14), sameCpuMs.filter((_, k) => widths[k] >= 2 ** 14)).toFixed(3)} (CPU)`);
}

// --- The main job's sizes: n = 256 digits, sparse step vs numpy's and the repo's dense step, build, growth in m ---
const load = () => os.loadavg().map((v) => +v.toFixed(2));
const bigN = 256, mainLogWidth = quick ? 13 : 16;
const bigLogWidths = !runs('n256') ? [] : quick ? [12, 13] : (process.env.BENCH_N256_MAX ? [14, 15, 16, 17, 18].filter((l) => l <= Number(process.env.BENCH_N256_MAX)) : [14, 15, 16, 17, 18]);
const big = loadMnist({ count: bigN, seed: 1 });
const bigY = Float64Array.from(big.labels, (l) => (l % 2 === 0 ? 1 : -1));
const bigSteps = quick ? 2 : 9;

/** Runs the numpy peer (15-line dense Gauss–Newton step, and drawing W₀ + forming W Xᵀ) when python3 with numpy is here. */
function numpyPeer(width: number, steps: number): { buildWallS: number; buildCpuS: number; stepWallS: number[]; stepCpuS: number[] } | string {
  const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) return 'skipped: python3 with numpy is not available';
  const dir = mkdtempSync(join(tmpdir(), 'gn-peer-')), file = join(dir, 'x.f64');
  // The same unit digits and targets as the TypeScript trainers.
  const unit = Float64Array.from(big.images.data), d = big.images.cols;
  for (let i = 0; i < bigN; i++) { let z = 0; for (let k = 0; k < d; k++) z += unit[i * d + k] ** 2; for (let k = 0; k < d; k++) unit[i * d + k] /= Math.sqrt(z); }
  const buffer = new Float64Array(bigN * d + bigN); buffer.set(unit); buffer.set(bigY, bigN * d);
  writeFileSync(file, new Uint8Array(buffer.buffer));
  const env = { ...process.env }; delete env.OPENBLAS_CORETYPE; delete env.OPENBLAS_L2_SIZE;
  const run = spawnSync('python3', [fileURLToPath(new URL('./gauss-newton-peer.py', import.meta.url)), file, String(bigN), String(d), String(width), String(steps), '1'], { encoding: 'utf8', env, maxBuffer: 1 << 20 });
  rmSync(dir, { recursive: true, force: true });
  if (run.status !== 0) return `failed: ${run.stderr.slice(-500)}`;
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
}

const bigSparseCpu: number[] = [], bigSparseWall: number[] = [], bigSizes: number[] = [];
for (const logWidth of bigLogWidths) {
  const width = 2 ** logWidth, main = logWidth === mainLogWidth;
  const loadBefore = load();
  let wall = performance.now(), cpu = cpuMs();
  let sparse: SparseGaussNewton | null = new SparseGaussNewton(big.images, bigY, { width, index: 'tree', seed: 1 });
  const build = { wallMs: performance.now() - wall, cpuMs: cpuMs() - cpu };
  sparse.step(); // warm-up (first touch of C's pages)
  const stepCpu: number[] = [], stepWall: number[] = [], phases: Record<string, number[]> = {};
  let touched = 0;
  const sparseStep = () => {
    const c0 = cpuMs(), r = sparse!.step();
    stepCpu.push(cpuMs() - c0); stepWall.push(r.timings.total); touched = r.touched;
    for (const [k, v] of Object.entries(r.timings)) (phases[k] ??= []).push(v);
  };
  const extra: Record<string, unknown> = { loadBefore, buildWallMs: build.wallMs, buildCpuMs: build.cpuMs };
  if (main) {
    // Interleaved with the repo's dense baseline: sparse, dense, sparse, dense, …; numpy before and after.
    const peerBefore = numpyPeer(width, 3);
    wall = performance.now(); cpu = cpuMs();
    const dense = new DenseGaussNewton(big.images, bigY, { width, seed: 1 });
    const denseBuild = { wallMs: performance.now() - wall, cpuMs: cpuMs() - cpu };
    const denseCpu: number[] = [], denseWall: number[] = [];
    for (let t = 0; t < bigSteps; t++) {
      sparseStep();
      if (t < (quick ? 1 : 2)) { const c0 = cpuMs(), r = dense.step(); denseCpu.push(cpuMs() - c0); denseWall.push(r.timings.total); }
    }
    const peerAfter = numpyPeer(width, 3);
    // The build's parts: one block of W₀ (256 rows) drawn and multiplied, timed alone, times the m/256 blocks.
    // The GEMM is the build's own kernel (the dense inputs' leafValues); core's plain gemmNT is timed beside it.
    const rng = new Rng(1), block = new Float64Array(256 * 784), out = new Float64Array(bigN * 256), unit = big.images.data, inputs = denseInputs('bench', big.images);
    let c0 = cpuMs(); for (let k = 0; k < 4; k++) rng.fillGaussian(block); const rngMs = ((cpuMs() - c0) / 4) * (width / 256);
    c0 = cpuMs(); for (let k = 0; k < 4; k++) inputs.leafValues(block, 256); const gemmMs = ((cpuMs() - c0) / 4) * (width / 256);
    c0 = cpuMs(); for (let k = 0; k < 4; k++) gemmNT(bigN, 256, 784, unit, block, out); const coreGemmNTMs = ((cpuMs() - c0) / 4) * (width / 256);
    const gemmFlops = 2 * width * bigN * 784;
    const peers = [peerBefore, peerAfter].filter((p) => typeof p !== 'string') as Exclude<ReturnType<typeof numpyPeer>, string>[];
    const numpyStepWall = peers.length ? median(peers.flatMap((p) => p.stepWallS)) * 1000 : NaN, numpyStepCpu = peers.length ? median(peers.flatMap((p) => p.stepCpuS)) * 1000 : NaN;
    const numpyBuildWall = peers.length ? median(peers.map((p) => p.buildWallS)) * 1000 : NaN, numpyBuildCpu = peers.length ? median(peers.map((p) => p.buildCpuS)) * 1000 : NaN;
    const sparseWallMed = median(stepWall), sparseCpuMed = median(stepCpu);
    Object.assign(extra, {
      numpy: peers.length ? `ran ${peers.length}× (before and after the TypeScript steps)` : String(peerBefore),
      medianStepWallMs: { sparse: sparseWallMed, repoDense: median(denseWall), numpyDense: numpyStepWall },
      medianStepCpuMs: { sparse: sparseCpuMed, repoDense: median(denseCpu), numpyDenseAllThreads: numpyStepCpu },
      speedupVsNumpyWall: numpyStepWall / sparseWallMed, speedupVsNumpyCpu: numpyStepCpu / sparseCpuMed,
      speedupVsRepoDenseWall: median(denseWall) / sparseWallMed, speedupVsRepoDenseCpu: median(denseCpu) / sparseCpuMed,
      buildMs: { sparseWall: build.wallMs, sparseCpu: build.cpuMs, repoDenseWall: denseBuild.wallMs, numpyWall: numpyBuildWall, numpyCpuAllThreads: numpyBuildCpu },
      buildRatioVsNumpyWall: build.wallMs / numpyBuildWall, buildRatioVsNumpyCpu: build.cpuMs / numpyBuildCpu,
      buildPartsCpuMs: { leafProducts: gemmMs, fillGaussian: rngMs, rest: build.cpuMs - gemmMs - rngMs },
      buildGemmGflopsCpu: { leafProducts: gemmFlops / gemmMs / 1e6, coreGemmNT: gemmFlops / coreGemmNTMs / 1e6 },
      medianPhaseWallMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, +median(v).toPrecision(3)])),
    });
    comparisons.push({
      title: `Gauss–Newton step at the main job's sizes, m = 2^${logWidth}`, baseline: 'numpy dense Gauss–Newton', params: { m: width, n: bigN, d: 784, data: 'MNIST', steps: `${stepWall.length}/${denseWall.length}/${peers.length * 3}` },
      rows: [['numpy dense Gauss–Newton', numpyStepWall], ['dense Gauss–Newton (this repo)', median(denseWall)], ['sparse Gauss–Newton (tree)', sparseWallMed]].map(([name, ms]) => ({ name: name as string, opsPerSecond: 1000 / (ms as number), meanMs: ms as number, relativeMarginPercent: 0, samples: 0, speedupVsBaseline: numpyStepWall / (ms as number) })),
      extra: { ...extra, loadAfter: load() },
    });
    console.log(`  m = 2^${logWidth}, n = ${bigN}: sparse step ${sparseWallMed.toFixed(0)} ms wall / ${sparseCpuMed.toFixed(0)} ms CPU; numpy ${numpyStepWall.toFixed(0)} ms wall; repo dense ${median(denseWall).toFixed(0)} ms wall; build ${build.wallMs.toFixed(0)} ms vs numpy ${numpyBuildWall.toFixed(0)} ms`);
    // The same build and steps on a pool of this machine's cores: wall time against one thread, interleaved (results are bit-identical; tested).
    const threads = Math.min(8, os.availableParallelism());
    if (threads > 1) {
      const pool = createKernelPool({ threads });
      const tiny = { nodes: arrayRef(sharedArray('float64', 2)), stride: 2, L: 1, schedule: null, size: 0, i0: 0, i1: 0 };
      await Promise.all(Array.from({ length: threads }, () => pool.run('nn.repairHeaps', tiny))); // start the workers
      const seqBuild: number[] = [], poolBuild: number[] = [];
      let pooled: SparseGaussNewton | null = null;
      for (let rep = 0; rep < (quick ? 1 : 2); rep++) {
        pooled?.dispose();
        wall = performance.now(); pooled = null; pooled = await SparseGaussNewton.create(big.images, bigY, { width, index: 'tree', seed: 1, pool }); poolBuild.push(performance.now() - wall);
        wall = performance.now(); const built = new SparseGaussNewton(big.images, bigY, { width, index: 'tree', seed: 1 }); seqBuild.push(performance.now() - wall);
        built.dispose();
      }
      const twin = new SparseGaussNewton(big.images, bigY, { width, index: 'tree', seed: 1 });
      twin.step(); await pooled!.step({ pool });
      const seqStep: number[] = [], poolStep: number[] = [], seqLeaves: number[] = [], poolLeaves: number[] = [];
      for (let t = 0; t < bigSteps; t++) {
        const a = twin.step(); seqStep.push(a.timings.total); seqLeaves.push(a.timings.leaves);
        const b = await pooled!.step({ pool }); poolStep.push(b.timings.total); poolLeaves.push(b.timings.leaves);
      }
      await pool.destroy();
      twin.dispose(); pooled!.dispose();
      const rowsOf = (pairs: [string, number][], base: number) => pairs.map(([name, ms]) => ({ name, opsPerSecond: 1000 / ms, meanMs: ms, relativeMarginPercent: 0, samples: 0, speedupVsBaseline: base / ms }));
      comparisons.push({
        title: `Sparse Gauss–Newton on a pool of ${threads} threads, m = 2^${logWidth} (wall time)`, baseline: 'one thread', params: { m: width, n: bigN, d: 784, threads, builds: seqBuild.length, steps: bigSteps },
        rows: [
          ...rowsOf([['build, one thread', median(seqBuild)], [`build, ${threads} threads (SparseGaussNewton.create)`, median(poolBuild)]], median(seqBuild)),
          ...rowsOf([['step, one thread', median(seqStep)], [`step, ${threads} threads (step({ pool }))`, median(poolStep)]], median(seqStep)),
        ],
        extra: { buildWallMs: { one: seqBuild, pooled: poolBuild }, stepWallMs: { one: seqStep, pooled: poolStep }, leavesWallMs: { one: median(seqLeaves), pooled: median(poolLeaves) }, numpyBuildWallMs: numpyBuildWall, pooledBuildVsNumpyWall: median(poolBuild) / numpyBuildWall, load: load() },
      });
      console.log(`  on ${threads} threads: build ${median(poolBuild).toFixed(0)} ms vs ${median(seqBuild).toFixed(0)} ms on one; step ${median(poolStep).toFixed(0)} ms vs ${median(seqStep).toFixed(0)} ms (leaves ${median(poolLeaves).toFixed(0)} vs ${median(seqLeaves).toFixed(0)})`);
    }
  } else {
    for (let t = 0; t < bigSteps; t++) sparseStep();
    console.log(`  m = 2^${logWidth}, n = ${bigN}: sparse step ${median(stepWall).toFixed(0)} ms wall / ${median(stepCpu).toFixed(0)} ms CPU, build ${build.wallMs.toFixed(0)} ms`);
  }
  extra.touched = touched;
  bigSizes.push(width); bigSparseCpu.push(median(stepCpu)); bigSparseWall.push(median(stepWall));
  sparse.dispose();
  sparse = null;
}
if (runs('n256')) {
comparisons.push({
  title: `Sparse Gauss–Newton growth in m at n = ${bigN}`, baseline: 'sparse Gauss–Newton (tree)', params: { n: bigN, d: 784, m: `2^${bigLogWidths[0]}…2^${bigLogWidths.at(-1)}` }, rows: [],
  extra: { exponentCpu: growthExponent(bigSizes, bigSparseCpu), exponentWall: growthExponent(bigSizes, bigSparseWall), stepCpuMs: bigSparseCpu.map((v) => +v.toPrecision(4)), stepWallMs: bigSparseWall.map((v) => +v.toPrecision(4)), load: load() },
});
console.log(`  growth exponent in m at n = ${bigN}: ${growthExponent(bigSizes, bigSparseCpu).toFixed(3)} (CPU), ${growthExponent(bigSizes, bigSparseWall).toFixed(3)} (wall)`);
}

// --- Kronecker SGD as d = p² grows ------------------------------------------------------------
const kronWidth = 2 ** 12, kronInputs = 32, batchSize = 8;
const ps = !runs('kron') ? [] : quick ? [16, 32] : [16, 32, 64, 128];
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
  kron.dispose(); dense.dispose();
}
if (runs('kron')) {
const dims = ps.map((p) => p * p);
const kronFits = { kronecker: growthExponent(dims, kronMs), dense: growthExponent(dims, denseSgdMs) };
comparisons.push({
  title: 'SGD growth in d', baseline: 'dense SGD', params: { m: kronWidth, n: kronInputs, batch: batchSize, d: dims.join(', ') },
  rows: [['dense SGD', denseSgdMs], ['KroneckerSGD', kronMs]].map(([name, ms]) => ({ name: name as string, opsPerSecond: 1000 / (ms as number[]).at(-1)!, meanMs: (ms as number[]).at(-1)!, relativeMarginPercent: 0, samples: 0, speedupVsBaseline: denseSgdMs.at(-1)! / (ms as number[]).at(-1)! })),
  extra: { exponentKronecker: kronFits.kronecker, exponentDense: kronFits.dense, stepMsKronecker: kronMs.map((v) => +v.toPrecision(4)), stepMsDense: denseSgdMs.map((v) => +v.toPrecision(4)) },
});
console.log(`  growth exponents in d: KroneckerSGD ${kronFits.kronecker.toFixed(3)}, dense SGD ${kronFits.dense.toFixed(3)}`);
}

notes.push('Each benchmarked call is one more step of a live trainer (construction excluded); after a few Gauss–Newton steps the loss is at rounding level but every step does the full work.');
notes.push('Per-size tables: benny means (ratios recomputed from the mean times: benny rounds ops/s to integers), plus the median of the step times the trainers themselves report (StepResult.timings.total) over every step benny ran. The machine is shared (2 cores, other suites running), so the medians are the robust figures.');
notes.push('Growth rows: the median step time at the largest size; the exponents are least-squares slopes of log(median step time) against log(size) over all sizes. exponentSameStepsFrom2to14 fits the median of the same steps (4 … SAME_STEPS of a fresh trainer) at every size from 2^14 on; the other fits use the medians over benny\'s steps, whose number differs by size (thousands at 2^14, dozens at 2^18), so they compare late steps of a converging run at small m with early steps at large m.');
// A partial run (TRAINERS_ONLY) saves as trainers-<sections>, leaving the full run's results alone.
const md = saveResults(only ? `trainers-${only.join('-')}` : 'trainers', `${only ? `TRAINERS_ONLY=${only.join(',')} ` : ''}npm run bench -- trainers${quick ? ' (BENCH_QUICK=1)' : ''}`, comparisons, notes);
console.log(md);
