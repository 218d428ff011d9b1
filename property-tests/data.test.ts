import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { matrix, type Matrix } from 'sublinear/core';
import { gatherRows, gaussianData, loadMnist, MNIST_PIXELS, MNIST_SIZE, normalizeRows, trainTestSplit } from 'sublinear/data';
import { matrixArbitrary, propertyParameters } from 'sublinear/testing';

const params = propertyParameters;
const all = loadMnist();

function labelCounts(labels: Int32Array): number[] {
  const c = new Array(10).fill(0);
  for (const l of labels) c[l]++;
  return c;
}

describe('loadMnist', () => {
  test('all 10,000 digits: 784 pixels each in [0, 1], labels 0…9 with the package counts, not all blank', () => {
    assert.equal(all.images.rows, MNIST_SIZE);
    assert.equal(all.images.cols, MNIST_PIXELS);
    assert.ok(all.images.data instanceof Float64Array);
    let min = Infinity, max = -Infinity;
    for (const v of all.images.data) { if (v < min) min = v; if (v > max) max = v; }
    assert.equal(min, 0);
    assert.equal(max, 1);
    assert.deepEqual(labelCounts(all.labels), [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    for (let r = 0; r < all.images.rows; r += 97) {
      let ink = 0;
      for (let p = 0; p < MNIST_PIXELS; p++) ink += all.images.data[r * MNIST_PIXELS + p];
      assert.ok(ink > 10 && ink < 400, `row ${r} ink ${ink}`);
    }
  });

  test('pixels are exactly the doubles the package JSON holds (thousandths)', () => {
    for (let i = 0; i < all.images.data.length; i += 101) {
      const v = all.images.data[i];
      assert.equal(Math.round(v * 1000) / 1000, v);
    }
  });

  test('a selection is stratified: each class within one row of its share of count', () => {
    const shares = labelCounts(all.labels).map((c) => c / MNIST_SIZE);
    fc.assert(fc.property(fc.integer({ min: 1, max: 3000 }), fc.nat(1000), (count, seed) => {
      const { images, labels } = loadMnist({ count, seed });
      assert.equal(images.rows, count);
      assert.equal(labels.length, count);
      labelCounts(labels).forEach((c, d) => assert.ok(Math.abs(c - shares[d] * count) < 1, `digit ${d}: ${c} of ${count}`));
    }), params({ numRuns: 15 }));
  });

  test('the same seed gives the same rows and labels; another seed another order', () => {
    const a = loadMnist({ count: 300, seed: 5 }), b = loadMnist({ count: 300, seed: 5 }), c = loadMnist({ count: 300, seed: 6 });
    assert.deepEqual(a.images.data, b.images.data);
    assert.deepEqual(a.labels, b.labels);
    assert.notDeepEqual(a.labels, c.labels);
  });

  test('every selected row is a distinct digit of the package, with its own label', () => {
    const index = new Map<string, number>();
    for (let r = 0; r < all.images.rows; r++) index.set(Array.from(all.images.data.subarray(r * MNIST_PIXELS, (r + 1) * MNIST_PIXELS)).join(','), all.labels[r]);
    const { images, labels } = loadMnist({ count: 200, seed: 9 });
    const seen = new Set<string>();
    for (let r = 0; r < 200; r++) {
      const key = Array.from(images.data.subarray(r * MNIST_PIXELS, (r + 1) * MNIST_PIXELS)).join(',');
      assert.equal(index.get(key), labels[r]);
      seen.add(key);
    }
    assert.ok(seen.size >= 199); // the package has a few duplicate images; distinct rows otherwise
  });

  test('float32 storage holds the float64 pixels rounded to float32', () => {
    const a = loadMnist({ count: 50, seed: 2, dtype: 'float32' }), b = loadMnist({ count: 50, seed: 2 });
    assert.ok(a.images.data instanceof Float32Array);
    assert.deepEqual(a.images.data, Float32Array.from(b.images.data));
  });

  test('bad options are rejected with the package error template', () => {
    assert.throws(() => loadMnist({ count: 0 }), RangeError);
    assert.throws(() => loadMnist({ count: 10_001 }), /options.count must be an integer in \[1, 10000\]/);
    assert.throws(() => loadMnist({ count: 2.5 }), RangeError);
    assert.throws(() => loadMnist({ count: '5' as unknown as number }), TypeError);
    assert.throws(() => loadMnist({ seed: -1 }), RangeError);
    assert.throws(() => loadMnist({ dtype: 'int8' as never }), RangeError);
    assert.throws(() => loadMnist(null as never), TypeError);
  });
});

describe('trainTestSplit', () => {
  test('train and test partition the rows, labels stay with their rows, and the seed fixes the split', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 40 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.nat(100), (rows, fraction, seed) => {
      const images = matrix(Array.from({ length: rows }, (_, i) => [i, -i]));
      const labels = Int32Array.from({ length: rows }, (_, i) => i * 7);
      const { train, test } = trainTestSplit({ images, labels }, { testFraction: fraction, seed });
      assert.equal(train.images.rows + test.images.rows, rows);
      assert.ok(train.images.rows >= 1 && test.images.rows >= 1);
      const ids = [...train.labels, ...test.labels].map((l) => l / 7).sort((a, b) => a - b);
      assert.deepEqual(ids, Array.from({ length: rows }, (_, i) => i));
      for (const part of [train, test]) for (let r = 0; r < part.images.rows; r++) assert.equal(part.images.data[r * 2] * 7, part.labels[r]);
      const again = trainTestSplit({ images, labels }, { testFraction: fraction, seed });
      assert.deepEqual(again.test.labels, test.labels);
    }), params({ numRuns: 50 }));
  });

  test('the test part has round(rows · testFraction) rows and keeps the dtype', () => {
    const { train, test } = trainTestSplit({ images: gaussianData(1000, 3, 1, 'float32') }, { testFraction: 0.25, seed: 4 });
    assert.equal(test.images.rows, 250);
    assert.equal(train.images.rows, 750);
    assert.ok(test.images.data instanceof Float32Array);
  });

  test('bad arguments are rejected before anything is allocated', () => {
    const images = matrix([[1], [2], [3]]);
    assert.throws(() => trainTestSplit({ images }, { testFraction: 1 }), RangeError);
    assert.throws(() => trainTestSplit({ images }, { testFraction: 0 }), RangeError);
    assert.throws(() => trainTestSplit({ images, labels: new Int32Array(2) }), /labels.length/);
    assert.throws(() => trainTestSplit({ images, labels: [1, 2, 3] as never }), TypeError);
    assert.throws(() => trainTestSplit({ images: matrix([[1]]) }), RangeError);
    assert.throws(() => trainTestSplit(null as never), TypeError);
  });
});

