import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { inv, matrix as mjMatrix, type Matrix as MjMatrix } from 'mathjs';
import { cholesky, Rng, type Matrix } from 'sublinear/core';
import { BandedMatrix, bandedLogDetInverse } from 'sublinear/logdet';
import { assertClose, propertyParameters } from 'sublinear/testing';

const params = propertyParameters;

/** The band of a well-conditioned SPD matrix G Gᵀ/k + I (every clique block is positive definite). */
function wellConditioned(seed: number, n: number, band: number, dtype: 'float64' | 'float32' = 'float64'): BandedMatrix {
  const rng = new Rng(seed), k = n + 2, G = new Float64Array(n * k);
  rng.fillGaussian(G);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = i === j ? 1 : 0;
    for (let l = 0; l < k; l++) s += (G[i * k + l] * G[j * k + l]) / k;
    A[i * n + j] = s;
  }
  const data = dtype === 'float32' ? Float32Array.from(A) : A;
  return BandedMatrix.fromDense({ rows: n, cols: n, data }, band);
}

const shape = fc.record({ seed: fc.nat(), n: fc.integer({ min: 1, max: 14 }), band: fc.integer({ min: 0, max: 5 }) });

function denseInverse(A: Matrix): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < A.rows; i++) rows.push(Array.from(A.data.subarray(i * A.cols, (i + 1) * A.cols)));
  return (inv(mjMatrix(rows)) as MjMatrix).toArray() as number[][];
}

/** tr(XH) − log det X with X dense (Cholesky for the determinant), H banded. */
function objective(X: Float64Array, n: number, H: BandedMatrix): number {
  const full = BandedMatrix.toDense(H).data;
  let tr = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) tr += X[i * n + j] * full[j * n + i];
  const L = cholesky({ rows: n, cols: n, data: X }).data;
  let logdet = 0;
  for (let i = 0; i < n; i++) logdet += 2 * Math.log(L[i * n + i]);
  return tr - logdet;
}

function assertPositiveDefiniteFactor(F: BandedMatrix): void {
  const w = F.band + 1;
  for (let i = 0; i < F.data.length; i++) assert.ok(Number.isFinite(F.data[i]), `factor entry ${i} is ${F.data[i]}`);
  for (let j = 0; j < F.n; j++) assert.ok(F.data[j * w] > 0, `D[${j}] = ${F.data[j * w]} is not > 0`);
}

