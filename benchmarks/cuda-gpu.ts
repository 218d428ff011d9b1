/**
 * The CUDA backend on a real GPU, in one process: parity of every kernel with the module kernels that
 * are its fallback (float32 normwise relative error ≤ 1e-5, float64 ≤ 1e-12, integer outputs exact),
 * of the kernel ops' gemm and fwht on setBackend('cuda') with the js reference kernels, a measured peak
 * fused-multiply-add rate (float32 and float64), the inner-product kernel's rate against that peak,
 * and per-kernel timings: device-resident kernel time (CUDA events, median), end to end through the
 * public API (copies included, median), and the JavaScript kernel on one thread of the same machine.
 * Not a benny suite: GPU time needs events. Writes $OUT/cuda-gpu.json (or benchmarks/results/).
 * Run: npm run build:cuda && node --conditions=sublinear-source --import tsx benchmarks/cuda-gpu.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Rng } from '../lib/core/rng.js';
import type { FloatArray } from '../lib/core/matrix.js';
import { cudaState, launch, type CudaContext } from '../lib/cuda/context.js';
import { gemmGrid, launchFwht, launchMaxtreeRebuild, withDeviceMemory } from '../lib/cuda/gpu-ops.js';
import { setBackend, backendStatus } from '../lib/core/kernels/select.js';
import { fwht as fwhtOp, gemm } from '../lib/core/kernels/ops.js';
import { jsKernels } from '../lib/core/kernels/js/index.js';
import { GPU_MIN_FWHT_ENTRIES, GPU_MIN_GEMM_WORK } from '../lib/cuda/backend.js';
import { cudaStatus, fwht, innerProducts, kronMatVec, logdetApply, logdetFactor, maxtreeRebuild, thresholdQuery, thresholdSearchInit } from '../lib/cuda/index.js';
import { buildHeaps } from '../lib/maxtree/kernels.js';

const rng = new Rng(20261123);
const log: string[] = [];
const say = (s: string): void => { log.push(s); console.log(s); };
const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const f32 = (n: number): Float32Array => rng.fillGaussian(new Float32Array(n));
const f64 = (n: number): Float64Array => rng.fillGaussian(new Float64Array(n));
function relErr(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < ref.length; i++) { const d = a[i] - ref[i]; num += d * d; den += ref[i] * ref[i]; if (Number.isNaN(a[i])) return NaN; }
  return Math.sqrt(num / Math.max(den, 1e-300));
}
const sameInts = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => v === b[i]);
function wall(fn: () => unknown, reps: number): number {
  const t: number[] = [];
  for (let r = 0; r < reps; r++) { const s = performance.now(); fn(); t.push(performance.now() - s); }
  return median(t);
}
function events(ctx: CudaContext, body: () => void, reps: number): number {
  const d = ctx.driver, a = d.createEvent(), b = d.createEvent(), t: number[] = [];
  body(); d.synchronize();
  for (let r = 0; r < reps; r++) { d.recordEvent(a); body(); d.recordEvent(b); t.push(d.elapsedMs(a, b)); }
  return median(t);
}

const status = cudaStatus();
say(`cudaStatus: ${JSON.stringify(status)}`);
const result: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, cpus: os.cpus().length, status };
const parity: Record<string, unknown>[] = [];
const timings: Record<string, unknown>[] = [];
result.parity = parity;
result.timings = timings;
const outDir = process.env.OUT || join(process.cwd(), 'benchmarks', 'results');

function save(): void {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'cuda-gpu.json'), JSON.stringify(result, null, 2) + '\n');
  writeFileSync(join(outDir, 'cuda-gpu.log'), log.join('\n') + '\n');
}

function check(name: string, errFn: number | boolean | (() => number | boolean), tol: number): void {
  let err: number | boolean;
  try { err = typeof errFn === 'function' ? errFn() : errFn; } catch (e) {
    parity.push({ name, error: String(e), ok: false });
    say(`parity FAIL ${name}: threw ${String(e)}`);
    return;
  }
  const ok = typeof err === 'boolean' ? err : err <= tol;
  parity.push({ name, error: err, tolerance: typeof err === 'boolean' ? 'exact' : tol, ok });
  say(`parity ${ok ? 'ok  ' : 'FAIL'} ${name}: ${typeof err === 'boolean' ? (err ? 'identical' : 'differs') : err.toExponential(2)}`);
}

function parityRun(): void {
  for (const [dtype, tol] of [['float32', 1e-5], ['float64', 1e-12]] as const) {
    const mk = dtype === 'float32' ? f32 : f64;
    const be = { backend: 'cuda' as const }, bj = { backend: 'js' as const };
    for (const [n, m, d] of [[300, 517, 129], [256, 384, 64], [1, 1, 1], [130, 7, 3]]) {
      const X = { rows: n, cols: d, data: mk(n * d) }, W = { rows: m, cols: d, data: mk(m * d) };
      check(`innerProducts ${dtype} ${n}x${m}x${d}`, () => relErr(innerProducts(X, W, be).data, innerProducts(X, W, bj).data), tol);
    }
    for (const [n, M] of [[3, 4096], [5, 2], [2, 1 << 14], [1, 8]]) {
      const tree = mk(2 * n * M);
      for (let t = 0; t < n; t++) tree[t * 2 * M + 2 * M - 1] = -Infinity;
      const b = maxtreeRebuild(tree.slice(), n, M, bj);
      let a = b;
      check(`maxtreeRebuild ${dtype} n=${n} M=${M}`, () => sameInts((a = maxtreeRebuild(tree.slice(), n, M, be)), b), 0);
      const layout = { rows: n, cols: M, stride: 2 * M, offset: M };
      check(`thresholdQuery ${dtype} on tree leaves n=${n} M=${M}`, () => { const q1 = thresholdQuery(a, layout, 0.7, be), q2 = thresholdQuery(b, layout, 0.7, bj); return sameInts(q1.starts, q2.starts) && sameInts(q1.indices, q2.indices); }, 0);
    }
    { const v = mk(777 * 1000);
      check(`thresholdQuery ${dtype} 777x1000`, () => { const q1 = thresholdQuery(v, { rows: 777, cols: 1000 }, 1.5, be), q2 = thresholdQuery(v, { rows: 777, cols: 1000 }, 1.5, bj); return sameInts(q1.starts, q2.starts) && sameInts(q1.indices, q2.indices); }, 0); }
    for (const [N, batch] of [[2, 3], [1024, 5], [2048, 2], [1 << 16, 3], [1 << 20, 1]]) {
      const v = mk(N * batch);
      check(`fwht ${dtype} N=${N} batch=${batch}`, () => relErr(fwht(v.slice(), N, be), fwht(v.slice(), N, bj)), tol);
    }
    for (const [n, b] of [[1000, 1], [1000, 4], [777, 8], [5, 8], [3000, 2]]) {
      const band = mk(n * (b + 1));
      for (let j = 0; j < n; j++) band[j * (b + 1)] = 2 * b + 1 + Math.abs(band[j * (b + 1)]);
      if (dtype === 'float64' && n === 1000 && b === 4) for (let j = 0; j < n; j += 50) for (let k = 1; k <= b; k++) band[j * (b + 1) + k] = 3 * band[j * (b + 1)]; // force drops
      const fb = logdetFactor(band, n, b, bj);
      check(`logdetFactor ${dtype} n=${n} b=${b} (dropped ${fb.droppedCount})`, () => { const fa = logdetFactor(band, n, b, be); return Math.max(relErr(fa.L, fb.L), relErr(fa.D, fb.D)) + (sameInts(fa.dropped, fb.dropped) ? 0 : 1); }, tol);
      const g = mk(n);
      check(`logdetApply ${dtype} n=${n} b=${b}`, () => relErr(logdetApply(fb, g, be), logdetApply(fb, g, bj)), tol);
    }
    for (const [n, m, d, blockSize] of [[37, 1000, 33, 16], [5, 17, 8, 1], [64, 4096, 128, 32], [3, 5000, 2, 1024]]) {
      const data = mk(n * d), weights = mk(m * d);
      check(`thresholdSearchInit ${dtype} n=${n} m=${m} d=${d} block=${blockSize}: leaves`, () => {
        const g = thresholdSearchInit({ data, weights, d, dtype, blockSize, backend: 'cuda' }), j = thresholdSearchInit({ data, weights, d, dtype, blockSize, backend: 'js' });
        const L = g.layout, a: number[] = [], b: number[] = [];
        for (let t = 0; t < n; t++) for (let k = 0; k < m; k++) { a.push(g.buffers.leaves[t * L.leafStride + k]); b.push(j.buffers.leaves[t * L.leafStride + k]); }
        const expected = g.buffers.nodes.slice();
        buildHeaps(g.buffers.leaves, expected, L, 0, n);
        const padding = Array.prototype.every.call(g.buffers.leaves, (v: number, i: number) => i % L.leafStride < m || v === -Infinity);
        return sameInts(g.buffers.nodes, expected) && padding ? relErr(a, b) : 1;
      }, tol);
    }
    for (const shapes of [[[3, 4], [5, 6]], [[16, 16], [16, 16], [16, 16]], [[1, 7], [9, 2], [4, 4], [2, 3]], [[64, 32]]]) {
      const factors = shapes.map(([q, p]) => ({ rows: q, cols: p, data: mk(q * p) }));
      const x = mk(shapes.reduce((a, s) => a * s[1], 1));
      check(`kronMatVec ${dtype} ${shapes.map((s) => s.join('x')).join(',')}`, () => relErr(kronMatVec(factors, x, be), kronMatVec(factors, x, bj)), tol);
    }
  }
}

/** The gemm and fwht ops on the 'cuda' backend (setBackend) against the js reference: transposes, strides, offsets, accumulate; fwht bit for bit. */
function opParity(): void {
  setBackend('cuda');
  const s = backendStatus();
  check(`setBackend('cuda') is active (failures: ${JSON.stringify(s.failures)})`, s.active === 'cuda', 0);
  for (const [dtype, tol] of [['float32', 1e-5], ['float64', 1e-12]] as const) {
    const mk = dtype === 'float32' ? f32 : f64;
    for (const [m, n, k] of [[257, 130, 129], [512, 512, 64], [3, 2000, 1000]]) {
      for (const [tA, tB, acc] of [[false, false, false], [false, true, true], [true, false, false], [true, true, true]] as const) {
        const lda = (tA ? m : k) + 3, ldb = (tB ? k : n) + 1, ldc = n + 2, oA = 5, oB = 2, oC = 7;
        const A = mk(oA + lda * (tA ? k : m)), B = mk(oB + ldb * (tB ? n : k)), C0 = mk(oC + ldc * m);
        const big = m * n * k >= GPU_MIN_GEMM_WORK;
        check(`ops.gemm on cuda ${dtype} ${m}x${n}x${k} transA=${tA} transB=${tB} accumulate=${acc}${big ? '' : ' (below the GPU bound: fallback)'}`, () => {
          const c = gemm(tA, tB, m, n, k, A, oA, lda, B, oB, ldb, C0.slice(), oC, ldc, acc);
          const r = jsKernels.gemm(tA, tB, m, n, k, A, oA, lda, B, oB, ldb, C0.slice(), oC, ldc, acc);
          return relErr(c, r);
        }, tol);
      }
    }
    for (const [n, count, stride, batchStride] of [[1 << 20, 8, 1, 1 << 20], [1 << 12, 1024, 1, 1 << 12], [1 << 22, 1, 1, 1 << 22], [1024, 64, 64, 1]]) {
      const x = mk(n * count), gpu = stride === 1 && n * count >= GPU_MIN_FWHT_ENTRIES;
      check(`ops.fwht on cuda ${dtype} n=${n} count=${count} stride=${stride}${gpu ? '' : ' (fallback)'}: bits of the js kernel`,
        () => sameInts(fwhtOp(n, count, x.slice(), stride, batchStride, 0), jsKernels.fwht(n, count, x.slice(), stride, batchStride, 0)), 0);
    }
  }
  setBackend('auto');
}

