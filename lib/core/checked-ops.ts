/**
 * The public face of the kernel ops (lib/core/kernels/ops.ts): the same functions, exported as the
 * `ops` namespace of sublinear/core, with sizes, strides,
 * offsets, array kinds and flags checked once per call (O(1), never a pass over the data), so a bad
 * argument is a TypeError or RangeError naming the op instead of a read or write outside an array.
 * The library's own layers call the unchecked ops directly.
 */
import { MAX_ELEMENTS } from './allocation.js';
import { checkBoolean, checkFinite, checkInteger, invalidRange, invalidType } from './errors.js';
import type { FloatArray } from './matrix.js';
import * as raw from './kernels/ops.js';

function size(fn: string, name: string, v: unknown, min = 0): number {
  return checkInteger(fn, name, v, min, MAX_ELEMENTS);
}

/** A Float64Array or Float32Array holding n entries `stride` apart from `offset`. */
function strided(fn: string, name: string, a: unknown, n: number, stride: unknown, offset: unknown, strideName: string, offsetName: string): void {
  if (!(a instanceof Float64Array || a instanceof Float32Array)) throw invalidType(fn, name, 'a Float64Array or Float32Array', a);
  const s = size(fn, strideName, stride, 1), o = size(fn, offsetName, offset);
  const end = n === 0 ? 0 : o + (n - 1) * s + 1;
  if (end > a.length) throw invalidRange(fn, `${name}.length`, `≥ ${end} (what n, ${strideName} and ${offsetName} reach)`, a.length);
}

/** A row-major block of `rows` rows of `cols` entries, `ld` apart from `offset`. */
function block(fn: string, name: string, a: unknown, rows: number, cols: number, offset: unknown, ld: unknown, ldName: string, offsetName: string): void {
  if (!(a instanceof Float64Array || a instanceof Float32Array)) throw invalidType(fn, name, 'a Float64Array or Float32Array', a);
  const o = size(fn, offsetName, offset), l = checkInteger(fn, ldName, ld, cols, MAX_ELEMENTS);
  const end = rows === 0 || cols === 0 ? 0 : o + (rows - 1) * l + cols;
  if (end > a.length) throw invalidRange(fn, `${name}.length`, `≥ ${end} (what the shape, ${ldName} and ${offsetName} reach)`, a.length);
}

/**
 * Checked `ops.gemm`: C = op(A)·op(B) (+ C with accumulate). @throws {TypeError} wrong kinds.
 * @throws {RangeError} a size, offset or leading dimension that reaches outside an array.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * const C = new Float64Array(1);
 * ops.gemm(false, false, 1, 1, 2, Float64Array.of(1, 2), 0, 2, Float64Array.of(3, 4), 0, 1, C, 0, 1, false); // C = [11]
 * ```
 */
export function gemm<T extends FloatArray>(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  A: FloatArray, offsetA: number, lda: number, B: FloatArray, offsetB: number, ldb: number,
  C: T, offsetC: number, ldc: number, accumulate: boolean,
): T {
  const fn = 'ops.gemm';
  checkBoolean(fn, 'transA', transA); checkBoolean(fn, 'transB', transB); checkBoolean(fn, 'accumulate', accumulate);
  size(fn, 'm', m); size(fn, 'n', n); size(fn, 'k', k);
  block(fn, 'A', A, transA ? k : m, transA ? m : k, offsetA, lda, 'lda', 'offsetA');
  block(fn, 'B', B, transB ? n : k, transB ? k : n, offsetB, ldb, 'ldb', 'offsetB');
  block(fn, 'C', C, m, n, offsetC, ldc, 'ldc', 'offsetC');
  return raw.gemm(transA, transB, m, n, k, A, offsetA, lda, B, offsetB, ldb, C, offsetC, ldc, accumulate);
}

/**
 * Checked `ops.dot`. @throws {TypeError} wrong kinds. @throws {RangeError} ranges past an array's end.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * console.log(ops.dot(2, Float64Array.of(1, 9, 2), 2, 0, Float64Array.of(3, 4), 1, 0)); // 11
 * ```
 */
