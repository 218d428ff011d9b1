/**
 * Argument checks of the maxtree public layer, in the package's error template. Each one reads its
 * input completely and throws before anything is written, so a rejected call changes nothing.
 */
import { checkInteger, checkNumericArray, checkOneOf, invalidRange, invalidType } from '../core/errors.js';
import { allocate, DTYPES, type Dtype, type FloatArray } from '../core/matrix.js';
import { isShared, sharedArray } from '../core/shared-memory.js'; // isShared: false, not a ReferenceError, where SharedArrayBuffer is undefined
import { residentOrShared } from '../core/wasm-array.js';
import type { TreeLayout } from './layout.js';

/** A dtype option (default 'float64'). */
export function checkDtype(fn: string, dtype: unknown): Dtype {
  return dtype === undefined ? 'float64' : checkOneOf(fn, 'options.dtype', dtype, DTYPES);
}

/** A blockSize option: a power of two in [1, 1024] (default 16). */
export function checkBlockSize(fn: string, blockSize: unknown): number {
  if (blockSize === undefined) return 16;
  const b = checkInteger(fn, 'options.blockSize', blockSize, 1, 1024);
  if ((b & (b - 1)) !== 0) throw invalidRange(fn, 'options.blockSize', 'a power of two in [1, 1024]', b);
  return b;
}

/** Throws a RangeError unless v is finite once stored as `dtype` (float32 overflows past ±3.4e38). */
export function checkStorable(fn: string, name: string, v: unknown, dtype: Dtype): number {
  if (typeof v !== 'number') throw invalidType(fn, name, 'a finite number', v);
  if (!Number.isFinite(dtype === 'float32' ? Math.fround(v) : v)) {
    throw invalidRange(fn, name, dtype === 'float32' ? 'a number finite in float32' : 'a finite number', v);
  }
  return v;
}

/** An array of numbers, each finite once stored as `dtype`, optionally of a given length. */
export function checkStorableArray(fn: string, name: string, value: unknown, dtype: Dtype, length?: number): ArrayLike<number> {
  const array = checkNumericArray(fn, name, value);
  if (length !== undefined && array.length !== length) throw invalidRange(fn, `${name}.length`, `${length}`, array.length);
  const bad = firstUnstorable(array, dtype);
  if (bad >= 0) checkStorable(fn, `${name}[${bad}]`, array[bad], dtype);
  return array;
}

/** Index of the first entry that is not a number finite in `dtype`, or −1 (one tight loop, names built only on failure). */
function firstUnstorable(array: ArrayLike<number>, dtype: Dtype): number {
  const plain = Array.isArray(array), f32 = dtype === 'float32';
  for (let i = 0; i < array.length; i++) {
    const v = array[i];
    if (plain && typeof v !== 'number') return i;
    if (!Number.isFinite(f32 ? Math.fround(v) : v)) return i;
  }
  return -1;
}

/** An array of integer indices in [0, limit); with `distinct`, no index twice (`stamps` is scratch of length ≥ limit). */
export function checkIndices(fn: string, name: string, value: unknown, limit: number, stamps?: Int32Array, stamp = 0): ArrayLike<number> {
  const array = checkNumericArray(fn, name, value);
  for (let q = 0; q < array.length; q++) {
    const j = array[q];
    if (!(typeof j === 'number' && Number.isInteger(j) && j >= 0 && j < limit)) checkInteger(fn, `${name}[${q}]`, j, 0, limit - 1);
    if (stamps) {
      if (stamps[j] === stamp) throw invalidRange(fn, `${name}[${q}]`, 'an index not listed before (indices must be distinct)', j);
      stamps[j] = stamp;
    }
  }
  return array;
}

/** A threshold: any number but NaN (−∞ selects every leaf, +∞ none). */
export function checkTau(fn: string, tau: unknown): number {
  if (typeof tau !== 'number') throw invalidType(fn, 'tau', 'a number', tau);
  if (Number.isNaN(tau)) throw invalidRange(fn, 'tau', 'a number (not NaN)', tau);
  return tau;
}

/** An optional reusable output buffer: an Int32Array. */
export function checkOut(fn: string, out: unknown): Int32Array | undefined {
  if (out !== undefined && !(out instanceof Int32Array)) throw invalidType(fn, 'out', 'an Int32Array', out);
  return out as Int32Array | undefined;
}

/**
 * Row-major rows of length d from a flat array or a Matrix { rows, cols, data } (cols must be d):
 * checks every entry and returns them copied into a shared array of `dtype`, with the row count.
 */
export function checkRows(fn: string, name: string, value: unknown, d: number, dtype: Dtype, minRows = 1, shared = true): { rows: number; array: FloatArray } {
  const { rows, flat } = rowsOf(fn, name, value, d, minRows);
  const bad = firstUnstorable(flat, dtype);
  if (bad >= 0) throwUnstorable(fn, name, flat, d, dtype, bad);
  const out = shared ? sharedArray(dtype, flat.length) : allocate(flat.length, dtype);
  out.set(flat);
  return { rows, array: out };
}

