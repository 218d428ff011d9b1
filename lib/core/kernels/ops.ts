/**
 * The kernel ops, each defined once with a trusted signature (stdlib style: sizes, then each array
 * with its strides and offset; strides ≥ 1; nothing is validated, so the caller checks its data once
 * at its own public surface), run by the backend chosen with setBackend. Exported as `ops` from
 * sublinear/core.
 */
import type { FloatArray } from '../matrix.js';
import { activeKernels } from './registry.js';
import './backends.js';

/**
 * C (m × n) = op(A) · op(B), or C + op(A) · op(B) with `accumulate`; row-major, C's rows ldc apart.
 * op(A) is A (m × k, rows lda apart) or, with transA, the transpose of A stored k × m; likewise B.
 * Each entry is one running sum over p in order. float64: the same bits on every backend. float32:
 * js sums in float64 and rounds once, wasm sums in float32 (|difference| ≤ k·2⁻²⁴·Σ|a||b| + one rounding).
 *
 * @param transA - A stored transposed. @param transB - B stored transposed.
 * @param m - rows of C. @param n - columns of C. @param k - the inner dimension.
 * @param A - data of A; offsetA, lda: its first entry and row stride. @param B - likewise.
 * @param C - the output (same dtype as A and B for the fast paths); offsetC, ldc as for A.
 * @param accumulate - add to C instead of overwriting it.
 * @returns C.
 * @throws nothing (trusted: out-of-range sizes read or write outside the arrays).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * const C = new Float64Array(4);
 * ops.gemm(false, true, 2, 2, 2, Float64Array.of(1, 2, 3, 4), 0, 2, Float64Array.of(1, 0, 0, 1), 0, 2, C, 0, 2, false);
 * console.log(C); // Float64Array [1, 2, 3, 4] (A · Iᵀ)
 * ```
 */
export function gemm<T extends FloatArray>(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  A: FloatArray, offsetA: number, lda: number, B: FloatArray, offsetB: number, ldb: number,
  C: T, offsetC: number, ldc: number, accumulate: boolean,
): T {
  return activeKernels().gemm(transA, transB, m, n, k, A, offsetA, lda, B, offsetB, ldb, C, offsetC, ldc, accumulate);
}

/**
 * Σ x[offsetX + i·strideX] · y[offsetY + i·strideY] for i < n, summed in float64.
 * @param n - length. @param x - first vector; strideX, offsetX. @param y - second; strideY, offsetY.
 * @returns the inner product.
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * console.log(ops.dot(2, Float64Array.of(1, 9, 2), 2, 0, Float64Array.of(3, 4), 1, 0)); // 11
 * ```
 */
export function dot(n: number, x: FloatArray, strideX: number, offsetX: number, y: FloatArray, strideY: number, offsetY: number): number {
  return activeKernels().dot(n, x, strideX, offsetX, y, strideY, offsetY);
}

/**
 * y ← y + alpha · x over n strided entries (computed in float64, rounded once into y).
 * @param n - length. @param alpha - the scale. @param x - input; strideX, offsetX. @param y - in/out; strideY, offsetY.
 * @returns y.
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * console.log(ops.axpy(2, 2, Float64Array.of(1, 2), 1, 0, Float64Array.of(1, 1), 1, 0)); // Float64Array [3, 5]
 * ```
 */
export function axpy<T extends FloatArray>(n: number, alpha: number, x: FloatArray, strideX: number, offsetX: number, y: T, strideY: number, offsetY: number): T {
  return activeKernels().axpy(n, alpha, x, strideX, offsetX, y, strideY, offsetY);
}

/**
 * x ← alpha · x over n strided entries.
 * @param n - length. @param alpha - the scale. @param x - in/out; strideX, offsetX.
 * @returns x.
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * console.log(ops.scal(2, 3, Float32Array.of(1, 5, 2), 2, 0)); // Float32Array [3, 5, 6]
 * ```
 */
export function scal<T extends FloatArray>(n: number, alpha: number, x: T, strideX: number, offsetX: number): T {
  return activeKernels().scal(n, alpha, x, strideX, offsetX);
}

/**
 * The Euclidean norm of n strided entries, scaled by the largest |x_i| so it neither overflows nor underflows.
 * @param n - length. @param x - the vector; strideX, offsetX.
 * @returns ‖x‖₂ (NaN if an entry is NaN, Infinity if one is infinite).
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * console.log(ops.nrm2(2, Float64Array.of(3e200, 4e200), 1, 0)); // ≈ 5e200 (no overflow)
 * ```
 */
export function nrm2(n: number, x: FloatArray, strideX: number, offsetX: number): number {
  return activeKernels().nrm2(n, x, strideX, offsetX);
}

