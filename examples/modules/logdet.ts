/** sublinear/logdet: the banded LogDet inverse of EMA statistics, applied to a vector. */
import { BandedMatrix, bandedLogDetInverse } from 'sublinear/logdet';

export function run(): string[] {
  const n = 200;
  const H = BandedMatrix.zeros(n, 2);
  for (let t = 0; t < 10; t++) BandedMatrix.emaOuter(H, Float64Array.from({ length: n }, (_, i) => Math.sin(i * t + 1)), 0.9);
  const X = bandedLogDetInverse(BandedMatrix.damped(H, { relative: 1e-6 }));
  const v = X.apply(new Float64Array(n).fill(1));
  return [
    `X·1 (first 3): ${Array.from(v.slice(0, 3), (a) => a.toExponential(9)).join(' ')}`,
    `sum: ${Array.from(v).reduce((a, b) => a + b, 0).toExponential(9)}`,
  ];
}
