import { allocate, checkMatrix, checkOptions, checkPositive, dtypeOf, invalidRange, invalidType, Rng, checkInteger, type Matrix } from '../core/index.js';

/** Rows of a matrix with optional labels: what {@link trainTestSplit} splits. */
export interface Examples {
  readonly images: Matrix;
  readonly labels?: Int32Array;
}

/** Options of {@link trainTestSplit}. */
export interface SplitOptions {
  /** Share of the rows that go to the test part, in (0, 1). Default 0.2. */
  testFraction?: number;
  /** Seed of the permutation. Default 0. */
  seed?: number;
}

/** Rows `indices` of `A`, in that order, as a new matrix (or into `out`); a kernel that trusts its inputs. */
export function gatherRowsInto(A: Matrix, indices: ArrayLike<number>, out: Matrix): Matrix {
  const { cols, data } = A, target = out.data;
  for (let r = 0; r < indices.length; r++) {
    const from = indices[r] * cols, to = r * cols;
    for (let c = 0; c < cols; c++) target[to + c] = data[from + c];
  }
  return out;
}

/**
 * Rows `indices` of `A`, in that order, as a new matrix of the same dtype: a minibatch, a split part.
 *
 * @param A - the source matrix.
 * @param indices - row numbers in [0, A.rows), repeats allowed.
 * @returns an `indices.length × A.cols` matrix.
 * @throws {TypeError} A not a Matrix or indices not an array of numbers.
 * @throws {RangeError} an index that is not an integer in [0, A.rows).
 * @example
 * ```ts
 * import { matrix } from 'sublinear/core';
 * import { gatherRows } from 'sublinear/data';
 * console.log(gatherRows(matrix([[1, 2], [3, 4], [5, 6]]), [2, 0]).data); // Float64Array [5, 6, 1, 2]
 * ```
 */
export function gatherRows(A: Matrix, indices: ArrayLike<number>): Matrix {
  checkMatrix('gatherRows', 'A', A, false);
  if (!(Array.isArray(indices) || (ArrayBuffer.isView(indices) && !(indices instanceof DataView)))) {
    throw invalidType('gatherRows', 'indices', 'an array of row numbers', indices);
  }
  for (let r = 0; r < indices.length; r++) checkInteger('gatherRows', `indices[${r}]`, indices[r], 0, A.rows - 1);
  const out = { rows: indices.length, cols: A.cols, data: allocate(indices.length * A.cols, dtypeOf(A.data)) };
  return gatherRowsInto(A, indices, out);
}

/**
 * A seeded random split into train and test rows, labels kept with their rows. The test part has
 * `round(rows · testFraction)` rows (at least one, and at least one row left to train on); the same
 * seed gives the same split.
 *
 * @param examples - `{ images, labels? }`; labels, when present, one per row.
 * @param options - `testFraction` in (0, 1) (default 0.2), `seed` (default 0).
 * @returns `{ train, test }`, each `{ images, labels? }` with fresh storage.
 * @throws {TypeError} examples not `{ images: Matrix, labels?: Int32Array }`, options not an object.
 * @throws {RangeError} testFraction outside (0, 1), fewer than two rows, labels of the wrong length.
 * @example
 * ```ts
 * import { loadMnist, trainTestSplit } from 'sublinear/data';
 * const { train, test } = trainTestSplit(loadMnist({ count: 1000 }), { testFraction: 0.1, seed: 3 });
 * console.log(train.images.rows, test.images.rows); // 900 100
 * ```
 */
export function trainTestSplit<T extends Examples>(examples: T, options?: SplitOptions): { train: T; test: T } {
  if (examples === null || typeof examples !== 'object') throw invalidType('trainTestSplit', 'examples', 'an object { images, labels? }', examples);
  const images = checkMatrix('trainTestSplit', 'examples.images', examples.images, false);
  const labels = examples.labels;
  if (labels !== undefined && !(labels instanceof Int32Array)) throw invalidType('trainTestSplit', 'examples.labels', 'an Int32Array', labels);
  if (labels !== undefined && labels.length !== images.rows) throw invalidRange('trainTestSplit', 'examples.labels.length', `images.rows = ${images.rows}`, labels.length);
  const o = checkOptions('trainTestSplit', 'options', options, ['testFraction', 'seed']);
  const fraction = o.testFraction === undefined ? 0.2 : checkPositive('trainTestSplit', 'options.testFraction', o.testFraction);
  if (fraction >= 1) throw invalidRange('trainTestSplit', 'options.testFraction', 'a number in (0, 1)', fraction);
  const seed = o.seed === undefined ? 0 : checkInteger('trainTestSplit', 'options.seed', o.seed);
  if (images.rows < 2) throw invalidRange('trainTestSplit', 'examples.images.rows', 'at least 2', images.rows);
  const testRows = Math.min(images.rows - 1, Math.max(1, Math.round(images.rows * fraction)));
  const order = new Rng(seed).sample(images.rows, images.rows);
  const part = (idx: Int32Array): T => ({
    ...examples,
    images: gatherRowsInto(images, idx, { rows: idx.length, cols: images.cols, data: allocate(idx.length * images.cols, dtypeOf(images.data)) }),
    ...(labels ? { labels: Int32Array.from(idx, (i) => labels[i]) } : {}),
  });
  return { test: part(order.subarray(0, testRows)), train: part(order.subarray(testRows)) };
}