/**
 * One fused Adam step with learning rate on entries [offset, offset + n) of params, grads, mu, nu (one
 * dtype): the same numbers, to the bit on both backends, as chain(scaleByAdam({ beta1, beta2, eps }),
 * scaleByLearningRate(lr)) then applyUpdates from sublinear/optim, in one pass and no allocation.
 * @param n - entries. @param lr - learning rate. @param beta1 - first-moment decay. @param beta2 - second-moment decay.
 * @param eps - added to √v̂. @param count - the step number t ≥ 1 (bias corrections 1/(1−βᵗ)).
 * @param params - updated in place; offsetParams. @param grads - read; offsetGrads. @param mu - first moment, updated; offsetMu. @param nu - second moment, updated; offsetNu.
 * @param accumulate - true (default): params ← params + update; false: params ← update (the chain's
 * update array itself, −0 included, for a caller that returns updates instead of applying them).
 * @returns params.
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * const p = Float64Array.of(1), mu = new Float64Array(1), nu = new Float64Array(1);
 * ops.adam(1, 0.1, 0.9, 0.999, 1e-8, 1, p, 0, Float64Array.of(0.5), 0, mu, 0, nu, 0);
 * console.log(p[0]); // ≈ 0.9: the first step moves by lr·sign(g)
 * ```
 */
export function adam<T extends FloatArray>(
  n: number, lr: number, beta1: number, beta2: number, eps: number, count: number,
  params: T, offsetParams: number, grads: FloatArray, offsetGrads: number,
  mu: FloatArray, offsetMu: number, nu: FloatArray, offsetNu: number, accumulate = true,
): T {
  return activeKernels().adam(n, lr, beta1, beta2, eps, count, params, offsetParams, grads, offsetGrads, mu, offsetMu, nu, offsetNu, accumulate);
}

/**
 * One fused RMSprop step with learning rate on entries [offset, offset + n) of params, grads and nu
 * (one dtype): the same numbers, to the bit on both backends, as chain(scaleByRms({ decay, eps }),
 * scaleByLearningRate(lr)) then applyUpdates from sublinear/optim, in one pass and no allocation.
 * @param n - entries. @param lr - learning rate. @param decay - the EMA rate ρ of g². @param eps - added to v under the root.
 * @param params - updated in place; offsetParams. @param grads - read; offsetGrads. @param nu - the EMA of g², updated; offsetNu.
 * @param accumulate - true (default): params ← params + update; false: params ← update (the chain's update array).
 * @returns params.
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * const p = Float64Array.of(1), nu = new Float64Array(1);
 * ops.rmsprop(1, 0.01, 0.75, 0, p, 0, Float64Array.of(2), 0, nu, 0);
 * console.log(p[0]); // 0.98: the first step moves by lr·g/√((1−ρ)g²) = 2·lr
 * ```
 */
export function rmsprop<T extends FloatArray>(
  n: number, lr: number, decay: number, eps: number,
  params: T, offsetParams: number, grads: FloatArray, offsetGrads: number, nu: FloatArray, offsetNu: number, accumulate = true,
): T {
  return activeKernels().rmsprop(n, lr, decay, eps, params, offsetParams, grads, offsetGrads, nu, offsetNu, accumulate);
}

/**
 * The fast Walsh–Hadamard transform, in place, of `count` vectors of length n (a power of two):
 * x ← H x with H the unnormalized Sylvester Hadamard matrix (entries ±1, H Hᵀ = n I), in
 * O(n log n) additions per vector. Entry i of vector c is x[offset + i·stride + c·batchStride]:
 * (stride 1, batchStride n) for vectors stored one after the other, (stride count, batchStride 1)
 * for the columns of a row-major n × count block (the SRHT's layout). Every butterfly stage is
 * rounded to x's dtype, so every backend gives the same bits, float32 and float64.
 * @param n - vector length, a power of two. @param count - number of vectors.
 * @param x - the data, transformed in place (Float32Array or Float64Array).
 * @param stride - between entries of a vector. @param batchStride - between vectors. @param offset - first entry.
 * @returns x.
 * @throws nothing (trusted: n must be a power of two and every entry inside x).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * // two vectors of length 4 stored as the columns of a 4 × 2 block
 * console.log(ops.fwht(4, 2, Float64Array.of(1, 0, 0, 1, 0, 0, 0, 0), 2, 1, 0)); // Float64Array [1, 1, 1, -1, 1, 1, 1, -1]
 * ```
 */
export function fwht<T extends FloatArray>(n: number, count: number, x: T, stride: number, batchStride: number, offset: number): T {
  return activeKernels().fwht(n, count, x, stride, batchStride, offset);
}

