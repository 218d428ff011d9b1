import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { qr as mathQr, usolve, multiply, transpose as mathTranspose } from 'mathjs';
import { choleskySolve, gemv, matmul, qr, Rng, toRows, type Matrix } from 'sublinear/core';
import { sketchedLeastSquares, sketchPreconditionedGramSolve, SKETCH_KINDS } from 'sublinear/sketch';
import { propertyParameters } from 'sublinear/testing';

const params = propertyParameters;

/** A = U diag(σ) Vᵀ with σ geometric from 1 to 1/cond: exactly that condition number. */
function conditioned(rows: number, cols: number, cond: number, seed: number): Matrix {
  const rng = new Rng(seed);
  const U = qr({ rows, cols, data: rng.fillGaussian(new Float64Array(rows * cols)) }).Q();
  const V = qr({ rows: cols, cols, data: rng.fillGaussian(new Float64Array(cols * cols)) }).Q();
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) U.data[i * cols + j] *= cols === 1 ? 1 : cond ** (-j / (cols - 1));
  return matmul(U, V, { transposeB: true });
}

function residualNorm(A: Matrix, x: ArrayLike<number>, b: ArrayLike<number>): number {
  const r = new Float64Array(A.rows);
  gemv(A.rows, A.cols, A.data, x as Float64Array, r);
  let s = 0;
  for (let i = 0; i < A.rows; i++) s += (b[i] - r[i]) ** 2;
  return Math.sqrt(s);
}

/**
 * b = A x + r⊥ with ‖x‖ ~ 1 and r⊥ orthogonal to range(A), so the least-squares solution is x and the
 * minimum residual is ‖r⊥‖ ≈ 1e-3·√N, whatever cond(A) (the standard well-posed test problem: a
 * residual-norm comparison at 1e-10 is meaningful only when ε_mach·‖A‖‖x‖/‖r‖ is far below it).
 */
function problem(A: Matrix, seed: number): Float64Array {
  const rng = new Rng(seed + 7), x = rng.fillGaussian(new Float64Array(A.cols)), b = new Float64Array(A.rows);
  const noise = rng.fillGaussian(new Float64Array(A.rows), 0, 1e-3);
  const perp = qr(A).applyQt(noise);
  for (let j = 0; j < A.cols; j++) perp[j] = 0;
  const r = qr(A).applyQ(perp);
  gemv(A.rows, A.cols, A.data, x, b);
  for (let i = 0; i < A.rows; i++) b[i] += r[i];
  return b;
}

