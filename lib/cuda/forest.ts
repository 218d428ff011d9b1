/** ThresholdSearch initialization on the GPU: the n × m inner products and every heap, in one go. */
import { checkInteger, checkOptions, invalidRange } from '../core/errors.js';
import { DTYPE_MAX, type FloatArray } from '../core/matrix.js';
import { sharedArray } from '../core/shared-memory.js';
import { firstNonFinite } from '../core/errors.js';
import { allocateForest, treeLayout, type TreeLayout } from '../maxtree/layout.js';
import type { Dtype } from '../core/matrix.js';
import { ThresholdSearch, type ThresholdSearchOptions } from '../maxtree/threshold-search.js';
import { checkBlockSize, checkDtype, checkRows} from '../maxtree/validate.js';
import type { CudaContext } from './context.js';
import { launch } from './context.js';
import { GEMM_ENTRY, gemmGrid, launchMaxtreeRebuild, withDeviceMemory } from './gpu-ops.js';
import { contextFor, type BackendOptions } from './status.js';

/**
 * `ThresholdSearch.init` with the leaves ⟨x_i, w_j⟩ and the heaps computed by CUDA (the inner-product
 * GEMM written at the forest's leaf stride, block maxima, then the heap levels), returning an ordinary
 * `ThresholdSearch` over shared buffers. Without CUDA (backend 'auto'), or with backend 'js', it is
 * exactly `ThresholdSearch.init(options)`. Float32 leaves from CUDA are float32 sums (within 1e-5
 * relative of the JavaScript float64 sums rounded to float32); the heaps are exact for those leaves.
 *
 * @param options - Those of `ThresholdSearch.init` (data, weights, d, dtype, blockSize) plus `backend`.
 * @returns The built ThresholdSearch.
 * @throws {TypeError} If options or an array is of the wrong kind.
 * @throws {RangeError} As `ThresholdSearch.init` (shapes, non-finite entries or leaves).
 * @throws {CudaUnavailableError} If backend is 'cuda' and CUDA is unavailable.
 * @example
 * ```ts
 * import { thresholdSearchInit } from 'sublinear/cuda';
 * const search = thresholdSearchInit({ data: [1, 0, 0, 1], weights: [1, 1, 2, -1, 0, 3], d: 2 });
 * console.log(search.query(0, 1)); // Int32Array [0, 1]: ⟨x₀, w_j⟩ = 1, 2, 0
 * ```
 */
export function thresholdSearchInit(options: ThresholdSearchOptions & BackendOptions): ThresholdSearch {
  const fn = 'thresholdSearchInit';
  const opts = checkOptions(fn, 'options', options);
  const ctx = contextFor(opts.backend, fn);
  if (!ctx) return ThresholdSearch.init({ data: opts.data, weights: opts.weights, d: opts.d, dtype: opts.dtype, blockSize: opts.blockSize });
  const d = checkInteger(fn, 'options.d', opts.d, 1);
  const dtype = checkDtype(fn, opts.dtype);
  const blockSize = checkBlockSize(fn, opts.blockSize);
  const data = rowsOf(fn, 'options.data', opts.data, d, dtype);
  const weights = rowsOf(fn, 'options.weights', opts.weights, d, dtype);
  const layout = treeLayout(data.rows, weights.rows, d, dtype, blockSize);
  const { leaves, nodes } = allocateForest(layout);
  buildForestGpu(ctx, layout, data.array, weights.array, leaves, nodes);
  const bad = firstNonFinite(leaves, 0, layout.n, layout.m, layout.leafStride);
  if (bad >= 0) {
    const i = Math.floor(bad / layout.leafStride), j = bad % layout.leafStride;
    throw invalidRange(fn, `⟨data[${i}], weights[${j}]⟩`, `finite in ${dtype}`, leaves[bad]);
  }
  return ThresholdSearch.fromBuffers(layout, { data: data.array, weights: weights.array, leaves, nodes });
}

/** Leaves = data · weightsᵀ at the leaf stride (padding kept −∞), then block maxima and the heaps. */
export function buildForestGpu(ctx: CudaContext, layout: TreeLayout, data: FloatArray, weights: FloatArray, leaves: FloatArray, nodes: FloatArray): void {
  const { n, m, d, blocks, blockSize, heapLeaves, leafStride, nodeStride } = layout;
  const k = data instanceof Float32Array ? 'f32' : 'f64';
  withDeviceMemory(ctx, (alloc, upload) => {
    // Padding leaves (past m in each row) stay −∞ from the host copy; without padding nothing need go up.
    const dx = upload(data), dw = upload(weights), dl = leafStride > m ? upload(leaves) : alloc(leaves.byteLength), dn = alloc(nodes.byteLength);
    const entry = GEMM_ENTRY[k];
    launch(ctx, entry, gemmGrid(entry, n, m), 256, [dx, dw, dl, n, m, d, leafStride]);
    launch(ctx, `maxtree_block_max_${k}`, Math.ceil((n * heapLeaves) / 256), 256, [dl, dn, n, blocks, blockSize, heapLeaves, leafStride, nodeStride]);
    launchMaxtreeRebuild(ctx, dn, n, heapLeaves, data.BYTES_PER_ELEMENT, k);
    ctx.driver.copyToHost(leaves, dl, leaves.byteLength);
    ctx.driver.copyToHost(nodes, dn, nodes.byteLength);
  });
}


/** checkRows with a fast path for float arrays whose entries are all storable (no per-entry work but the test). */
function rowsOf(fn: string, name: string, value: unknown, d: number, dtype: Dtype): { rows: number; array: FloatArray } {
  const flat = value !== null && typeof value === 'object' && 'data' in value && (value as { cols?: unknown }).cols === d ? (value as { data: unknown }).data : value;
  if (!(flat instanceof Float32Array || flat instanceof Float64Array) || flat.length === 0 || flat.length % d !== 0) return checkRows(fn, name, value, d, dtype);
  const limit = DTYPE_MAX[dtype];
  for (let i = 0; i < flat.length; i++) if (!(Math.abs(flat[i]) <= limit)) return checkRows(fn, name, value, d, dtype); // throws the exact error
  const array = sharedArray(dtype, flat.length);
  array.set(flat);
  return { rows: flat.length / d, array };
}
