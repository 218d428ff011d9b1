import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { matmul, matrix, toRows, type Matrix } from 'sublinear/core';
import { kernels, kronLU, kronMatMat, kronMatVec, kronMatVecTranspose, kronProduct, kronSolve } from 'sublinear/kron';
import { finiteArray, propertyParameters } from 'sublinear/testing';
const { kronApply, kronPlan, modeProduct } = kernels;
import { assertNear, denseMatVec, factorList, factorsAndVector, mathjsKron, smallMatrix, toFloat64, transposeRows } from './kron-helpers.js';

const params = propertyParameters;

describe('kron products', () => {
  test('kronProduct equals the mathjs kron of the factor list, entry for entry', () => {
    fc.assert(fc.property(factorList(), (factors) => {
      assert.deepEqual(toRows(kronProduct(factors)), mathjsKron(factors));
    }), params());
  });

  test('kronMatVec equals the materialized product times x', () => {
    fc.assert(fc.property(factorsAndVector(), ([factors, x]) => {
      const { y, scale } = denseMatVec(mathjsKron(factors), x);
      assertNear(kronMatVec(factors, x), y, scale, 'kronMatVec');
    }), params());
  });

  test('kronMatVecTranspose equals the materialized transpose times y', () => {
    fc.assert(fc.property(factorsAndVector(true), ([factors, y]) => {
      const M = mathjsKron(factors);
      const { y: expected, scale } = denseMatVec(transposeRows(M, M[0].length), y);
      assertNear(kronMatVecTranspose(factors, y), expected, scale, 'kronMatVecTranspose');
    }), params());
  });

  test('kronMatMat equals kronMatVec column by column, and its transpose option kronMatVecTranspose', () => {
    const arb = factorList().chain((factors) => {
      const n = factors.reduce((s, f) => s * f.cols, 1), m = factors.reduce((s, f) => s * f.rows, 1);
      return fc.tuple(fc.constant(factors), fc.integer({ min: 1, max: 4 })).chain(([fs, r]) =>
        fc.tuple(fc.constant(fs), finiteArray({ minLength: n * r, maxLength: n * r, min: -4, max: 4 }).map((d) => ({ rows: n, cols: r, data: d })),
          finiteArray({ minLength: m * r, maxLength: m * r, min: -4, max: 4 }).map((d) => ({ rows: m, cols: r, data: d }))));
    });
    fc.assert(fc.property(arb, ([factors, X, Y]) => {
      const P = kronMatMat(factors, X), Q = kronMatMat(factors, Y, { transpose: true });
      assert.equal(P.rows, Y.rows); assert.equal(Q.rows, X.rows);
      for (let c = 0; c < X.cols; c++) {
        const col = (M: Matrix) => Array.from({ length: M.rows }, (_, i) => M.data[i * M.cols + c]);
        const scaleP = denseMatVec(mathjsKron(factors), col(X)).scale;
        assertNear(col(P), kronMatVec(factors, col(X)), scaleP, `column ${c}`);
        const M = mathjsKron(factors);
        assertNear(col(Q), kronMatVecTranspose(factors, col(Y)), denseMatVec(transposeRows(M, M[0].length), col(Y)).scale, `transposed column ${c}`);
      }
    }), params());
  });

  test('mixed-product identity: (A⊗B)(C⊗D) = AC ⊗ BD, through kronMatMat and through dense products', () => {
    const arb = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
      .chain(([p, q, r, s, t, u]) => fc.tuple(matrixOf(p, q), matrixOf(r, s), matrixOf(q, t), matrixOf(s, u)));
    fc.assert(fc.property(arb, ([A, B, C, D]) => {
      const expected = kronProduct([matmul(A, C), matmul(B, D)]);
      const dense = matmul(kronProduct([A, B]), kronProduct([C, D]));
      const viaTrick = kronMatMat([A, B], kronProduct([C, D]));
      const scale = 16 * 16 * 9 * 9;
      assertNear(dense.data, expected.data, scale, 'dense');
      assertNear(viaTrick.data, expected.data, scale, 'kronMatMat');
    }), params());
  });

  test('associativity: grouping neighbouring factors into their product leaves the mat-vec unchanged', () => {
    const arb = fc.tuple(smallMatrix(), smallMatrix(), smallMatrix()).chain(([A, B, C]) => {
      const n = A.cols * B.cols * C.cols;
      return fc.tuple(fc.constant([A, B, C]), finiteArray({ minLength: n, maxLength: n, min: -4, max: 4 }));
    });
    fc.assert(fc.property(arb, ([[A, B, C], x]) => {
      const { scale } = denseMatVec(mathjsKron([A, B, C]), x);
      const flat = kronMatVec([A, B, C], x);
      assertNear(kronMatVec([kronProduct([A, B]), C], x), flat, scale, '(A⊗B)⊗C');
      assertNear(kronMatVec([A, kronProduct([B, C])], x), flat, scale, 'A⊗(B⊗C)');
    }), params());
  });

  test('1×1 factors scale, 1×n factors contract, n×1 factors expand, exactly as the dense product does', () => {
    const s = matrix([[3]]), row = matrix([[1, 2, 3]]), col = matrix([[2], [-1]]);
    assert.deepEqual(Array.from(kronMatVec([s], [5])), [15]);
    assert.deepEqual(Array.from(kronMatVec([s, s, s], [2])), [54]);
    assert.deepEqual(Array.from(kronMatVec([row, row], [1, 0, 0, 0, 1, 0, 0, 0, 1])), [1 + 4 + 9]);
    assert.deepEqual(Array.from(kronMatVec([col, s], [1])), [6, -3]);
    assert.deepEqual(Array.from(kronMatVecTranspose([row, col], [1, 1])), [1, 2, 3]);
    const arb = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })).chain(([a, b]) =>
      fc.tuple(matrixOf(1, a), matrixOf(b, 1), matrixOf(1, 1), finiteArray({ minLength: a, maxLength: a, min: -4, max: 4 })));
    fc.assert(fc.property(arb, ([R, C, S, x]) => {
      const { y, scale } = denseMatVec(mathjsKron([R, C, S]), x);
      assertNear(kronMatVec([R, C, S], x), y, scale, '1×n ⊗ n×1 ⊗ 1×1');
    }), params());
  });

  test('float32 inputs give the float64 result rounded once to float32 (matvec, transpose, matmat, solve)', () => {
    fc.assert(fc.property(factorsAndVector(false, 'float32'), ([factors, x]) => {
      const y32 = kronMatVec(factors, x), y64 = kronMatVec(factors.map(toFloat64), Float64Array.from(x));
      assert.ok(y32 instanceof Float32Array);
      assert.deepEqual(y32, Float32Array.from(y64));
      const X = { rows: x.length, cols: 1, data: x };
      assert.deepEqual(kronMatMat(factors, X).data, Float32Array.from(y64));
      const t32 = kronMatVecTranspose(factors, y32), t64 = kronMatVecTranspose(factors.map(toFloat64), Float64Array.from(y32));
      assert.deepEqual(t32, Float32Array.from(t64));
    }), params());
    const F = [matrix([[4, 1], [1, 3]], 'float32'), matrix([[2, 0.5], [0, 1]], 'float32')];
    const b = Float32Array.of(1, 2, 3, 4);
    assert.deepEqual(kronSolve(F, b), Float32Array.from(kronSolve(F.map(toFloat64), Float64Array.from(b))));
  });

  test('the worker split: mode products over disjoint ranges of the outer index equal one full product', () => {
    fc.assert(fc.property(factorsAndVector(), fc.nat(), ([factors, x], cut) => {
      const rows = factors.map((f) => f.rows), cols = factors.map((f) => f.cols);
      const plan = kronPlan(rows, cols, false);
      const whole = kronApply(plan, factors.map((f) => f.data), false, x, [new Float64Array(plan.workLength), new Float64Array(plan.workLength)]);
      let src: ArrayLike<number> = x;
      for (const step of plan.steps) {
        const dst = new Float64Array(step.L * step.p * step.R), split = cut % (step.L + 1);
        modeProduct(step.L, step.p, step.q, step.R, factors[step.factor].data, false, src as Float64Array, dst, 0, split);
        modeProduct(step.L, step.p, step.q, step.R, factors[step.factor].data, false, src as Float64Array, dst, split, step.L);
        src = dst;
      }
      assert.deepEqual(Array.from(src), Array.from(whole));
    }), params());
  });
});

