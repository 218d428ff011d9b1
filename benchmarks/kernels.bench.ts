/**
 * The kernel ops, js vs wasm backend, against the peers a user would pick instead: tfjs-backend-wasm's
 * matMul (XNNPACK, one thread) for float32 GEMM, numpy/OpenBLAS (1 and 2 threads, via
 * benchmarks/kernels-numpy.py) for float64 GEMM, the Adam step, ThresholdSearch.init's W Xᵀ and
 * kronMatVec's F X Gᵀ and numpy.linalg.lstsq for sketchedLeastSquares.
 * A wasm op copies operands that are ordinary arrays into the module's memory and its outputs back;
 * on resident arrays (wasmArray: arrays inside that memory) it skips the copies. The memory-bound
 * sections show js, wasm with copies and wasm on resident arrays side by side, with GB/s against this
 * machine's measured copy bandwidth (TypedArray.set of 8 MiB and of 64 MiB arrays, bytes read + written).
 */
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { freeWasmArray, ops, Rng, setBackend, wasmArray, type FloatArray } from 'sublinear/core';
import { kronMatVec } from 'sublinear/kron';
import { ThresholdSearch } from 'sublinear/maxtree';
import { sketchedLeastSquares } from 'sublinear/sketch';
import { computeLeaves } from '../lib/maxtree/kernels.js';
import { treeLayout } from '../lib/maxtree/layout.js';
import { adam, applyStep, applyUpdates, chain, scaleByAdam, scaleByLearningRate } from 'sublinear/optim';
import * as blas from '../lib/core/blas.js';
import { wasmInstance } from '../lib/core/kernels/backends.js';
import type { FwhtExports } from '../lib/core/kernels/wasm/fwht.js';
import { packAll, packedBytes, rowBlock, sweepPacked } from '../lib/core/kernels/wasm/gemm.js';
import { reserve, type WasmExports } from '../lib/core/kernels/wasm/instance.js';
import type { SparseSketchExports } from '../lib/core/kernels/wasm/sparse-sketch.js';
import { compare, saveResults, type BenchCase, type Comparison } from './harness.js';
import { INIT_SHAPE, thresholdInitCases } from './threshold-init-cases.js';
import { wasmF64Peak } from './wasm-peak.js';

const quick = process.env.BENCH_QUICK === '1';
/** KERNELS_ONLY=kron,init runs only those sections (gemm32, gemm64, adam, init, kron, lstsq, ops, level1, fwht, sparse, logdet, blas, gather, moves, heap) (saved as kernels-kron-init; a full run writes kernels.{md,json}). */
const only = process.env.KERNELS_ONLY?.split(',');
const SECTIONS = ['gemm32', 'gemm64', 'adam', 'init', 'kron', 'lstsq', 'ops', 'level1', 'fwht', 'sparse', 'logdet', 'blas', 'gather', 'moves', 'heap'];
const unknown = only?.filter((s) => !SECTIONS.includes(s)) ?? [];
if (unknown.length) throw new RangeError(`KERNELS_ONLY: unknown section ${unknown.join(', ')}; the sections are ${SECTIONS.join(', ')}`);
const want = (section: string) => only === undefined || only.includes(section);
const rng = new Rng(20261129);
const f32 = (n: number) => rng.fillGaussian(new Float32Array(n));
const f64 = (n: number) => rng.fillGaussian(new Float64Array(n));
const on = <T>(backend: string, fn: () => T) => () => { setBackend(backend); return fn(); };
const comparisons: Comparison[] = [];
const notes: string[] = [`load before the run: ${os.loadavg().map((v) => v.toFixed(2)).join(' ')} (uptime, 1/5/15 min) on ${os.cpus().length} cores shared with other users`];

setBackend('wasm');
const wasm = wasmInstance() as WasmExports;
if (wasm === undefined) throw new Error('the wasm backend did not load here; the kernels benchmark needs it');

/**
 * Median CPU milliseconds per call of each case, the cases alternated round by round (each round
 * runs every case for at least ~20 ms): robust to the load of a shared machine, unlike wall time.
 */
function interleavedCpu(cases: BenchCase[], rounds: number): Record<string, number> {
  const reps = cases.map((c) => { const t0 = performance.now(); c.fn(); return Math.max(1, Math.ceil(20 / Math.max(0.01, performance.now() - t0))); });
  const times = cases.map(() => [] as number[]);
  for (let r = 0; r < (quick ? 2 : rounds); r++) {
    cases.forEach((c, i) => {
      const c0 = process.cpuUsage();
      for (let q = 0; q < reps[i]; q++) c.fn();
      const d = process.cpuUsage(c0);
      times[i].push((d.user + d.system) / 1000 / reps[i]);
    });
  }
  return Object.fromEntries(cases.map((c, i) => [c.name, times[i].sort((a, b) => a - b)[times[i].length >> 1]]));
}

