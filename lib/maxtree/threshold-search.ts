import { allocate, type Dtype, type FloatArray, type Matrix } from '../core/matrix.js';
import { checkBoolean, checkInteger, checkOptions, firstNonFinite, invalidRange, invalidType } from '../core/errors.js';
import { allocateForestForBuild, treeLayout, type TreeLayout } from './layout.js';
import { releaseIfResident } from '../core/wasm-array.js';
import { ancestorSchedule, applySchedule, buildHeaps, computeLeaves, countTree, queryTree } from './kernels.js';
import { orderedDot } from './inner-products.js';
import { backendStatus } from '../core/kernels/select.js';
import { collectHits, isIndex, isThreshold, type Scratch } from './query-output.js';
import { checkBlockSize, checkDtype, checkForest, checkIndices, checkOut, checkRows, checkStorableArray, checkTau, rescanRows, takeRows } from './validate.js';
import { checkAttachable, type ThresholdSearchBuffers } from './attach.js';
export type { ThresholdSearchBuffers } from './attach.js';
import { checkPool, type KernelPool } from '../core/pool.js';
import { buildForestOnPool, commitLeavesOnPool, queryAllOnPool, stageRowsOnPool, type ForestPoolOptions } from './parallel.js';

export type { ForestPoolOptions };

/** Options of ThresholdSearch.init. */
export interface ThresholdSearchOptions {
  /** The n data points x_i, row-major n × d: a flat array of n·d numbers or a Matrix with d columns. */
  data: ArrayLike<number> | Matrix;
  /** The m weights w_j, row-major m × d, likewise. */
  weights: ArrayLike<number> | Matrix;
  /** Length of every data point and weight. */
  d: number;
  /** Storage of data, weights and trees (default 'float64'). */
  dtype?: Dtype;
  /** Leaves scanned linearly under one heap node, a power of two in [1, 1024] (default 16). */
  blockSize?: number;
  /**
   * Copy data and weights (default true). With false, an input that is already a typed array of
   * `dtype` on a SharedArrayBuffer is used in place (no copy: `update`/`updateMany` then write the
   * new weights into it); other inputs are still copied.
   */
  copy?: boolean;
  /**
   * Allocate the structure's own arrays (its copies of data and weights, the leaves, the heap nodes)
   * inside the wasm backend's memory, as resident arrays (see `wasmArray` in sublinear/core), where
   * one can be made (default false: ordinary SharedArrayBuffers). Call `dispose()` when done: the
   * next init reuses that memory instead of touching fresh pages, which on some machines costs far
   * more than the build itself (see docs/kernels.md). Without dispose the memory returns only when
   * the garbage collector reclaims the arrays, which may be late: the JavaScript heap does not see
   * the wasm memory.
   */
  resident?: boolean;
}

/** Every tree's hits in compressed-row form: tree i's indices are indices[offsets[i] … offsets[i+1]). */
export interface ForestHits {
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
}

/**
 * The paper's threshold-search structure (Appendix B): n max-trees, tree i over the m inner products
 * ⟨x_i, w_j⟩. Finds every j with ⟨x_i, w_j⟩ ≥ τ in O(K log m), replaces a weight in O(n(d + log m)),
 * and moves leaves by given deltas without touching the weights (the implicit-weights path).
 *
 * @example
 * ```ts
 * import { ThresholdSearch } from 'sublinear/maxtree';
 * const search = ThresholdSearch.init({ data: [1, 0, 0, 1], weights: [1, 2, -3, 1, 0.5, 0.5], d: 2 });
 * console.log(search.query(0, 0.5));  // Int32Array [0, 2]: ⟨x_0, w_j⟩ = 1, −3, 0.5
 * search.update(1, [4, 0]);
 * console.log(search.query(0, 0.5));  // Int32Array [0, 1, 2]
 * ```
 */
export class ThresholdSearch {
  /** Shape of the forest (plain numbers: post it to a worker with `buffers`). */
  readonly layout: TreeLayout;
  /** The shared arrays; workers run the kernels of lib/maxtree/kernels.ts on them. */
  readonly buffers: ThresholdSearchBuffers;
  private readonly scratch: Scratch = { buffer: new Int32Array(64) };
  private stamps: Int32Array | undefined;
  private stamp = 0;
  /** The pooled update in flight on this structure, if any: every other update is refused until it settles. */
  private pending: string | undefined;
  /** The resident arrays this structure allocated (freed by dispose). */
  private owned: FloatArray[];
  private disposed = false;

