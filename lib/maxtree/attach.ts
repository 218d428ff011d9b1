/**
 * Checks for ThresholdSearch.fromBuffers: the layout must be one that treeLayout produces, and each
 * array of the layout's dtype and length. The contents are trusted (call checkInvariants to verify).
 */
import { checkInteger, checkOneOf, checkOptions, invalidRange, invalidType } from '../core/errors.js';
import { DTYPES, type FloatArray } from '../core/matrix.js';
import { treeLayout, type TreeLayout } from './layout.js';
import { checkBlockSize } from './validate.js';


/** The shared arrays behind a ThresholdSearch (all on SharedArrayBuffers when it made them). */
export interface ThresholdSearchBuffers {
  /** n × d data, row-major. */
  readonly data: FloatArray;
  /** m × d weights, row-major. */
  readonly weights: FloatArray;
  /** n × leafStride leaf values: leaf (i, j) at i·leafStride + j. */
  readonly leaves: FloatArray;
  /** n × nodeStride heap nodes. */
  readonly nodes: FloatArray;
}

/** The validated layout (a fresh copy) and buffers. */
export function checkAttachable(fn: string, layout: TreeLayout, buffers: ThresholdSearchBuffers): { layout: TreeLayout; buffers: ThresholdSearchBuffers } {
  checkOptions(fn, 'layout', layout);
  checkOptions(fn, 'buffers', buffers);
  const n = checkInteger(fn, 'layout.n', layout.n, 1);
  const m = checkInteger(fn, 'layout.m', layout.m, 1);
  const d = checkInteger(fn, 'layout.d', layout.d, 1);
  const dtype = checkOneOf(fn, 'layout.dtype', layout.dtype, DTYPES);
  const blockSize = checkBlockSize(fn, layout.blockSize);
  const expected = treeLayout(n, m, d, dtype, blockSize);
  for (const key of ['blocks', 'heapLeaves', 'leafStride', 'nodeStride'] as const) {
    if (layout[key] !== expected[key]) throw invalidRange(fn, `layout.${key}`, `${expected[key]} (as treeLayout computes it)`, layout[key]);
  }
  const lengths = { data: n * d, weights: m * d, leaves: n * expected.leafStride, nodes: n * expected.nodeStride };
  const Type = dtype === 'float32' ? Float32Array : Float64Array;
  for (const key of ['data', 'weights', 'leaves', 'nodes'] as const) {
    const array: unknown = buffers[key];
    if (!(array instanceof Type)) throw invalidType(fn, `buffers.${key}`, `a ${Type.name} (layout.dtype is '${dtype}')`, array);
    if (array.length !== lengths[key]) throw invalidRange(fn, `buffers.${key}.length`, `${lengths[key]}`, array.length);
  }
  const { data, weights, leaves, nodes } = buffers as { [K in keyof ThresholdSearchBuffers]: FloatArray };
  return { layout: expected, buffers: { data, weights, leaves, nodes } };
}