export function dot(n: number, x: FloatArray, strideX: number, offsetX: number, y: FloatArray, strideY: number, offsetY: number): number {
  const fn = 'ops.dot';
  size(fn, 'n', n);
  strided(fn, 'x', x, n, strideX, offsetX, 'strideX', 'offsetX');
  strided(fn, 'y', y, n, strideY, offsetY, 'strideY', 'offsetY');
  return raw.dot(n, x, strideX, offsetX, y, strideY, offsetY);
}

/**
 * Checked `ops.axpy`: y ← y + alpha·x. @throws {TypeError} wrong kinds. @throws {RangeError} a non-finite alpha, ranges past an array's end.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * console.log(ops.axpy(2, 2, Float64Array.of(1, 2), 1, 0, Float64Array.of(1, 1), 1, 0)); // Float64Array [3, 5]
 * ```
 */
export function axpy<T extends FloatArray>(n: number, alpha: number, x: FloatArray, strideX: number, offsetX: number, y: T, strideY: number, offsetY: number): T {
  const fn = 'ops.axpy';
  size(fn, 'n', n); checkFinite(fn, 'alpha', alpha);
  strided(fn, 'x', x, n, strideX, offsetX, 'strideX', 'offsetX');
  strided(fn, 'y', y, n, strideY, offsetY, 'strideY', 'offsetY');
  return raw.axpy(n, alpha, x, strideX, offsetX, y, strideY, offsetY);
}

/**
 * Checked `ops.scal`: x ← alpha·x. @throws {TypeError} wrong kinds. @throws {RangeError} a non-finite alpha, a range past x's end.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * console.log(ops.scal(2, 3, Float64Array.of(1, 2), 1, 0)); // Float64Array [3, 6]
 * ```
 */
export function scal<T extends FloatArray>(n: number, alpha: number, x: T, strideX: number, offsetX: number): T {
  const fn = 'ops.scal';
  size(fn, 'n', n); checkFinite(fn, 'alpha', alpha);
  strided(fn, 'x', x, n, strideX, offsetX, 'strideX', 'offsetX');
  return raw.scal(n, alpha, x, strideX, offsetX);
}

/**
 * Checked `ops.nrm2`. @throws {TypeError} wrong kinds. @throws {RangeError} a range past x's end.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * console.log(ops.nrm2(2, Float64Array.of(3, 4), 1, 0)); // 5
 * ```
 */
export function nrm2(n: number, x: FloatArray, strideX: number, offsetX: number): number {
  const fn = 'ops.nrm2';
  size(fn, 'n', n);
  strided(fn, 'x', x, n, strideX, offsetX, 'strideX', 'offsetX');
  return raw.nrm2(n, x, strideX, offsetX);
}

/** A RangeError unless `value` is a finite number in [0, 1) (a decay rate). */
function decayRate(fn: string, name: string, value: number): void {
  if (!(checkFinite(fn, name, value) >= 0 && value < 1)) throw invalidRange(fn, name, 'a number in [0, 1)', value);
}

/**
 * Checked `ops.adam`: one fused Adam step over n entries (accumulate: add the update to params, the
 * default, or store it). @throws {TypeError} wrong kinds.
 * @throws {RangeError} non-finite or out-of-range scalars, ranges past an array's end.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * const p = Float64Array.of(1), g = Float64Array.of(1), mu = new Float64Array(1), nu = new Float64Array(1);
 * ops.adam(1, 0.1, 0.9, 0.999, 1e-8, 1, p, 0, g, 0, mu, 0, nu, 0); // p ≈ [0.9]
 * ```
 */