/** benny, then the interleaved CPU-time medians; the extra holds CPU ms, the rate in `unit` and the CPU-time speed-up vs the baseline. */
async function measure(title: string, cases: BenchCase[], units: number, unit: string, options: { params?: Record<string, unknown>; maxTime?: number; rounds?: number } = {}): Promise<Comparison & { cpu: Record<string, number> }> {
  const c = await compare('kernels', title, cases[0].name, cases, { params: options.params, maxTime: options.maxTime ?? 1 });
  const cpu = interleavedCpu(cases, options.rounds ?? 7);
  const base = cpu[cases[0].name];
  const rate = (name: string) => units / (cpu[name] / 1000) / 1e9;
  c.extra = Object.fromEntries(cases.flatMap((k) => [
    [`${k.name}: CPU ms (interleaved median)`, cpu[k.name]],
    [`${k.name}: ${unit}`, rate(k.name)],
    ...(unit.startsWith('GB/s') && peak !== undefined ? [[`${k.name}: share of the measured copy bandwidth (${peak.toPrecision(3)} GB/s)`, rate(k.name) / peak]] : []),
    [`${k.name}: CPU-time speed-up vs ${cases[0].name}`, base / cpu[k.name]],
  ]));
  for (const k of cases) console.log(`  interleaved CPU: ${k.name}: ${cpu[k.name].toPrecision(4)} ms, ${(base / cpu[k.name]).toFixed(2)}×`);
  return Object.assign(c, { cpu });
}

// ---- numpy peers (1 and 2 OpenBLAS threads), OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for this command only
function numpy(threads: number): Record<string, number> | undefined {
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) };
    delete env.OPENBLAS_CORETYPE; delete env.OPENBLAS_L2_SIZE;
    const script = fileURLToPath(new URL('./kernels-numpy.py', import.meta.url));
    return JSON.parse(execFileSync('python3', [script, process.env.BENCH_QUICK === '1' ? '2' : '9'], { env, encoding: 'utf8' }));
  } catch (e) {
    notes.push(`numpy (${threads} thread${threads > 1 ? 's' : ''}) skipped: ${(e as Error).message.split('\n')[0]}`);
    return undefined;
  }
}
const np1 = numpy(1), np2 = numpy(2);

/** A copy of `src` in a resident array (inside the wasm memory). */
function resident<T extends FloatArray>(src: T): T {
  const a = wasmArray(src instanceof Float32Array ? 'float32' : 'float64', src.length) as FloatArray;
  a.set(src);
  return a as T;
}

// ---- this machine's copy bandwidth: TypedArray.set (a memcpy) between two arrays, bytes read + written
let peak: number | undefined;
{
  const rates: Record<string, number> = {};
  for (const mib of [8, 64]) {
    const n = (mib << 20) / 8, src = f64(n), dst = new Float64Array(n);
    const ms = interleavedCpu([{ name: 'copy', fn: () => { dst.set(src); return dst[0]; } }], 7).copy;
    rates[`${mib} MiB`] = (2 * 8 * n) / (ms / 1000) / 1e9;
  }
  peak = Math.max(...Object.values(rates));
  notes.push(`measured copy bandwidth (TypedArray.set, bytes read + written, interleaved CPU-time median): ${Object.entries(rates).map(([k, v]) => `${k}: ${v.toFixed(1)} GB/s`).join(', ')}; "share of the measured copy bandwidth" divides by the larger`);
}

/** The wasm GEMM on operands already in wasm memory (A m × k, B k × n, C m × n, all compact): ops.gemm's blocking without its copies. */
function residentGemm(size: 4 | 8, m: number, n: number, k: number, pa: number, pb: number, pc: number, packs: number): void {
  packAll(wasm, size, n, k, pb, n, 1, packs);
  const block = rowBlock(k, size);
  for (let i0 = 0; i0 < m; i0 += block) sweepPacked(wasm, size, Math.min(block, m - i0), n, k, pa + i0 * k * size, k, 1, packs, pc + i0 * n * size, false);
}

// ---- 1. float32 GEMM 8192×784 · 784×256 against tfjs-backend-wasm (XNNPACK) on one thread
if (want('gemm32')) {
  const [m, k, n] = [8192, 784, 256], flops = 2 * m * n * k;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false); // the single-threaded SIMD binary
  setThreadsCount(1);
  setWasmPaths(fileURLToPath(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)));
  await tf.setBackend('wasm');
  const A = f32(m * k), B = f32(k * n), C = new Float32Array(m * n);
  const ta = tf.tensor2d(A, [m, k]), tb = tf.tensor2d(B, [k, n]);
  const pa = resident(A).byteOffset, pb = resident(B).byteOffset, pc = resident(C).byteOffset;
  const gemm = () => ops.gemm(false, false, m, n, k, A, 0, k, B, 0, n, C, 0, n, false);
  const cases: BenchCase[] = [
    { name: 'tfjs-backend-wasm matMul, 1 thread (result read back)', fn: () => { const c = tf.matMul(ta, tb); const v = c.dataSync(); c.dispose(); return v[0]; } },
    { name: 'tfjs-backend-wasm matMul, 1 thread (result left in wasm memory)', fn: () => { const c = tf.matMul(ta, tb); c.dispose(); return 0; } },
    { name: 'ops.gemm wasm (copies in and out)', fn: on('wasm', () => gemm()[0]) },
    { name: 'wasm gemm kernel on resident data', fn: () => { residentGemm(4, m, n, k, pa, pb, pc, reserve(wasm.memory, [packedBytes(wasm, 4, n, k)])[0]); return new Float32Array(wasm.memory.buffer, pc, 1)[0]; } },
    { name: 'ops.gemm js (scalar reference)', fn: on('js', () => gemm()[0]) },
  ];
  const c = await measure('float32 GEMM 8192×784 · 784×256', cases, flops, 'GFLOP/s', { params: { m, k, n, dtype: 'float32' }, maxTime: 3, rounds: 5 });
  c.extra = { ...c.extra, 'copy share of ops.gemm wasm': 1 - c.cpu[cases[3].name] / c.cpu[cases[2].name], 'ops.gemm wasm vs tfjs with its result left in wasm memory': c.cpu[cases[1].name] / c.cpu[cases[2].name] };
  comparisons.push(c);
  ta.dispose(); tb.dispose();
}

