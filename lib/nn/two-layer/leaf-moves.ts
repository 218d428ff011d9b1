/**
 * The leaf moves of one Gauss–Newton step as plain arrays, so that the main thread and the pool's
 * workers compute them the same way: leaf (j, neurons[c]) moves by a_r Σ_k step[k]·G_{which[k], j}
 * over the inputs k that neuron r fired on, summed in member order from the rows
 * scaled[k] = step[k]·G_{which[k], ·}. Trusted (the network builds it).
 */
import type { MoveFill } from './blocked-leaves.js';

/** One step's moves: per touched neuron c (ascending `neurons`), its members positions[start[c] … start[c + 1]). */
export interface MoveRows {
  /** Leaves per neuron (the inputs n). */
  readonly n: number;
  /** s × n rows step[k]·G_{which[k], ·}. */
  readonly scaled: Float64Array;
  readonly positions: Int32Array;
  readonly start: Int32Array;
  /** The touched neurons, strictly ascending. */
  readonly neurons: Int32Array;
  /** The output signs a_r (length m). */
  readonly signs: Float64Array;
}

/**
 * The MoveFill of `rows`: writes neuron c's move into out[offset … offset + n). Δc_{r,k}·G_{k,j} =
 * a_r·(step[k]·G_{k,j}) exactly (a_r = ±1) and rounding commutes with negation, so the sum of the
 * scaled rows, negated for a_r = −1, is the move rounded the same as term by term.
 */
export function moveFill(rows: MoveRows): MoveFill {
  const { n, scaled, positions, start, neurons, signs } = rows;
  return (c, out, offset) => {
    const hi = start[c + 1];
    let p = start[c];
    const first = positions[p++] * n;
    for (let j = 0; j < n; j++) out[offset + j] = scaled[first + j];
    // Four rows per pass, added in member order: the same sums, rounded the same, as one row at a time.
    for (; p + 3 < hi; p += 4) {
      const g0 = positions[p] * n, g1 = positions[p + 1] * n, g2 = positions[p + 2] * n, g3 = positions[p + 3] * n;
      for (let j = 0; j < n; j++) out[offset + j] = out[offset + j] + scaled[g0 + j] + scaled[g1 + j] + scaled[g2 + j] + scaled[g3 + j];
    }
    for (; p < hi; p++) { const g = positions[p] * n; for (let j = 0; j < n; j++) out[offset + j] += scaled[g + j]; }
    if (signs[neurons[c]] < 0) for (let j = 0; j < n; j++) out[offset + j] = -out[offset + j];
  };
}