function peak(ctx: CudaContext): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of ['f32', 'f64']) {
    const blocks = ctx.multiprocessors * 8, threads = 256, iters = k === 'f32' ? 8192 : 2048;
    const ms = withDeviceMemory(ctx, (alloc) => {
      const p = alloc(blocks * threads * 8);
      return events(ctx, () => launch(ctx, `peak_fma_${k}`, blocks, threads, [p, iters, 0.999999, 1e-6]), 5);
    });
    out[k] = (2 * 16 * iters * blocks * threads) / (ms * 1e-3) / 1e12;
    say(`peak fma ${k}: ${out[k].toFixed(2)} TFLOP/s (${ms.toFixed(3)} ms)`);
  }
  return out;
}

function gemmRate(ctx: CudaContext, entry: string, n: number, m: number, d: number, bytes: number): number {
  const ms = withDeviceMemory(ctx, (alloc) => {
    const X = alloc(n * d * bytes), W = alloc(m * d * bytes), C = alloc(n * m * bytes);
    const fill = (p: bigint, len: number): void => { const h = bytes === 4 ? f32(len) : f64(len); ctx.driver.copyToDevice(p, h, h.byteLength); };
    fill(X, n * d); fill(W, m * d);
    return events(ctx, () => launch(ctx, entry, gemmGrid(entry, n, m), 256, [X, W, C, n, m, d, m]), 7);
  });
  const tf = (2 * n * m * d) / (ms * 1e-3) / 1e12;
  say(`${entry} ${n}x${m}x${d}: ${ms.toFixed(3)} ms, ${tf.toFixed(2)} TFLOP/s`);
  return tf;
}

