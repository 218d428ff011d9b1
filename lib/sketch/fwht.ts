/**
 * The length the SRHT's fast Walsh–Hadamard transform runs on. The transform itself is the `fwht`
 * op of lib/core/kernels (one definition, a js and a wasm SIMD kernel).
 */

/** The smallest power of two ≥ n (1 for n ≤ 1). */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
