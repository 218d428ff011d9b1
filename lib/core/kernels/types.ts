/**
 * The op layer's trusted signatures (stdlib style: sizes, then each array followed by its stride(s)
 * and offset; no validation inside). One signature per op; every backend implements the same one.
 * Row-major matrices: entry (i, j) of a matrix with leading dimension ld at `data[offset + i·ld + j]`.
 */
import type { FloatArray } from '../matrix.js';

/** The names of the ops every backend may implement. */
export type OpName = 'gemm' | 'dot' | 'axpy' | 'scal' | 'nrm2' | 'adam' | 'rmsprop' | 'fwht' | 'sparseSketch' | 'sparseSketchTranspose' | 'logdetApply' | 'gatherSum' | 'blockMoves' | 'heapSweep';

/**
 * C (m × n) = op(A) · op(B), or C + op(A) · op(B) when `accumulate`. op(A) is m × k: A stored m × k
 * (row stride lda), or k × m when `transA`; op(B) is k × n: B stored k × n (row stride ldb), or n × k
 * when `transB`. C's rows are ldc apart. Every entry is one sum over p = 0 … k−1 in order, started
 * from C (accumulate) or 0. Arrays of one dtype; returns C.
 */
export type GemmKernel = <T extends FloatArray>(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  A: FloatArray, offsetA: number, lda: number, B: FloatArray, offsetB: number, ldb: number,
  C: T, offsetC: number, ldc: number, accumulate: boolean,
) => T;

/** Σ x[ox + i·sx] · y[oy + i·sy] for i < n (strides ≥ 1), in float64. */
export type DotKernel = (n: number, x: FloatArray, strideX: number, offsetX: number, y: FloatArray, strideY: number, offsetY: number) => number;

/** y[oy + i·sy] ← y[…] + alpha · x[ox + i·sx] for i < n; returns y. */
export type AxpyKernel = <T extends FloatArray>(n: number, alpha: number, x: FloatArray, strideX: number, offsetX: number, y: T, strideY: number, offsetY: number) => T;

/** x[ox + i·sx] ← alpha · x[…] for i < n; returns x. */
export type ScalKernel = <T extends FloatArray>(n: number, alpha: number, x: T, strideX: number, offsetX: number) => T;

/** The Euclidean norm of x[ox + i·sx], i < n, scaled so that it neither overflows nor underflows. */
export type Nrm2Kernel = (n: number, x: FloatArray, strideX: number, offsetX: number) => number;

/**
 * One Adam step with learning rate on contiguous entries [offset, offset + n) of params, grads, mu and
 * nu (one dtype): what chain(scaleByAdam({ beta1, beta2, eps }), scaleByLearningRate(lr)) followed by
 * applyUpdates computes at step `count` (≥ 1, the state's count after the step). With `accumulate`
 * false, params is overwritten with the chain's update instead (what update returns, −0 included).
 * Returns params.
 */
export type AdamKernel = <T extends FloatArray>(
  n: number, lr: number, beta1: number, beta2: number, eps: number, count: number,
  params: T, offsetParams: number, grads: FloatArray, offsetGrads: number,
  mu: FloatArray, offsetMu: number, nu: FloatArray, offsetNu: number, accumulate?: boolean,
) => T;

/**
 * One RMSprop step with learning rate on contiguous entries [offset, offset + n) of params, grads and
 * nu (one dtype): what chain(scaleByRms({ decay, eps }), scaleByLearningRate(lr)) followed by
 * applyUpdates computes; with `accumulate` false, params is overwritten with the chain's update.
 * Returns params.
 */
export type RmspropKernel = <T extends FloatArray>(
  n: number, lr: number, decay: number, eps: number,
  params: T, offsetParams: number, grads: FloatArray, offsetGrads: number, nu: FloatArray, offsetNu: number, accumulate?: boolean,
) => T;

/**
 * x ← H x for `count` vectors of length n (a power of two), in place: H the unnormalized Sylvester
 * Hadamard matrix (entries ±1), entry i of vector c at x[offset + i·stride + c·batchStride]. Each
 * butterfly stage is rounded to x's dtype (the same bits on every backend). Returns x.
 */
export type FwhtKernel = <T extends FloatArray>(n: number, count: number, x: T, stride: number, batchStride: number, offset: number) => T;

/**
 * S·A for a sparse S (s × n) given by `nnz` (row, value) pairs per column: for j < n and t < nnz in
 * that order, out[offsetOut + r·ldo + c] += v · A[offsetA + j·lda + c] for c < width, with
 * r = rows[offsetRows + j·nnz + t] (< s) and v = values[the same]. Products and sums in float64, each
 * store rounded to out's dtype (an accumulator in float64 gives exact S·A sums in this order). Returns out.
 */