  private constructor(layout: TreeLayout, buffers: ThresholdSearchBuffers, owned: FloatArray[] = []) {
    this.layout = layout;
    this.buffers = buffers;
    this.owned = owned;
  }

  /**
   * Builds the n trees in O(nmd) with a register-blocked inner-product kernel.
   * @param options - data (n × d), weights (m × d), d, dtype, blockSize, copy, resident.
   * @returns the structure, over copies of data and weights on SharedArrayBuffers (or, with
   * `copy: false`, over inputs that already are typed arrays of the dtype on SharedArrayBuffers;
   * inputs that are resident arrays are then read by the wasm GEMM in place). With `resident: true`
   * the arrays it allocates live in the wasm memory: `dispose()` returns them for the next init.
   * @throws {TypeError} a wrong kind of argument. @throws {RangeError} d not an integer ≥ 1, a length not a positive multiple of d, a Matrix with cols ≠ d, a NaN or ±Infinity entry, an inner product that overflows.
   * @example
   * ```ts
   * import { ThresholdSearch } from 'sublinear/maxtree';
   * const s = ThresholdSearch.init({ data: [1, 2], weights: [3, 4, 5, 6], d: 2, dtype: 'float32' });
   * console.log(s.n, s.m, s.leaf(0, 1)); // 1 2 17
   * ```
   * With `pool` (a KernelPool from sublinear/workers) the trees are built in blocks across its threads
   * and init returns a Promise of the same structure, bit for bit.
   */
  static init(options: ThresholdSearchOptions & ForestPoolOptions): Promise<ThresholdSearch>;
  static init(options: ThresholdSearchOptions): ThresholdSearch;
  static init(options: ThresholdSearchOptions & Partial<ForestPoolOptions>): ThresholdSearch | Promise<ThresholdSearch> {
    const fn = 'ThresholdSearch.init';
    if (options?.pool !== undefined) return ThresholdSearch.initOnPool(fn, options as ThresholdSearchOptions & ForestPoolOptions);
    const { layout, buffers, rescan, owned } = ThresholdSearch.prepare(fn, options);
    const { leaves, nodes } = buffers;
    computeLeaves(buffers.data, buffers.weights, leaves, layout, 0, layout.n, 0, layout.m);
    const bad = firstNonFinite(leaves, 0, layout.n, layout.m, layout.leafStride);
    if (bad >= 0) {
      const error = ThresholdSearch.nonFiniteLeaf(fn, layout, leaves, bad);
      release(owned);
      rescan();
      throw error;
    }
    buildHeaps(leaves, nodes, layout, 0, layout.n);
    return new ThresholdSearch(layout, buffers, owned);
  }

  private static async initOnPool(fn: string, options: ThresholdSearchOptions & ForestPoolOptions): Promise<ThresholdSearch> {
    const pool: KernelPool = checkPool(fn, options.pool, 'options.pool');
    const { layout, buffers, rescan, owned } = ThresholdSearch.prepare(fn, options);
    // A failed or aborted build keeps its resident arrays until they are garbage-collected: a worker
    // stopped mid-task might still be writing to them, and freed memory is handed out again at once.
    const bad = await buildForestOnPool(pool, layout, buffers, options.signal);
    if (bad >= 0) {
      const error = ThresholdSearch.nonFiniteLeaf(fn, layout, buffers.leaves, bad);
      release(owned);
      rescan();
      throw error;
    }
    return new ThresholdSearch(layout, buffers, owned);
  }

  /** Throws when dispose() was called: the memory may hold other data now. */
  private checkLive(fn: string): void {
    if (this.disposed) throw new Error(`${fn}: refused: this ThresholdSearch was disposed (its memory may hold other data now)`);
  }

