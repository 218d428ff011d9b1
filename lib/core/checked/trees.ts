/** Checked ops of the trainers' leaves and heaps: gatherSum, blockMoves, heapSweep (see ../checked-ops.ts). */
import { MAX_ELEMENTS } from '../allocation.js';
import { checkInteger, invalidRange, invalidType } from '../errors.js';
import type { FloatArray } from '../matrix.js';
import * as raw from '../kernels/ops.js';
import { block, size, strided } from './shared.js';

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
