/** Placeholder until sketch lands: solves exactly. */
import type { ImplicitNetwork } from './implicitNetwork.js';
import { choleskySolveOrPivot } from './trainerCommon.js';

export function solveGaussNewtonSketched(_net: ImplicitNetwork, which: Int32Array, H: Float64Array, r: Float64Array, _seed: number): { solution: Float64Array | number; iterations: number } {
  return { solution: choleskySolveOrPivot(which.length, H, r), iterations: 0 };
}
