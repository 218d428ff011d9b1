/**
 * The cost of fresh memory (first-touch page faults): copying 8 MiB and 104 MiB (ThresholdSearch.init's
 * leaves and weights at n = 64, m = 2^14, d = 784) into newly allocated memory against memory
 * touched before, in Node (this process; then a child with GLIBC_TUNABLES=glibc.malloc.hugetlb=1,
 * which makes glibc ask for transparent huge pages on the ArrayBuffers' memory) and in numpy
 * (benchmarks/page-faults-numpy.py: huge pages by default, then 4 KiB pages). The ms per MiB figures
 * are CPU-time medians, the cases alternated round by round (see benchmarks/page-faults.ts).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { compare, saveResults, type Comparison } from './harness.js';
import { copyCases, copyCostPerMiB } from './page-faults.js';

const notes = [`load before the run: ${os.loadavg().map((v) => v.toFixed(2)).join(' ')} (uptime, 1/5/15 min) on ${os.cpus().length} cores shared with other users`, `GLIBC_TUNABLES of this process: ${process.env.GLIBC_TUNABLES ?? 'unset'}`];
const rounds = process.env.BENCH_QUICK === '1' ? 3 : 9;
const probe = fileURLToPath(new URL('./page-faults.ts', import.meta.url));

function child(tunables: string): Record<string, Record<string, number>> | string {
  try {
    const env = { ...process.env, GLIBC_TUNABLES: tunables };
    return JSON.parse(execFileSync(process.execPath, ['--conditions=sublinear-source', '--import', 'tsx', probe], { env, encoding: 'utf8' }));
  } catch (e) {
    return `skipped: ${(e as Error).message.split('\n')[0]}`;
  }
}

function numpy(): Record<string, number> | string {
  try {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.OPENBLAS_CORETYPE; delete env.OPENBLAS_L2_SIZE;
    return JSON.parse(execFileSync('python3', [fileURLToPath(new URL('./page-faults-numpy.py', import.meta.url)), String(rounds)], { env, encoding: 'utf8' }));
  } catch (e) {
    return `skipped: ${(e as Error).message.split('\n')[0]}`;
  }
}

const huge = child('glibc.malloc.hugetlb=1'), np = numpy();
const comparisons: Comparison[] = [];
for (const mib of [8, 104]) {
  const cases = copyCases(mib);
  const c = await compare('page-faults', `copy ${mib} MiB of float64`, cases[0].name, cases, { params: { MiB: mib }, maxTime: 2 });
  const cpu = copyCostPerMiB(mib, rounds);
  const key = `${mib} MiB`;
  c.extra = {
    ...Object.fromEntries(Object.entries(cpu).map(([k, v]) => [`${k}: CPU ms per MiB (interleaved median)`, v])),
    'first-touch cost of fresh memory, CPU ms per MiB (fresh SharedArrayBuffer − reused one)': cpu[cases[0].name] - cpu[cases[2].name],
    ...(typeof huge === 'string' ? { 'with GLIBC_TUNABLES=glibc.malloc.hugetlb=1': huge }
      : Object.fromEntries(Object.entries(huge[key]).map(([k, v]) => [`with GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (child process): ${k}: CPU ms per MiB`, v]))),
    ...(typeof np === 'string' ? { numpy: np }
      : Object.fromEntries(Object.entries(np).filter(([k]) => k.startsWith(key)).map(([k, v]) => [`numpy ${np.numpy} (np.empty + a[:] = src; madvise huge pages: ${np.madvise_hugepage}): ${k.slice(key.length + 1)}: CPU ms per MiB`, v]))),
  };
  comparisons.push(c);
}
notes.push(
  'A fresh ArrayBuffer or SharedArrayBuffer comes from the kernel untouched (calloc of a large block maps new pages); its first write faults every 4 KiB page in. numpy asks for transparent huge pages on large arrays (2 MiB pages, 512 times fewer faults) and reuses freed memory below glibc\'s mmap threshold, which is why its W @ X.T output (8 MiB) never pays this.',
  'ThresholdSearch.init copies the weights (104 MiB at m = 2^14, d = 784) into fresh memory by default: at the fresh SharedArrayBuffer rate above that is most of its time; resident: true with dispose() (memory reused, the resident row), or copy: false on inputs the caller keeps, avoids it.',
);
console.log(saveResults('page-faults', 'npm run bench -- page-faults', comparisons, notes));