// ---- 2. float64 GEMM 1024×784 · 784×256, with numpy/OpenBLAS
if (want('gemm64')) {
  const [m, k, n] = [1024, 784, 256], flops = 2 * m * n * k;
  const A = f64(m * k), B = f64(k * n), C = new Float64Array(m * n);
  const pa = resident(A).byteOffset, pb = resident(B).byteOffset, pc = resident(C).byteOffset;
  const gemm = () => ops.gemm(false, false, m, n, k, A, 0, k, B, 0, n, C, 0, n, false);
  const cases: BenchCase[] = [
    { name: 'ops.gemm js (scalar reference)', fn: on('js', () => gemm()[0]) },
    { name: 'ops.gemm wasm (copies in and out)', fn: on('wasm', () => gemm()[0]) },
    { name: 'wasm gemm kernel on resident data', fn: () => { residentGemm(8, m, n, k, pa, pb, pc, reserve(wasm.memory, [packedBytes(wasm, 8, n, k)])[0]); return new Float64Array(wasm.memory.buffer, pc, 1)[0]; } },
  ];
  const c = await measure('float64 GEMM 1024×784 · 784×256', cases, flops, 'GFLOP/s', { params: { m, k, n, dtype: 'float64' }, maxTime: 2 });
  const wasmMs = c.cpu[cases[1].name], peak = wasmF64Peak();
  c.extra = {
    ...c.extra, 'copy share of ops.gemm wasm': 1 - c.cpu[cases[2].name] / wasmMs,
    'f64x2 mul+add peak of this machine, GFLOP/s (benchmarks/wasm-peak.ts, best of 15 rounds)': typeof peak === 'string' ? peak : peak.best,
    'f64x2 mul+add peak, median of the 15 rounds': typeof peak === 'string' ? peak : peak.median,
    'wasm gemm kernel on resident data: share of the peak (best)': typeof peak === 'string' ? peak : flops / (c.cpu[cases[2].name] / 1000) / 1e9 / peak.best,
    'numpy 1 thread (CPU ms)': np1?.gemm_f64_cpu_ms ?? 'skipped', 'numpy 2 threads (wall ms)': np2?.gemm_f64_ms ?? 'skipped',
    'ops.gemm wasm speed vs numpy 1 thread (CPU time)': np1 ? np1.gemm_f64_cpu_ms / wasmMs : 'skipped',
    'ops.gemm wasm (CPU time) vs numpy 2 threads (wall time)': np2 ? np2.gemm_f64_ms / wasmMs : 'skipped',
  };
  comparisons.push(c);
}