/**
 * S·A for a sparse sketch S (s × n, CountSketch or OSNAP) given as `nnz` (row, value) pairs per
 * column of S: for j < n and t < nnz in order, row r = rows[offsetRows + j·nnz + t] of out gets
 * v · (row j of A) added, v = values[the same], over `width` entries. Products and sums in float64,
 * each store rounded to out's dtype; with a Float64Array out every backend gives the same bits.
 * @param n - rows of A (columns of S). @param s - rows of out (of S); every row index is below it.
 * @param nnz - pairs per column. @param width - entries per row.
 * @param rows - Int32Array of row indices; @param values - Float64Array of values; offsetRows: where column 0's pairs start.
 * @param A - input rows, offsetA, lda. @param out - accumulated into, offsetOut, ldo.
 * @returns out.
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * // S = [[1, 0, -1], [0, 2, 0]] (one pair per column) times A = the column (1, 2, 3)
 * const out = ops.sparseSketch(3, 2, 1, 1, Int32Array.of(0, 1, 0), Float64Array.of(1, 2, -1), 0, Float64Array.of(1, 2, 3), 0, 1, new Float64Array(2), 0, 1);
 * console.log(out); // Float64Array [-2, 4]
 * ```
 */
export function sparseSketch<T extends FloatArray>(
  n: number, s: number, nnz: number, width: number, rows: Int32Array, values: Float64Array, offsetRows: number,
  A: FloatArray, offsetA: number, lda: number, out: T, offsetOut: number, ldo: number,
): T {
  return activeKernels().sparseSketch(n, s, nnz, width, rows, values, offsetRows, A, offsetA, lda, out, offsetOut, ldo);
}

/**
 * Sᵀ·Y for the sparse sketch of {@link sparseSketch}: row j of out (j < n) is Σ_t v · (row r of Y)
 * over column j's pairs (r, v), summed in float64 from 0 in t order and rounded once to out's dtype,
 * the same bits on every backend.
 * @param n - rows of out (columns of S). @param s - rows of Y. @param nnz - pairs per column. @param width - entries per row.
 * @param rows - row indices (< s); @param values - values; offsetRows. @param Y - input, offsetY, ldy. @param out - written, offsetOut, ldo.
 * @returns out.
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * const out = ops.sparseSketchTranspose(3, 2, 1, 1, Int32Array.of(0, 1, 0), Float64Array.of(1, 2, -1), 0, Float64Array.of(5, 7), 0, 1, new Float64Array(3), 0, 1);
 * console.log(out); // Float64Array [5, 14, -5]
 * ```
 */
export function sparseSketchTranspose<T extends FloatArray>(
  n: number, s: number, nnz: number, width: number, rows: Int32Array, values: Float64Array, offsetRows: number,
  Y: FloatArray, offsetY: number, ldy: number, out: T, offsetOut: number, ldo: number,
): T {
  return activeKernels().sparseSketchTranspose(n, s, nnz, width, rows, values, offsetRows, Y, offsetY, ldy, out, offsetOut, ldo);
}

/**
 * The banded LogDet preconditioner applied to a vector: out[offsetOut + i] = (X v)[i] for rows i in
 * [start, end), X = L D Lᵀ stored as n rows of band + 1 entries (f[j·(band+1)] = D_jj, then L[j+k][j]
 * for k = 1 … band; the layout of sublinear/logdet's factor). One forward pass in O((end − start + band)·band),
 * independent per range (a range redoes the band rows before it). float64 operations in one order on
 * every backend (the same bits), each output rounded once to out's dtype; out may be v on the full range.
 * @param n - dimension. @param band - band width b ≥ 0.
 * @param f - the factor; offsetF. @param v - the vector; offsetV. @param out - written on [start, end); offsetOut.
 * @param start - first row. @param end - one past the last row.
 * @returns out.
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * // n = 2, band 1: D = (2, 3), L[1][0] = 0.5, so X = [[2, 1], [1, 3.5]]
 * console.log(ops.logdetApply(2, 1, Float64Array.of(2, 0.5, 3, 0), 0, Float64Array.of(1, 1), 0, new Float64Array(2), 0, 0, 2)); // Float64Array [3, 4.5]
 * ```
 */
export function logdetApply<T extends FloatArray>(
  n: number, band: number, f: FloatArray, offsetF: number, v: FloatArray, offsetV: number, out: T, offsetOut: number, start: number, end: number,
): T {
  return activeKernels().logdetApply(n, band, f, offsetF, v, offsetV, out, offsetOut, start, end);
}