export function adam<T extends FloatArray>(
  n: number, lr: number, beta1: number, beta2: number, eps: number, count: number,
  params: T, offsetParams: number, grads: FloatArray, offsetGrads: number,
  mu: FloatArray, offsetMu: number, nu: FloatArray, offsetNu: number, accumulate = true,
): T {
  const fn = 'ops.adam';
  size(fn, 'n', n);
  checkFinite(fn, 'lr', lr); checkFinite(fn, 'eps', eps);
  decayRate(fn, 'beta1', beta1); decayRate(fn, 'beta2', beta2);
  size(fn, 'count', count, 1);
  strided(fn, 'params', params, n, 1, offsetParams, 'stride', 'offsetParams');
  strided(fn, 'grads', grads, n, 1, offsetGrads, 'stride', 'offsetGrads');
  strided(fn, 'mu', mu, n, 1, offsetMu, 'stride', 'offsetMu');
  strided(fn, 'nu', nu, n, 1, offsetNu, 'stride', 'offsetNu');
  checkBoolean(fn, 'accumulate', accumulate);
  return raw.adam(n, lr, beta1, beta2, eps, count, params, offsetParams, grads, offsetGrads, mu, offsetMu, nu, offsetNu, accumulate);
}

/**
 * Checked `ops.rmsprop`: one fused RMSprop step over n entries. @throws {TypeError} wrong kinds.
 * @throws {RangeError} non-finite or out-of-range scalars, ranges past an array's end.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * const p = Float64Array.of(1), nu = new Float64Array(1);
 * ops.rmsprop(1, 0.01, 0.75, 0, p, 0, Float64Array.of(2), 0, nu, 0); // p = [0.98]
 * ```
 */
export function rmsprop<T extends FloatArray>(
  n: number, lr: number, decay: number, eps: number,
  params: T, offsetParams: number, grads: FloatArray, offsetGrads: number, nu: FloatArray, offsetNu: number, accumulate = true,
): T {
  const fn = 'ops.rmsprop';
  size(fn, 'n', n);
  checkFinite(fn, 'lr', lr); decayRate(fn, 'decay', decay); checkFinite(fn, 'eps', eps);
  strided(fn, 'params', params, n, 1, offsetParams, 'stride', 'offsetParams');
  strided(fn, 'grads', grads, n, 1, offsetGrads, 'stride', 'offsetGrads');
  strided(fn, 'nu', nu, n, 1, offsetNu, 'stride', 'offsetNu');
  checkBoolean(fn, 'accumulate', accumulate);
  return raw.rmsprop(n, lr, decay, eps, params, offsetParams, grads, offsetGrads, nu, offsetNu, accumulate);
}

/**
 * Checked `ops.fwht`: the in-place fast Walsh–Hadamard transform of `count` vectors of length n.
 * @throws {TypeError} x not a Float64Array or Float32Array.
 * @throws {RangeError} n not a power of two, a stride below 1, or entries past x's end.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * console.log(ops.fwht(2, 2, Float64Array.of(1, 2, 3, 4), 1, 2, 0)); // Float64Array [3, -1, 7, -1]
 * ```
 */
export function fwht<T extends FloatArray>(n: number, count: number, x: T, stride: number, batchStride: number, offset: number): T {
  const fn = 'ops.fwht';
  size(fn, 'n', n, 1);
  if ((n & (n - 1)) !== 0) throw invalidRange(fn, 'n', 'a power of two', n);
  size(fn, 'count', count);
  if (!(x instanceof Float64Array || x instanceof Float32Array)) throw invalidType(fn, 'x', 'a Float64Array or Float32Array', x);
  const s = size(fn, 'stride', stride, 1), b = size(fn, 'batchStride', batchStride, 1), o = size(fn, 'offset', offset);
  const end = count === 0 ? 0 : o + (n - 1) * s + (count - 1) * b + 1;
  if (end > x.length) throw invalidRange(fn, 'x.length', `≥ ${end} (what n, count, stride, batchStride and offset reach)`, x.length);
  return raw.fwht(n, count, x, stride, batchStride, offset);
}

/** The pairs of a sparse sketch: n·nnz row indices in [0, s) and values from offsetRows (one pass over the indices). */
function pairs(fn: string, n: number, s: number, nnz: number, rows: unknown, values: unknown, offsetRows: unknown): void {
  if (!(rows instanceof Int32Array)) throw invalidType(fn, 'rows', 'an Int32Array', rows);
  if (!(values instanceof Float64Array)) throw invalidType(fn, 'values', 'a Float64Array', values);
  const o = size(fn, 'offsetRows', offsetRows), end = o + n * nnz;
  if (end > rows.length) throw invalidRange(fn, 'rows.length', `≥ ${end} (what n, nnz and offsetRows reach)`, rows.length);
  if (end > values.length) throw invalidRange(fn, 'values.length', `≥ ${end} (what n, nnz and offsetRows reach)`, values.length);
  for (let i = o; i < end; i++) if (!(rows[i] >= 0 && rows[i] < s)) throw invalidRange(fn, `rows[${i}]`, `a row index in [0, ${s})`, rows[i]);
}