// ---- 3. the Adam step on 1M float32 parameters
if (want('adam')) {
  const n = 1 << 20, bytes = 7 * 4 * n; // reads p, g, m, v; writes p, m, v
  const params = f32(n), grads = f32(n).map((v) => v * 1e-2), mu = new Float32Array(n), nu = new Float32Array(n);
  const opt = chain(scaleByAdam(), scaleByLearningRate(1e-3));
  let state = opt.init(params), count = 0;
  const recipe = adam({ lr: 1e-3 });
  const rParams = resident(params), rGrads = resident(grads), rMu = resident(mu), rNu = resident(nu);
  let recipeState = recipe.init(params), residentState = recipe.init(rParams), updateState = recipe.init(rParams);
  // the recipe's path before resident state: the fused op adding into a zeroed update array, a pass
  // restoring the chain's −0 signs, applyUpdates as a scalar loop (the moments ordinary arrays)
  const oldMu = new Float32Array(n), oldNu = new Float32Array(n);
  let oldCount = 0;
  const before = () => {
    oldCount += 1;
    const out = new Float32Array(n);
    ops.adam(n, 1e-3, 0.9, 0.999, 1e-8, oldCount, out, 0, grads, 0, oldMu, 0, oldNu, 0);
    for (let i = 0; i < n; i++) if (out[i] === 0) out[i] = !Number.isNaN(oldNu[i]) && (oldMu[i] < 0 || Object.is(oldMu[i], -0)) ? 0 : -0;
    for (let i = 0; i < n; i++) params[i] += out[i];
    return params[0];
  };
  const step = (p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array) => () => { count += 1; return ops.adam(n, 1e-3, 0.9, 0.999, 1e-8, count, p, 0, g, 0, m, 0, v, 0)[0]; };
  let stepState = recipe.init(params);
  const cases: BenchCase[] = [
    { name: 'lib/optim chain(scaleByAdam, scaleByLearningRate) + applyUpdates, js backend', fn: on('js', () => { const [u, s] = opt.update(grads, state, params); state = s; applyUpdates(params, u); return params[0]; }) },
    { name: 'adam recipe + applyUpdates as before this change (fused op into a zeroed array, sign pass, scalar applyUpdates), wasm', fn: on('wasm', before) },
    { name: 'lib/optim adam recipe: update + applyUpdates, wasm, ordinary arrays', fn: on('wasm', () => { const [u, s] = recipe.update(grads, recipeState, params); recipeState = s; applyUpdates(params, u); return params[0]; }) },
    { name: 'lib/optim adam recipe: update + applyUpdates, wasm, params and grads resident (so are the moments)', fn: on('wasm', () => { const [u, s] = recipe.update(rGrads, updateState, rParams); updateState = s; applyUpdates(rParams, u); return rParams[0]; }) },
    { name: 'lib/optim applyStep(adam recipe), wasm, ordinary params and grads', fn: on('wasm', () => { stepState = applyStep(recipe, params, grads, stepState); return params[0]; }) },
    { name: 'lib/optim applyStep(adam recipe), wasm, params and grads resident (so are the moments)', fn: on('wasm', () => { residentState = applyStep(recipe, rParams, rGrads, residentState); return rParams[0]; }) },
    { name: 'ops.adam js', fn: on('js', step(params, grads, mu, nu)) },
    { name: 'ops.adam wasm (copies in and out)', fn: on('wasm', step(params, grads, mu, nu)) },
    { name: 'ops.adam wasm on resident arrays (no copies)', fn: on('wasm', step(rParams, rGrads, rMu, rNu)) },
  ];
  const c = await measure('Adam step, 1M float32 parameters', cases, bytes, 'GB/s (bytes the op reads and writes)', { params: { n, dtype: 'float32' }, maxTime: 2, rounds: 11 });
  const ms = (i: number) => c.cpu[cases[i].name], vsNumpy = (i: number) => (np1 ? np1.adam_f32_cpu_ms / ms(i) : 'skipped');
  c.extra = {
    ...c.extra, 'copy share of ops.adam wasm': 1 - ms(8) / ms(7),
    'adam recipe update + applyUpdates (ordinary arrays): speed-up over its path before (CPU time)': ms(1) / ms(2),
    'adam recipe update + applyUpdates (ordinary arrays): speed-up over the chain (CPU time)': ms(0) / ms(2),
    'applyStep(adam recipe), ordinary arrays: speed-up over the recipe path before (CPU time)': ms(1) / ms(4),
    'numpy 1 thread (CPU ms)': np1?.adam_f32_cpu_ms ?? 'skipped', 'numpy 2 threads (wall ms)': np2?.adam_f32_ms ?? 'skipped',
    'adam recipe update + applyUpdates before, speed vs numpy 1 thread (CPU time)': vsNumpy(1),
    'adam recipe update + applyUpdates, ordinary arrays, speed vs numpy 1 thread (CPU time)': vsNumpy(2),
    'adam recipe update + applyUpdates, all resident, speed vs numpy 1 thread (CPU time)': vsNumpy(3),
    'applyStep(adam recipe), ordinary arrays, speed vs numpy 1 thread (CPU time)': vsNumpy(4),
    'applyStep(adam recipe), all resident, speed vs numpy 1 thread (CPU time)': vsNumpy(5),
    'ops.adam wasm (copies) speed vs numpy 1 thread (CPU time)': vsNumpy(7),
    'ops.adam wasm on resident arrays speed vs numpy 1 thread (CPU time)': vsNumpy(8),
  };
  comparisons.push(c);
}