  /**
   * Marks the structure unusable (every method then throws an Error) and returns the resident arrays
   * it allocated (with `resident: true`) to the wasm memory at once, for the next init to reuse.
   * Arrays it did not allocate (inputs used in place with `copy: false`) are left alone; ordinary
   * arrays are left to the garbage collector. Views of its `buffers` held elsewhere (another
   * structure made by fromBuffers, a worker) must not be used afterwards. A second call does nothing.
   * @returns nothing.
   * @throws {Error} a pooled update on this structure still in flight.
   * @example
   * ```ts
   * import { ThresholdSearch } from 'sublinear/maxtree';
   * const s = ThresholdSearch.init({ data: [1], weights: [2, 3], d: 1, resident: true });
   * console.log(s.query(0, 2)); // Int32Array [0, 1]
   * s.dispose(); // its leaves, nodes and copies go back to the wasm memory
   * ```
   */
  dispose(): void {
    if (this.disposed) return;
    this.checkIdle('ThresholdSearch.dispose');
    this.disposed = true;
    release(this.owned);
    this.owned = [];
  }

  /** Throws unless no pooled update is in flight (two overlapping updates would lose one's deltas) and the structure is not disposed. */
  private checkIdle(fn: string): void {
    this.checkLive(fn);
    if (this.pending !== undefined) {
      throw new Error(`${fn}: refused: a pooled ${this.pending} on this ThresholdSearch has not settled yet; await it before updating again (overlapping updates would lose one of them)`);
    }
  }

  /** Runs a pooled update with this structure marked busy until it settles. */
  private async exclusive(fn: string, work: () => Promise<void>): Promise<void> {
    this.checkIdle(fn);
    this.pending = fn;
    try {
      await work();
    } finally {
      this.pending = undefined;
    }
  }

  private static nonFiniteLeaf(fn: string, layout: TreeLayout, leaves: FloatArray, bad: number): RangeError {
    const i = Math.floor(bad / layout.leafStride), j = bad % layout.leafStride;
    return invalidRange(fn, `⟨data[${i}], weights[${j}]⟩`, `finite in ${layout.dtype}`, leaves[bad]);
  }

  /**
   * Validates init's options; the layout and fresh shared buffers (leaves and nodes all −∞), and
   * `rescan`, which throws the error of the first input entry not finite in the dtype (typed-array
   * inputs are scanned only when a leaf comes out non-finite, which such an entry always causes).
   */
  private static prepare(fn: string, options: ThresholdSearchOptions): { layout: TreeLayout; buffers: ThresholdSearchBuffers; rescan: () => void; owned: FloatArray[] } {
    const opts = checkOptions(fn, 'options', options, ['data', 'weights', 'd', 'dtype', 'blockSize', 'copy', 'resident', 'pool', 'signal']);
    const d = checkInteger(fn, 'options.d', opts.d, 1);
    const dtype = checkDtype(fn, opts.dtype);
    const blockSize = checkBlockSize(fn, opts.blockSize);
    for (const key of ['copy', 'resident'] as const) {
      if (opts[key] !== undefined && typeof opts[key] !== 'boolean') throw invalidType(fn, `options.${key}`, 'a boolean', opts[key]);
    }
    const copy = opts.copy !== false, resident = opts.resident === true;
    const owned: FloatArray[] = [];
    try {
      const data = takeRows(fn, 'options.data', opts.data, d, dtype, copy, resident);
      if (data.array !== data.input) owned.push(data.array);
      const weights = takeRows(fn, 'options.weights', opts.weights, d, dtype, copy, resident);
      if (weights.array !== weights.input) owned.push(weights.array);
      const layout = treeLayout(data.rows, weights.rows, d, dtype, blockSize);
      const { leaves, nodes } = allocateForestForBuild(layout, fn, resident);
      owned.push(leaves, nodes);
      const rescan = () => { rescanRows(fn, 'options.data', data.input, d, dtype); rescanRows(fn, 'options.weights', weights.input, d, dtype); };
      return { layout, buffers: { data: data.array, weights: weights.array, leaves, nodes }, rescan, owned: resident ? owned : [] };
    } catch (e) {
      release(owned);
      throw e;
    }
  }

