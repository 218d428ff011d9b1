/**
 * The js backend's fast Walsh–Hadamard transform (moved from lib/sketch/fwht.ts): the unnormalized
 * Sylvester Hadamard matrix H (entries ±1, H Hᵀ = n I) applied in place to a batch of vectors in
 * O(n log n) additions each. Every butterfly stage is rounded to the storage: float64 data in
 * float64, float32 data in float32 (Math.fround), so the radix-4 sweeps below give the bits of
 * radix-2 stages on either dtype, and any backend that rounds each stage gives the same bits.
 */
import type { FloatArray } from '../../matrix.js';

/** Bytes per cache block: the low stages of a block of this many bytes of rows run while it is in cache. */
const BLOCK_BYTES = 1 << 18;

type Stages<T> = (d: T, base: number, rows: number, width: number, ld: number, from: number, to: number) => void;

/**
 * Butterfly stages with half-span h = from, 2·from, …, < to over `rows` rows of `width` entries
 * (rows ld apart) starting at `base`, two stages per sweep (radix 4) where possible, so the long
 * strides sweep memory half as often. Each output gets the same additions in the same order as with
 * radix-2 stages, so the results are identical. Rows stored back to back (ld = width) run as one span.
 */
function stages64(d: Float64Array, base: number, rows: number, width: number, ld: number, from: number, to: number): void {
  const flat = ld === width;
  let h = from;
  for (; h * 4 <= to; h *= 4) {
    const span = h * ld, inner = flat ? h * width : width, outer = flat ? 1 : h;
    for (let i = 0; i < rows; i += 4 * h) {
      for (let r = 0; r < outer; r++) {
        const top = base + (i + r) * ld, end = top + inner;
        for (let a = top; a < end; a++) {
          const x0 = d[a], x1 = d[a + span], x2 = d[a + 2 * span], x3 = d[a + 3 * span];
          const s01 = x0 + x1, d01 = x0 - x1, s23 = x2 + x3, d23 = x2 - x3;
          d[a] = s01 + s23;
          d[a + span] = d01 + d23;
          d[a + 2 * span] = s01 - s23;
          d[a + 3 * span] = d01 - d23;
        }
      }
    }
  }
  if (h < to) {
    const span = h * ld, inner = flat ? h * width : width, outer = flat ? 1 : h;
    for (let i = 0; i < rows; i += 2 * h) {
      for (let r = 0; r < outer; r++) {
        const top = base + (i + r) * ld, end = top + inner;
        for (let a = top; a < end; a++) {
          const x = d[a], y = d[a + span];
          d[a] = x + y;
          d[a + span] = x - y;
        }
      }
    }
  }
}

/**
 * stages64 for float32 storage: the first stage's sums are rounded to float32 as a radix-2 stage stores
 * them. A second copy rather than one body with a rounding callback: the callback in the inner loop
 * would make this reference kernel (and every ratio measured against it) several times slower.
 */
function stages32(d: Float32Array, base: number, rows: number, width: number, ld: number, from: number, to: number): void {
  const flat = ld === width, f = Math.fround;
  let h = from;
  for (; h * 4 <= to; h *= 4) {
    const span = h * ld, inner = flat ? h * width : width, outer = flat ? 1 : h;
    for (let i = 0; i < rows; i += 4 * h) {
      for (let r = 0; r < outer; r++) {
        const top = base + (i + r) * ld, end = top + inner;
        for (let a = top; a < end; a++) {
          const x0 = d[a], x1 = d[a + span], x2 = d[a + 2 * span], x3 = d[a + 3 * span];
          const s01 = f(x0 + x1), d01 = f(x0 - x1), s23 = f(x2 + x3), d23 = f(x2 - x3);
          d[a] = s01 + s23;
          d[a + span] = d01 + d23;
          d[a + 2 * span] = s01 - s23;
          d[a + 3 * span] = d01 - d23;
        }
      }
    }
  }
  if (h < to) {
    const span = h * ld, inner = flat ? h * width : width, outer = flat ? 1 : h;
    for (let i = 0; i < rows; i += 2 * h) {
      for (let r = 0; r < outer; r++) {
        const top = base + (i + r) * ld, end = top + inner;
        for (let a = top; a < end; a++) {
          const x = d[a], y = d[a + span];
          d[a] = x + y;
          d[a + span] = x - y;
        }
      }
    }
  }
}

/**
 * H applied down the columns of the n × width block at `offset` (rows ld apart): the stages with
 * short strides run block by block (a block of rows fits in cache), the long strides then sweep the
 * whole block once per two stages.
 */
function rows<T extends FloatArray>(st: Stages<T>, d: T, n: number, width: number, ld: number, offset: number, size: number): void {
  let block = 1;
  while (block < n && block * 2 * ld * size <= BLOCK_BYTES) block *= 2;
  for (let start = 0; start < n; start += block) st(d, offset + start * ld, block, width, ld, 1, block);
  st(d, offset, n, width, ld, block, n);
}

/** See FwhtKernel: entry i of vector c at x[offset + i·stride + c·batchStride]. */
export function fwhtJs<T extends FloatArray>(n: number, count: number, x: T, stride: number, batchStride: number, offset: number): T {
  if (n <= 1 || count <= 0) return x;
  if (x instanceof Float32Array) run<Float32Array>(stages32, x, n, count, stride, batchStride, offset, 4);
  else run<Float64Array>(stages64, x as Float64Array, n, count, stride, batchStride, offset, 8);
  return x;
}

function run<T extends FloatArray>(st: Stages<T>, x: T, n: number, count: number, stride: number, batchStride: number, offset: number, size: number): void {
  // Vectors interleaved entry by entry (a row-major n × count block, rows `stride` apart): transform
  // all of them together, the contiguous row the inner loop.
  if (batchStride === 1 && count > 1) return rows(st, x, n, count, stride, offset, size);
  for (let c = 0; c < count; c++) rows(st, x, n, 1, stride, offset + c * batchStride, size);
}