// ---- 4. ThresholdSearch.init n = 64, m = 2^14, d = 784 (its O(nmd) part is one GEMM-NT op): the default
// path, copy: false, and resident: true with dispose() (benchmarks/threshold-init-cases.ts), each against numpy
if (want('init')) {
  const { n, m, d } = INIT_SHAPE, flops = 2 * n * m * d;
  const data = f64(n * d), weights = f64(m * d);
  const init = () => ThresholdSearch.init({ data, weights, d }).leaf(0, 0);
  const layout = treeLayout(n, m, d, 'float64'), leaves = new Float64Array(n * layout.leafStride);
  const rData = resident(data), rWeights = resident(weights), rLeaves = resident(leaves);
  const leafProducts = () => { computeLeaves(data, weights, leaves, layout, 0, n, 0, m); return leaves[0]; };
  const residentProducts = () => { computeLeaves(rData, rWeights, rLeaves, layout, 0, n, 0, m); return rLeaves[0]; };
  const user = thresholdInitCases();
  const cases: BenchCase[] = [
    { name: 'ThresholdSearch.init, js backend', fn: on('js', init) },
    ...user,
    { name: 'its leaf inner products alone (computeLeaves), js backend', fn: on('js', leafProducts) },
    { name: 'its leaf inner products alone (computeLeaves), wasm backend', fn: on('wasm', leafProducts) },
    { name: 'its leaf inner products alone (computeLeaves), wasm backend, inputs and leaves resident (read and written in place)', fn: on('wasm', residentProducts) },
  ];
  const c = await measure('ThresholdSearch.init n=64, m=2^14, d=784 (float64)', cases, flops, 'GFLOP/s of the whole init', { params: { n, m, d }, maxTime: 4, rounds: 5 });
  const vsNumpy = (name: string) => (np1 ? np1.leaves_f64_cpu_ms / c.cpu[name] : 'skipped');
  // the same user cases in a child process whose glibc asks for transparent huge pages (see benchmarks/page-faults.bench.ts)
  let huge: Record<string, number | string> | string;
  try {
    const env = { ...process.env, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' };
    huge = JSON.parse(execFileSync(process.execPath, ['--conditions=sublinear-source', '--import', 'tsx', fileURLToPath(new URL('./threshold-init-cases.ts', import.meta.url)), quick ? '2' : '5'], { env, encoding: 'utf8' }));
  } catch (e) {
    huge = `skipped: ${(e as Error).message.split('\n')[0]}`;
  }
  c.extra = {
    ...c.extra, 'numpy W @ X.T alone, 1 thread (CPU ms)': np1?.leaves_f64_cpu_ms ?? 'skipped', 'numpy W @ X.T alone, 2 threads (wall ms)': np2?.leaves_f64_ms ?? 'skipped',
    ...Object.fromEntries(user.map((u) => [`${u.name}: speed vs numpy W @ X.T (1 thread, CPU time)`, vsNumpy(u.name)])),
    ...Object.fromEntries(cases.slice(-2).map((u) => [`${u.name}: speed vs numpy W @ X.T (1 thread, CPU time)`, vsNumpy(u.name)])),
    'leaf inner products on wasm (CPU time) vs numpy W @ X.T (2 threads, wall time)': np2 ? np2.leaves_f64_ms / c.cpu[cases[cases.length - 2].name] : 'skipped',
    ...(typeof huge === 'string' ? { 'child process with GLIBC_TUNABLES=glibc.malloc.hugetlb=1': huge }
      : Object.fromEntries(user.flatMap((u) => [
        [`child process with GLIBC_TUNABLES=glibc.malloc.hugetlb=1: ${u.name}: CPU ms (interleaved median)`, huge[u.name]],
        [`child process with GLIBC_TUNABLES=glibc.malloc.hugetlb=1: ${u.name}: speed vs numpy W @ X.T (1 thread, CPU time)`, np1 ? np1.leaves_f64_cpu_ms / (huge[u.name] as number) : 'skipped'],
      ]))),
  };
  comparisons.push(c);
}

// ---- 5. kronMatVec with two 256 × 256 factors: (F ⊗ G) vec(X) = vec(F X Gᵀ), two GEMMs through the gemm op
if (want('kron')) {
  const s = 256, flops = 2 * 2 * s * s * s;
  const F = { rows: s, cols: s, data: f64(s * s) }, G = { rows: s, cols: s, data: f64(s * s) }, x = f64(s * s);
  const mv = () => (kronMatVec([F, G], x) as Float64Array)[0];
  // where kronMatVec's time goes: its two GEMMs alone (F X, then (F X) Gᵀ, into arrays kept between calls), and a fresh output alone
  const w1 = new Float64Array(s * s), w2 = new Float64Array(s * s);
  const gemms = () => { ops.gemm(false, false, s, s, s, F.data, 0, s, x, 0, s, w1, 0, s, false); ops.gemm(false, true, s, s, s, w1, 0, s, G.data, 0, s, w2, 0, s, false); return w2[0]; };
  const fresh = () => { const out = new Float64Array(s * s); out.set(w2); return out[s * s - 1]; };
  const cases: BenchCase[] = [
    { name: 'kronMatVec, js backend', fn: on('js', mv) },
    { name: 'kronMatVec, wasm backend', fn: on('wasm', mv) },
    { name: 'its two 256³ GEMMs alone (ops.gemm, wasm, outputs kept between calls)', fn: on('wasm', gemms) },
    { name: 'a fresh 512 KiB output alone (new Float64Array(65536), then written once)', fn: fresh },
  ];
  const c = await measure('kronMatVec, two 256×256 float64 factors', cases, flops, 'GFLOP/s', { params: { factors: '256×256, 256×256', dtype: 'float64' }, maxTime: 2 });
  const wasmMs = c.cpu[cases[1].name];
  c.extra = {
    ...c.extra, 'numpy F @ X @ G.T, 1 thread (CPU ms)': np1?.kron_f64_cpu_ms ?? 'skipped', 'numpy F @ X @ G.T, 2 threads (wall ms)': np2?.kron_f64_ms ?? 'skipped',
    'kronMatVec on wasm speed vs numpy 1 thread (CPU time)': np1 ? np1.kron_f64_cpu_ms / wasmMs : 'skipped',
    'its two GEMMs alone speed vs numpy 1 thread (CPU time)': np1 ? np1.kron_f64_cpu_ms / c.cpu[cases[2].name] : 'skipped',
    'kronMatVec on wasm beyond its two GEMMs (CPU ms)': wasmMs - c.cpu[cases[2].name],
  };
  comparisons.push(c);
}

// ---- 6. sketchedLeastSquares 2^16 × 64 (SRHT preconditioner, LSQR to tol 1e-12) against numpy.linalg.lstsq
if (want('lstsq')) {
  const [N, k] = [1 << 16, 64];
  const A = { rows: N, cols: k, data: f64(N * k) }, b = f64(N);
  let seed = 0;
  const cases: BenchCase[] = [{ name: 'sketchedLeastSquares (wasm backend)', fn: on('wasm', () => sketchedLeastSquares(A, b, { seed: seed++ }).x[0]) }];
  const c = await measure('sketchedLeastSquares 2^16×64 (float64)', cases, 2 * N * k * k, 'GFLOP/s (2Nk² of a QR)', { params: { N, k }, maxTime: 4, rounds: 5 });
  const ms = c.cpu[cases[0].name];
  c.extra = {
    ...c.extra, 'LSQR iterations (seed 0)': sketchedLeastSquares(A, b, { seed: 0 }).iterations,
    'LSQR iterations with s = 4k sketch rows instead of the default 12k (seed 0)': sketchedLeastSquares(A, b, { seed: 0, rows: 4 * k }).iterations,
    'numpy.linalg.lstsq, 1 thread (CPU ms)': np1?.lstsq_f64_cpu_ms ?? 'skipped', 'numpy.linalg.lstsq, 2 threads (wall ms)': np2?.lstsq_f64_ms ?? 'skipped',
    'sketchedLeastSquares speed vs numpy.linalg.lstsq 1 thread (CPU time)': np1 ? np1.lstsq_f64_cpu_ms / ms : 'skipped',
  };
  comparisons.push(c);
}

// ---- 7. the GEMM op at 256³, wasm vs js
if (want('ops')) {
  const s = 256, flops = 2 * s * s * s;
  for (const [dtype, make] of [['float64', f64], ['float32', f32]] as const) {
    const A = make(s * s), B = make(s * s), C = make(s * s);
    for (const [label, ta, tb] of [['NN', false, false], ['NT', false, true], ['TN', true, false]] as const) {
      const g = () => ops.gemm(ta, tb, s, s, s, A, 0, s, B, 0, s, C, 0, s, true)[0] * 0;
      comparisons.push(await measure(`gemm ${label} ${dtype} ${s}³, accumulate`, [{ name: 'js', fn: on('js', g) }, { name: 'wasm', fn: on('wasm', g) }], flops, 'GFLOP/s', { params: { dtype } }));
    }
  }
}

// ---- 8. the memory-bound ops: js, wasm with copies, wasm on resident arrays
if (want('level1')) {
  const n = 1 << 20;
  for (const [dtype, make, size] of [['float64', f64, 8], ['float32', f32, 4]] as const) {
    const x = make(n), y = make(n), p = make(n), g = make(n).map((v) => v * 1e-2), mu = make(n).fill(0), nu = make(n).fill(0), nu2 = make(n).fill(0);
    const [rx, ry, rp, rg, rm, rv, rv2] = [x, y, p, g, mu, nu, nu2].map((a) => resident(a as FloatArray)) as (typeof x)[];
    let count = 0;
    const level1: [string, number, (a: typeof x[]) => () => unknown][] = [
      ['dot', 2 * n * size, ([a, b]) => () => ops.dot(n, a, 1, 0, b, 1, 0)],
      ['axpy', 3 * n * size, ([a, b]) => () => ops.axpy(n, 1e-9, a, 1, 0, b, 1, 0)[0]],
      ['scal', 2 * n * size, ([, b]) => () => ops.scal(n, 1, b, 1, 0)[0]],
      ['nrm2', 2 * n * size, ([a]) => () => ops.nrm2(n, a, 1, 0)],
      ['adam', 7 * n * size, ([, , pp, gg, mm, vv]) => () => { count += 1; return ops.adam(n, 1e-3, 0.9, 0.999, 1e-8, count, pp, 0, gg, 0, mm, 0, vv, 0)[0]; }],
      ['rmsprop', 5 * n * size, ([, , pp, gg, , , v2]) => () => ops.rmsprop(n, 1e-3, 0.9, 1e-8, pp, 0, gg, 0, v2, 0)[0]],
    ];
    for (const [name, bytes, fn] of level1) {
      const plain = fn([x, y, p, g, mu, nu, nu2]), inWasm = fn([rx, ry, rp, rg, rm, rv, rv2]);
      const cases: BenchCase[] = [{ name: 'js', fn: on('js', plain) }, { name: 'wasm (copies in and out)', fn: on('wasm', plain) }, { name: 'wasm on resident arrays (wasmArray, no copies)', fn: on('wasm', inWasm) }];
      const c = await measure(`${name} ${dtype} n=2^20`, cases, bytes, 'GB/s (bytes the op reads and writes)', { params: { dtype } });
      c.extra = { ...c.extra, 'copy share of the wasm op': 1 - c.cpu[cases[2].name] / c.cpu[cases[1].name] };
      comparisons.push(c);
    }
  }
}

/** Bytes at the start of the wasm memory left to the ops' own copies (fwht and sparse sections), so that the resident data placed after them survive the op cases. */
const OP_SCRATCH = 32 << 20;

// ---- 8. fwht: the SRHT's layout (the columns of an N′ × 16 row-major block) and single vectors, wasm vs js
if (want('fwht')) {
  const fw = wasm as WasmExports & FwhtExports;
  for (const [dtype, make, size] of [['float64', f64, 8], ['float32', f32, 4]] as const) {
    for (const [label, n, count, stride, batch] of [['16 interleaved columns (the SRHT), n=2^16', 1 << 16, 16, 16, 1], ['one vector, n=2^20', 1 << 20, 1, 1, 1 << 20]] as const) {
      const x = make(n * count), [, px] = reserve(fw.memory, [OP_SCRATCH, n * count * size]);
      const view = () => new (dtype === 'float64' ? Float64Array : Float32Array)(fw.memory.buffer, px, n * count);
      view().set(x);
      // Each call multiplies the norms by √n: every 4th call scales the data back by the exact power of two
      // 2^(−2·log₂n) (a plain loop, the same in every case), so they stay finite and normal.
      const shrink = 2 ** (-2 * Math.log2(n));
      const rescale = (d: Float64Array | Float32Array, t: number) => { if ((t & 3) === 3) for (let i = 0; i < d.length; i++) d[i] *= shrink; };
      let calls = 0, residentCalls = 0, opCalls = 0;
      const run = () => { const r = ops.fwht(n, count, x, stride, batch, 0)[0]; rescale(x, calls++); return r; };
      const resident = () => { (dtype === 'float64' ? fw.fwht64 : fw.fwht32)(n, count, 1, px); rescale(view(), residentCalls++); return 0; };
      const xr = wasmArray(dtype, n * count) as typeof x;
      xr.set(x);
      const runResident = () => { const r = ops.fwht(n, count, xr, stride, batch, 0)[0]; rescale(xr, opCalls++); return r; };
      const cases: BenchCase[] = [
        { name: 'js', fn: on('js', run) }, { name: 'wasm (copies in and out)', fn: on('wasm', run) },
        { name: 'wasm, ops.fwht on a resident array (in place; how the SRHT calls it)', fn: on('wasm', runResident) }, { name: 'wasm kernel on resident data', fn: resident },
      ];
      comparisons.push(await measure(`fwht ${dtype}, ${label}`, cases, n * count * Math.log2(n), 'G additions/s (n·log₂n per vector)', { params: { dtype, n, count } }));
    }
  }
}

// ---- 9. sparse sketch apply (OSNAP ζ = 8, CountSketch ζ = 1): S·A into a float64 accumulator and Sᵀ·Y, 16 columns
if (want('sparse')) {
  const sp = wasm as WasmExports & SparseSketchExports, width = 16, n = 1 << 16, s = 2048;
  for (const nnz of [8, 1]) {
    const rows = new Int32Array(n * nnz), values = new Float64Array(n * nnz);
    for (let i = 0; i < rows.length; i++) { rows[i] = rng.uniformInt(s); values[i] = rng.sign() / Math.sqrt(nnz); }
    for (const [dtype, make, size] of [['float64', f64, 8], ['float32', f32, 4]] as const) {
      const A = make(n * width), Y = make(s * width), acc = new Float64Array(s * width), out = make(n * width);
      const [, pr, pv, pa, pacc, py, po, pscratch] = reserve(sp.memory, [OP_SCRATCH, n * nnz * 4, n * nnz * 8, n * width * size, s * width * 8, s * width * size, n * width * size, width * 8]);
      new Int32Array(sp.memory.buffer, pr, n * nnz).set(rows); new Float64Array(sp.memory.buffer, pv, n * nnz).set(values);
      const T = dtype === 'float64' ? Float64Array : Float32Array;
      new T(sp.memory.buffer, pa, n * width).set(A); new T(sp.memory.buffer, py, s * width).set(Y);
      const flops = 2 * n * nnz * width, label = nnz === 1 ? 'CountSketch' : `OSNAP ζ=${nnz}`;
      const fwd = () => ops.sparseSketch(n, s, nnz, width, rows, values, 0, A, 0, width, acc, 0, width)[0];
      const fwdResident = () => { (dtype === 'float64' ? sp.sketchScatter64 : sp.sketchScatter32)(n, nnz, width, pr, pv, pa, pacc); return 0; };
      comparisons.push(await measure(`sparseSketch ${dtype} ${label}, S·A: 2^16 rows × ${width} into ${s} rows`, [
        { name: 'js', fn: on('js', fwd) }, { name: 'wasm (copies in and out)', fn: on('wasm', fwd) }, { name: 'wasm kernel on resident data', fn: fwdResident },
      ], flops, 'GFLOP/s (2·n·ζ·width)', { params: { dtype, n, s, nnz, width } }));
      const tr = () => ops.sparseSketchTranspose(n, s, nnz, width, rows, values, 0, Y, 0, width, out, 0, width)[0];
      const trResident = () => { if (dtype === 'float64') sp.sketchGather64(n, nnz, width, pr, pv, py, po); else sp.sketchGather32(n, nnz, width, pr, pv, py, po, pscratch); return 0; };
      comparisons.push(await measure(`sparseSketchTranspose ${dtype} ${label}, Sᵀ·Y: ${s} rows × ${width} to 2^16 rows`, [
        { name: 'js', fn: on('js', tr) }, { name: 'wasm (copies in and out)', fn: on('wasm', tr) }, { name: 'wasm kernel on resident data', fn: trResident },
      ], flops, 'GFLOP/s (2·n·ζ·width)', { params: { dtype, n, s, nnz, width } }));
    }
  }
}

// ---- 10. logdetApply: X v for the banded LogDet factor, n = 2^20, bands 1, 4 and 8
if (want('logdet')) {
  const n = 1 << 20;
  for (const band of [1, 4, 8]) {
    for (const [dtype, make, size] of [['float64', f64, 8], ['float32', f32, 4]] as const) {
      const w = band + 1, f = make(n * w), v = make(n), out = make(n);
      // The same data in resident arrays (wasmArray): the op runs the kernel on them in place.
      const fR = wasmArray(dtype, n * w), vR = wasmArray(dtype, n), outR = wasmArray(dtype, n);
      fR.set(f); vR.set(v);
      const run = () => ops.logdetApply(n, band, f, 0, v, 0, out, 0, 0, n)[0];
      const resident = () => ops.logdetApply(n, band, fR, 0, vR, 0, outR, 0, 0, n)[0];
      comparisons.push(await measure(`logdetApply ${dtype} n=2^20, band ${band}`, [
        { name: 'js', fn: on('js', run) }, { name: 'wasm (copies in and out)', fn: on('wasm', run) }, { name: 'wasm, resident arrays (no copies)', fn: on('wasm', resident) },
      ], (n * w + 2 * n) * size, 'GB/s (factor, v and out once)', { params: { dtype, n, band } }));
      freeWasmArray(fR); freeWasmArray(vR); freeWasmArray(outR);
    }
  }
}

// ---- 11. lib/core/blas.ts's gemmNN/NT/TN (GaLore, Shampoo, the trainers' inputs) on float64: js backend vs the gemm op on wasm
if (want('blas')) {
  for (const size of [16, 64, 256]) {
    const A = f64(size * size), B = f64(size * size), C = f64(size * size), flops = 2 * size ** 3;
    for (const [name, f] of [['gemmNN', blas.gemmNN], ['gemmNT', blas.gemmNT], ['gemmTN', blas.gemmTN]] as const) {
      const run = () => { f(size, size, size, A, B, C); return C[0]; };
      comparisons.push(await measure(`${name} float64 ${size}³ (lib/core/blas.ts)`, [{ name: 'js', fn: on('js', run) }, { name: 'wasm', fn: on('wasm', run) }], flops, 'GFLOP/s', { params: { size } }));
    }
  }
}

// ---- 12. gatherSum: the sparse trainer's leaf moves (20,000 touched neurons, 1–25 of 256 inputs each, rows of 256 Gram entries)
if (want('gather')) {
  const count = 20000, s = 256, width = 256, counts = Array.from({ length: count }, () => 1 + rng.uniformInt(25));
  const start = new Int32Array(count + 1);
  for (let c = 0; c < count; c++) start[c + 1] = start[c] + counts[c];
  const rows = Int32Array.from({ length: start[count] }, () => rng.uniformInt(s)), scale = Float64Array.from({ length: count }, () => rng.sign());
  const Y = f64(s * width), out = new Float64Array(count * width), Yr = resident(Y), outR = resident(out);
  const run = () => ops.gatherSum(count, s, width, start, 0, rows, Y, 0, width, scale, 0, out, 0, width)[0];
  const runResident = () => ops.gatherSum(count, s, width, start, 0, rows, Yr, 0, width, scale, 0, outR, 0, width)[0];
  comparisons.push(await measure(`gatherSum float64: ${count} rows, each the sum of 1–25 of ${s} rows of ${width}`, [
    { name: 'js', fn: on('js', run) }, { name: 'wasm (copies in and out)', fn: on('wasm', run) }, { name: 'wasm, Y and out resident (wasmArray)', fn: on('wasm', runResident) },
  ], start[count] * width, 'G additions/s', { params: { count, s, width, additions: start[count] * width } }));
}

// ---- 13. blockMoves: a step's leaf moves in the neuron-blocked layout with the heap's line maxima (n = 256 inputs, m = 2^14 neurons, 5,000 touched)
if (want('moves')) {
  const n = 256, m = 1 << 14, B = 8, blocks = m / B, L = blocks, count = 5000;
  const pick = new Set<number>();
  while (pick.size < count) pick.add(rng.uniformInt(m));
  const neurons = Int32Array.from([...pick].sort((a, b) => a - b)), moves = f64(count * n).map((x) => x * 1e-3);
  const plain = { values: f64(blocks * n * B), nodes: new Float64Array(n * 2 * L) };
  const res = { values: resident(plain.values), nodes: resident(plain.nodes) };
  const dirty = new Int32Array(count);
  const run = (a: { values: Float64Array; nodes: Float64Array }) => () => ops.blockMoves(n, count, neurons, 0, moves, 0, a.values, a.nodes, 2 * L, L, dirty, 0);
  const lines = 0 + ops.blockMoves(n, count, neurons, 0, new Float64Array(count * n), 0, new Float64Array(blocks * n * B), null, 0, 0, null, 0) * n;
  comparisons.push(await measure(`blockMoves float64: ${count} of ${m} neurons in ${n} inputs, with the heap's line maxima`, [
    { name: 'js', fn: on('js', run(plain)) }, { name: 'wasm, ordinary arrays (runs the js kernel)', fn: on('wasm', run(plain)) }, { name: 'wasm, leaves and heap resident (wasmArray)', fn: on('wasm', run(res)) },
  ], lines * 64 * 2, 'GB/s (moved lines read and written)', { params: { n, m, count, movedLines: lines } }));
}

// ---- 14. heapSweep: rebuilding every internal node of n = 256 max-heaps of 8192 leaves (the sparse trainer's full heap repair at m = 2^16)
if (want('heap')) {
  const count = 256, L = 8192, stride = 2 * L, plain = f64(count * stride), res = resident(plain);
  const run = (a: Float64Array) => () => ops.heapSweep(count, L, a, 0, stride)[1];
  comparisons.push(await measure(`heapSweep float64: ${count} heaps of ${L} leaves`, [
    { name: 'js', fn: on('js', run(plain)) }, { name: 'wasm, ordinary array (runs the js kernel)', fn: on('wasm', run(plain)) }, { name: 'wasm, heaps resident (wasmArray)', fn: on('wasm', run(res)) },
  ], count * (L - 1), 'G nodes/s', { params: { count, L } }));
}

setBackend('auto');
notes.push(
  'numpy figures come from benchmarks/kernels-numpy.py in the same run (separate process, same machine), medians; ratios against them are across processes.',
  'Ratios, rates and copy shares are judged on the interleaved CPU-time medians (cases alternated round by round, process CPU time), which the load of the shared machine disturbs far less than benny\'s sequential wall-clock means (also saved).',
  'Copy share = 1 − (op on resident arrays) / (op with copies), the share of the wasm op\'s time spent copying ordinary arrays in and out.',
);
// A partial run (KERNELS_ONLY) saves as kernels-<sections>, leaving the full run's results alone.
const suite = only ? `kernels-${only.join('-')}` : 'kernels';
console.log(saveResults(suite, only ? `KERNELS_ONLY=${only.join(',')} npm run bench -- kernels` : 'npm run bench -- kernels', comparisons, notes));
