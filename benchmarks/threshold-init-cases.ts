/**
 * The ThresholdSearch.init cases of the kernels benchmark (n = 64, m = 2^14, d = 784, float64, wasm
 * backend), shared with a child process that reruns them under another environment: run alone it
 * prints one JSON object, each case's median CPU ms (cases alternated round by round), e.g.
 * `GLIBC_TUNABLES=glibc.malloc.hugetlb=1 node --conditions=sublinear-source --import tsx benchmarks/threshold-init-cases.ts`.
 */
import { fileURLToPath } from 'node:url';
import { Rng, setBackend, wasmArray } from 'sublinear/core';
import { ThresholdSearch } from 'sublinear/maxtree';

export const INIT_SHAPE = { n: 64, m: 1 << 14, d: 784 } as const;

/** The cases, each one init on the wasm backend (what a user runs, dispose() included where the case says so). */
export function thresholdInitCases(seed = 20261129): { name: string; fn: () => number }[] {
  const { n, m, d } = INIT_SHAPE, rng = new Rng(seed);
  const data = rng.fillGaussian(new Float64Array(n * d)), weights = rng.fillGaussian(new Float64Array(m * d));
  const sharedData = new Float64Array(new SharedArrayBuffer(n * d * 8)), sharedWeights = new Float64Array(new SharedArrayBuffer(m * d * 8));
  sharedData.set(data); sharedWeights.set(weights);
  const residentData = wasmArray('float64', n * d), residentWeights = wasmArray('float64', m * d);
  residentData.set(data); residentWeights.set(weights);
  const wasm = (fn: () => number) => () => { setBackend('wasm'); return fn(); };
  const once = (s: ThresholdSearch) => { const v = s.leaf(n - 1, m - 1); s.dispose(); return v; };
  return [
    { name: 'ThresholdSearch.init, wasm backend (default: data and weights copied into fresh memory)', fn: wasm(() => ThresholdSearch.init({ data, weights, d }).leaf(n - 1, m - 1)) },
    { name: 'ThresholdSearch.init, wasm backend, copy: false on shared inputs', fn: wasm(() => ThresholdSearch.init({ data: sharedData, weights: sharedWeights, d, copy: false }).leaf(n - 1, m - 1)) },
    { name: 'ThresholdSearch.init, wasm backend, resident: true, then dispose() (copies in reused wasm memory)', fn: wasm(() => once(ThresholdSearch.init({ data, weights, d, resident: true }))) },
    { name: 'ThresholdSearch.init, wasm backend, copy: false on resident inputs (wasmArray), resident: true, then dispose()', fn: wasm(() => once(ThresholdSearch.init({ data: residentData, weights: residentWeights, d, copy: false, resident: true }))) },
  ];
}

/** Median CPU ms per call of each case over `rounds` rounds, alternated round by round. */
export function interleavedCpuMs(cases: { name: string; fn: () => unknown }[], rounds: number): Record<string, number> {
  const times = cases.map(() => [] as number[]);
  for (const c of cases) c.fn();
  for (let r = 0; r < rounds; r++) {
    cases.forEach((c, i) => {
      const c0 = process.cpuUsage();
      c.fn();
      const d = process.cpuUsage(c0);
      times[i].push((d.user + d.system) / 1000);
    });
  }
  return Object.fromEntries(cases.map((c, i) => [c.name, times[i].sort((a, b) => a - b)[rounds >> 1]]));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rounds = Number(process.argv[2] ?? 7);
  console.log(JSON.stringify({ glibcTunables: process.env.GLIBC_TUNABLES ?? null, ...interleavedCpuMs(thresholdInitCases(), rounds) }));
}