describe('bandedLogDetInverse', () => {
  test('the inverse of X equals H on the band (1e-10 relative, float64, well-conditioned H)', () => {
    fc.assert(fc.property(shape, ({ seed, n, band }) => {
      const H = wellConditioned(seed, n, band);
      const X = bandedLogDetInverse(H);
      assert.equal(X.diagnostics.droppedEdges, 0);
      const Xinv = denseInverse(X.toDense());
      const w = band + 1, got: number[] = [], want: number[] = [];
      for (let j = 0; j < n; j++) for (let k = 0; k < w && j + k < n; k++) { got.push(Xinv[j + k][j]); want.push(H.data[j * w + k]); }
      assertClose(got, want, 1e-10, 0, 'X⁻¹ on the band');
    }), params({ numRuns: 60 }));
  });

  test('float32: X⁻¹ equals H on the band to float32 accuracy, factor stored as Float32Array', () => {
    fc.assert(fc.property(shape, ({ seed, n, band }) => {
      const H = wellConditioned(seed, n, band, 'float32');
      const X = bandedLogDetInverse(H);
      assert.ok(X.factor.data instanceof Float32Array);
      assert.equal(X.diagnostics.droppedEdges, 0);
      const Xinv = denseInverse(X.toDense());
      const w = band + 1, got: number[] = [], want: number[] = [];
      for (let j = 0; j < n; j++) for (let k = 0; k < w && j + k < n; k++) { got.push(Xinv[j + k][j]); want.push(H.data[j * w + k]); }
      assertClose(got, want, 1e-4, 0, 'X⁻¹ on the band');
    }), params({ numRuns: 40 }));
  });

  test('X is banded (exact zeros off the band) and positive definite', () => {
    fc.assert(fc.property(shape, fc.constantFrom('float64' as const, 'float32' as const), ({ seed, n, band }, dtype) => {
      const X = bandedLogDetInverse(wellConditioned(seed, n, band, dtype));
      const D = X.toDense();
      assert.equal(D.data instanceof Float32Array, dtype === 'float32');
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (Math.abs(i - j) > band) assert.equal(D.data[i * n + j], 0);
      assertPositiveDefiniteFactor(X.factor);
      cholesky({ rows: n, cols: n, data: Float64Array.from(D.data) }); // throws unless positive definite
    }), params({ numRuns: 60 }));
  });

  test('X minimizes tr(XH) − log det X: random banded perturbations never lower it', () => {
    fc.assert(fc.property(shape, fc.nat(), fc.double({ min: 1e-4, max: 1e-2, noNaN: true }), ({ seed, n, band }, pseed, t) => {
      const H = wellConditioned(seed, n, band);
      const X = Float64Array.from(bandedLogDetInverse(H).toDense().data);
      const f0 = objective(X, n, H);
      const rng = new Rng(pseed), Y = Float64Array.from(X);
      for (let i = 0; i < n; i++) for (let j = Math.max(0, i - band); j <= i; j++) {
        const e = t * rng.gaussian();
        Y[i * n + j] += e;
        if (i !== j) Y[j * n + i] += e;
      }
      let f1: number;
      try { f1 = objective(Y, n, H); } catch { return; } // left the positive-definite cone: infinite objective
      assert.ok(f1 >= f0 - 1e-12 * Math.max(1, Math.abs(f0)), `perturbed ${f1} < optimum ${f0}`);
    }), params({ numRuns: 60 }));
  });

  test('the clique formula Σ [H_CC⁻¹]⁰ − Σ [H_SS⁻¹]⁰ (mathjs dense inverses) equals X on small n', () => {
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 4 }), (seed, n, band) => {
      const H = wellConditioned(seed, n, band);
      const full = BandedMatrix.toDense(H).data;
      const expected = new Float64Array(n * n);
      const addInverse = (from: number, size: number, sign: number) => {
        if (size <= 0) return;
        const block: number[][] = [];
        for (let a = 0; a < size; a++) block.push(Array.from({ length: size }, (_, b) => full[(from + a) * n + from + b]));
        const B = (inv(mjMatrix(block)) as MjMatrix).toArray() as number[][];
        for (let a = 0; a < size; a++) for (let b = 0; b < size; b++) expected[(from + a) * n + from + b] += sign * B[a][b];
      };
      const cliques = Math.max(1, n - band);
      for (let c = 0; c < cliques; c++) addInverse(c, Math.min(band + 1, n), 1);
      for (let c = 1; c < cliques; c++) addInverse(c, band, -1);
      assertClose(bandedLogDetInverse(H).toDense().data, expected, 1e-10, 0, 'X');
    }), params({ numRuns: 60 }));
  });

  test('apply(v) equals the dense X times v, float64 and float32 (rounded as float32), in place too', () => {
    fc.assert(fc.property(shape, fc.constantFrom('float64' as const, 'float32' as const), fc.nat(), ({ seed, n, band }, dtype, vseed) => {
      const X = bandedLogDetInverse(wellConditioned(seed, n, band, dtype));
      const v = new Float64Array(n);
      new Rng(vseed).fillGaussian(v);
      const D = X.toDense().data, want = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) want[i] += D[i * n + j] * v[j];
      const got = X.apply(v);
      assert.equal(got instanceof Float32Array, dtype === 'float32');
      assertClose(got, want, dtype === 'float32' ? 1e-5 : 1e-12, 0, 'X v');
      const inPlace = dtype === 'float32' ? Float32Array.from(v) : Float64Array.from(v);
      const separate = X.apply(inPlace.slice());
      X.apply(inPlace, inPlace);
      assertClose(inPlace, separate, 0, 0, 'in place');
    }), params({ numRuns: 60 }));
  });

  test('degenerate statistics (zero, rank one, huge dynamic range, indefinite) give a finite positive-definite X with the drops counted', () => {
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 2, max: 20 }), fc.integer({ min: 1, max: 5 }), fc.constantFrom('zero', 'rank-one', 'range', 'indefinite'), fc.constantFrom('float64' as const, 'float32' as const), (seed, n, band, kind, dtype) => {
      const rng = new Rng(seed), H = BandedMatrix.zeros(n, band, dtype);
      const g = new Float64Array(n);
      if (kind === 'rank-one') { rng.fillGaussian(g); BandedMatrix.emaOuter(H, g, 0); }
      if (kind === 'range') {
        const lim = dtype === 'float32' ? 18 : 150; // g² stays finite in the storage
        for (let i = 0; i < n; i++) g[i] = 10 ** (lim * (2 * rng.uniform() - 1)) * (rng.uniform() < 0.5 ? -1 : 1);
        BandedMatrix.emaOuter(H, g, 0);
        for (let j = 0; j < n; j++) H.data[j * (band + 1)] *= 1 + rng.uniform();
      }
      if (kind === 'indefinite') for (let i = 0; i < H.data.length; i++) H.data[i] = rng.gaussian();
      const X = bandedLogDetInverse(H);
      assertPositiveDefiniteFactor(X.factor);
      const y = X.apply(Float64Array.from({ length: n }, () => rng.gaussian()));
      for (let i = 0; i < n; i++) assert.ok(!Number.isNaN(y[i]), `X v has NaN at ${i}`);
      if (kind === 'rank-one') assert.ok(X.diagnostics.droppedEdges > 0, 'a rank-one H must lose edges');
      if (kind === 'zero') assert.equal(X.diagnostics.raisedDiagonals, n);
      assert.ok(X.diagnostics.smallestSchurRatio > 0 && X.diagnostics.smallestSchurRatio <= 1);
    }), params({ numRuns: 120 }));
  });

  test('bad input is rejected with the argument named', () => {
    const H = wellConditioned(1, 4, 1);
    assert.throws(() => bandedLogDetInverse({ n: 4, band: 1, data: new Float64Array(7) }), { name: 'RangeError', message: /bandedLogDetInverse: invalid argument. H.data.length must be n·\(band \+ 1\) = 8/ });
    assert.throws(() => bandedLogDetInverse({ n: 2, band: 1, data: Float64Array.of(1, NaN, 1, 0) }), { name: 'RangeError', message: /H.data\[1\] must be a finite number/ });
    assert.throws(() => bandedLogDetInverse([1, 2] as unknown as BandedMatrix), { name: 'TypeError' });
    assert.throws(() => bandedLogDetInverse(H, { threshold: 2 }), { name: 'RangeError', message: /options.threshold must be a number in \(0, 1\)/ });
    const X = bandedLogDetInverse(H);
    assert.throws(() => X.apply([1, 2, 3]), { name: 'RangeError', message: /v.length must be 4/ });
    assert.throws(() => X.apply([1, 2, 3, Infinity]), { name: 'RangeError', message: /v\[3\]/ });
  });
});
