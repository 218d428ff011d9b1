/**
 * Deprecated max-tree entry points with a CUDA path: rebuilding every internal node, and the
 * threshold query. Without CUDA they run sublinear/maxtree's kernels (lib/maxtree/kernels.ts).
 */
import { checkFinite, checkInteger, checkOptions, invalidRange } from '../core/errors.js';
import type { FloatArray } from '../core/matrix.js';
import { buildHeaps, scanLeaves } from '../maxtree/kernels.js';
import type { TreeLayout } from '../maxtree/layout.js';
import { maxtreeRebuildGpu, thresholdQueryGpu } from './gpu-ops.js';
import { contextFor, type BackendOptions } from './status.js';
import { checkBackendOptions, checkFloatArray, checkPowerOfTwo } from './validate.js';

/**
 * Recomputes every internal node of `trees` max-trees from their leaves, in place. Layout (as lib/maxtree/layout.ts):
 * the trees lie back to back, 2·leaves slots each; tree t's node k is at t·2·leaves + k, leaves at
 * [leaves, 2·leaves), node k = max(node 2k, node 2k + 1), slot 0 unused (left as it is). Pad unused
 * leaves with −∞. Without CUDA: sublinear/maxtree's `buildHeaps` on this layout (one leaf per block).
 *
 * @deprecated Use sublinear/maxtree's `MaxTree` or `ThresholdSearch`, which keep their heaps; kept as a thin wrapper (with its CUDA path).
 * @param tree - The n × 2M buffer (Float32Array or Float64Array; entries finite or −∞).
 * @param trees - n, the number of trees.
 * @param leaves - M, leaves per tree: a power of two.
 * @param options - `backend`: 'auto' (default), 'js' or 'cuda'.
 * @returns `tree`, with nodes [1, M) of every tree rewritten.
 * @throws {TypeError} If tree is not a float array or a count is not a number.
 * @throws {RangeError} If leaves is not a power of two, tree.length ≠ 2·trees·leaves, or an entry is NaN or +∞.
 * @throws {CudaUnavailableError} If backend is 'cuda' and CUDA is unavailable.
 * @example
 * ```ts
 * import { maxtreeRebuild } from 'sublinear/cuda';
 * const tree = new Float64Array([0, 0, 0, 0, 1, 5, 2, -Infinity]); // one tree, 4 leaves
 * console.log(maxtreeRebuild(tree, 1, 4)); // Float64Array [0, 5, 5, 2, 1, 5, 2, -Infinity]
 * ```
 */
export function maxtreeRebuild(tree: FloatArray, trees: number, leaves: number, options?: BackendOptions): FloatArray {
  const fn = 'maxtreeRebuild';
  checkInteger(fn, 'trees', trees);
  checkPowerOfTwo(fn, 'leaves', leaves);
  if (!(tree instanceof Float32Array) && !(tree instanceof Float64Array)) checkFloatArray(fn, 'tree', tree);
  if (tree.length !== 2 * trees * leaves) throw invalidRange(fn, 'tree.length', `2 · trees · leaves (${2 * trees * leaves})`, tree.length);
  for (let t = 0; t < trees; t++) {
    for (let k = leaves; k < 2 * leaves; k++) {
      const v = tree[t * 2 * leaves + k];
      if (Number.isNaN(v) || v === Infinity) throw invalidRange(fn, `tree[${t * 2 * leaves + k}]`, 'a finite number or -Infinity', v);
    }
  }
  const ctx = contextFor(checkBackendOptions(fn, options).backend, fn);
  if (trees === 0 || leaves === 1) return tree;
  if (ctx) return maxtreeRebuildGpu(ctx, tree, trees, leaves);
  // Each tree's leaves and heap share its 2M slots: node M + j is leaf j (a block of one leaf).
  const layout: TreeLayout = {
    n: trees, m: leaves, d: 0, blockSize: 1, blocks: leaves, heapLeaves: leaves,
    leafStride: 2 * leaves, nodeStride: 2 * leaves, dtype: tree instanceof Float32Array ? 'float32' : 'float64',
  };
  const unused = Array.from({ length: trees }, (_, t) => tree[t * 2 * leaves]);
  buildHeaps(tree.subarray(leaves), tree, layout, 0, trees);
  unused.forEach((v, t) => { tree[t * 2 * leaves] = v; });
  return tree;
}

/** Where the rows of a threshold query lie in its buffer. */
export interface RowLayout {
  rows: number;
  cols: number;
  /** Distance between row starts (default cols; 2M on max-tree leaves). */
  stride?: number;
  /** Index of row 0's first entry (default 0; M on max-tree leaves). */
  offset?: number;
}

