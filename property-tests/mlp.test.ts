import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { matmul, Rng, type Matrix } from 'sublinear/core';
import { Mlp } from 'sublinear/nn';
import { assertClose, propertyParameters } from 'sublinear/testing';

const params = propertyParameters;

function randomMatrix(rows: number, cols: number, rng: Rng, low = -1, high = 1): Matrix {
  return { rows, cols, data: rng.fillUniform(new Float64Array(rows * cols), low, high) };
}

/** The loss by its textbook formula on the sigmoid outputs: −Σ y log p + (1 − y) log(1 − p), over the batch. */
function textbookLoss(net: Mlp, p: Float64Array, X: Matrix, Y: Matrix): number {
  const P = net.forward(p, X).data;
  let s = 0;
  for (let i = 0; i < P.length; i++) s -= Y.data[i] * Math.log(P[i]) + (1 - Y.data[i]) * Math.log(1 - P[i]);
  return s / X.rows;
}

const shape = fc.record({
  sizes: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 2, maxLength: 4 }),
  batch: fc.integer({ min: 1, max: 6 }),
  seed: fc.nat(10_000),
});

describe('Mlp', () => {
  test('the gradient equals central finite differences of the loss (float64, relative 1e-6)', () => {
    fc.assert(fc.property(shape, ({ sizes, batch, seed }) => {
      const net = new Mlp({ sizes });
      const rng = new Rng(seed);
      const p = rng.fillUniform(new Float64Array(net.parameterCount), -1, 1);
      const X = randomMatrix(batch, sizes[0], rng);
      const Y = randomMatrix(batch, sizes[sizes.length - 1], rng, 0, 1);
      const { loss, grad } = net.lossAndGradient(p, X, Y);
      const numeric = new Float64Array(p.length), h = 1e-5;
      for (let i = 0; i < p.length; i++) {
        const q = p.slice();
        q[i] = p[i] + h; const up = net.lossAndGradient(q, X, Y).loss;
        q[i] = p[i] - h; const down = net.lossAndGradient(q, X, Y).loss;
        numeric[i] = (up - down) / (2 * h);
      }
      assert.ok(Number.isFinite(loss));
      assertClose(grad, numeric, 1e-6, 0, 'gradient');
    }), params({ numRuns: 60 }));
  });

  test('the loss equals the textbook cross-entropy of the sigmoid outputs', () => {
    fc.assert(fc.property(shape, ({ sizes, batch, seed }) => {
      const net = new Mlp({ sizes }), rng = new Rng(seed);
      const p = net.initParams(seed) as Float64Array;
      const X = randomMatrix(batch, sizes[0], rng), Y = randomMatrix(batch, sizes[sizes.length - 1], rng, 0, 1);
      const { loss } = net.lossAndGradient(p, X, Y);
      assert.ok(Math.abs(loss - textbookLoss(net, p, X, Y)) <= 1e-12 * Math.max(1, loss));
    }), params({ numRuns: 50 }));
  });

  test('a one-layer net computes X·W + b through the sigmoid (blocked kernel vs core matmul)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 11 }), fc.integer({ min: 1, max: 9 }), fc.nat(1000), (batch, inputs, outputs, seed) => {
      const net = new Mlp({ sizes: [inputs, outputs] }), rng = new Rng(seed);
      const p = rng.fillUniform(new Float64Array(net.parameterCount), -1, 1);
      const X = randomMatrix(batch, inputs, rng);
      for (let i = 0; i < X.data.length; i += 3) X.data[i] = 0; // zero runs take the skipping path
      const [{ weights, bias }] = net.layers(p);
      const Z = matmul(X, weights).data;
      const expected = Z.map((z, i) => 1 / (1 + Math.exp(-(z + bias[i % outputs]))));
      assertClose(net.forward(p, X).data, expected, 1e-14, 1e-15, 'outputs');
    }), params({ numRuns: 80 }));
  });

  test('the loss stays finite and exact for saturated logits (stable log-sum-exp form)', () => {
    const net = new Mlp({ sizes: [1, 1] });
    const p = new Float64Array([1000, 0]); // logit = 1000·x
    const X = { rows: 2, cols: 1, data: new Float64Array([1, -1]) };
    const Y = { rows: 2, cols: 1, data: new Float64Array([0, 1]) };
    const { loss, grad } = net.lossAndGradient(p, X, Y);
    assert.equal(loss, 1000); // (1000 + 1000) / 2: each example wrong by a logit of 1000
    assert.deepEqual(Array.from(grad), [1, 0]);
    const right = net.lossAndGradient(p, X, { rows: 2, cols: 1, data: new Float64Array([1, 0]) });
    assert.equal(right.loss, 0);
  });

  test('float32 parameters give the float64 loss and gradient to float32 accuracy', () => {
    fc.assert(fc.property(shape, ({ sizes, batch, seed }) => {
      const n64 = new Mlp({ sizes }), n32 = new Mlp({ sizes, dtype: 'float32' }), rng = new Rng(seed);
      const p32 = n32.initParams(seed), p64 = Float64Array.from(p32);
      assert.deepEqual(p32, Float32Array.from(n64.initParams(seed)));
      const X = randomMatrix(batch, sizes[0], rng), Y = randomMatrix(batch, sizes[sizes.length - 1], rng, 0, 1);
      const a = n32.lossAndGradient(p32, X, Y), b = n64.lossAndGradient(p64, X, Y);
      assert.ok(a.grad instanceof Float32Array);
      assert.equal(a.loss, b.loss); // activations are float64 in both
      assert.deepEqual(a.grad, Float32Array.from(b.grad));
    }), params({ numRuns: 30 }));
  });

  test('Glorot init: seeded, within ±√(6/(in+out)), zero biases; layer views alias the flat vector', () => {
    const net = new Mlp({ sizes: [30, 20, 10] });
    const p = net.initParams(7);
    assert.deepEqual(p, net.initParams(7));
    assert.notDeepEqual(p, net.initParams(8));
    const layers = net.layers(p);
    layers.forEach(({ weights, bias }) => {
      const limit = Math.sqrt(6 / (weights.rows + weights.cols));
      assert.ok(weights.data.every((w) => Math.abs(w) <= limit));
      assert.ok(Math.max(...weights.data.map(Math.abs)) > 0.8 * limit);
      assert.ok(bias.every((b) => b === 0));
    });
    layers[1].bias[3] = 5;
    assert.equal(p[net.layout[1].biasOffset + 3], 5);
    assert.equal(net.parameterCount, 30 * 20 + 20 + 20 * 10 + 10);
  });

  test('bad arguments are rejected with the package template and leave grad untouched', () => {
    assert.throws(() => new Mlp({ sizes: [3] }), RangeError);
    assert.throws(() => new Mlp({ sizes: [3, 0] }), RangeError);
    assert.throws(() => new Mlp({ sizes: '3,2' as never }), TypeError);
    assert.throws(() => new Mlp({ sizes: [3, 2], dtype: 'int8' as never }), RangeError);
    const net = new Mlp({ sizes: [2, 2] }), p = net.initParams(), grad = new Float64Array(net.parameterCount).fill(7);
    const X = { rows: 1, cols: 2, data: new Float64Array([1, 2]) };
    assert.throws(() => net.lossAndGradient(p, X, { rows: 1, cols: 2, data: new Float64Array([0.5, 2]) }, grad), /Y.data\[1\] must be a target in \[0, 1\]/);
    assert.throws(() => net.lossAndGradient(p, { rows: 1, cols: 3, data: new Float64Array(3) }, X, grad), /X.cols/);
    assert.throws(() => net.lossAndGradient(new Float32Array(p), X, X, grad), TypeError);
    assert.throws(() => net.lossAndGradient(p, X, X, new Float64Array(3)), RangeError);
    assert.throws(() => net.forward(p, { rows: 1, cols: 2, data: new Float64Array([NaN, 0]) }), RangeError);
    assert.ok(grad.every((g) => g === 7));
  });
});
