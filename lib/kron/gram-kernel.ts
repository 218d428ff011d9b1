/** Trusted Gram kernel of kronGram and kronPowerGram (re-exported by kernels.ts; no checks). */

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
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s0 = 0, s1 = 0, t = 0;
      const ai = i * p, aj = j * p;
      for (; t + 1 < p; t += 2) { s0 += a[ai + t] * a[aj + t]; s1 += a[ai + t + 1] * a[aj + t + 1]; }
      if (t < p) s0 += a[ai + t] * a[aj + t];
      let v = s0 + s1;
      if (power !== 1) v = v ** power;
      g[i * n + j] *= v;
      if (j !== i) g[j * n + i] *= v;
    }
  }
}