export type SparseSketchKernel = <T extends FloatArray>(
  n: number, s: number, nnz: number, width: number, rows: Int32Array, values: Float64Array, offsetRows: number,
  A: FloatArray, offsetA: number, lda: number, out: T, offsetOut: number, ldo: number,
) => T;

/**
 * Sᵀ·Y for the sparse S of SparseSketchKernel: out[offsetOut + j·ldo + c] = Σ_t v · Y[offsetY + r·ldy + c]
 * for j < n, c < width (r, v the pairs of column j, r < s), each sum in float64 from 0 in t order,
 * rounded once to out's dtype. Returns out.
 */
export type SparseSketchTransposeKernel = <T extends FloatArray>(
  n: number, s: number, nnz: number, width: number, rows: Int32Array, values: Float64Array, offsetRows: number,
  Y: FloatArray, offsetY: number, ldy: number, out: T, offsetOut: number, ldo: number,
) => T;

/**
 * out[offsetOut + i] = (X v)[i] for i in [start, end), X = L D Lᵀ the banded LogDet factor stored as
 * n rows of band + 1 entries from offsetF (f[j·(band+1)] = D_jj, f[j·(band+1) + k] = L[j+k][j], unit
 * lower L). Reads rows max(0, start − band) … end − 1 of f and entries up to min(n, end + band) − 1 of
 * v (at offsetV); float64 operations in the reference's order, each output rounded once to out's
 * dtype. out may be v only on the full range [0, n). Returns out.
 */
export type LogdetApplyKernel = <T extends FloatArray>(
  n: number, band: number, f: FloatArray, offsetF: number, v: FloatArray, offsetV: number, out: T, offsetOut: number, start: number, end: number,
) => T;

/**
 * Sums of gathered rows (a 0/1 CSR matrix times a dense one, each sum scaled): for c < count,
 * out[offsetOut + c·ldo + j] = scale[offsetScale + c] · Σ_p Y[offsetY + rows[p]·ldy + j] for j < width,
 * p over [start[offsetStart + c], start[offsetStart + c + 1]) (row indices < s). Each sum in float64 in
 * p order starting from its first term (0 for an empty range), then multiplied once by its scale (so a
 * scale of ±1 gives the sum or its exact negation). float64 arrays; the same bits on every backend.
 * Returns out.
 */
export type GatherSumKernel = (
  count: number, s: number, width: number, start: Int32Array, offsetStart: number, rows: Int32Array,
  Y: Float64Array, offsetY: number, ldy: number, scale: Float64Array, offsetScale: number,
  out: Float64Array, offsetOut: number, ldo: number,
) => Float64Array;

/**
 * The leaf moves of the neuron-blocked layout (blocks of B leaves per input: B = 8 for float64 values,
 * 16 for float32; a block's n lines of B side by side): for c < count and the strictly ascending
 * neurons r = neurons[offsetNeurons + c], leaf (j, r) at values[((r / B)·n + j)·B + r mod B] +=
 * moves[offsetMoves + c·n + j] for j < n (float64 adds, rounded to the values' dtype). With `nodes`,
 * each moved block b's line maxima go to nodes[first + b + j·nodeStride], each the maximum of its B
 * leaves by one fixed tree of `x > y ? x : y` comparisons: pairs, then pairs of pairs (the same bits
 * on every backend). The moved blocks go to dirty[offsetDirty …] (ascending) when given. Returns how
 * many blocks moved.
 */
export type BlockMovesKernel = (
  n: number, count: number, neurons: Int32Array, offsetNeurons: number, moves: Float64Array, offsetMoves: number,
  values: FloatArray, nodes: FloatArray | null, nodeStride: number, first: number, dirty: Int32Array | null, offsetDirty: number,
) => number;

/**
 * Rebuilds the internal nodes of `count` implicit max-heaps with L leaves each (L a power of two): the
 * heap h has node k at nodes[offset + h·stride + k] (root 1, leaves L … 2L − 1), and every node k from
 * L − 1 down to 1 becomes `a > c ? a : c` of its children a = node 2k, c = node 2k + 1 (the same bits on
 * every backend). Returns nodes.
 */
export type HeapSweepKernel = <T extends FloatArray>(count: number, L: number, nodes: T, offset: number, stride: number) => T;

/** One kernel per op. */
export interface KernelTable {
  gemm: GemmKernel;
  dot: DotKernel;
  axpy: AxpyKernel;
  scal: ScalKernel;
  nrm2: Nrm2Kernel;
  adam: AdamKernel;
  rmsprop: RmspropKernel;
  fwht: FwhtKernel;
  sparseSketch: SparseSketchKernel;
  sparseSketchTranspose: SparseSketchTransposeKernel;
  logdetApply: LogdetApplyKernel;
  gatherSum: GatherSumKernel;
  blockMoves: BlockMovesKernel;
  heapSweep: HeapSweepKernel;
}