/** Every hit of a threshold query, CSR style: row i's hits are indices[starts[i] .. starts[i + 1]). */
export interface ThresholdHits {
  starts: Int32Array;
  indices: Int32Array;
}

/**
 * For each row i, every column j with values[offset + i·stride + j] ≥ tau, ascending. Run it on
 * max-tree leaves with stride 2M and offset M. On CUDA: a count pass, a scan of the counts, then an
 * order-keeping compaction; otherwise sublinear/maxtree's leaf scan (`scanLeaves`) row by row.
 *
 * @deprecated Use `ThresholdSearch.query` / `queryAll` from sublinear/maxtree; kept as a thin wrapper (with its CUDA path).
 * @param values - The buffer (Float32Array or Float64Array). Entries are not scanned: NaN never matches, +∞ always does (on both backends).
 * @param layout - rows, cols, stride (default cols), offset (default 0).
 * @param tau - The threshold (finite); the comparison is exact (value ≥ tau as real numbers) in either precision.
 * @param options - `backend`: 'auto' (default), 'js' or 'cuda'.
 * @returns `{ starts, indices }`: starts has rows + 1 entries.
 * @throws {TypeError} If values is not a float array or layout is not an object.
 * @throws {RangeError} If the layout reaches past the buffer, stride < cols, or tau is not finite.
 * @throws {CudaUnavailableError} If backend is 'cuda' and CUDA is unavailable.
 * @example
 * ```ts
 * import { thresholdQuery } from 'sublinear/cuda';
 * const hits = thresholdQuery(new Float32Array([0.1, 0.9, 0.5, 0.7, 0.2, 0.8]), { rows: 2, cols: 3 }, 0.5);
 * console.log(hits.starts, hits.indices); // Int32Array [0, 2, 4] Int32Array [1, 2, 0, 2]
 * ```
 */
export function thresholdQuery(values: FloatArray, layout: RowLayout, tau: number, options?: BackendOptions): ThresholdHits {
  const fn = 'thresholdQuery';
  if (!(values instanceof Float32Array) && !(values instanceof Float64Array)) checkFloatArray(fn, 'values', values);
  const { rows, cols } = checkOptions(fn, 'layout', layout as RowLayout, ['rows', 'cols', 'stride', 'offset']);
  checkInteger(fn, 'layout.rows', rows);
  checkInteger(fn, 'layout.cols', cols);
  const stride = checkInteger(fn, 'layout.stride', layout.stride ?? cols, cols);
  const offset = checkInteger(fn, 'layout.offset', layout.offset ?? 0);
  checkFinite(fn, 'tau', tau);
  const end = rows === 0 ? 0 : offset + (rows - 1) * stride + cols;
  if (end > values.length) throw invalidRange(fn, 'layout', `inside values (length ${values.length})`, `rows ending at ${end}`);
  const ctx = contextFor(checkBackendOptions(fn, options).backend, fn);
  const t = values instanceof Float32Array ? float32AtLeast(tau) : tau;
  if (ctx && rows > 0 && cols > 0) return thresholdQueryGpu(ctx, values, rows, cols, stride, offset, t);
  return scanRows(values, rows, cols, stride, offset, t);
}

/** Every row's hits through the maxtree module's leaf scan, CSR style. */
function scanRows(values: FloatArray, rows: number, cols: number, stride: number, offset: number, tau: number): ThresholdHits {
  const starts = new Int32Array(rows + 1), row = new Int32Array(cols), hits: Int32Array[] = [];
  for (let i = 0; i < rows; i++) {
    const count = scanLeaves(values, offset + i * stride, 0, cols, tau, row, 0);
    hits.push(row.slice(0, count));
    starts[i + 1] = starts[i] + count;
  }
  const indices = new Int32Array(starts[rows]);
  hits.forEach((h, i) => indices.set(h, starts[i]));
  return { starts, indices };
}

/** The smallest float32 ≥ x, so that v ≥ x ⟺ v ≥ float32AtLeast(x) for every float32 v. */
function float32AtLeast(x: number): number {
  const f = Math.fround(x);
  if (f >= x) return f;
  const bits = new Float32Array([f]);
  const u = new Int32Array(bits.buffer);
  u[0] += f >= 0 ? 1 : -1; // f < x: step toward +∞ (f = -0 cannot be below a finite x ≥ its rounding)
  return bits[0];
}
