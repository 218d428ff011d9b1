/**
 * Getting operands to the wasm kernels: an array that already lives in the module's memory (one
 * from wasmArray, see heap.ts) is passed by its address; any other is copied into scratch first
 * and, when the kernel writes it, copied back after. `stage` returns undefined when the memory cannot
 * hold the scratch (the caller then runs the js reference).
 */
import type { FloatArray } from '../../matrix.js';
import type { WasmHeap } from './heap.js';

/** One operand: `length` entries of `array` from `offset` (a strided span's whole extent). */
export interface Operand {
  array: FloatArray;
  offset: number;
  length: number;
  /** The kernel reads it (copied in when not resident). */
  read: boolean;
  /** The kernel writes it (copied back when not resident). */
  write: boolean;
}

/** Where each operand is for the kernel, and which of them were copied into scratch. */
export interface Staged {
  ptrs: number[];
  copied: boolean[];
}

const viewOn = (heap: WasmHeap, like: FloatArray, at: number, length: number): FloatArray =>
  like instanceof Float32Array ? new Float32Array(heap.memory.buffer, at, length) : new Float64Array(heap.memory.buffer, at, length);

/** The byte address of entry `offset` of `array` when it lives in the heap's memory, else −1. */
export function residentAddress(heap: WasmHeap, array: FloatArray, offset: number): number {
  const at = heap.addressOf(array);
  return at < 0 ? -1 : at + offset * array.BYTES_PER_ELEMENT;
}

/** Addresses for every operand, copying the non-resident ones that are read into scratch. */
export function stage(heap: WasmHeap, operands: readonly Operand[]): Staged | undefined {
  const ptrs = operands.map((o) => residentAddress(heap, o.array, o.offset));
  const copied = ptrs.map((p) => p < 0);
  const need: number[] = [];
  operands.forEach((o, i) => { if (copied[i]) need.push(o.length * o.array.BYTES_PER_ELEMENT); });
  if (need.length === 0) return { ptrs, copied };
  const at = heap.scratch(need);
  if (at === undefined) return undefined;
  let k = 0;
  operands.forEach((o, i) => {
    if (!copied[i]) return;
    ptrs[i] = at[k++];
    if (o.read) viewOn(heap, o.array, ptrs[i], o.length).set(o.array.subarray(o.offset, o.offset + o.length));
  });
  return { ptrs, copied };
}

/** Copies back the written operands that were staged in scratch: every `stride`-th of `n` entries. */
export function unstage(heap: WasmHeap, operands: readonly Operand[], staged: Staged, n: number, strides: readonly number[]): void {
  operands.forEach((o, i) => {
    if (!o.write || !staged.copied[i]) return;
    const src = viewOn(heap, o.array, staged.ptrs[i], o.length), s = strides[i];
    if (s === 1) { o.array.set(src.subarray(0, n), o.offset); return; }
    for (let j = 0; j < n; j++) o.array[o.offset + j * s] = src[j * s];
  });
}

/**
 * Runs `kernel` over [0, n) in chunks of `chunk` entries, with contiguous operands: resident ones in
 * place, the others through chunk-sized scratch (copied in before each chunk when read, back after it
 * when written), so what is copied is still in cache when the kernel touches it. False when the
 * memory cannot hold the scratch.
 */
export function runChunked(heap: WasmHeap, n: number, chunk: number, operands: readonly Operand[], kernel: (len: number, ptrs: number[]) => void): boolean {
  const base = operands.map((o) => residentAddress(heap, o.array, o.offset));
  const moved = operands.map((_, i) => i).filter((i) => base[i] < 0);
  if (moved.length === 0) { kernel(n, base); return true; }
  const c = Math.min(n, chunk);
  const at = heap.scratch(moved.map((i) => c * operands[i].array.BYTES_PER_ELEMENT));
  if (at === undefined) return false;
  const views = moved.map((i, k) => viewOn(heap, operands[i].array, at[k], c));
  const ptrs = base.slice();
  moved.forEach((i, k) => { ptrs[i] = at[k]; });
  for (let s = 0; s < n; s += c) {
    const len = Math.min(c, n - s);
    moved.forEach((i, k) => {
      const o = operands[i];
      if (o.read) views[k].set(o.array.subarray(o.offset + s, o.offset + s + len));
    });
    for (let i = 0; i < ptrs.length; i++) if (base[i] >= 0) ptrs[i] = base[i] + s * operands[i].array.BYTES_PER_ELEMENT;
    kernel(len, ptrs);
    moved.forEach((i, k) => {
      const o = operands[i];
      if (o.write) o.array.set(len === c ? views[k] : views[k].subarray(0, len), o.offset + s);
    });
  }
  return true;
}
