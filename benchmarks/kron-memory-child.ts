/**
 * One memory measurement of one mat-vec path, in a fresh process so that nothing else is on the heap:
 *   node --expose-gc --conditions=sublinear-source --import tsx benchmarks/kron-memory-child.ts <dense|kron> 64x64,64x64
 * Prints JSON: the bytes of ArrayBuffers (typed-array storage) and of V8 new space (where the JS
 * objects a short call allocates land) allocated by the measured call and still there when it returns
 * (no GC in between, so intermediates count even though they are already garbage: an upper bound on
 * the call's own high-water); and the process's peak resident set at the end (VmHWM from
 * /proc/self/status: getrusage's maxRSS would report the parent's peak, which Linux carries over
 * into a child across fork and exec).
 * Path `none` is the control (the same process, setup and measurement, no work).
 */
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { gemv, Rng, type Matrix } from 'sublinear/core';
import { kronMatVec, kronProduct } from 'sublinear/kron';

const [path, spec] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !['dense', 'kron', 'none'].includes(path) || !spec) throw new Error('usage: node --expose-gc … kron-memory-child.ts <dense|kron> <r>x<c>,…');
const rng = new Rng(7);
const factors: Matrix[] = spec.split(',').map((s) => {
  const [rows, cols] = s.split('x').map(Number);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => rng.gaussian()) };
});
const N = factors.reduce((s, f) => s * f.cols, 1);
const x = Float64Array.from({ length: N }, () => rng.gaussian());
function run(): { y: Float64Array; held: unknown } {
  if (path === 'none') return { y: x.subarray(0, 1), held: undefined }; // the control: measurement overhead only
  if (path === 'kron') return { y: kronMatVec(factors, x) as Float64Array, held: undefined };
  const M = kronProduct(factors);
  const y = new Float64Array(M.rows);
  gemv(M.rows, M.cols, M.data, x, y);
  return { y, held: M };
}
// Run a few times first and give the background compiler time to install optimized code, so the
// measured call neither compiles nor runs unoptimized (whose boxed doubles would fill new space).
for (let i = 0; i < 5; i++) run();
await new Promise((resolve) => setTimeout(resolve, 300));
gc(); gc();
const newSpace = () => v8.getHeapSpaceStatistics().find((h) => h.space_name === 'new_space')?.space_used_size ?? 0;
const before = process.memoryUsage(), newBefore = newSpace();
const { y, held } = run();
const after = process.memoryUsage(), newAfter = newSpace();
let checksum = 0;
for (let i = 0; i < y.length; i++) checksum += y[i];
console.log(JSON.stringify({
  path, spec, N,
  arrayBufferBytes: after.arrayBuffers - before.arrayBuffers,
  newSpaceBytes: newAfter - newBefore,
  heapUsedBytes: after.heapUsed - before.heapUsed,
  peakRssBytes: peakRss(),
  checksum, held: held !== undefined,
}));

/** VmHWM (peak resident set of this process image) in bytes, or NaN where /proc is not there. */
function peakRss(): number {
  try {
    const m = /VmHWM:\s*(\d+)\s*kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}