describe('synthetic data', () => {
  test('gaussianData is deterministic per seed with roughly standard normal entries', () => {
    const a = gaussianData(200, 50, 3), b = gaussianData(200, 50, 3), c = gaussianData(200, 50, 4);
    assert.deepEqual(a.data, b.data);
    assert.notDeepEqual(a.data, c.data);
    let s = 0, s2 = 0;
    for (const v of a.data) { s += v; s2 += v * v; }
    assert.ok(Math.abs(s / 10_000) < 0.05 && Math.abs(s2 / 10_000 - 1) < 0.05);
    assert.throws(() => gaussianData(-1, 2), RangeError);
    assert.throws(() => gaussianData(2, 2, 0, 'float16' as never), RangeError);
  });

  test('normalizeRows gives unit rows in the same directions (to 1e-15) and leaves zero rows zero', () => {
    fc.assert(fc.property(matrixArbitrary({ rows: { min: 0, max: 6 }, cols: { min: 1, max: 6 } }), (A: Matrix) => {
      const U = normalizeRows(A);
      for (let i = 0; i < A.rows; i++) {
        const row = Array.from(A.data.subarray(i * A.cols, (i + 1) * A.cols));
        const unit = Array.from(U.data.subarray(i * A.cols, (i + 1) * A.cols));
        const norm = Math.hypot(...unit);
        if (row.every((v) => v === 0)) assert.ok(unit.every((v) => v === 0));
        else {
          assert.ok(Math.abs(norm - 1) < 1e-12, `norm ${norm}`);
          const m = Math.max(...row.map(Math.abs)), scaled = row.map((v) => v / m), n = Math.hypot(...scaled);
          scaled.forEach((v, j) => assert.ok(Math.abs(unit[j] - v / n) <= 1e-15, `entry ${j}: ${unit[j]} vs ${v / n}`));
        }
      }
    }), params());
    assert.deepEqual(Array.from(normalizeRows(matrix([[3e300, 4e300], [3e-310, 4e-310]])).data), [0.6, 0.8, 0.6, 0.8]);
    assert.throws(() => normalizeRows(matrix([[1, 2]]).data as never), TypeError);
  });

  test('gatherRows copies the named rows in order and rejects out-of-range indices', () => {
    const A = matrix([[1, 2], [3, 4], [5, 6]]);
    assert.deepEqual(Array.from(gatherRows(A, [2, 2, 0]).data), [5, 6, 5, 6, 1, 2]);
    assert.throws(() => gatherRows(A, [3]), RangeError);
    assert.throws(() => gatherRows(A, [0.5]), RangeError);
  });
});
