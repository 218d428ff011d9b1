/**
 * Σ_i max(z_i, 0) − z_i·y_i + log(1 + e^−|z_i|), times `scale`, and d/dz of it into `delta`:
 * scale·(σ(z_i) − y_i). Stable for every finite z (no exp of a positive number).
 */
export function sigmoidCrossEntropy(logits: ArrayLike<number>, targets: ArrayLike<number>, delta: Float64Array, scale: number): number {
  let loss = 0;
  for (let i = 0; i < logits.length; i++) {
    const z = logits[i], y = targets[i];
    const e = Math.exp(-Math.abs(z));
    loss += Math.max(z, 0) - z * y + Math.log1p(e);
    const sigma = z >= 0 ? 1 / (1 + e) : e / (1 + e);
    delta[i] = scale * (sigma - y);
  }
  return loss * scale;
}
