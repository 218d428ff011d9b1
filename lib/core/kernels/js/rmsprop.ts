/**
 * The js backend's fused RMSprop step: per entry exactly what lib/optim computes for
 * chain(scaleByRms, scaleByLearningRate(lr)) then applyUpdates (or, with accumulate false, the
 * chain's update itself), with the same roundings, in one pass.
 */
import type { FloatArray } from '../../matrix.js';

/** See RmspropKernel. */
export function rmspropJs<T extends FloatArray>(
  n: number, lr: number, decay: number, eps: number,
  params: T, op: number, grads: FloatArray, og: number, nu: FloatArray, ov: number, accumulate = true,
): T {
  const a = 1 - decay, negLr = -lr, single = params instanceof Float32Array;
  for (let i = 0; i < n; i++) {
    const g = grads[og + i], v = decay * nu[ov + i] + a * g * g;
    nu[ov + i] = v;
    const d = Math.sqrt(v + eps), u = d > 0 ? g / d : 0;
    const step = single ? Math.fround(negLr * Math.fround(u)) : negLr * u;
    if (accumulate) params[op + i] += step;
    else params[op + i] = step;
  }
  return params;
}