/**
 * Checked `ops.sparseSketch`: out += S·A for a sparse S given as (row, value) pairs.
 * @throws {TypeError} wrong kinds. @throws {RangeError} sizes past an array's end, or a row index outside [0, s).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * ops.sparseSketch(2, 1, 1, 1, Int32Array.of(0, 0), Float64Array.of(1, -1), 0, Float64Array.of(3, 1), 0, 1, new Float64Array(1), 0, 1); // [2]
 * ```
 */
export function sparseSketch<T extends FloatArray>(
  n: number, s: number, nnz: number, width: number, rows: Int32Array, values: Float64Array, offsetRows: number,
  A: FloatArray, offsetA: number, lda: number, out: T, offsetOut: number, ldo: number,
): T {
  const fn = 'ops.sparseSketch';
  size(fn, 'n', n); size(fn, 's', s); size(fn, 'nnz', nnz); size(fn, 'width', width);
  pairs(fn, n, s, nnz, rows, values, offsetRows);
  block(fn, 'A', A, n, width, offsetA, lda, 'lda', 'offsetA');
  block(fn, 'out', out, s, width, offsetOut, ldo, 'ldo', 'offsetOut');
  return raw.sparseSketch(n, s, nnz, width, rows, values, offsetRows, A, offsetA, lda, out, offsetOut, ldo);
}

/**
 * Checked `ops.sparseSketchTranspose`: out = Sᵀ·Y for a sparse S given as (row, value) pairs.
 * @throws {TypeError} wrong kinds. @throws {RangeError} sizes past an array's end, or a row index outside [0, s).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * ops.sparseSketchTranspose(2, 1, 1, 1, Int32Array.of(0, 0), Float64Array.of(1, -1), 0, Float64Array.of(3), 0, 1, new Float64Array(2), 0, 1); // [3, -3]
 * ```
 */
export function sparseSketchTranspose<T extends FloatArray>(
  n: number, s: number, nnz: number, width: number, rows: Int32Array, values: Float64Array, offsetRows: number,
  Y: FloatArray, offsetY: number, ldy: number, out: T, offsetOut: number, ldo: number,
): T {
  const fn = 'ops.sparseSketchTranspose';
  size(fn, 'n', n); size(fn, 's', s); size(fn, 'nnz', nnz); size(fn, 'width', width);
  pairs(fn, n, s, nnz, rows, values, offsetRows);
  block(fn, 'Y', Y, s, width, offsetY, ldy, 'ldy', 'offsetY');
  block(fn, 'out', out, n, width, offsetOut, ldo, 'ldo', 'offsetOut');
  return raw.sparseSketchTranspose(n, s, nnz, width, rows, values, offsetRows, Y, offsetY, ldy, out, offsetOut, ldo);
}

/**
 * Checked `ops.logdetApply`: X v on rows [start, end) for a banded factor X = L D Lᵀ.
 * @throws {TypeError} wrong kinds. @throws {RangeError} a range outside [0, n], or arrays shorter than the factor and vectors.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * ops.logdetApply(2, 0, Float64Array.of(2, 3), 0, Float64Array.of(1, 1), 0, new Float64Array(2), 0, 0, 2); // [2, 3]
 * ```
 */
