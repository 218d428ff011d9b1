/** Trusted Gram kernel of kronGram and kronPowerGram (re-exported by kernels.ts; no checks): one GEMM-NT op per factor. */

import { gemm } from '../core/kernels/ops.js';
import type { DenseArray as Readable } from '../core/matrix.js';

/**
 * G[i, j] ·= ⟨A[i, :], A[j, :]⟩^power for the n × p row-major A and the symmetric n × n G (both
 * triangles written): call it once per factor on a G of ones to get a Kronecker Gram. Trusted.
 *
 * @param n - points; p: dimension; a: the n × p data; g: the n × n Gram to multiply into; power: default 1.
 * @returns nothing (writes g). @throws nothing (trusted).
 * @example
 * ```ts
 * import { kernels } from 'sublinear/kron';
 * const g = new Float64Array(4).fill(1);
 * kernels.hadamardGramInPlace(2, 2, [1, 2, 3, -1], g, 2);
 * console.log(g); // Float64Array [25, 1, 1, 100]
 * ```
 */
export function hadamardGramInPlace(n: number, p: number, a: Readable, g: Float64Array, power = 1): void {
  // S = A Aᵀ by the GEMM op (ordered sums, so S is exactly symmetric), then G ∘= S^power
  const data = Array.isArray(a) ? Float64Array.from(a) : a;
  const s = gemm(false, true, n, n, p, data, 0, p, data, 0, p, new Float64Array(n * n), 0, n, false);
  if (power === 1) for (let i = 0; i < n * n; i++) g[i] *= s[i];
  else for (let i = 0; i < n * n; i++) g[i] *= s[i] ** power;
}