/**
 * Sums of gathered rows: row c of out (c < count) is scale[offsetScale + c] times the sum of the rows
 * rows[p] of Y (each < s) for p in [start[offsetStart + c], start[offsetStart + c + 1]), summed in
 * float64 in p order from the first term (0 for an empty range) and multiplied once by the scale; the
 * same bits on every backend. A 0/1 CSR matrix times Y with a scale per row: the implicit-weight
 * trainers' leaf moves (each touched neuron's n moves are ±(Σ of its inputs' scaled Gram rows)).
 * @param count - output rows. @param s - rows of Y. @param width - entries per row.
 * @param start - the CSR row starts (count + 1 of them from offsetStart, into `rows`). @param rows - row indices of Y.
 * @param Y - input, offsetY, ldy. @param scale - one per output row, from offsetScale. @param out - written, offsetOut, ldo.
 * @returns out.
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * // row 0 = Y₀ + Y₂, row 1 = −Y₁ (Y is 3 × 1)
 * const out = ops.gatherSum(2, 3, 1, Int32Array.of(0, 2, 3), 0, Int32Array.of(0, 2, 1), Float64Array.of(1, 10, 100), 0, 1, Float64Array.of(1, -1), 0, new Float64Array(2), 0, 1);
 * console.log(out); // Float64Array [101, -10]
 * ```
 */
export function gatherSum(
  count: number, s: number, width: number, start: Int32Array, offsetStart: number, rows: Int32Array,
  Y: Float64Array, offsetY: number, ldy: number, scale: Float64Array, offsetScale: number,
  out: Float64Array, offsetOut: number, ldo: number,
): Float64Array {
  return activeKernels().gatherSum(count, s, width, start, offsetStart, rows, Y, offsetY, ldy, scale, offsetScale, out, offsetOut, ldo);
}

/**
 * The leaf moves of the neuron-blocked layout (the implicit-weight trainers' leaves: blocks of B = 8
 * float64 or 16 float32 leaves per input, a block's n lines side by side, so leaf (j, r) sits at
 * ((r / B)·n + j)·B + r mod B): leaf (j, r) += moves[offsetMoves + c·n + j] for each strictly
 * ascending neuron r = neurons[offsetNeurons + c], c < count; with `nodes`, each moved block b's line
 * maxima (a fixed tree of `x > y ? x : y` comparisons, the same bits on every backend) to
 * nodes[first + b + j·nodeStride]; the moved blocks, ascending, to dirty[offsetDirty …] when given.
 * The wasm backend moves float64 values in place when they (and the nodes) live in its memory
 * (wasmArray), with branch-free maxima; other arrays run the js reference.
 * @param n - lines per block (inputs). @param count - neurons to move.
 * @param neurons - ascending neuron indices, from offsetNeurons. @param moves - count × n moves, from offsetMoves.
 * @param values - the leaves. @param nodes - heap leaves (or null); nodeStride, first: where block b's line j goes.
 * @param dirty - receives the moved blocks (or null), from offsetDirty.
 * @returns how many blocks moved.
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * // n = 1 input, 16 neurons (two blocks of 8): move neurons 3 and 9
 * const values = new Float64Array(16), nodes = new Float64Array(2), dirty = new Int32Array(2);
 * const moved = ops.blockMoves(1, 2, Int32Array.of(3, 9), 0, Float64Array.of(5, -2), 0, values, nodes, 1, 0, dirty, 0);
 * console.log(moved, values[3], values[9], nodes, dirty); // 2 5 -2 Float64Array [5, 0] Int32Array [0, 1]
 * ```
 */
export function blockMoves(
  n: number, count: number, neurons: Int32Array, offsetNeurons: number, moves: Float64Array, offsetMoves: number,
  values: FloatArray, nodes: FloatArray | null, nodeStride: number, first: number, dirty: Int32Array | null, offsetDirty: number,
): number {
  return activeKernels().blockMoves(n, count, neurons, offsetNeurons, moves, offsetMoves, values, nodes, nodeStride, first, dirty, offsetDirty);
}

/**
 * Rebuilds the internal nodes of `count` implicit max-heaps of L leaves (L a power of two ≥ 1): heap h
 * has node k at nodes[offset + h·stride + k] (root 1, leaves L … 2L − 1), and each node from L − 1 down
 * to 1 becomes `a > c ? a : c` of its children a = node 2k and c = node 2k + 1 (the same bits on every
 * backend; the wasm backend sweeps float64 nodes resident in its memory in place, two parents per
 * instruction, and runs the js kernel on other arrays).
 * @param count - heaps. @param L - leaves per heap. @param nodes - the heaps; offset, stride: where heap h starts.
 * @returns nodes.
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * // one heap of 4 leaves (nodes 4 … 7) at offset 0
 * console.log(ops.heapSweep(1, 4, Float64Array.of(0, 0, 0, 0, 3, 9, -1, 2), 0, 8)); // Float64Array [0, 9, 9, 2, 3, 9, -1, 2]
 * ```
 */
export function heapSweep<T extends FloatArray>(count: number, L: number, nodes: T, offset: number, stride: number): T {
  return activeKernels().heapSweep(count, L, nodes, offset, stride);
}
