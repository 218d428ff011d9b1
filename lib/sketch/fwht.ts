/**
 * Trusted fast Walsh–Hadamard kernels (no validation). The transform is the unnormalized Sylvester
 * Hadamard matrix H (entries ±1, H Hᵀ = n I), applied in place in O(n log n) additions.
 */

/** Rows per cache block: the low stages of a block of this many rows run while the block is in cache. */
const BLOCK_BYTES = 1 << 18;

/**
 * y ← H y for the rows of the row-major `n × width` block at `data[offset …]`: every column is
 * transformed, all columns of a row together (contiguous inner loop). `n` must be a power of two.
 * The stages with short strides run block by block (a block of rows fits in cache); the long strides
 * then sweep the whole array once per stage.
 */
export function fwhtRowsInPlace(data: Float64Array, n: number, width: number, offset = 0): void {
  if (n <= 1 || width === 0) return;
  if (width === 1) return fwhtVectorInPlace(data, n, offset);
  let block = 1;
  while (block < n && block * 2 * width * 8 <= BLOCK_BYTES) block *= 2;
  for (let start = 0; start < n; start += block) stages(data, offset + start * width, block, width, 1, block);
  stages(data, offset, n, width, block, n);
}

/**
 * Butterfly stages with half-span h = from, 2·from, …, < to over `rows` rows starting at `base`,
 * two stages per sweep (radix 4) where possible, so the long strides sweep memory half as often.
 * Each output gets the same additions in the same order as with radix-2 stages: results are identical.
 */
function stages(d: Float64Array, base: number, rows: number, width: number, from: number, to: number): void {
  let h = from;
  for (; h * 4 <= to; h *= 4) {
    const span = h * width;
    for (let i = 0; i < rows; i += 4 * h) {
      const top = base + i * width;
      const end = top + span;
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
  if (h < to) {
    const span = h * width;
    for (let i = 0; i < rows; i += 2 * h) {
      const top = base + i * width;
      const end = top + span;
      for (let a = top; a < end; a++) {
        const x = d[a], y = d[a + span];
        d[a] = x + y;
        d[a + span] = x - y;
      }
    }
  }
}

/** y ← H y for the length-n vector at `data[offset …]`, n a power of two. */
export function fwhtVectorInPlace(data: Float64Array, n: number, offset = 0): void {
  if (n > 1) stages(data, offset, n, 1, 1, n);
}

/** The smallest power of two ≥ n (1 for n ≤ 1). */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