function matrixOf(rows: number, cols: number) {
  return finiteArray({ minLength: rows * cols, maxLength: rows * cols, min: -4, max: 4 }).map((data): Matrix => ({ rows, cols, data }));
}

describe('kron solves', () => {
  const invertible = (n: number) => matrixOf(n, n).map((A) => {
    const data = Float64Array.from(A.data);
    for (let i = 0; i < n; i++) data[i * n + i] += (data[i * n + i] >= 0 ? 1 : -1) * 4 * n; // diagonally dominant
    return { rows: n, cols: n, data } as Matrix;
  });
  const arb = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }).chain((sizes) => {
    const N = sizes.reduce((s, v) => s * v, 1);
    return fc.tuple(fc.tuple(...sizes.map(invertible)), finiteArray({ minLength: N, maxLength: N, min: -4, max: 4 }));
  });

  test('kronSolve inverts the materialized product: (⊗A_k) x = b to rounding', () => {
    fc.assert(fc.property(arb, ([factors, b]) => {
      const x = kronSolve(factors, b);
      const { y, scale } = denseMatVec(mathjsKron(factors), x);
      assertNear(y, b, scale, 'residual', 1e-11);
    }), params());
  });

  test('kronLU solves many right-hand sides with one factorization, matching kronSolve column by column', () => {
    fc.assert(fc.property(arb, fc.integer({ min: 1, max: 3 }), ([factors, b], r) => {
      const lu = kronLU(factors);
      const B = { rows: b.length, cols: r, data: Float64Array.from({ length: b.length * r }, (_, i) => b[Math.floor(i / r)] * (1 + (i % r))) };
      const Z = lu.solveMatrix(B);
      for (let c = 0; c < r; c++) {
        const col = Array.from({ length: b.length }, (_, i) => Z.data[i * r + c]);
        const expected = kronSolve(factors, Array.from(b, (v) => v * (1 + c)));
        assertNear(col, expected, Math.max(...Array.from(expected, Math.abs)), `column ${c}`, 1e-12);
      }
    }), params());
  });

  test('a singular or non-square factor is reported by index, before any solve', () => {
    const good = matrix([[2, 1], [1, 2]]);
    assert.throws(() => kronSolve([good, matrix([[1, 2], [2, 4]])], [1, 2, 3, 4]), { name: 'RangeError', message: /kronSolve: invalid argument\. factors\[1\] must be invertible/ });
    assert.throws(() => kronSolve([matrix([[0]]), good], [1, 2]), { name: 'RangeError', message: /factors\[0\] must be invertible/ });
    assert.throws(() => kronSolve([matrix([[1, 2]])], [1]), { name: 'RangeError', message: /factors\[0\]\.cols must be 1/ });
    assert.throws(() => kronSolve([good], [1, 2, 3]), { name: 'RangeError', message: /b\.length must be 2/ });
  });
});