/** One timing row: device-resident kernel ms (events), end-to-end ms (public API, copies included), JS one-thread ms. */
function time(name: string, params: Record<string, number>, kernel: (() => void) | null, e2e: () => unknown, jsRun: () => unknown, ctx: CudaContext, jsReps = 2): void {
  try { timeOne(name, params, kernel, e2e, jsRun, ctx, jsReps); } catch (e) { timings.push({ name, error: String(e) }); say(`timing FAIL ${name}: ${String(e)}`); }
  save();
}

function timeOne(name: string, params: Record<string, number>, kernel: (() => void) | null, e2e: () => unknown, jsRun: () => unknown, ctx: CudaContext, jsReps: number): void {
  const kernelMs = kernel ? events(ctx, kernel, 10) : NaN;
  e2e();
  const e2eMs = wall(e2e, 5);
  jsRun();
  const jsMs = wall(jsRun, jsReps);
  const row = { name, params, kernelMs, endToEndMs: e2eMs, jsOneThreadMs: jsMs, speedupKernel: jsMs / kernelMs, speedupEndToEnd: jsMs / e2eMs };
  timings.push(row);
  say(`${name} ${JSON.stringify(params)}: kernel ${kernelMs.toFixed(3)} ms, end-to-end ${e2eMs.toFixed(2)} ms, JS ${jsMs.toFixed(1)} ms → ${row.speedupKernel.toFixed(0)}× (kernel), ${row.speedupEndToEnd.toFixed(1)}× (end to end)`);
}