export function logdetApply<T extends FloatArray>(
  n: number, band: number, f: FloatArray, offsetF: number, v: FloatArray, offsetV: number, out: T, offsetOut: number, start: number, end: number,
): T {
  const fn = 'ops.logdetApply';
  size(fn, 'n', n); size(fn, 'band', band);
  const s = checkInteger(fn, 'start', start, 0, n), e = checkInteger(fn, 'end', end, s, n);
  strided(fn, 'f', f, n * (band + 1), 1, offsetF, 'stride', 'offsetF');
  strided(fn, 'v', v, n, 1, offsetV, 'stride', 'offsetV');
  strided(fn, 'out', out, e, 1, offsetOut, 'stride', 'offsetOut');
  return raw.logdetApply(n, band, f, offsetF, v, offsetV, out, offsetOut, start, end);
}

/**
 * Checked `ops.gatherSum`: scaled sums of gathered rows of Y.
 * @throws {TypeError} wrong kinds. @throws {RangeError} sizes past an array's end, starts that decrease
 * or reach past `rows`, or a row index outside [0, s).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * ops.gatherSum(1, 2, 1, Int32Array.of(0, 2), 0, Int32Array.of(0, 1), Float64Array.of(3, 4), 0, 1, Float64Array.of(-1), 0, new Float64Array(1), 0, 1); // [-7]
 * ```
 */
export function gatherSum(
  count: number, s: number, width: number, start: Int32Array, offsetStart: number, rows: Int32Array,
  Y: Float64Array, offsetY: number, ldy: number, scale: Float64Array, offsetScale: number,
  out: Float64Array, offsetOut: number, ldo: number,
): Float64Array {
  const fn = 'ops.gatherSum';
  size(fn, 'count', count); size(fn, 's', s); size(fn, 'width', width);
  if (!(start instanceof Int32Array)) throw invalidType(fn, 'start', 'an Int32Array', start);
  if (!(rows instanceof Int32Array)) throw invalidType(fn, 'rows', 'an Int32Array', rows);
  for (const [name, a] of [['Y', Y], ['scale', scale], ['out', out]] as const) if (!(a instanceof Float64Array)) throw invalidType(fn, name, 'a Float64Array', a);
  const o = size(fn, 'offsetStart', offsetStart);
  if (o + count + 1 > start.length) throw invalidRange(fn, 'start.length', `≥ ${o + count + 1} (what count and offsetStart reach)`, start.length);
  if (count > 0 && !(start[o] >= 0)) throw invalidRange(fn, `start[${o}]`, '≥ 0', start[o]);
  for (let c = o; c < o + count; c++) {
    if (!(start[c] <= start[c + 1] && start[c + 1] <= rows.length)) throw invalidRange(fn, `start[${c + 1}]`, `in [start[${c}], rows.length = ${rows.length}] (ascending, within rows)`, start[c + 1]);
  }
  for (let p = count > 0 ? start[o] : 0; p < (count > 0 ? start[o + count] : 0); p++) if (!(rows[p] >= 0 && rows[p] < s)) throw invalidRange(fn, `rows[${p}]`, `a row index in [0, ${s})`, rows[p]);
  block(fn, 'Y', Y, s, width, offsetY, ldy, 'ldy', 'offsetY');
  strided(fn, 'scale', scale, count, 1, offsetScale, 'stride', 'offsetScale');
  block(fn, 'out', out, count, width, offsetOut, ldo, 'ldo', 'offsetOut');
  return raw.gatherSum(count, s, width, start, offsetStart, rows, Y, offsetY, ldy, scale, offsetScale, out, offsetOut, ldo);
}

/**
 * Checked `ops.blockMoves`: leaf moves of the neuron-blocked layout with their block maxima.
 * @throws {TypeError} wrong kinds (nodes of another dtype than values). @throws {RangeError} sizes past
 * an array's end, neurons not strictly ascending or outside the layout, heap positions outside nodes.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * ops.blockMoves(1, 1, Int32Array.of(2), 0, Float64Array.of(4), 0, new Float64Array(8), null, 0, 0, null, 0); // 1
 * ```
 */
