import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { matrix, toRows, type Matrix } from 'sublinear/core';
import { kronDot, kronGram, kronLeafValues, kronNorm, kronPowerGram, kronVector, materializeKronVector } from 'sublinear/kron';
import { finiteArray, propertyParameters } from 'sublinear/testing';
import { kron } from 'mathjs';
import { assertNear, toFloat64 } from './kron-helpers.js';

const params = propertyParameters;

/** 1…3 vectors of lengths 1…4. */
const vectorFactors = (dtype: 'float64' | 'float32' = 'float64') =>
  fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }).chain((lengths) =>
    fc.tuple(...lengths.map((n) => finiteArray({ minLength: n, maxLength: n, min: -4, max: 4, dtype }))),
    ).map((fs) => fs as (Float64Array | Float32Array)[]);

/** Two KronVector factor lists of the same shape. */
const vectorPair = vectorFactors().chain((a) => fc.tuple(fc.constant(a), fc.tuple(...a.map((f) => finiteArray({ minLength: f.length, maxLength: f.length, min: -4, max: 4 })))));

/** n points as K data factors of sizes n × p_k. */
const dataFactors = (dtype: 'float64' | 'float32' = 'float64') =>
  fc.tuple(fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 })).chain(([n, ps]) =>
    fc.tuple(...ps.map((p) => finiteArray({ minLength: n * p, maxLength: n * p, min: -4, max: 4, dtype }).map((data): Matrix => ({ rows: n, cols: p, data })))));

/** Row i of every data factor, Kronecker-multiplied by mathjs: the materialized x_i. */
function materializedPoint(data: readonly Matrix[], i: number): number[] {
  const rows = data.map((A) => [Array.from(A.data.subarray(i * A.cols, (i + 1) * A.cols))]);
  return (rows.slice(1).reduce((acc, r) => kron(acc, r) as unknown as number[][], rows[0]))[0];
}

function denseDot(a: ArrayLike<number>, b: ArrayLike<number>) {
  let s = 0, scale = 0;
  for (let i = 0; i < a.length; i++) { s += a[i] * b[i]; scale += Math.abs(a[i] * b[i]); }
  return { s, scale };
}

describe('Kronecker vectors', () => {
  test('materializeKronVector equals the mathjs kron of the factors, entry for entry', () => {
    fc.assert(fc.property(vectorFactors(), (fs) => {
      const rows = fs.map((f) => [Array.from(f)]);
      const expected = rows.slice(1).reduce((acc, r) => kron(acc, r) as unknown as number[][], rows[0])[0];
      const v = kronVector(fs);
      assert.equal(v.length, expected.length);
      assert.deepEqual(Array.from(materializeKronVector(v)), expected);
    }), params());
  });

  test('kronDot equals the dense inner product of the materialized vectors', () => {
    fc.assert(fc.property(vectorPair, ([a, b]) => {
      const va = kronVector(a), vb = kronVector(b);
      const { s, scale } = denseDot(materializeKronVector(va), materializeKronVector(vb));
      assertNear([kronDot(va, vb)], [s], scale, 'kronDot');
    }), params());
  });

  test('kronNorm equals the 1-, 2- and ∞-norm of the materialized vector', () => {
    fc.assert(fc.property(vectorFactors(), (fs) => {
      const v = kronVector(fs), dense = Array.from(materializeKronVector(v));
      const nInf = dense.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      // The reference 2-norm is scaled by the largest entry, so squares of tiny entries do not underflow.
      const n1 = dense.reduce((s, x) => s + Math.abs(x), 0), n2 = nInf === 0 ? 0 : nInf * Math.sqrt(dense.reduce((s, x) => s + (x / nInf) ** 2, 0));
      assertNear([kronNorm(v, 1)], [n1], n1, 'ord 1');
      assertNear([kronNorm(v)], [n2], n2, 'ord 2', 1e-11);
      assertNear([kronNorm(v, Infinity)], [nInf], nInf, 'ord ∞');
    }), params());
  });

  test('float32 Kronecker vectors store float32 and materialize the rounded float64 product', () => {
    fc.assert(fc.property(vectorFactors('float32'), (fs) => {
      const v = kronVector(fs);
      assert.equal(v.dtype, 'float32');
      const m = materializeKronVector(v);
      assert.ok(m instanceof Float32Array);
      assert.deepEqual(m, Float32Array.from(materializeKronVector(kronVector(fs.map((f) => Float64Array.from(f))))));
    }), params());
  });

  test('mismatched factor shapes, an empty list or a non-finite entry are clear errors', () => {
    assert.throws(() => kronVector([]), { name: 'RangeError', message: /kronVector: invalid argument\. factors\.length must be ≥ 1/ });
    assert.throws(() => kronVector([[1, NaN]]), { name: 'RangeError', message: /factors\[0\]\[1\] must be a finite number/ });
    assert.throws(() => kronDot(kronVector([[1, 2]]), kronVector([[1, 2], [3]])), { name: 'RangeError', message: /b\.factors\.length must be 1/ });
    assert.throws(() => kronDot(kronVector([[1, 2]]), kronVector([[1, 2, 3]])), { name: 'RangeError', message: /b\.factors\[0\]\.length must be 2/ });
    assert.throws(() => kronDot({} as never, kronVector([[1]])), { name: 'TypeError', message: /a must be a KronVector/ });
    assert.throws(() => kronNorm(kronVector([[1]]), 3), { name: 'RangeError', message: /ord must be 1, 2 or Infinity/ });
  });
});