  /**
   * Re-attaches to the arrays of an existing structure (in a worker, say) without copying or rebuilding.
   * @param layout - the `layout` of the original.
   * @param buffers - its `buffers` (typed arrays over the same SharedArrayBuffers).
   * @returns a ThresholdSearch sharing that memory.
   * @throws {TypeError} a missing field or array of the wrong type. @throws {RangeError} a layout that is not self-consistent or arrays of the wrong length.
   * @example
   * ```ts
   * import { ThresholdSearch } from 'sublinear/maxtree';
   * const a = ThresholdSearch.init({ data: [1], weights: [2, 3], d: 1 });
   * const b = ThresholdSearch.fromBuffers(a.layout, a.buffers);
   * a.update(0, [7]);
   * console.log(b.leaf(0, 0)); // 7: same memory
   * ```
   */
  static fromBuffers(layout: TreeLayout, buffers: ThresholdSearchBuffers): ThresholdSearch {
    const checked = checkAttachable('ThresholdSearch.fromBuffers', layout, buffers);
    return new ThresholdSearch(checked.layout, checked.buffers);
  }

  /** Number of data points (trees). */
  get n(): number { return this.layout.n; }
  /** Number of weights (leaves per tree). */
  get m(): number { return this.layout.m; }
  /** Dimension of data points and weights. */
  get d(): number { return this.layout.d; }
  /** Storage dtype. */
  get dtype(): Dtype { return this.layout.dtype; }

  /**
   * Leaf j of tree i: ⟨x_i, w_j⟩ as stored (plus any moveLeaves deltas since).
   * @param i - a tree in [0, n). @param j - a weight in [0, m).
   * @returns the leaf value.
   * @throws {TypeError} not numbers. @throws {RangeError} out of range.
   * @example
   * ```ts
   * import { ThresholdSearch } from 'sublinear/maxtree';
   * console.log(ThresholdSearch.init({ data: [2], weights: [3], d: 1 }).leaf(0, 0)); // 6
   * ```
   */
  leaf(i: number, j: number): number {
    this.checkLive('ThresholdSearch.leaf');
    if (!isIndex(i, this.layout.n)) checkInteger('ThresholdSearch.leaf', 'i', i, 0, this.n - 1);
    if (!isIndex(j, this.layout.m)) checkInteger('ThresholdSearch.leaf', 'j', j, 0, this.m - 1);
    return this.buffers.leaves[i * this.layout.leafStride + j];
  }

  /**
   * Replaces weight w_j by z and refreshes leaf j of every tree: O(n(d + log m)).
   * @param j - a weight in [0, m). @param z - d finite numbers.
   * @throws {TypeError} wrong kinds. @throws {RangeError} j out of range, z.length ≠ d, a non-finite entry or inner product. Nothing changes then.
   * @example
   * ```ts
   * import { ThresholdSearch } from 'sublinear/maxtree';
   * const s = ThresholdSearch.init({ data: [1, 1], weights: [0, 0], d: 2 });
   * s.update(0, [2, 3]);
   * console.log(s.leaf(0, 0)); // 5
   * ```
   */
  update(j: number, z: ArrayLike<number>): void {
    this.checkIdle('ThresholdSearch.update');
    checkInteger('ThresholdSearch.update', 'j', j, 0, this.m - 1);
    checkStorableArray('ThresholdSearch.update', 'z', z, this.dtype, this.d);
    this.updateRows('ThresholdSearch.update', [j], z);
  }

  /**
   * Replaces w_{indices[q]} by row q of Z for every q (a repeated index takes its last row), then
   * recomputes every changed node once per tree, level by level.
   * @param indices - k weights in [0, m). @param Z - k × d rows: a flat array or a Matrix with d columns.
   * @throws {TypeError} wrong kinds. @throws {RangeError} an index out of range, Z not k × d, a non-finite entry or inner product. Nothing changes then.
   * @example
   * ```ts
   * import { ThresholdSearch } from 'sublinear/maxtree';
   * const s = ThresholdSearch.init({ data: [1], weights: [0, 0, 0], d: 1 });
   * s.updateMany([2, 0], [5, 6]);
   * console.log(s.query(0, 1)); // Int32Array [0, 2]
   * ```
   * With `{ pool }` the inner products are computed across the pool's threads into scratch and the
   * trees updated in blocks; it returns a Promise, and a failure leaves the structure as it was.
   * While it is pending, every other update of this structure (pooled or not) is refused with an Error.
   */
  updateMany(indices: ArrayLike<number>, Z: ArrayLike<number> | Matrix): void;
  updateMany(indices: ArrayLike<number>, Z: ArrayLike<number> | Matrix, options: ForestPoolOptions): Promise<void>;
  updateMany(indices: ArrayLike<number>, Z: ArrayLike<number> | Matrix, options?: ForestPoolOptions): void | Promise<void> {
    const fn = 'ThresholdSearch.updateMany';
    if (options !== undefined) return this.exclusive(fn, () => this.updateRowsOnPool(fn, options, indices, Z));
    this.checkIdle(fn);
    const idx = checkIndices(fn, 'indices', indices, this.m);
    this.updateRows(fn, idx, Z);
  }

