/**
 * The leaf moves of one Gauss–Newton step as plain arrays, so that the main thread and the pool's
 * workers compute them the same way: leaf (j, neurons[c]) moves by a_r Σ_k step[k]·G_{which[k], j}
 * over the inputs k that neuron r fired on, summed in member order from the rows
 * scaled[k] = step[k]·G_{which[k], ·}. Trusted (the network builds it).
 */
import { gatherSum } from '../../core/kernels/ops.js';
import { freeWasmArray, residentArray } from '../../core/wasm-array.js';
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
 * Runs `use` with the MoveFill of `rows`: neuron c's move is the gatherSum op's row c (the sum of its
 * members' scaled rows in member order, times a_r). Δc_{r,k}·G_{k,j} = a_r·(step[k]·G_{k,j}) exactly
 * (a_r = ±1) and rounding commutes with negation, so ±(the sum of the scaled rows) is the move rounded
 * the same as term by term. The scaled rows are copied into the wasm memory for the duration (every
 * fill reads them; resident, the op uses them in place) where there is one.
 */
export function withMoveFill<T>(rows: MoveRows, use: (fill: MoveFill) => T): T {
  const { n, scaled, positions, start, neurons, signs } = rows, s = n === 0 ? 0 : scaled.length / n;
  const resident = scaled.length > 0 ? residentArray('float64', scaled.length) : undefined;
  resident?.set(scaled);
  const Y = resident ?? scaled, scales = moveScales(neurons, signs, neurons.length);
  try {
    return use((c0, c1, out) => { gatherSum(c1 - c0, s, n, start, c0, positions, Y, 0, n, scales, c0, out, 0, n); });
  } finally {
    if (resident) freeWasmArray(resident);
  }
}

/** The gatherSum scale of each touched neuron c < count: its output sign a_r. */
export function moveScales(neurons: Int32Array, signs: Float64Array, count: number): Float64Array {
  const scales = new Float64Array(count);
  for (let c = 0; c < count; c++) scales[c] = signs[neurons[c]];
  return scales;
}
