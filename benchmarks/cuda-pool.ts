/**
 * The CUDA backend inside the worker pool, and against the JavaScript pool, end to end (inputs and
 * outputs in host memory, copies included). For each kernel: the JS kernel on one thread, the same JS
 * kernel split across a pool of every core (the `cuda.*` tasks with backend 'js', or the module's
 * pooled driver), and the CUDA kernel run as one task inside a pool thread (CUDA loaded there).
 * Also records every thread's cudaStatus. Runs on the built package (npm run build; npm run build:cuda).
 * Run: node benchmarks/cuda-pool.mjs after building (see docs/cuda.md); writes $OUT/cuda-pool.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Rng, type Matrix } from 'sublinear/core';
import { cudaStatus, fwht, innerProducts, kronMatVec, maxtreeRebuild, thresholdSearchInit } from 'sublinear/cuda';
import { ThresholdSearch } from 'sublinear/maxtree';
import { arrayRef, createKernelPool, matrixRef, parallelKronMatVec, sharedArray, splitRange, type SharedTypedArray } from 'sublinear/workers';

const threads = os.availableParallelism();
const rng = new Rng(7);
const results: Record<string, unknown>[] = [];
const out: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, threads, mainThread: cudaStatus(), results };
const outDir = process.env.OUT || join(process.cwd(), 'benchmarks', 'results');
const save = (): void => { mkdirSync(outDir, { recursive: true }); writeFileSync(join(outDir, 'cuda-pool.json'), JSON.stringify(out, null, 2) + '\n'); };
const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
async function wall(fn: () => unknown, reps: number): Promise<number> {
  await fn();
  const t: number[] = [];
  for (let r = 0; r < reps; r++) { const s = performance.now(); await fn(); t.push(performance.now() - s); }
  return median(t);
}
const shared32 = (n: number): Float32Array => rng.fillGaussian(sharedArray('float32', n));
const sharedMat = (rows: number, cols: number, dtype: 'float32' | 'float64'): Matrix => ({ rows, cols, data: rng.fillGaussian(sharedArray(dtype, rows * cols)) });
const sub = (a: SharedTypedArray, start: number, end: number) => arrayRef(a.subarray(start, end) as SharedTypedArray);

const pool = createKernelPool({ threads, atomics: 'async' });
try {
  const statuses = await Promise.all(Array.from({ length: 2 * threads }, () => pool.run<{ available: boolean; device: string | null; reason: string | null }>('cuda.status', null)));
  out.poolThreads = statuses;
  console.log(`main thread: ${JSON.stringify(out.mainThread)}; pool threads available: ${statuses.filter((s) => s.available).length}/${statuses.length}`);

  async function row(name: string, params: Record<string, number>, js1: () => unknown, jsPool: () => Promise<unknown>, cudaTask: () => Promise<unknown>, reps = 3): Promise<void> {
    try {
      const oneMs = await wall(js1, 1), poolMs = await wall(jsPool, reps), cudaMs = await wall(cudaTask, reps);
      const r = { name, params, jsOneThreadMs: oneMs, jsPoolMs: poolMs, cudaInWorkerMs: cudaMs, poolSpeedup: oneMs / poolMs, cudaVsPool: poolMs / cudaMs, cudaVsOneThread: oneMs / cudaMs };
      results.push(r);
      console.log(`${name} ${JSON.stringify(params)}: JS 1 thread ${oneMs.toFixed(1)} ms, JS pool (${threads}) ${poolMs.toFixed(1)} ms, CUDA in a worker ${cudaMs.toFixed(1)} ms → ${r.cudaVsPool.toFixed(1)}× the JS pool, ${r.cudaVsOneThread.toFixed(1)}× one thread`);
    } catch (e) {
      results.push({ name, error: String(e) });
      console.log(`FAIL ${name}: ${String((e as Error)?.stack ?? e)}`);
    }
    save();
  }

  for (const d of [256, 784]) {
    const n = 2048, m = 4096;
    const X = sharedMat(n, d, 'float32'), W = sharedMat(m, d, 'float32'), C = sharedMat(n, m, 'float32');
    await row('innerProducts f32', { n, m, d }, () => innerProducts(X, W, { backend: 'js' }),
      () => Promise.all(splitRange(0, n, threads).map(([start, end]) => pool.run('cuda.innerProducts', {
        X: matrixRef({ rows: end - start, cols: d, data: X.data.subarray(start * d, end * d) }), W: matrixRef(W),
        C: matrixRef({ rows: end - start, cols: m, data: C.data.subarray(start * m, end * m) }), backend: 'js' }))),
      () => pool.run('cuda.innerProducts', { X: matrixRef(X), W: matrixRef(W), C: matrixRef(C), backend: 'cuda' }), 3); }
  { const N = 1 << 20, batch = 64; const v = shared32(N * batch);
    await row('fwht f32', { N, batch }, () => fwht(v, N, { backend: 'js' }),
      () => Promise.all(splitRange(0, batch, threads).map(([start, end]) => pool.run('cuda.fwht', { data: sub(v, start * N, end * N), length: N, backend: 'js' }))),
      () => pool.run('cuda.fwht', { data: arrayRef(v), length: N, backend: 'cuda' })); }
  { const n = 256, M = 1 << 16; const tree = shared32(2 * n * M);
    await row('maxtreeRebuild f32', { n, M }, () => maxtreeRebuild(tree, n, M, { backend: 'js' }),
      () => Promise.all(splitRange(0, n, threads).map(([start, end]) => pool.run('cuda.maxtreeRebuild', { tree: sub(tree, start * 2 * M, end * 2 * M), trees: end - start, leaves: M, backend: 'js' }))),
      () => pool.run('cuda.maxtreeRebuild', { tree: arrayRef(tree), trees: n, leaves: M, backend: 'cuda' })); }
  { const p = 128; const factors = [0, 1, 2].map(() => sharedMat(p, p, 'float64')); const x = rng.fillGaussian(sharedArray('float64', p ** 3)); const y = sharedArray('float64', p ** 3);
    await row('kronMatVec f64 (three 128x128 factors)', { p, N: p ** 3 }, () => kronMatVec(factors, x, { backend: 'js' }),
      () => parallelKronMatVec(pool, factors, x),
      () => pool.run('cuda.kronMatVec', { factors: factors.map(matrixRef), x: arrayRef(x), y: arrayRef(y), backend: 'cuda' })); }
  { const n = 2048, m = 4096, d = 784; const data = shared32(n * d), weights = shared32(m * d);
    await row('thresholdSearchInit f32 (CUDA on the main thread)', { n, m, d }, () => ThresholdSearch.init({ data, weights, d, dtype: 'float32' }),
      () => ThresholdSearch.init({ data, weights, d, dtype: 'float32', pool }),
      async () => thresholdSearchInit({ data, weights, d, dtype: 'float32', backend: 'cuda' }), 3); }
} finally {
  save();
  await pool.close({ timeout: 10_000 });
}
