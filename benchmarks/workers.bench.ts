/**
 * The kernel pool: speed-up of 2 threads over 1 on ThresholdSearch init and queryAll (n = 64,
 * m = 2^16, d = 256), the dispatch overhead of an empty task, and zero copy: the cost of a task and
 * the memory of the process stay flat as the shared arrays it works on grow, while a payload that
 * is cloned grows with them; and kronMatVec on 2 threads against this thread.
 */
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import { matmul, Rng, zeros } from 'sublinear/core';
import { kronMatVec } from 'sublinear/kron';
import { ThresholdSearch } from 'sublinear/maxtree';
import { arrayRef, createKernelPool, sharedArray, toSharedMatrix, type KernelPoolHandle } from 'sublinear/workers';
import { compare, saveResults, type Comparison } from './harness.js';

const SUITE = 'workers';
const quick = process.env.BENCH_QUICK === '1';
const comparisons: Comparison[] = [];
const notes: string[] = [];
// A real collection before each memory reading (npm run bench does not pass --expose-gc).
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' / ');
notes.push(`load average (1 / 5 / 15 min) at start: ${load()} on ${os.cpus().length} cores — other engineers share this machine, so 2-thread speed-ups are depressed; rerun on a quiet machine`);

const pool1 = createKernelPool({ threads: 1 });
const pool2 = createKernelPool({ threads: 2 });
const poolAsync = createKernelPool({ threads: 1, atomics: 'async' });
const pools: KernelPoolHandle[] = [pool1, pool2, poolAsync];

/**
 * Wall time and the CPU time the process got (all threads: process.cpuUsage is getrusage(SELF)) over
 * `reps` sequential runs: cores = CPU / wall shows how many cores the OS actually gave the pool.
 */
async function coresObtained(fn: () => Promise<unknown>, reps: number): Promise<{ wallMs: number; cpuMs: number; cores: number }> {
  const c0 = process.cpuUsage(), t0 = performance.now();
  for (let r = 0; r < reps; r++) await fn();
  const wallMs = (performance.now() - t0) / reps, c = process.cpuUsage(c0), cpuMs = (c.user + c.system) / 1000 / reps;
  return { wallMs, cpuMs, cores: cpuMs / wallMs };
}
const describeCores = (label: string, r: { wallMs: number; cpuMs: number; cores: number }) =>
  ({ [`${label}: wall ms / CPU ms per op / cores obtained`]: `${r.wallMs.toFixed(1)} / ${r.cpuMs.toFixed(1)} / ${r.cores.toFixed(2)}` });

// --- ThresholdSearch init and queryAll, 1 vs 2 threads ------------------------------------------
{
  const n = 64, m = quick ? 1 << 12 : 1 << 16, d = 256;
  const rng = new Rng(7);
  const data = new Float64Array(n * d), weights = new Float64Array(m * d);
  rng.fillGaussian(data, 0, 1 / Math.sqrt(d)); // leaves ≈ N(0, 1)
  rng.fillGaussian(weights);
  const options = { data, weights, d };
  const params = { n, m, d, 'load at start': load() };
  comparisons.push(await compare(SUITE, 'ThresholdSearch.init', '1 thread', [
    { name: 'no pool (main thread)', fn: async () => ThresholdSearch.init(options).leaf(0, 0) },
    { name: '1 thread', fn: async () => (await ThresholdSearch.init({ ...options, pool: pool1 })).leaf(0, 0) },
    { name: '2 threads', fn: async () => (await ThresholdSearch.init({ ...options, pool: pool2 })).leaf(0, 0) },
  ], { params, minSamples: 3, maxTime: 4 }));
  const initReps = quick ? 1 : 3;
  comparisons[comparisons.length - 1].extra = {
    ...describeCores('1 thread', await coresObtained(() => ThresholdSearch.init({ ...options, pool: pool1 }), initReps)),
    ...describeCores('2 threads', await coresObtained(() => ThresholdSearch.init({ ...options, pool: pool2 }), initReps)),
  };
  const search = ThresholdSearch.init(options);
  const tau = 2.33; // about 1% of the leaves pass
  const hits = search.queryAll(tau).indices.length;
  comparisons.push(await compare(SUITE, 'ThresholdSearch.queryAll', '1 thread', [
    { name: 'no pool (main thread)', fn: async () => search.queryAll(tau).indices.length },
    { name: '1 thread', fn: async () => (await search.queryAll(tau, { pool: pool1 })).indices.length },
    { name: '2 threads', fn: async () => (await search.queryAll(tau, { pool: pool2 })).indices.length },
  ], { params: { ...params, tau, hits, 'load at start': load() } }));
  comparisons[comparisons.length - 1].extra = {
    ...describeCores('1 thread', await coresObtained(() => search.queryAll(tau, { pool: pool1 }), 100)),
    ...describeCores('2 threads', await coresObtained(() => search.queryAll(tau, { pool: pool2 }), 100)),
  };
}