/** Device-resident kernel time only, at the sizes of benchmarks/cuda-pool.ts (to set beside its JS pool times). */
function kernelOnly(ctx: CudaContext): void {
  const rows: Record<string, unknown>[] = [];
  result.kernelOnlyAtPoolSizes = rows;
  const run = (name: string, params: Record<string, number>, body: (alloc: (n: number) => bigint) => () => void): void => {
    try {
      const ms = withDeviceMemory(ctx, (alloc) => events(ctx, body(alloc), 10));
      rows.push({ name, params, kernelMs: ms });
      say(`kernel only ${name} ${JSON.stringify(params)}: ${ms.toFixed(3)} ms`);
    } catch (e) { rows.push({ name, params, error: String(e) }); say(`kernel only FAIL ${name}: ${String(e)}`); }
  };
  const filled = (alloc: (n: number) => bigint, a: FloatArray): bigint => { const p = alloc(a.byteLength); ctx.driver.copyToDevice(p, a, a.byteLength); return p; };
  for (const d of [256, 784]) {
    const n = 2048, m = 4096;
    run('innerProducts f32', { n, m, d }, (alloc) => { const X = filled(alloc, f32(n * d)), W = filled(alloc, f32(m * d)), C = alloc(4 * n * m);
      return () => launch(ctx, 'inner_product_f32', gemmGrid('inner_product_f32', n, m), 256, [X, W, C, n, m, d, m]); });
  }
  { const N = 1 << 20, batch = 64; run('fwht f32', { N, batch }, (alloc) => { const v = filled(alloc, f32(N * batch)); return () => launchFwht(ctx, v, N * batch, N, 4, 'f32'); }); }
  { const n = 256, M = 1 << 16; run('maxtreeRebuild f32', { n, M }, (alloc) => { const t = filled(alloc, f32(2 * n * M)); return () => launchMaxtreeRebuild(ctx, t, n, M, 4, 'f32'); }); }
  { const p = 128; run('kronMatVec f64 (three 128x128 factors)', { p, N: p ** 3 }, (alloc) => {
      const x = filled(alloc, f64(p ** 3)), y = alloc(8 * p ** 3), z = alloc(8 * p ** 3), a = [0, 1, 2].map(() => filled(alloc, f64(p * p)));
      return () => {
        launch(ctx, 'kron_mode_product_f64', p ** 3 / 256, 256, [x, a[0], y, 1, p, p, p * p]);
        launch(ctx, 'kron_mode_product_f64', p ** 3 / 256, 256, [y, a[1], z, p, p, p, p]);
        launch(ctx, 'kron_mode_product_f64', p ** 3 / 256, 256, [z, a[2], y, p * p, p, p, 1]);
      }; }); }
  save();
}