export function blockMoves(
  n: number, count: number, neurons: Int32Array, offsetNeurons: number, moves: Float64Array, offsetMoves: number,
  values: FloatArray, nodes: FloatArray | null, nodeStride: number, first: number, dirty: Int32Array | null, offsetDirty: number,
): number {
  const fn = 'ops.blockMoves';
  size(fn, 'n', n, 1); size(fn, 'count', count);
  if (!(neurons instanceof Int32Array)) throw invalidType(fn, 'neurons', 'an Int32Array', neurons);
  if (!(moves instanceof Float64Array)) throw invalidType(fn, 'moves', 'a Float64Array', moves);
  if (!(values instanceof Float64Array || values instanceof Float32Array)) throw invalidType(fn, 'values', 'a Float64Array or Float32Array', values);
  const B = values instanceof Float32Array ? 16 : 8, width = Math.floor(values.length / (n * B)) * B;
  const oN = size(fn, 'offsetNeurons', offsetNeurons), oM = size(fn, 'offsetMoves', offsetMoves);
  if (oN + count > neurons.length) throw invalidRange(fn, 'neurons.length', `≥ ${oN + count} (what count and offsetNeurons reach)`, neurons.length);
  if (oM + count * n > moves.length) throw invalidRange(fn, 'moves.length', `≥ ${oM + count * n} (what count, n and offsetMoves reach)`, moves.length);
  for (let c = oN; c < oN + count; c++) {
    const low = c > oN ? neurons[c - 1] + 1 : 0;
    if (!(neurons[c] >= low && neurons[c] < width)) throw invalidRange(fn, `neurons[${c}]`, `a neuron in [${low}, ${width}) (strictly ascending, inside values' ${width / B} blocks)`, neurons[c]);
  }
  const blocks = count === 0 ? 0 : (neurons[oN + count - 1] >> Math.log2(B)) + 1;
  if (nodes !== null) {
    if (values instanceof Float64Array ? !(nodes instanceof Float64Array) : !(nodes instanceof Float32Array)) throw invalidType(fn, 'nodes', `null or a ${values instanceof Float64Array ? 'Float64Array' : 'Float32Array'} (values' dtype)`, nodes);
    const s = size(fn, 'nodeStride', nodeStride), f = size(fn, 'first', first), end = count === 0 ? 0 : f + (blocks - 1) + (n - 1) * s + 1;
    if (end > nodes.length) throw invalidRange(fn, 'nodes.length', `≥ ${end} (what first, nodeStride, n and the last block reach)`, nodes.length);
  }
  if (dirty !== null) {
    if (!(dirty instanceof Int32Array)) throw invalidType(fn, 'dirty', 'null or an Int32Array', dirty);
    const o = size(fn, 'offsetDirty', offsetDirty);
    if (o + count > dirty.length) throw invalidRange(fn, 'dirty.length', `≥ ${o + count} (room for up to count blocks from offsetDirty)`, dirty.length);
  }
  return raw.blockMoves(n, count, neurons, offsetNeurons, moves, offsetMoves, values, nodes, nodeStride, first, dirty, offsetDirty);
}

/**
 * Checked `ops.heapSweep`: rebuilds the internal nodes of implicit max-heaps.
 * @throws {TypeError} wrong kinds. @throws {RangeError} L not a power of two, heaps that reach past the array.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * ops.heapSweep(1, 2, Float64Array.of(0, 0, 1, 5), 0, 4); // [0, 5, 1, 5]
 * ```
 */
export function heapSweep<T extends FloatArray>(count: number, L: number, nodes: T, offset: number, stride: number): T {
  const fn = 'ops.heapSweep';
  size(fn, 'count', count);
  const l = size(fn, 'L', L, 1);
  if ((l & (l - 1)) !== 0) throw invalidRange(fn, 'L', 'a power of two ≥ 1', L);
  if (!(nodes instanceof Float64Array || nodes instanceof Float32Array)) throw invalidType(fn, 'nodes', 'a Float64Array or Float32Array', nodes);
  const o = size(fn, 'offset', offset), s = checkInteger(fn, 'stride', stride, 2 * l, MAX_ELEMENTS);
  const end = count === 0 ? 0 : o + (count - 1) * s + 2 * l;
  if (end > nodes.length) throw invalidRange(fn, 'nodes.length', `≥ ${end} (what count, stride, L and offset reach)`, nodes.length);
  return raw.heapSweep(count, L, nodes, offset, stride);
}