  private async updateRowsOnPool(fn: string, options: ForestPoolOptions, indices: ArrayLike<number>, Z: ArrayLike<number> | Matrix): Promise<void> {
    const pool = checkPool(fn, checkOptions(fn, 'options', options, ['pool', 'signal']).pool, 'options.pool');
    const idx = checkIndices(fn, 'indices', indices, this.m);
    const { layout, buffers } = this;
    const { n, d } = layout;
    const rows = checkRows(fn, 'Z', Z, d, this.dtype, 0, false);
    const k = idx.length;
    if (rows.rows !== k) throw invalidRange(fn, 'Z', `${k} rows of d = ${d} (one per index)`, Z);
    const z = rows.array.slice(), at = Int32Array.from(idx); // the caller may change its arrays while we wait
    const { staged, firstNonFinite: bad } = await stageRowsOnPool(pool, layout, buffers.data, z, k, options.signal);
    if (bad >= 0) throw invalidRange(fn, `⟨data[${Math.floor(bad / k)}], Z[${bad % k}]⟩`, `finite in ${this.dtype}`, staged[bad]);
    await commitLeavesOnPool(pool, layout, buffers, at, staged, ancestorSchedule(layout, at, k), 0, n);
    for (let q = 0; q < k; q++) buffers.weights.set(z.subarray(q * d, (q + 1) * d), at[q] * d);
  }

  private updateRows(fn: string, idx: ArrayLike<number>, Z: ArrayLike<number> | Matrix): void {
    const { layout, buffers } = this;
    const { n, d, leafStride } = layout;
    const rows = checkRows(fn, 'Z', Z, d, this.dtype, 0, false);
    const k = idx.length;
    if (rows.rows !== k) throw invalidRange(fn, 'Z', `${k} rows of d = ${d} (one per index)`, Z);
    const staged = allocate(n * k, this.dtype);
    computeLeaves(buffers.data, rows.array, staged, { ...layout, m: k, leafStride: k }, 0, n, 0, k);
    const bad = firstNonFinite(staged, 0, n, k, k);
    if (bad >= 0) throw invalidRange(fn, `⟨data[${Math.floor(bad / k)}], Z[${bad % k}]⟩`, `finite in ${this.dtype}`, staged[bad]);
    for (let q = 0; q < k; q++) {
      buffers.weights.set(rows.array.subarray(q * d, (q + 1) * d), idx[q] * d);
      for (let t = 0; t < n; t++) buffers.leaves[t * leafStride + idx[q]] = staged[t * k + q];
    }
    applySchedule(buffers.leaves, buffers.nodes, layout, ancestorSchedule(layout, idx, k), 0, n);
  }

  /**
   * Every j with leaf (i, j) ≥ tau, ascending, in O(K log m).
   * @param i - a tree in [0, n). @param tau - any number but NaN.
   * @param out - optional reusable buffer: hits go to out[0..K) and `out.subarray(0, K)` is returned (a new array if out is shorter than K).
   * @returns the indices.
   * @throws {TypeError} wrong kinds. @throws {RangeError} i out of range, tau NaN.
   * @example
   * ```ts
   * import { ThresholdSearch } from 'sublinear/maxtree';
   * const s = ThresholdSearch.init({ data: [1], weights: [3, 1, 2], d: 1 });
   * const out = new Int32Array(s.m);
   * console.log(s.query(0, 2, out)); // Int32Array [0, 2], a view of out
   * ```
   */
  query(i: number, tau: number, out?: Int32Array): Int32Array {
    this.checkQuery('ThresholdSearch.query', i, tau, out);
    return collectHits(this.buffers.leaves, this.buffers.nodes, this.layout, i, tau, out, this.scratch);
  }

