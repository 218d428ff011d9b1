import { checkInteger, checkOptions, invalidRange } from '../core/errors.js';
import type { Dtype, FloatArray } from '../core/matrix.js';
import { allocateForest, treeLayout, type TreeLayout } from './layout.js';
import { ancestorSchedule, applySchedule, argmaxTree, buildHeaps, countTree, queryTree, topKTree, updatePath } from './kernels.js';
import { checkBlockSize, checkDtype, checkForest, checkIndices, checkOut, checkStorable, checkStorableArray, checkTau } from './validate.js';
import { collectHits, isThreshold, type Scratch } from './query-output.js';

/** Options of MaxTree.from. */
export interface MaxTreeOptions {
  /** Storage of the values (default 'float64'); 'float32' rounds each value as float32 stores it. */
  dtype?: Dtype;
  /** Leaves scanned linearly under one heap node, a power of two in [1, 1024] (default 16). */
  blockSize?: number;
}

/**
 * A max-tree over m values: point and batched updates in O(log m), and every index with value ≥ τ
 * in O(K log m) for K hits, ascending. Blocks of 16 leaves sit under each heap leaf, so a query is
 * never much slower than scanning the values, and far faster when few pass.
 *
 * @example
 * ```ts
 * import { MaxTree } from 'sublinear/maxtree';
 * const tree = MaxTree.from([0.5, 3, -1, 3, 2]);
 * console.log(tree.query(2));   // Int32Array [1, 3, 4]: every index with value ≥ 2
 * tree.set(1, -5);
 * console.log(tree.max(), tree.argmax(), tree.count(2)); // 3 3 2
 * ```
 */
export class MaxTree {
  /** Shape of the tree; `leaves` and `nodes` follow it (see TreeLayout). */
  readonly layout: TreeLayout;
  private readonly leaves: FloatArray;
  private readonly nodes: FloatArray;
  private readonly scratch: Scratch = { buffer: new Int32Array(64) };

  private constructor(layout: TreeLayout, leaves: FloatArray, nodes: FloatArray) {
    this.layout = layout;
    this.leaves = leaves;
    this.nodes = nodes;
  }

  /**
   * A tree over `values` (copied), built in O(m).
   * @param values - m ≥ 1 finite numbers (an array or typed array); −0 is kept.
   * @param options - `dtype` ('float64' default, or 'float32'), `blockSize` (default 16).
   * @returns the tree.
   * @throws {TypeError} values not an array of numbers, options not an object.
   * @throws {RangeError} no values, a NaN or ±Infinity value (or beyond float32 range with dtype 'float32'), a bad option.
   * @example
   * ```ts
   * import { MaxTree } from 'sublinear/maxtree';
   * const tree = MaxTree.from(new Float32Array([1, 2, 3]), { dtype: 'float32' });
   * console.log(tree.size, tree.max()); // 3 3
   * ```
   */
  static from(values: ArrayLike<number>, options?: MaxTreeOptions): MaxTree {
    const fn = 'MaxTree.from';
    const opts = checkOptions(fn, 'options', options, ['dtype', 'blockSize']);
    const dtype = checkDtype(fn, opts.dtype);
    const blockSize = checkBlockSize(fn, opts.blockSize);
    const array = checkStorableArray(fn, 'values', values, dtype);
    if (array.length === 0) throw invalidRange(fn, 'values.length', 'at least 1', 0);
    const layout = treeLayout(1, array.length, 0, dtype, blockSize);
    const { leaves, nodes } = allocateForest(layout, fn);
    leaves.set(array);
    buildHeaps(leaves, nodes, layout, 0, 1);
    return new MaxTree(layout, leaves, nodes);
  }

  /** Number of values m. */
  get size(): number { return this.layout.m; }

  /** Storage dtype. */
  get dtype(): Dtype { return this.layout.dtype; }