// --- dispatch overhead of an empty task -------------------------------------------------------
{
  const direct = async () => null;
  comparisons.push(await compare(SUITE, 'dispatch of an empty task', "core.noop, atomics 'sync'", [
    { name: 'await of a resolved promise (no thread)', fn: direct },
    { name: "core.noop, atomics 'sync'", fn: () => pool1.run('core.noop', null) },
    { name: "core.noop, atomics 'async'", fn: () => poolAsync.run('core.noop', null) },
  ], { params: { threads: 1 } }));
  const batch = 2000;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: batch }, () => pool2.run('core.noop', null)));
  const perTask = (performance.now() - t0) / batch;
  comparisons[comparisons.length - 1].extra = { [`throughput: ${batch} empty tasks queued at once on 2 threads, µs per task`]: perTask * 1000 };
}

// --- zero copy --------------------------------------------------------------------------------
{
  const sizes = quick ? [1 << 12, 1 << 16, 1 << 20] : [1 << 12, 1 << 16, 1 << 20, 1 << 22];
  const memory: Record<string, unknown> = {};
  for (const length of sizes) {
    const shared = sharedArray('float64', length).fill(1);
    const plain = new Float64Array(length).fill(1);
    const ref = arrayRef(shared);
    comparisons.push(await compare(SUITE, `task payload of ${length} float64 (${(length * 8) / 2 ** 20} MiB)`, 'shared reference', [
      { name: 'shared reference', fn: () => pool1.run('core.noop', { x: ref }) },
      { name: 'cloned Float64Array', fn: () => pool1.run('core.noop', { x: plain }) },
    ], { params: { length }, maxTime: 1 }));
    // Memory while the pool works: 32 tasks in flight on the shared array, then on cloned copies.
    gc();
    const base = process.memoryUsage();
    let peakShared = 0, peakCloned = 0;
    const sample = (f: (r: number) => void) => setInterval(() => f(process.memoryUsage().rss - base.rss), 1);
    let timer = sample((r) => { peakShared = Math.max(peakShared, r); });
    await Promise.all(Array.from({ length: 32 }, () => pool2.run('core.noop', { x: ref })));
    clearInterval(timer);
    gc();
    timer = sample((r) => { peakCloned = Math.max(peakCloned, r); });
    await Promise.all(Array.from({ length: 32 }, () => pool2.run('core.noop', { x: plain })));
    clearInterval(timer);
    memory[`${length} float64: peak rss growth, 32 tasks on a shared reference (MiB)`] = Math.max(0, peakShared) / 2 ** 20;
    memory[`${length} float64: peak rss growth, 32 tasks on cloned copies (MiB)`] = Math.max(0, peakCloned) / 2 ** 20;
  }
  comparisons[comparisons.length - 1].extra = memory;
}

// --- row-block product, 1 vs 2 threads ---------------------------------------------------------
{
  const rng = new Rng(1);
  const m = quick ? 128 : 512, k = 256, n = 256;
  const A = toSharedMatrix(zeros(m, k)), B = toSharedMatrix(zeros(k, n));
  rng.fillGaussian(A.data); rng.fillGaussian(B.data);
  comparisons.push(await compare(SUITE, 'row-block product C = A·B', '1 thread', [
    { name: 'matmul on the main thread', fn: async () => matmul(A, B).data[0] },
    { name: '1 thread', fn: async () => (await matmul(A, B, { pool: pool1 })).data[0] },
    { name: '2 threads', fn: async () => (await matmul(A, B, { pool: pool2 })).data[0] },
  ], { params: { m, k, n } }));
}

// --- kronMatVec on the pool vs on this thread, inputs as a user passes them (ordinary arrays) -----
// Interleaved (one thread, pool, one thread, …), wall-time medians: the pool copies the factors and x
// into its reused shared scratch, so only the result array is fresh, as on one thread.
{
  const rng = new Rng(3);
  const median = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1];
  for (const N of quick ? [128] : [256, 512, 1024]) {
    const F = { rows: N, cols: N, data: rng.fillGaussian(new Float64Array(N * N)) }, G = { rows: N, cols: N, data: rng.fillGaussian(new Float64Array(N * N)) };
    const x = rng.fillGaussian(new Float64Array(N * N));
    for (let r = 0; r < 2; r++) { kronMatVec([F, G], x); await kronMatVec([F, G], x, { pool: pool2 }); }
    const one: number[] = [], two: number[] = [], reps = quick ? 3 : N >= 1024 ? 9 : 25;
    for (let r = 0; r < reps; r++) {
      let t = performance.now(); kronMatVec([F, G], x); one.push(performance.now() - t);
      t = performance.now(); await kronMatVec([F, G], x, { pool: pool2 }); two.push(performance.now() - t);
    }
    const rows = [['kronMatVec on this thread', median(one)], ['kronMatVec(…, { pool }), 2 threads', median(two)]] as const;
    comparisons.push({
      title: `kronMatVec, two ${N}×${N} float64 factors, ordinary arrays (interleaved wall-time medians)`, baseline: 'kronMatVec on this thread', params: { N, reps, load: load() },
      rows: rows.map(([name, ms]) => ({ name, opsPerSecond: 1000 / ms, meanMs: ms, relativeMarginPercent: 0, samples: reps, speedupVsBaseline: median(one) / ms })),
    });
    console.log(`  kronMatVec ${N}×${N}: ${median(one).toFixed(2)} ms on this thread, ${median(two).toFixed(2)} ms on 2 threads (${(median(one) / median(two)).toFixed(2)}×)`);
  }
}

notes.push(`load average at end: ${load()}`);
await Promise.all(pools.map((p) => p.close()));
console.log(saveResults(SUITE, 'npm run bench -- workers', comparisons, notes));