  /**
   * The allocation-free query for hot loops: writes the hits of tree i at tau, ascending, into
   * out[0..min(K, out.length)) and returns K. With out.length ≥ m every hit fits.
   * @param i - a tree in [0, n). @param tau - any number but NaN. @param out - the output buffer.
   * @returns K, the number of leaves ≥ tau (which may exceed out.length: then only the first out.length were written).
   * @throws {TypeError} wrong kinds, out not an Int32Array. @throws {RangeError} i out of range, tau NaN.
   * @example
   * ```ts
   * import { ThresholdSearch } from 'sublinear/maxtree';
   * const s = ThresholdSearch.init({ data: [1], weights: [3, 1, 2], d: 1 });
   * const out = new Int32Array(s.m);
   * const K = s.queryInto(0, 2, out);
   * console.log(out.subarray(0, K)); // Int32Array [0, 2]
   * ```
   */
  queryInto(i: number, tau: number, out: Int32Array): number {
    if (!(out instanceof Int32Array)) throw invalidType('ThresholdSearch.queryInto', 'out', 'an Int32Array', out);
    this.checkQuery('ThresholdSearch.queryInto', i, tau, out);
    return queryTree(this.buffers.leaves, this.buffers.nodes, this.layout, i, tau, out);
  }

  private checkQuery(fn: string, i: number, tau: number, out: Int32Array | undefined): void {
    this.checkLive(fn);
    if (!isIndex(i, this.layout.n)) checkInteger(fn, 'i', i, 0, this.layout.n - 1);
    if (!isThreshold(tau)) checkTau(fn, tau);
    if (out !== undefined && !(out instanceof Int32Array)) checkOut(fn, out);
  }

  /**
   * How many leaves of tree i are ≥ tau.
   * @param i - a tree in [0, n). @param tau - any number but NaN.
   * @returns the count.
   * @throws {TypeError} wrong kinds. @throws {RangeError} i out of range, tau NaN.
   * @example
   * ```ts
   * import { ThresholdSearch } from 'sublinear/maxtree';
   * console.log(ThresholdSearch.init({ data: [1], weights: [3, 1, 2], d: 1 }).count(0, 2)); // 2
   * ```
   */
  count(i: number, tau: number): number {
    this.checkQuery('ThresholdSearch.count', i, tau, undefined);
    return countTree(this.buffers.leaves, this.buffers.nodes, this.layout, i, tau);
  }

  /**
   * query(i, tau) for every tree, in compressed-row form.
   * @param tau - any number but NaN.
   * @returns `{ offsets, indices }`: tree i's hits are indices[offsets[i] … offsets[i+1]).
   * @throws {TypeError} tau not a number. @throws {RangeError} tau NaN.
   * @example
   * ```ts
   * import { ThresholdSearch } from 'sublinear/maxtree';
   * const s = ThresholdSearch.init({ data: [1, -1], weights: [3, 1, 2], d: 1 });
   * const { offsets, indices } = s.queryAll(2);
   * console.log(offsets, indices); // Int32Array [0, 2, 2] Int32Array [0, 2]
   * ```
   * With `{ pool }` the trees are queried in blocks across the pool's threads (a Promise of the same hits).
   */
  queryAll(tau: number): ForestHits;
  queryAll(tau: number, options: ForestPoolOptions): Promise<ForestHits>;
  queryAll(tau: number, options?: ForestPoolOptions): ForestHits | Promise<ForestHits> {
    if (options !== undefined) return this.queryAllOnPool(tau, options);
    this.checkLive('ThresholdSearch.queryAll');
    checkTau('ThresholdSearch.queryAll', tau);
    const { leaves, nodes } = this.buffers;
    const offsets = new Int32Array(this.n + 1);
    let all = this.scratch.buffer, p = 0;
    const workingSet = this.n * this.m * leaves.BYTES_PER_ELEMENT; // every tree is read in turn
    for (let t = 0; t < this.n; t++) {
      let count = queryTree(leaves, nodes, this.layout, t, tau, all.subarray(p), workingSet);
      if (p + count > all.length) {
        const grown = new Int32Array(Math.max(2 * all.length, p + count));
        grown.set(all.subarray(0, p));
        all = grown;
        count = queryTree(leaves, nodes, this.layout, t, tau, all.subarray(p), workingSet);
      }
      offsets[t + 1] = p += count;
    }
    this.scratch.buffer = all;
    return { offsets, indices: all.slice(0, p) };
  }