/**
 * checkRows for init's inputs, without a second pass over typed arrays: their shape is checked, and
 * their entries only when `rescanRows` is called (init calls it when a leaf is not finite, which any
 * entry not finite in `dtype` causes, since every entry enters at least one leaf). Plain arrays are
 * scanned at once (an entry may not be a number). With `copy` false, a typed array of `dtype` on a
 * SharedArrayBuffer is used in place; anything else is copied into a shared array of `dtype` (a
 * resident one, in the wasm memory, with `resident` where one can be made).
 */
export function takeRows(fn: string, name: string, value: unknown, d: number, dtype: Dtype, copy: boolean, resident = false): { rows: number; array: FloatArray; input: ArrayLike<number> } {
  const { rows, flat } = rowsOf(fn, name, value, d, 1);
  if (!ArrayBuffer.isView(flat)) {
    const bad = firstUnstorable(flat, dtype);
    if (bad >= 0) throwUnstorable(fn, name, flat, d, dtype, bad);
  }
  const own = dtype === 'float32' ? flat instanceof Float32Array : flat instanceof Float64Array;
  if (!copy && own && isShared(flat as FloatArray)) return { rows, array: flat as FloatArray, input: flat };
  const out = resident ? residentOrShared(dtype, flat.length) : sharedArray(dtype, flat.length);
  out.set(flat);
  return { rows, array: out, input: flat };
}

/** Throws checkRows's error for the first entry of `flat` (from takeRows) not finite in `dtype`, or returns. */
export function rescanRows(fn: string, name: string, flat: ArrayLike<number>, d: number, dtype: Dtype): void {
  const bad = firstUnstorable(flat, dtype);
  if (bad >= 0) throwUnstorable(fn, name, flat, d, dtype, bad);
}

function rowsOf(fn: string, name: string, value: unknown, d: number, minRows: number): { rows: number; flat: ArrayLike<number> } {
  let flat: unknown = value;
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value) && !Array.isArray(value) && 'data' in value) {
    const { cols, rows, data } = value as { cols?: unknown; rows?: unknown; data: unknown };
    if (cols !== d) throw invalidRange(fn, `${name}.cols`, `d = ${d}`, cols);
    const length = (data as { length?: unknown } | null)?.length;
    if (typeof rows !== 'number' || rows * d !== length) throw invalidRange(fn, `${name}.rows`, `data.length / cols = ${Number(length) / d}`, rows);
    flat = data;
  }
  const array = checkNumericArray(fn, name, flat);
  if (array.length % d !== 0 || array.length / d < minRows) {
    throw invalidRange(fn, `${name}.length`, `a multiple of d = ${d}${minRows > 0 ? ` with at least ${minRows} row` : ''}`, array.length);
  }
  return { rows: array.length / d, flat: array };
}

function throwUnstorable(fn: string, name: string, flat: ArrayLike<number>, d: number, dtype: Dtype, bad: number): never {
  checkStorable(fn, `${name}[${Math.floor(bad / d)}][${bad % d}]`, flat[bad], dtype);
  throw new Error(`${fn}: unreachable`);
}

/** Throws an Error describing the first broken invariant of trees [0, layout.n), or returns. */
export function checkForest(fn: string, leaves: FloatArray, nodes: FloatArray, layout: TreeLayout): void {
  const { n, m, blockSize: B, blocks, heapLeaves: L, leafStride, nodeStride } = layout;
  const fail = (what: string) => { throw new Error(`${fn}: invariant broken: ${what}`); };
  for (let t = 0; t < n; t++) {
    const lo = t * leafStride, no = t * nodeStride;
    for (let j = 0; j < leafStride; j++) {
      const v = leaves[lo + j];
      if (j < m ? !Number.isFinite(v) : v !== -Infinity) fail(`leaf ${j} of tree ${t} holds ${v}, expected ${j < m ? 'a finite number' : '−∞ (padding)'}`);
    }
    if (nodes[no] !== -Infinity) fail(`unused node 0 of tree ${t} holds ${nodes[no]}, expected −∞`);
    for (let b = 0; b < L; b++) {
      let max = -Infinity;
      for (let k = 0; b < blocks && k < B; k++) max = Math.max(max, leaves[lo + b * B + k]);
      if (nodes[no + L + b] !== max) fail(`node ${L + b} (block ${b}) of tree ${t} holds ${nodes[no + L + b]}, but the max of its leaves is ${max}`);
    }
    for (let k = L - 1; k >= 1; k--) {
      const max = Math.max(nodes[no + 2 * k], nodes[no + 2 * k + 1]);
      if (nodes[no + k] !== max) fail(`node ${k} of tree ${t} holds ${nodes[no + k]}, but the max of its children is ${max}`);
    }
  }
}
