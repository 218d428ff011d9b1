import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from 'sublinear/core';
import { averagePool, loadMnist } from 'sublinear/data';
import { propertyParameters } from 'sublinear/testing';

describe('averagePool', () => {
  test('each output pixel is the mean of its factor × factor tile (against a direct reference), dtype kept', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), fc.nat(1000), fc.boolean(), (count, t, factor, seed, f32) => {
      const side = t * factor, rng = new Rng(seed);
      const data = rng.fillGaussian(f32 ? new Float32Array(count * side * side) : new Float64Array(count * side * side));
      const pooled = averagePool({ rows: count, cols: side * side, data }, factor);
      assert.equal(pooled.rows, count); assert.equal(pooled.cols, t * t);
      assert.equal(pooled.data instanceof Float32Array, f32);
      for (let i = 0; i < count; i++) for (let a = 0; a < t; a++) for (let b = 0; b < t; b++) {
        let s = 0;
        for (let y = a * factor; y < (a + 1) * factor; y++) for (let x = b * factor; x < (b + 1) * factor; x++) s += data[i * side * side + y * side + x];
        const want = s / (factor * factor), got = pooled.data[i * t * t + a * t + b];
        assert.ok(Math.abs(got - want) <= (f32 ? 1e-6 : 1e-12) * Math.max(1, Math.abs(want)), `${got} vs ${want}`);
      }
    }), { ...propertyParameters(), numRuns: 60 });
  });

  test('MNIST digits pool to 14 × 14 and 7 × 7 with the mean grey level kept; factor 1 is a copy', () => {
    const { images } = loadMnist({ count: 20, seed: 2 });
    const mean = (a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s / a.length; };
    for (const [factor, cols] of [[2, 196], [4, 49], [1, 784]]) {
      const pooled = averagePool(images, factor);
      assert.equal(pooled.cols, cols);
      assert.ok(Math.abs(mean(pooled.data) - mean(images.data)) < 1e-12);
    }
    const copy = averagePool(images, 1);
    assert.deepEqual(copy.data, images.data); assert.notEqual(copy.data, images.data);
  });

  test('refuses a factor that does not divide the side, a non-square row, and non-matrices', () => {
    const img = { rows: 1, cols: 16, data: new Float64Array(16) };
    assert.throws(() => averagePool(img, 3), { name: 'RangeError', message: /^averagePool: invalid argument\. factor must be a divisor of the image side 4\. Value: 3\.$/ });
    assert.throws(() => averagePool(img, 0), { name: 'RangeError', message: /^averagePool: invalid argument\. factor/ });
    assert.throws(() => averagePool({ rows: 1, cols: 15, data: new Float64Array(15) }, 1), { name: 'RangeError', message: /^averagePool: invalid argument\. images\.cols must be a square number/ });
    assert.throws(() => averagePool(img, 2, 5), { name: 'RangeError', message: /^averagePool: invalid argument\. side must be a square number/ });
    assert.throws(() => averagePool([1, 2] as never, 2), { name: 'TypeError', message: /^averagePool: invalid argument\. images/ });
  });
});