  private async queryAllOnPool(tau: number, options: ForestPoolOptions): Promise<ForestHits> {
    const fn = 'ThresholdSearch.queryAll';
    this.checkLive(fn);
    const pool = checkPool(fn, checkOptions(fn, 'options', options, ['pool', 'signal']).pool, 'options.pool');
    checkTau(fn, tau);
    return queryAllOnPool(pool, this.layout, this.buffers, tau, options.signal);
  }

  /**
   * Adds deltas[q] to leaf (i, indices[q]) and recomputes the changed nodes, in O(k (blockSize + log m)),
   * without touching data or weights: the implicit-weights path, where the trainer knows
   * ⟨Δw_j, x_i⟩ from a Gram kernel. The leaves then no longer equal ⟨x_i, w_j⟩ of the stored weights.
   * @param i - a tree in [0, n). @param indices - distinct leaves in [0, m). @param deltas - finite, one per index.
   * @throws {TypeError} wrong kinds. @throws {RangeError} out of range, a repeated index, a length mismatch, a non-finite delta or result. Nothing changes then.
   * @example
   * ```ts
   * import { ThresholdSearch } from 'sublinear/maxtree';
   * const s = ThresholdSearch.init({ data: [1], weights: [1, 2], d: 1 });
   * s.moveLeaves(0, [0], [5]);
   * console.log(s.leaf(0, 0), s.query(0, 3)); // 6 Int32Array [0]
   * ```
   */
  moveLeaves(i: number, indices: ArrayLike<number>, deltas: ArrayLike<number>): void {
    const fn = 'ThresholdSearch.moveLeaves';
    this.checkIdle(fn);
    checkInteger(fn, 'i', i, 0, this.n - 1);
    this.move(fn, i, i + 1, indices, deltas);
  }

  /**
   * moveLeaves for every tree at once, over the same leaves: leaf (t, indices[q]) += deltas[t·k + q]
   * for deltas n × k row-major. The recomputation schedule is shared by all trees.
   * @param indices - k distinct leaves in [0, m). @param deltas - n·k finite numbers, row t for tree t.
   * @throws {TypeError} wrong kinds. @throws {RangeError} as moveLeaves. Nothing changes then.
   * @example
   * ```ts
   * import { ThresholdSearch } from 'sublinear/maxtree';
   * const s = ThresholdSearch.init({ data: [1, 2], weights: [1, 1], d: 1 });
   * s.moveLeavesAll([1], [10, 20]);
   * console.log(s.leaf(0, 1), s.leaf(1, 1)); // 11 22
   * ```
   * With `{ pool }` the trees are updated in blocks across the pool's threads (a Promise; a failure
   * leaves the structure as it was). While it is pending, every other update of this structure
   * (pooled or not) is refused with an Error.
   */
  moveLeavesAll(indices: ArrayLike<number>, deltas: ArrayLike<number>): void;
  moveLeavesAll(indices: ArrayLike<number>, deltas: ArrayLike<number>, options: ForestPoolOptions): Promise<void>;
  moveLeavesAll(indices: ArrayLike<number>, deltas: ArrayLike<number>, options?: ForestPoolOptions): void | Promise<void> {
    const fn = 'ThresholdSearch.moveLeavesAll';
    if (options !== undefined) return this.exclusive(fn, () => this.moveOnPool(fn, options, indices, deltas));
    this.checkIdle(fn);
    const { idx, k, staged } = this.stageMove(fn, 0, this.n, indices, deltas);
    const { layout, buffers: { leaves, nodes } } = this;
    for (let t = 0; t < this.n; t++) for (let q = 0; q < k; q++) leaves[t * layout.leafStride + idx[q]] = staged[t * k + q];
    applySchedule(leaves, nodes, layout, ancestorSchedule(layout, idx, k), 0, this.n);
  }

