/**
 * Kron tasks: one block of one mode product (lib/kron/kernels.ts `modeProduct`), split by the outer
 * index l or, when there are fewer outer slices than threads, by output rows i of the factor.
 */
import { modeProduct } from '../../lib/kron/kernels.js';
import { viewOf, type SharedArrayRef } from '../../lib/core/shared-memory.js';
import type { KernelTaskSet } from './types.js';

/** Payload of 'kron.modeProduct': the tensor viewed as (L, q, R) → (L, p, R); a block of l or of i. */
export interface ModeProductPayload {
  L: number; p: number; q: number; R: number;
  a: SharedArrayRef; transposeA: boolean; x: SharedArrayRef; out: SharedArrayRef<'float64'>;
  /** 'outer': l in [start, end); 'rows': i in [start, end) for every l (only without transposeA). */
  split: 'outer' | 'rows';
  start: number; end: number;
}

function modeProductBlock({ L, p, q, R, a, transposeA, x, out, split, start, end }: ModeProductPayload): { entries: number } {
  const A = viewOf(a) as Float64Array, X = viewOf(x) as Float64Array, O = viewOf(out);
  if (split === 'outer') {
    modeProduct(L, p, q, R, A, transposeA, X, O, start, end);
    return { entries: (end - start) * p * R };
  }
  // Rows [start, end) of A against every slice l: the same sums, in the same order, as the whole call.
  const rows = A.subarray(start * q, end * q);
  for (let l = 0; l < L; l++) {
    modeProduct(1, end - start, q, R, rows, false, X.subarray(l * q * R, (l + 1) * q * R), O.subarray((l * p + start) * R, (l * p + end) * R));
  }
  return { entries: L * (end - start) * R };
}

export const kronTasks: KernelTaskSet = {
  'kron.modeProduct': modeProductBlock,
};