function benchmarks(ctx: CudaContext): void {
  const be = { backend: 'cuda' as const }, bj = { backend: 'js' as const };
  const up = (a: FloatArray, alloc: (n: number) => bigint): bigint => { const p = alloc(a.byteLength); ctx.driver.copyToDevice(p, a, a.byteLength); return p; };
  withDeviceMemory(ctx, (alloc) => {
    { const n = 1024, m = 2048, d = 256;
      const X = { rows: n, cols: d, data: f32(n * d) }, W = { rows: m, cols: d, data: f32(m * d) };
      const dx = up(X.data, alloc), dw = up(W.data, alloc), dc = alloc(4 * n * m);
      time('innerProducts f32', { n, m, d }, () => launch(ctx, 'inner_product_f32', gemmGrid('inner_product_f32', n, m), 256, [dx, dw, dc, n, m, d, m]),
        () => innerProducts(X, W, be), () => innerProducts(X, W, bj), ctx); }
    { const n = 64, M = 1 << 18; const tree = f32(2 * n * M); const dt = up(tree, alloc);
      time('maxtreeRebuild f32', { n, M }, () => launchMaxtreeRebuild(ctx, dt, n, M, 4, 'f32'), () => maxtreeRebuild(tree, n, M, be), () => maxtreeRebuild(tree, n, M, bj), ctx, 3);
      const dcount = alloc(4 * n);
      time('thresholdQuery count f32 (tree leaves)', { n, M }, () => launch(ctx, 'threshold_count_f32', n, 256, [dt, n, M, 2 * M, M, 2.0, dcount]),
        () => thresholdQuery(tree, { rows: n, cols: M, stride: 2 * M, offset: M }, 2.0, be), () => thresholdQuery(tree, { rows: n, cols: M, stride: 2 * M, offset: M }, 2.0, bj), ctx, 3); }
    { const N = 1 << 20, batch = 16; const v = f32(N * batch); const dv = up(v, alloc);
      time('fwht f32', { N, batch }, () => launchFwht(ctx, dv, N * batch, N, 4, 'f32'), () => fwht(v, N, be), () => fwht(v, N, bj), ctx); }
    { const n = 1 << 22, b = 4; const band = f32(n * (b + 1)); for (let j = 0; j < n; j++) band[j * (b + 1)] = 10 + Math.abs(band[j * (b + 1)]);
      const dband = up(band, alloc), dl = alloc(4 * n * b), dd = alloc(4 * n), ddrop = alloc(4 * n);
      time('logdetFactor f32', { n, b }, () => launch(ctx, 'logdet_factor_f32', n / 128, 128, [dband, n, b, 2 ** -23, dl, dd, ddrop]),
        () => logdetFactor(band, n, b, be), () => logdetFactor(band, n, b, bj), ctx);
      const f = logdetFactor(band, n, b, bj), g = f32(n), dg = up(g, alloc), dy = alloc(4 * n), du = alloc(4 * n);
      time('logdetApply f32', { n, b }, () => { launch(ctx, 'logdet_apply_upper_f32', n / 256, 256, [dl, dd, n, b, dg, dy]); launch(ctx, 'logdet_apply_lower_f32', n / 256, 256, [dl, n, b, dy, du]); },
        () => logdetApply(f, g, be), () => logdetApply(f, g, bj), ctx); }
    { const p = 128; const factors = [0, 1, 2].map(() => ({ rows: p, cols: p, data: f32(p * p) })); const x = f32(p ** 3);
      const dx = up(x, alloc), dy = alloc(4 * p ** 3), dz = alloc(4 * p ** 3), da = factors.map((A) => up(A.data, alloc));
      time('kronMatVec f32 (three 128x128 factors)', { p, N: p ** 3 }, () => {
        launch(ctx, 'kron_mode_product_f32', p ** 3 / 256, 256, [dx, da[0], dy, 1, p, p, p * p]);
        launch(ctx, 'kron_mode_product_f32', p ** 3 / 256, 256, [dy, da[1], dz, p, p, p, p]);
        launch(ctx, 'kron_mode_product_f32', p ** 3 / 256, 256, [dz, da[2], dy, p * p, p, p, 1]);
      }, () => kronMatVec(factors, x, be), () => kronMatVec(factors, x, bj), ctx); }
  });
}

