import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ops, Rng } from 'sublinear/core';
import { BandedMatrix, bandedLogDetInverse } from 'sublinear/logdet';
import { assertClose, finiteArray, matrixArbitrary, propertyParameters } from 'sublinear/testing';
// The trusted kernels are what workers and GPU ports run; they are checked here directly.
import { factorBandedColumns, factorColumns, factorScratchLength, factorTridiagonalColumns } from '../lib/logdet/kernels.js';

const params = propertyParameters;

function randomStatistics(seed: number, n: number, band: number, steps = 3): BandedMatrix {
  const rng = new Rng(seed), H = BandedMatrix.zeros(n, band), g = new Float64Array(n);
  for (let s = 0; s < steps + n; s++) { rng.fillGaussian(g); BandedMatrix.emaOuter(H, g, 0.9); }
  return BandedMatrix.damped(H, { relative: 1e-6 });
}

describe('BandedMatrix', () => {
  test('toDense(fromDense(A, band)) keeps A on the band, zero elsewhere, symmetric', () => {
    fc.assert(fc.property(matrixArbitrary({ rows: 6, cols: 6 }), fc.integer({ min: 0, max: 6 }), (A, band) => {
      const D = BandedMatrix.toDense(BandedMatrix.fromDense(A, band));
      for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) {
        const lo = Math.max(i, j), hi = Math.min(i, j);
        assert.equal(D.data[i * 6 + j], lo - hi <= band ? A.data[lo * 6 + hi] : 0);
      }
    }), params());
  });

  test('emaOuter equals β·H + (1 − β)·g gᵀ on the band, and rejected input leaves H unchanged', () => {
    fc.assert(fc.property(finiteArray({ minLength: 1, maxLength: 12, min: -10, max: 10 }), fc.integer({ min: 0, max: 4 }), fc.double({ min: 0, max: 1, noNaN: true }), (g, band, beta) => {
      const n = g.length, H = randomStatistics(n + band, n, band);
      const before = BandedMatrix.toDense(H).data.slice();
      assert.throws(() => BandedMatrix.emaOuter(H, Float64Array.from(g).fill(NaN, 0, 1), beta), RangeError);
      assert.throws(() => BandedMatrix.emaOuter(H, g, 1.5), RangeError);
      assert.throws(() => BandedMatrix.emaOuter(H, g.subarray(1), beta), RangeError);
      assert.deepEqual(BandedMatrix.toDense(H).data, before);
      BandedMatrix.emaOuter(H, g, beta);
      const after = BandedMatrix.toDense(H).data;
      const want = before.map((h, idx) => {
        const i = Math.floor(idx / n), j = idx % n;
        return Math.abs(i - j) <= band ? beta * h + (1 - beta) * g[i] * g[j] : 0;
      });
      assertClose(after, want, 1e-14, 0, 'H');
    }), params());
  });

  test('biasCorrected undoes the EMA start from zero; damped adds ε or ε·max row sum to the diagonal', () => {
    const H = BandedMatrix.zeros(3, 1), g = [1, -2, 3];
    BandedMatrix.emaOuter(H, g, 0.99);
    const C = BandedMatrix.biasCorrected(H, 1, 0.99);
    assertClose(C.data, [1, -2, 4, -6, 9, 0], 1e-13);
    const maxRowSum = 6 + 9; // row 2: |−6| + 9
    assertClose(BandedMatrix.damped(C, { relative: 0.5 }).data, [1 + 7.5, -2, 4 + 7.5, -6, 9 + 7.5, 0], 1e-13);
    assert.equal(maxRowSum * 0.5, 7.5);
    assertClose(BandedMatrix.damped(C, { absolute: 2 }).data, [3, -2, 6, -6, 11, 0], 1e-13);
    assert.throws(() => BandedMatrix.damped(C, {}), { name: 'TypeError', message: /exactly one of absolute, relative/ });
    assert.throws(() => BandedMatrix.damped(C, { absolute: -1 }), RangeError);
    assert.throws(() => BandedMatrix.zeros(3, 65), { name: 'RangeError', message: /band must be an integer in \[0, 64\]/ });
  });
});