describe('sketchedLeastSquares', () => {
  test('residual matches a dense Householder solve to 1e-10 relative for cond(A) up to 1e10, with an iteration count that does not grow with cond(A)', () => {
    fc.assert(fc.property(fc.integer({ min: 120, max: 500 }), fc.integer({ min: 1, max: 12 }), fc.nat(), fc.constantFrom(...SKETCH_KINDS), (N, k, seed, kind) => {
      const counts: number[] = [];
      for (const cond of [1, 1e5, 1e10]) {
        const A = conditioned(N, k, cond, seed), b = problem(A, seed);
        const dense = residualNorm(A, qr(A).solve(b), b);
        const rows = kind === 'countsketch' ? Math.min(N, 2 * k * k + 4 * k) : 4 * k;
        const out = sketchedLeastSquares(A, b, { seed, kind, rows });
        assert.ok(out.converged, `cond ${cond}: not converged`);
        assert.ok(Math.abs(out.residualNorm - dense) <= 1e-10 * dense, `${kind} cond ${cond}: ${out.residualNorm} vs dense ${dense}`);
        assert.ok(Math.abs(out.residualNorm - residualNorm(A, out.x, b)) <= 1e-12 * dense);
        const exact = k === 1 ? 1 : cond;
        assert.ok(out.conditionEstimate >= exact / 10 && out.conditionEstimate <= exact * 10, `estimate ${out.conditionEstimate} for ${exact}`);
        counts.push(out.iterations);
      }
      assert.ok(Math.max(...counts) - Math.min(...counts) <= 6, `iterations ${counts}`);
      assert.ok(Math.max(...counts) <= 60, `iterations ${counts}`);
    }), params({ numRuns: 16 }));
  });

  test('the solution matches mathjs (qr, then usolve) on small well-conditioned problems', () => {
    fc.assert(fc.property(fc.integer({ min: 20, max: 60 }), fc.integer({ min: 1, max: 5 }), fc.nat(), (N, k, seed) => {
      const A = conditioned(N, k, 100, seed), b = problem(A, seed);
      const { Q, R } = mathQr(toRows(A));
      const qtb = multiply(mathTranspose(Q), Array.from(b)) as number[];
      const Rk = (R as number[][]).slice(0, k), expected = (usolve(Rk, qtb.slice(0, k)) as number[][]).map((r) => r[0]);
      const { x } = sketchedLeastSquares(A, b, { seed });
      const scale = Math.max(...expected.map(Math.abs));
      for (let j = 0; j < k; j++) assert.ok(Math.abs(x[j] - expected[j]) <= 1e-9 * scale, `x[${j}] ${x[j]} vs ${expected[j]}`);
    }), params({ numRuns: 20 }));
  });

  test('reports rank deficiency instead of returning a solution', () => {
    const A = conditioned(200, 4, 10, 1);
    for (let i = 0; i < 200; i++) A.data[i * 4 + 3] = 2 * A.data[i * 4 + 1];
    assert.throws(() => sketchedLeastSquares(A, problem(A, 1), { seed: 1 }), { name: 'RangeError', message: /full column rank/ });
    const Z = conditioned(200, 3, 10, 2);
    for (let i = 0; i < 200; i++) Z.data[i * 3] = 0;
    assert.throws(() => sketchedLeastSquares(Z, problem(Z, 2), { seed: 1 }), { name: 'RangeError', message: /rank/ });
  });

  test('rejects fewer sketch rows than columns, bad shapes and non-finite values', () => {
    const A = conditioned(100, 6, 10, 3), b = problem(A, 3);
    assert.throws(() => sketchedLeastSquares(A, b, { seed: 1, rows: 5 }), { name: 'RangeError', message: /no embedding is possible/ });
    assert.throws(() => sketchedLeastSquares(A, b.subarray(1), { seed: 1 }), { name: 'RangeError', message: /b.length must be 100/ });
    assert.throws(() => sketchedLeastSquares({ rows: 4, cols: 6, data: new Float64Array(24) }, new Float64Array(4), { seed: 1 }), { name: 'RangeError', message: /overdetermined/ });
    const bad = Float64Array.from(b); bad[7] = NaN;
    assert.throws(() => sketchedLeastSquares(A, bad, { seed: 1 }), { name: 'RangeError', message: /b\[7\]/ });
    assert.throws(() => sketchedLeastSquares(A, b, { seed: 1, kind: 'dct' as never }), { name: 'RangeError', message: /options.kind/ });
    assert.throws(() => sketchedLeastSquares(A, b, { seed: 1, tol: 0 }), { name: 'RangeError', message: /options.tol/ });
    assert.throws(() => sketchedLeastSquares(A, b, {} as never), { name: 'TypeError', message: /options.seed/ });
  });

  test('a float32 A gives the solution of its float64 copy (accumulation in float64)', () => {
    fc.assert(fc.property(fc.integer({ min: 50, max: 200 }), fc.integer({ min: 1, max: 6 }), fc.nat(), (N, k, seed) => {
      const A64 = conditioned(N, k, 10, seed), A32 = { rows: N, cols: k, data: Float32Array.from(A64.data) };
      const A = { rows: N, cols: k, data: Float64Array.from(A32.data) }, b = problem(A, seed);
      assert.deepEqual(sketchedLeastSquares(A32, b, { seed }).x, sketchedLeastSquares(A, b, { seed }).x);
    }), params({ numRuns: 10 }));
  });

  test('the default sketch (12k rows for srht and osnap) solves as accurately as s = 4k in fewer LSQR iterations, for any cond(A)', () => {
    // k ≥ 24: LSQR ends within k iterations in exact arithmetic, so small k cannot show a difference
    fc.assert(fc.property(fc.integer({ min: 3000, max: 4000 }), fc.integer({ min: 24, max: 32 }), fc.nat(), fc.constantFrom('srht' as const, 'osnap' as const), fc.constantFrom(1, 1e8), (N, k, seed, kind, cond) => {
      const A = conditioned(N, k, cond, seed), b = problem(A, seed);
      const dense = residualNorm(A, qr(A).solve(b), b);
      const byDefault = sketchedLeastSquares(A, b, { seed, kind }), at4k = sketchedLeastSquares(A, b, { seed, kind, rows: 4 * k });
      assert.ok(byDefault.converged && at4k.converged);
      assert.ok(Math.abs(byDefault.residualNorm - dense) <= 1e-10 * dense, `${kind}: ${byDefault.residualNorm} vs dense ${dense}`);
      assert.ok(byDefault.iterations < at4k.iterations, `${kind} N ${N} k ${k}: ${byDefault.iterations} iterations by default, ${at4k.iterations} at s = 4k`);
    }), params({ numRuns: 6 }));
  });

  test('the default sketch rows stay at max(4k, N) when 12k would exceed N (osnap; srht is capped at the padded length)', () => {
    const N = 100, k = 20, A = conditioned(N, k, 10, 3), b = problem(A, 3);
    const dense = residualNorm(A, qr(A).solve(b), b);
    const byDefault = sketchedLeastSquares(A, b, { seed: 3, kind: 'osnap' }), capped = sketchedLeastSquares(A, b, { seed: 3, kind: 'osnap', rows: N });
    assert.deepEqual(Array.from(byDefault.x), Array.from(capped.x), 'default rows = min(12k, max(4k, N)) = N = 100 here');
    assert.ok(Math.abs(byDefault.residualNorm - dense) <= 1e-10 * dense);
  });

  test('the same seed gives the same x, bit for bit', () => {
    const A = conditioned(300, 5, 1e4, 4), b = problem(A, 4);
    assert.deepEqual(sketchedLeastSquares(A, b, { seed: 9 }).x, sketchedLeastSquares(A, b, { seed: 9 }).x);
  });
});