describe('Gram kernels and leaf values of Kronecker data', () => {
  test('kronGram equals the Gram matrix of the materialized points', () => {
    fc.assert(fc.property(dataFactors(), (data) => {
      const n = data[0].rows, points = Array.from({ length: n }, (_, i) => materializedPoint(data, i));
      const G = kronGram(data);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        const { s, scale } = denseDot(points[i], points[j]);
        assertNear([G.data[i * n + j]], [s], scale, `G[${i}][${j}]`);
      }
    }), params());
  });

  test('kronPowerGram(X) is the Gram of vec(x_i x_iᵀ): (x_iᵀx_j)², equal to kronGram([X, X]) and to the dense Gram', () => {
    fc.assert(fc.property(dataFactors().map((d) => d[0]), fc.integer({ min: 1, max: 3 }), (X, power) => {
      const n = X.rows, G = kronPowerGram(X, power), H = kronGram(Array.from({ length: power }, () => X));
      const points = Array.from({ length: n }, (_, i) => materializedPoint(Array.from({ length: power }, () => X), i));
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        const { s, scale } = denseDot(points[i], points[j]);
        assertNear([G.data[i * n + j]], [s], scale, `power G[${i}][${j}]`);
        assertNear([H.data[i * n + j]], [s], scale, `kronGram G[${i}][${j}]`);
      }
    }), params());
  });

  test('kronLeafValues equals ⟨w_r, x_i⟩ with x_i materialized, laid out tree i, leaf r', () => {
    const arb = dataFactors().chain((data) => {
      const d = data.reduce((s, A) => s * A.cols, 1);
      return fc.tuple(fc.constant(data), fc.integer({ min: 1, max: 5 }).chain((m) =>
        finiteArray({ minLength: m * d, maxLength: m * d, min: -4, max: 4 }).map((w): Matrix => ({ rows: m, cols: d, data: w }))));
    });
    fc.assert(fc.property(arb, ([data, W]) => {
      const n = data[0].rows, m = W.rows, leaves = kronLeafValues(W, data);
      assert.equal(leaves.rows, n); assert.equal(leaves.cols, m);
      for (let i = 0; i < n; i++) {
        const x = materializedPoint(data, i);
        for (let r = 0; r < m; r++) {
          const { s, scale } = denseDot(W.data.subarray(r * W.cols, (r + 1) * W.cols), x);
          assertNear([leaves.data[i * m + r]], [s], scale, `leaf (${i}, ${r})`);
        }
      }
    }), params());
  });

  test('kronLeafValues with [X, X] gives x_iᵀ W_r x_i (Kronecker SGD), also when the weights span several scratch blocks', () => {
    const X = matrix([[1, 2, 0], [0, -1, 3]]);
    const m = 100_000, p = 3; // 9·m·n scratch entries > 2¹⁸: several blocks
    const W = { rows: m, cols: p * p, data: Float64Array.from({ length: m * p * p }, (_, i) => ((i * 7919) % 13) - 6) };
    const leaves = kronLeafValues(W, [X, X]);
    for (const r of [0, 1, 17, 29999, m - 1]) for (let i = 0; i < 2; i++) {
      let s = 0;
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += X.data[i * p + a] * W.data[r * p * p + a * p + b] * X.data[i * p + b];
      assert.equal(leaves.data[i * m + r], s, `leaf (${i}, ${r})`);
    }
    assert.deepEqual(toRows(kronLeafValues(matrix([[1, 0, 0, 1], [0, 1, 0, 0]]), [matrix([[1, 2], [3, 4]]), matrix([[1, 2], [3, 4]])])), [[5, 2], [25, 12]]);
  });

  test('float32 data give the float64 Gram and leaves rounded once to float32', () => {
    fc.assert(fc.property(dataFactors('float32'), (data) => {
      const G = kronGram(data);
      assert.ok(G.data instanceof Float32Array);
      assert.deepEqual(G.data, Float32Array.from(kronGram(data.map(toFloat64)).data));
      const d = data.reduce((s, A) => s * A.cols, 1);
      const W: Matrix = { rows: 3, cols: d, data: Float32Array.from({ length: 3 * d }, (_, i) => Math.fround(Math.sin(i + 1))) };
      const L = kronLeafValues(W, data);
      assert.ok(L.data instanceof Float32Array);
      assert.deepEqual(L.data, Float32Array.from(kronLeafValues(toFloat64(W), data.map(toFloat64)).data));
    }), params());
  });

  test('data factors with different row counts, weights of the wrong width or an empty list are clear errors', () => {
    const A = matrix([[1, 2], [3, 4]]), B = matrix([[1, 2, 3]]);
    assert.throws(() => kronGram([A, B]), { name: 'RangeError', message: /kronGram: invalid argument\. data\[1\]\.rows must be 2 \(every factor holds one row per data point\)\. Value: 1\./ });
    assert.throws(() => kronGram([]), { name: 'RangeError', message: /data\.length must be ≥ 1/ });
    assert.throws(() => kronPowerGram(A, 0), { name: 'RangeError', message: /power must be an integer ≥ 1/ });
    assert.throws(() => kronLeafValues(matrix([[1, 2, 3]]), [A, A]), { name: 'RangeError', message: /weights\.cols must be 4/ });
    assert.throws(() => kronLeafValues({ rows: 1, cols: 4, data: Float64Array.of(1, 2, 3, NaN) }, [A, A]), { name: 'RangeError', message: /weights\[0\]\[3\] must be a finite number/ });
  });
});