  private async moveOnPool(fn: string, options: ForestPoolOptions, indices: ArrayLike<number>, deltas: ArrayLike<number>): Promise<void> {
    const pool = checkPool(fn, checkOptions(fn, 'options', options, ['pool', 'signal']).pool, 'options.pool');
    const { idx, k, staged } = this.stageMove(fn, 0, this.n, indices, deltas);
    await commitLeavesOnPool(pool, this.layout, this.buffers, idx, staged, ancestorSchedule(this.layout, idx, k), 0, this.n);
  }

  private move(fn: string, t0: number, t1: number, indices: ArrayLike<number>, deltas: ArrayLike<number>): void {
    const { layout, buffers: { leaves, nodes } } = this;
    const { idx, k, staged } = this.stageMove(fn, t0, t1, indices, deltas);
    for (let t = t0; t < t1; t++) for (let q = 0; q < k; q++) leaves[t * layout.leafStride + idx[q]] = staged[(t - t0) * k + q];
    applySchedule(leaves, nodes, layout, ancestorSchedule(layout, idx, k), t0, t1);
  }

  /** Validates a move and returns the new leaf values, (t1 − t0) × k, without writing anything. */
  private stageMove(fn: string, t0: number, t1: number, indices: ArrayLike<number>, deltas: ArrayLike<number>): { idx: ArrayLike<number>; k: number; staged: FloatArray } {
    const { layout, buffers: { leaves } } = this;
    this.stamps ??= new Int32Array(this.m);
    this.stamp = (this.stamp + 1) | 0;
    if (this.stamp === 0) { this.stamps.fill(0); this.stamp = 1; } // after 2^32 calls: start over
    const idx = checkIndices(fn, 'indices', indices, this.m, this.stamps, this.stamp);
    const k = idx.length;
    const dl = checkStorableArray(fn, 'deltas', deltas, 'float64', (t1 - t0) * k);
    const staged = allocate((t1 - t0) * k, this.dtype);
    for (let t = t0; t < t1; t++) {
      for (let q = 0; q < k; q++) {
        const s = (t - t0) * k + q;
        staged[s] = leaves[t * layout.leafStride + idx[q]] + dl[s];
        if (!Number.isFinite(staged[s])) throw invalidRange(fn, `leaf (${t}, ${idx[q]}) + deltas[${s}]`, `finite in ${this.dtype}`, staged[s]);
      }
    }
    return { idx, k, staged };
  }

  /**
   * Checks every tree: leaves finite, padding −∞, each node the max of its children. With
   * `{ leavesMatchWeights: true }` also that every leaf equals ⟨x_i, w_j⟩ of the stored data and
   * weights to the last bit (true unless moveLeaves was used).
   * @param options - `leavesMatchWeights` (default false).
   * @throws {Error} naming the first broken invariant.
   * @example
   * ```ts
   * import { ThresholdSearch } from 'sublinear/maxtree';
   * ThresholdSearch.init({ data: [1], weights: [2], d: 1 }).checkInvariants({ leavesMatchWeights: true });
   * ```
   */
  checkInvariants(options?: { leavesMatchWeights?: boolean }): void {
    const fn = 'ThresholdSearch.checkInvariants';
    this.checkLive(fn);
    const { layout, buffers: { data, weights, leaves, nodes } } = this;
    checkForest(fn, leaves, nodes, layout);
    if (!checkBoolean(fn, 'options.leavesMatchWeights', checkOptions(fn, 'options', options, ['leavesMatchWeights']).leavesMatchWeights, false)) return;
    const round = this.dtype === 'float32' ? Math.fround : (v: number) => v;
    const step = backendStatus().accumulation[this.dtype] === 'float32' ? Math.fround : undefined;
    for (let i = 0; i < this.n; i++) {
      for (let j = 0; j < this.m; j++) {
        const expected = round(orderedDot(this.d, data, i * this.d, weights, j * this.d, step));
        const actual = leaves[i * layout.leafStride + j];
        if (actual !== expected) throw new Error(`${fn}: invariant broken: leaf (${i}, ${j}) holds ${actual} but ⟨x_${i}, w_${j}⟩ = ${expected}`);
      }
    }
  }
}

/** Frees the resident arrays among `arrays` now (ordinary ones are left to the garbage collector). */
function release(arrays: readonly FloatArray[]): void {
  for (const a of arrays) releaseIfResident(a);
}