describe('kron bad input', () => {
  test('an empty factor list, a non-array, a shape mismatch or a non-finite value is a clear error and leaves the inputs as they were', () => {
    const A = matrix([[1, 2], [3, 4]]);
    const x = Float64Array.of(1, 2, 3, 4);
    const before = [Array.from(A.data), Array.from(x)];
    assert.throws(() => kronMatVec([], [1]), { name: 'RangeError', message: /kronMatVec: invalid argument\. factors\.length must be ≥ 1/ });
    assert.throws(() => kronMatVec(A as unknown as Matrix[], x), { name: 'TypeError', message: /factors must be a non-empty array of matrices/ });
    assert.throws(() => kronMatVec([A, A], [1, 2, 3]), { name: 'RangeError', message: /x\.length must be 4\. Value: 3\./ });
    assert.throws(() => kronMatVecTranspose([A, matrix([[1, 2, 3]])], x), { name: 'RangeError', message: /y\.length must be 2/ });
    assert.throws(() => kronMatVec([A, { rows: 1, cols: 1, data: Float64Array.of(NaN) }], [1, 2]), { name: 'RangeError', message: /factors\[1\]\[0\]\[0\] must be a finite number\. Value: NaN/ });
    assert.throws(() => kronMatVec([A], [1, Infinity]), { name: 'RangeError', message: /x\[1\] must be a finite number/ });
    assert.throws(() => kronMatVec([{ rows: 2, cols: 2, data: [1, 2, 3, 4] } as unknown as Matrix], [1, 2]), { name: 'TypeError', message: /factors\[0\]\.data/ });
    assert.throws(() => kronMatMat([A], matrix([[1], [2], [3]])), { name: 'RangeError', message: /X\.rows must be 2/ });
    assert.throws(() => kronProduct([matrix(Array.from({ length: 50000 }, () => [1])), matrix([Array.from({ length: 50000 }, () => 1)])]), { name: 'RangeError', message: /kronProduct: invalid argument\. factors must be matrices whose Kronecker product has ≤ 2³¹ − 1 entries/ });
    assert.throws(() => kronMatVec(Array.from({ length: 32 }, () => matrix([[1], [1], [1]])), [1]), { name: 'RangeError', message: /≤ 2³¹ − 1 rows and columns/ });
    assert.deepEqual([Array.from(A.data), Array.from(x)], before);
  });
});