describe('sketchPreconditionedGramSolve', () => {
  function wide(n: number, D: number, cond: number, seed: number): Matrix {
    const At = conditioned(D, n, cond, seed); // Jᵀ, D × n
    const J = new Float64Array(n * D);
    for (let i = 0; i < D; i++) for (let j = 0; j < n; j++) J[j * D + i] = At.data[i * n + j];
    return { rows: n, cols: D, data: J };
  }

  test('g matches a dense Cholesky solve of (J Jᵀ) g = r, for every kind, with few iterations', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 400 }), fc.nat(), fc.constantFrom(...SKETCH_KINDS), fc.constantFrom(1, 30, 1000), (n, extra, seed, kind, cond) => {
      const D = n + extra + 40, J = wide(n, D, cond, seed);
      const r = new Rng(seed + 1).fillGaussian(new Float64Array(n));
      const expected = choleskySolve(matmul(J, J, { transposeB: true }), r);
      let calls = 0;
      const rows = kind === 'countsketch' ? 2 * n * n + 4 * n : kind === 'srht' ? Math.min(4 * n, 2 ** Math.ceil(Math.log2(D))) : 4 * n;
      const out = sketchPreconditionedGramSolve({
        n, D, r, seed, kind, rows, tol: 1e-13,
        applyJ: (v, o) => { calls++; gemv(n, D, J.data, v, o); },
        applyJt: (u, o) => { calls++; gemv(n, D, J.data, u, o, true); },
      });
      const scale = Math.max(...Array.from(expected, Math.abs));
      for (let i = 0; i < n; i++) assert.ok(Math.abs(out.g[i] - expected[i]) <= 1e-13 * cond * cond * scale + 1e-12 * scale, `${kind} g[${i}] ${out.g[i]} vs ${expected[i]}`);
      assert.ok(out.converged);
      assert.ok(out.iterations <= 40, `${out.iterations} iterations`);
      assert.equal(calls, n + 2 * out.iterations + 4, 'n applyJt to sketch, then one applyJt and one applyJ per product');
    }), params({ numRuns: 30 }));
  });

  test('reports a rank-deficient J, fewer sketch rows than n, bad shapes and non-finite callbacks', () => {
    const n = 3, D = 50, J = wide(n, D, 5, 1);
    const base = { n, D, r: [1, 2, 3], seed: 1, applyJ: (v: Float64Array, o: Float64Array) => gemv(n, D, J.data, v, o), applyJt: (u: Float64Array, o: Float64Array) => gemv(n, D, J.data, u, o, true) };
    const dup = Float64Array.from(J.data); dup.copyWithin(2 * D, 0, D);
    assert.throws(() => sketchPreconditionedGramSolve({ ...base, applyJ: (v, o) => gemv(n, D, dup, v, o), applyJt: (u, o) => gemv(n, D, dup, u, o, true) }), { name: 'RangeError', message: /full row rank/ });
    assert.throws(() => sketchPreconditionedGramSolve({ ...base, rows: 2 }), { name: 'RangeError', message: /no embedding is possible/ });
    assert.throws(() => sketchPreconditionedGramSolve({ ...base, D: 2 }), { name: 'RangeError', message: /problem.D/ });
    assert.throws(() => sketchPreconditionedGramSolve({ ...base, r: [1, 2] }), { name: 'RangeError', message: /problem.r.length must be 3/ });
    assert.throws(() => sketchPreconditionedGramSolve({ ...base, r: [1, NaN, 2] }), { name: 'RangeError', message: /problem.r\[1\]/ });
    assert.throws(() => sketchPreconditionedGramSolve({ ...base, applyJt: (_u, o) => { o.fill(NaN); } }), { name: 'RangeError', message: /applyJt output\[0\]/ });
    assert.throws(() => sketchPreconditionedGramSolve({ ...base, applyJ: 3 as never }), { name: 'TypeError', message: /applyJ/ });
  });
});
