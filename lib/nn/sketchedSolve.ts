/** Placeholder until sketch lands: solves exactly. */
import type { ImplicitNetwork } from './implicitNetwork.js';

export function gramEmbedding(n: number, _G: Float64Array): Float64Array { return new Float64Array(n * n); }

export function solveGaussNewtonSketched(_net: ImplicitNetwork, _which: Int32Array, _embedding: Float64Array, _r: Float64Array, _seed: number): { solution: Float64Array | number; iterations: number; message?: string } {
  return { solution: 0, iterations: 0, message: 'sketch not merged yet' };
}