describe('logdet kernels', () => {
  test('the tridiagonal closed form equals the general band-1 path', () => {
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 1, max: 40 }), fc.constantFrom('well', 'rank-one'), (seed, n, kind) => {
      const H = kind === 'well' ? randomStatistics(seed, n, 1) : BandedMatrix.zeros(n, 1);
      if (kind === 'rank-one') { const g = new Float64Array(n); new Rng(seed).fillGaussian(g); BandedMatrix.emaOuter(H, g, 0); }
      const a = new Float64Array(2 * n), b = new Float64Array(2 * n);
      const sa = Float64Array.of(0, 0, Infinity), sb = Float64Array.of(0, 0, Infinity);
      factorTridiagonalColumns(n, H.data, a, 0, n, 1, 1e-6, 1e-12, 2 ** -52, 1, Number.MAX_VALUE, sa);
      factorBandedColumns(n, 1, H.data, b, 0, n, 1, 1e-6, 1e-12, 2 ** -52, 1, Number.MAX_VALUE, new Float64Array(factorScratchLength(1)), sb);
      // Both forms round differently; the difference grows as 1/(smallest s_j/H_jj) (cancellation).
      assertClose(a, b, 1e-14 / sa[2], 0, 'factor');
      assert.equal(sa[0], sb[0]);
      assert.equal(sa[1], sb[1]);
    }), params());
  });

  test('the unrolled kernels (bands 2–8) equal the generic Cholesky loop on well-conditioned statistics', () => {
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 2, max: 8 }), (seed, n, band) => {
      const H = randomStatistics(seed, n, band, band + 4), w = band + 1;
      const a = new Float64Array(n * w), b = new Float64Array(n * w), work = new Float64Array(factorScratchLength(band));
      const sa = Float64Array.of(0, 0, Infinity), sb = Float64Array.of(0, 0, Infinity);
      factorColumns(n, band, H.data, a, 0, n, 1, 0, 1e-300, 2 ** -52, 1, Number.MAX_VALUE, work, sa);
      factorBandedColumns(n, band, H.data, b, 0, n, 1, 0, 1e-300, 2 ** -52, 1, Number.MAX_VALUE, work, sb);
      assert.equal(sa[0], 0);
      assert.equal(sb[0], 0);
      assertClose(a, b, 1e-9, 0, 'factor');
      // A tiny storage bound: columns whose L does not fit go through the generic kernel's rule.
      sa.set([0, 0, Infinity]); sb.set([0, 0, Infinity]);
      factorColumns(n, band, H.data, a, 0, n, 1, 0, 1e-300, 2 ** -52, 1, 0.3, work, sa);
      factorBandedColumns(n, band, H.data, b, 0, n, 1, 0, 1e-300, 2 ** -52, 1, 0.3, work, sb);
      assert.equal(sa[0], sb[0]);
      assertClose(a, b, 1e-9, 0, 'factor with drops');
    }), params({ numRuns: 60 }));
  });

  test('factoring and applying by column ranges equals one pass over all columns', () => {
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 4 }), (seed, n, band, parts) => {
      const H = randomStatistics(seed, n, band), w = band + 1;
      const whole = new Float64Array(n * w), split = new Float64Array(n * w), work = new Float64Array(factorScratchLength(band));
      factorColumns(n, band, H.data, whole, 0, n, 1, 0, 1e-300, 2 ** -52, 1, Number.MAX_VALUE, work, Float64Array.of(0, 0, Infinity));
      const cuts = Array.from({ length: parts + 1 }, (_, p) => Math.round((p * n) / parts));
      for (let p = 0; p < parts; p++) factorColumns(n, band, H.data, split, cuts[p], cuts[p + 1], 1, 0, 1e-300, 2 ** -52, 1, Number.MAX_VALUE, work, Float64Array.of(0, 0, Infinity));
      assert.deepEqual(split, whole);
      const v = new Float64Array(n);
      new Rng(seed + 1).fillGaussian(v);
      const full = new Float64Array(n), ranged = new Float64Array(n);
      ops.logdetApply(n, band, whole, 0, v, 0, full, 0, 0, n);
      for (let p = 0; p < parts; p++) ops.logdetApply(n, band, whole, 0, v, 0, ranged, 0, cuts[p], cuts[p + 1]);
      assert.deepEqual(ranged, full);
    }), params());
  });
});

test('logdetApply does not read stale pending sums: after applying another factor (whose sums stay in the kernel\'s scratch), X v is the same for every band, 0 included', () => {
  const rng = new Rng(77);
  for (let band = 0; band <= 4; band++) {
    const n = 23;
    const H = BandedMatrix.zeros(n, band);
    for (let t = 0; t < 8; t++) BandedMatrix.emaOuter(H, rng.fillGaussian(new Float64Array(n)), 0.9);
    const X = bandedLogDetInverse(BandedMatrix.damped(H, { absolute: 1e-2 }));
    const v = rng.fillGaussian(new Float64Array(n));
    const clean = ops.logdetApply(n, band, X.factor.data, 0, v, 0, new Float64Array(n), 0, 0, n);
    ops.logdetApply(n, 5, rng.fillGaussian(new Float64Array(n * 6)), 0, rng.fillGaussian(new Float64Array(n)), 0, new Float64Array(n), 0, 3, 11);
    const dirty = ops.logdetApply(n, band, X.factor.data, 0, v, 0, new Float64Array(n), 0, 0, n);
    assert.deepEqual(dirty, clean, `band ${band}`);
    assert.deepEqual(clean, X.apply(v), `band ${band}`);
  }
});
