/**
 * What fresh memory costs here: CPU ms per MiB to copy an array into memory allocated for the copy
 * (a new SharedArrayBuffer or ArrayBuffer, as ThresholdSearch.init's default copy of the weights and
 * its leaves are) against memory that was touched before (one array reused every time, or a
 * resident array in the wasm memory freed and allocated again, as `resident: true` with `dispose()`
 * gives). The difference is the kernel's first-touch page faults (plus, on a virtual machine, the
 * host's). Run alone it prints one JSON object (`node --conditions=sublinear-source --import tsx
 * benchmarks/page-faults.ts`); benchmarks/page-faults.bench.ts runs it with and without
 * GLIBC_TUNABLES=glibc.malloc.hugetlb=1 next to numpy's figures (benchmarks/page-faults-numpy.py).
 */
import { fileURLToPath } from 'node:url';
import { releaseIfResident, residentArray } from '../lib/core/wasm-array.js';

const MIB = 1 << 20;

/** The copy cases for `mib` MiB: name → a function doing one copy. */
export function copyCases(mib: number): { name: string; fn: () => number }[] {
  const n = (mib * MIB) / 8, src = new Float64Array(n).fill(1.5), kept = new Float64Array(new SharedArrayBuffer(n * 8));
  return [
    { name: 'into a fresh SharedArrayBuffer', fn: () => { const a = new Float64Array(new SharedArrayBuffer(n * 8)); a.set(src); return a[n - 1]; } },
    { name: 'into a fresh ArrayBuffer', fn: () => { const a = new Float64Array(n); a.set(src); return a[n - 1]; } },
    { name: 'into one SharedArrayBuffer reused every time', fn: () => { kept.set(src); return kept[n - 1]; } },
    {
      name: 'into a resident array (wasm memory), allocated and freed every time', fn: () => {
        const a = residentArray('float64', n);
        if (a === undefined) throw new Error('no resident arrays here (no shared wasm memory)');
        a.set(src);
        const v = a[n - 1];
        releaseIfResident(a);
        return v;
      },
    },
  ];
}

/** Median CPU ms per MiB of each case over `rounds` rounds, the cases alternated round by round. */
export function copyCostPerMiB(mib: number, rounds = 9): Record<string, number> {
  const cases = copyCases(mib), times = cases.map(() => [] as number[]);
  for (const c of cases) c.fn(); // warm-up
  for (let r = 0; r < rounds; r++) {
    cases.forEach((c, i) => {
      const c0 = process.cpuUsage();
      c.fn();
      const d = process.cpuUsage(c0);
      times[i].push((d.user + d.system) / 1000 / mib);
    });
  }
  return Object.fromEntries(cases.map((c, i) => [c.name, times[i].sort((a, b) => a - b)[rounds >> 1]]));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify({ glibcTunables: process.env.GLIBC_TUNABLES ?? null, '8 MiB': copyCostPerMiB(8), '104 MiB': copyCostPerMiB(104) }));
}