  /**
   * The value at index j (as stored: float32-rounded with dtype 'float32').
   * @param j - an index in [0, size).
   * @returns the value.
   * @throws {TypeError} j not a number. @throws {RangeError} j not an integer in range.
   * @example
   * ```ts
   * import { MaxTree } from 'sublinear/maxtree';
   * console.log(MaxTree.from([4, -0]).get(1)); // -0
   * ```
   */
  get(j: number): number {
    checkInteger('MaxTree.get', 'j', j, 0, this.layout.m - 1);
    return this.leaves[j];
  }

  /**
   * Sets value j in O(blockSize + log m), stopping early where the maxima above do not change.
   * @param j - an index in [0, size).
   * @param value - a finite number.
   * @throws {TypeError} j or value not a number. @throws {RangeError} j out of range, value NaN or ±Infinity. Nothing changes then.
   * @example
   * ```ts
   * import { MaxTree } from 'sublinear/maxtree';
   * const tree = MaxTree.from([1, 2]);
   * tree.set(0, 9);
   * console.log(tree.argmax()); // 0
   * ```
   */
  set(j: number, value: number): void {
    checkInteger('MaxTree.set', 'j', j, 0, this.layout.m - 1);
    checkStorable('MaxTree.set', 'value', value, this.layout.dtype);
    this.leaves[j] = value;
    updatePath(this.leaves, this.nodes, this.layout, 0, j);
  }

  /**
   * Sets values[q] at indices[q] for every q (a repeated index takes its last value), then
   * recomputes each changed ancestor once, level by level: O(k log k + k' (blockSize + 1)) for k
   * indices touching k' distinct nodes.
   * @param indices - integer indices in [0, size).
   * @param values - finite numbers, as many as indices.
   * @throws {TypeError} not arrays of numbers. @throws {RangeError} an index out of range, a length mismatch, a NaN or ±Infinity value. Nothing changes then.
   * @example
   * ```ts
   * import { MaxTree } from 'sublinear/maxtree';
   * const tree = MaxTree.from([0, 0, 0, 0]);
   * tree.setMany([3, 1], [5, 7]);
   * console.log(tree.query(1)); // Int32Array [1, 3]
   * ```
   */
  setMany(indices: ArrayLike<number>, values: ArrayLike<number>): void {
    const fn = 'MaxTree.setMany';
    const idx = checkIndices(fn, 'indices', indices, this.layout.m);
    const vals = checkStorableArray(fn, 'values', values, this.layout.dtype, idx.length);
    for (let q = 0; q < idx.length; q++) this.leaves[idx[q]] = vals[q];
    applySchedule(this.leaves, this.nodes, this.layout, ancestorSchedule(this.layout, idx, idx.length), 0, 1);
  }

  /**
   * The largest value (a stored value: −0 when the maximum is a −0 that comes first).
   * @returns max_j value_j.
   * @example
   * ```ts
   * import { MaxTree } from 'sublinear/maxtree';
   * console.log(MaxTree.from([1, 5, 2]).max()); // 5
   * ```
   */
  max(): number { return this.leaves[this.argmax()]; }

  /**
   * The smallest index holding the largest value, in O(log m + blockSize).
   * @returns argmax_j value_j.
   * @example
   * ```ts
   * import { MaxTree } from 'sublinear/maxtree';
   * console.log(MaxTree.from([1, 5, 5]).argmax()); // 1
   * ```
   */
  argmax(): number { return argmaxTree(this.leaves, this.nodes, this.layout, 0); }

