/** sublinear/sketch: an SRHT embedding's distortion and sketch-preconditioned least squares. */
import { createSketch, embeddingDistortion, sketchedLeastSquares } from 'sublinear/sketch';
import { Rng } from 'sublinear/core';

export function run(): string[] {
  const rng = new Rng(1), N = 2048, k = 8;
  const A = { rows: N, cols: k, data: rng.fillGaussian(new Float64Array(N * k)) };
  const S = createSketch({ kind: 'srht', rows: 256, cols: N, seed: 7 });
  const distortion = embeddingDistortion(S, A);
  const b = rng.fillGaussian(new Float64Array(N));
  const { x, iterations, residualNorm } = sketchedLeastSquares(A, b, { seed: 7 });
  return [
    `srht distortion ≤ 0.5: ${distortion <= 0.5}`,
    `least squares: ${x.length} coefficients, ${iterations} iterations, residual ${residualNorm.toExponential(6)}`,
  ];
}
