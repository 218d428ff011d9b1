/**
 * The js backend's fused Adam step: per entry exactly what lib/optim computes for
 * chain(scaleByAdam, scaleByLearningRate(lr)) then applyUpdates, with the same roundings (the
 * update rounded to the storage, then −lr times it rounded, then the sum rounded), in one pass.
 * With accumulate false the update itself is stored (the chain's output, before applyUpdates).
 */
import type { FloatArray } from '../../matrix.js';

/** Adam's bias corrections 1/(1 − β₁ᵗ) and 1/(1 − β₂ᵗ) at step `count`, as lib/optim computes them. */
export function biasCorrections(beta1: number, beta2: number, count: number): [number, number] {
  return [1 / (1 - beta1 ** count), 1 / (1 - beta2 ** count)];
}

/** See AdamKernel. */
export function adamJs<T extends FloatArray>(
  n: number, lr: number, beta1: number, beta2: number, eps: number, count: number,
  params: T, op: number, grads: FloatArray, og: number, mu: FloatArray, om: number, nu: FloatArray, ov: number, accumulate = true,
): T {
  const [c1, c2] = biasCorrections(beta1, beta2, count);
  const a1 = 1 - beta1, a2 = 1 - beta2, negLr = -lr;
  const single = params instanceof Float32Array;
  for (let i = 0; i < n; i++) {
    const g = grads[og + i];
    const m = beta1 * mu[om + i] + a1 * g, v = beta2 * nu[ov + i] + a2 * g * g;
    mu[om + i] = m; nu[ov + i] = v;
    const d = Math.sqrt(v * c2) + eps, u = d > 0 ? (m * c1) / d : 0;
    const step = single ? Math.fround(negLr * Math.fround(u)) : negLr * u;
    if (accumulate) params[op + i] += step;
    else params[op + i] = step;
  }
  return params;
}