try {
  const { context } = cudaState();
  if (!context) throw new Error(`CUDA unavailable: ${status.reason}`);
  if (process.env.SKIP_PARITY !== '1') { parityRun(); opParity(); }
  save();
  const pk = peak(context);
  const g32 = gemmRate(context, 'inner_product_f32', 8192, 8192, 4096, 4);
  const g32odd = gemmRate(context, 'inner_product_f32', 8000, 8000, 4000, 4);
  const g64 = gemmRate(context, 'inner_product_f64', 8192, 8192, 2048, 8);
  const g64odd = gemmRate(context, 'inner_product_f64', 8000, 8000, 2000, 8);
  const g64quad = gemmRate(context, 'inner_product_f64_quad', 8192, 8192, 2048, 8);
  result.peakTflops = pk;
  result.innerProduct = {
    f32: { tflops: g32, fractionOfPeak: g32 / pk.f32, shape: [8192, 8192, 4096] },
    f32Unaligned: { tflops: g32odd, fractionOfPeak: g32odd / pk.f32, shape: [8000, 8000, 4000] },
    f64: { tflops: g64, fractionOfPeak: g64 / pk.f64, shape: [8192, 8192, 2048] },
    f64Unaligned: { tflops: g64odd, fractionOfPeak: g64odd / pk.f64, shape: [8000, 8000, 2000] },
    f64Quad: { tflops: g64quad, fractionOfPeak: g64quad / pk.f64, shape: [8192, 8192, 2048] },
  };
  say(`inner product vs peak: f32 ${(100 * g32 / pk.f32).toFixed(1)}%, f64 ${(100 * g64 / pk.f64).toFixed(1)}%`);
  save();
  kernelOnly(context);
  if (process.env.SKIP_BENCH !== '1') benchmarks(context);
} catch (e) {
  result.error = String((e as Error)?.stack ?? e);
  say(`ERROR ${result.error}`);
}
save();
say(`parity: ${parity.filter((p) => p.ok).length}/${parity.length} ok`);