  /**
   * Every index whose value is ≥ tau, ascending, in O(K log m) for K hits.
   * @param tau - the threshold: any number but NaN (−∞ returns every index).
   * @param out - optional reusable buffer: the hits are written to out[0..K) and `out.subarray(0, K)`
   *   is returned; if out is shorter than K a new array is returned instead. Without it, a new array.
   * @returns the indices, ascending.
   * @throws {TypeError} tau not a number, out not an Int32Array. @throws {RangeError} tau NaN.
   * @example
   * ```ts
   * import { MaxTree } from 'sublinear/maxtree';
   * const tree = MaxTree.from([1, 0, -0, 2]);
   * const out = new Int32Array(4);
   * console.log(tree.query(0, out)); // Int32Array [0, 1, 2, 3]: −0 ≥ 0
   * ```
   */
  query(tau: number, out?: Int32Array): Int32Array {
    if (!isThreshold(tau)) checkTau('MaxTree.query', tau);
    if (out !== undefined && !(out instanceof Int32Array)) checkOut('MaxTree.query', out);
    return collectHits(this.leaves, this.nodes, this.layout, 0, tau, out, this.scratch);
  }

  /**
   * The allocation-free query for hot loops: writes every index with value ≥ tau, ascending, into
   * out[0..min(K, out.length)) and returns K. With out.length ≥ size every hit fits.
   * @param tau - any number but NaN. @param out - the output buffer.
   * @returns K (which may exceed out.length: then only the first out.length were written).
   * @throws {TypeError} tau not a number, out not an Int32Array. @throws {RangeError} tau NaN.
   * @example
   * ```ts
   * import { MaxTree } from 'sublinear/maxtree';
   * const tree = MaxTree.from([4, 1, 5]);
   * const out = new Int32Array(tree.size);
   * const K = tree.queryInto(4, out);
   * console.log(K, out.subarray(0, K)); // 2 Int32Array [0, 2]
   * ```
   */
  queryInto(tau: number, out: Int32Array): number {
    if (!isThreshold(tau)) checkTau('MaxTree.queryInto', tau);
    if (!(out instanceof Int32Array)) checkOut('MaxTree.queryInto', out ?? null);
    return queryTree(this.leaves, this.nodes, this.layout, 0, tau, out);
  }

  /**
   * How many values are ≥ tau, in O(K log m).
   * @param tau - any number but NaN.
   * @returns the count.
   * @throws {TypeError} tau not a number. @throws {RangeError} tau NaN.
   * @example
   * ```ts
   * import { MaxTree } from 'sublinear/maxtree';
   * console.log(MaxTree.from([1, 2, 3]).count(2)); // 2
   * ```
   */
  count(tau: number): number {
    if (!isThreshold(tau)) checkTau('MaxTree.count', tau);
    return countTree(this.leaves, this.nodes, this.layout, 0, tau);
  }

  /**
   * The indices of the k largest values, by value descending, ties by index ascending.
   * @param k - an integer ≥ 0; more than size returns all.
   * @returns min(k, size) indices.
   * @throws {TypeError} k not a number. @throws {RangeError} k not an integer ≥ 0.
   * @example
   * ```ts
   * import { MaxTree } from 'sublinear/maxtree';
   * console.log(MaxTree.from([3, 9, 3, 1]).topK(3)); // Int32Array [1, 0, 2]
   * ```
   */
  topK(k: number): Int32Array {
    checkInteger('MaxTree.topK', 'k', k);
    return topKTree(this.leaves, this.nodes, this.layout, 0, Math.min(k, this.layout.m));
  }

  /**
   * The values, copied, in the storage dtype.
   * @returns a Float64Array or Float32Array of length size.
   * @example
   * ```ts
   * import { MaxTree } from 'sublinear/maxtree';
   * console.log(MaxTree.from([1, 2]).toArray()); // Float64Array [1, 2]
   * ```
   */
  toArray(): FloatArray { return this.leaves.slice(0, this.layout.m); }

  /**
   * Checks the structure: every value finite, padding −∞, each block node the max of its leaves,
   * each inner node the max of its children. For users' own property tests.
   * @throws {Error} naming the first broken invariant.
   * @example
   * ```ts
   * import { MaxTree } from 'sublinear/maxtree';
   * MaxTree.from([1, 2, 3]).checkInvariants(); // returns quietly
   * ```
   */
  checkInvariants(): void { checkForest('MaxTree.checkInvariants', this.leaves, this.nodes, this.layout); }
}
