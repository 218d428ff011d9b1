/**
 * The wasm backend's sparse-sketch kernels: copy the operands into the module's memory, run the SIMD
 * kernels (assembly/sparse-sketch.ts), copy the output back. S·A keeps its float64 accumulator (the
 * out block) resident while the rows of A and their (row, value) pairs stream through in chunks; Sᵀ·Y
 * keeps Y resident and writes the output in chunks of rows. Each update is the js reference's float64
 * operation, so the results are its bits. Other dtype combinations (a float32 accumulator for S·A,
 * mixed Y and out for Sᵀ·Y) run the js reference.
 */
import type { FloatArray } from '../../matrix.js';
import { sparseSketchJs, sparseSketchTransposeJs } from '../js/sparse-sketch.js';
import type { SparseSketchKernel, SparseSketchTransposeKernel } from '../types.js';
import { reserve, type WasmExports } from './instance.js';

/** The module's sparse-sketch exports (byte addresses; compact rows). */
export interface SparseSketchExports {
  sketchScatter64(n: number, nnz: number, width: number, rows: number, values: number, a: number, acc: number): void;
  sketchScatter32(n: number, nnz: number, width: number, rows: number, values: number, a: number, acc: number): void;
  sketchGather64(n: number, nnz: number, width: number, rows: number, values: number, y: number, out: number): void;
  sketchGather32(n: number, nnz: number, width: number, rows: number, values: number, y: number, out: number, acc: number): void;
}

/** Bytes of A's rows (or out's) and their pairs moved per kernel call. */
const CHUNK_BYTES = 8 << 20;

/** Copies `rows` rows of `cols` entries (ld apart, from offset) between `data` and the compact `buf`. */
function move(data: FloatArray, offset: number, ld: number, buf: FloatArray, rows: number, cols: number, into: boolean): void {
  if (ld === cols || rows === 1) {
    if (into) buf.set(data.subarray(offset, offset + rows * cols)); else data.set(buf.subarray(0, rows * cols), offset);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const at = offset + r * ld;
    if (into) buf.set(data.subarray(at, at + cols), r * cols); else data.set(buf.subarray(r * cols, (r + 1) * cols), at);
  }
}

const view = (e: WasmExports, single: boolean, at: number, length: number): FloatArray =>
  single ? new Float32Array(e.memory.buffer, at, length) : new Float64Array(e.memory.buffer, at, length);

/** The wasm S·A kernel bound to an instance. */
export function wasmSparseSketch(e: WasmExports): SparseSketchKernel {
  const x = e as WasmExports & SparseSketchExports;
  return function sparseSketch<T extends FloatArray>(
    n: number, s: number, nnz: number, width: number, rows: Int32Array, values: Float64Array, oR: number,
    A: FloatArray, oA: number, lda: number, out: T, oO: number, ldo: number,
  ): T {
    if (n === 0 || nnz === 0 || width === 0) return out;
    if (!(out instanceof Float64Array)) return sparseSketchJs(n, s, nnz, width, rows, values, oR, A, oA, lda, out, oO, ldo);
    const single = A instanceof Float32Array, size = single ? 4 : 8;
    const chunk = Math.max(1, Math.min(n, Math.floor(CHUNK_BYTES / (nnz * 12 + width * size))));
    const [pacc, pr, pv, pa] = reserve(e.memory, [s * width * 8, chunk * nnz * 4, chunk * nnz * 8, chunk * width * size]);
    move(out, oO, ldo, view(e, false, pacc, s * width), s, width, true);
    const ir = new Int32Array(e.memory.buffer, pr, chunk * nnz), iv = new Float64Array(e.memory.buffer, pv, chunk * nnz), ia = view(e, single, pa, chunk * width);
    for (let j0 = 0; j0 < n; j0 += chunk) {
      const m = Math.min(chunk, n - j0), p0 = oR + j0 * nnz;
      ir.set(rows.subarray(p0, p0 + m * nnz)); iv.set(values.subarray(p0, p0 + m * nnz));
      move(A, oA + j0 * lda, lda, ia, m, width, true);
      (single ? x.sketchScatter32 : x.sketchScatter64)(m, nnz, width, pr, pv, pa, pacc);
    }
    move(out, oO, ldo, view(e, false, pacc, s * width), s, width, false);
    return out;
  };
}

/** The wasm Sᵀ·Y kernel bound to an instance. */
export function wasmSparseSketchTranspose(e: WasmExports): SparseSketchTransposeKernel {
  const x = e as WasmExports & SparseSketchExports;
  return function sparseSketchTranspose<T extends FloatArray>(
    n: number, s: number, nnz: number, width: number, rows: Int32Array, values: Float64Array, oR: number,
    Y: FloatArray, oY: number, ldy: number, out: T, oO: number, ldo: number,
  ): T {
    if (n === 0 || width === 0) return out;
    const single = Y instanceof Float32Array;
    if (nnz === 0 || single !== (out instanceof Float32Array)) return sparseSketchTransposeJs(n, s, nnz, width, rows, values, oR, Y, oY, ldy, out, oO, ldo);
    const size = single ? 4 : 8;
    const chunk = Math.max(1, Math.min(n, Math.floor(CHUNK_BYTES / (nnz * 12 + width * size))));
    const [py, pr, pv, po, pacc] = reserve(e.memory, [s * width * size, chunk * nnz * 4, chunk * nnz * 8, chunk * width * size, width * 8]);
    move(Y, oY, ldy, view(e, single, py, s * width), s, width, true);
    const ir = new Int32Array(e.memory.buffer, pr, chunk * nnz), iv = new Float64Array(e.memory.buffer, pv, chunk * nnz), io = view(e, single, po, chunk * width);
    for (let j0 = 0; j0 < n; j0 += chunk) {
      const m = Math.min(chunk, n - j0), p0 = oR + j0 * nnz;
      ir.set(rows.subarray(p0, p0 + m * nnz)); iv.set(values.subarray(p0, p0 + m * nnz));
      if (single) x.sketchGather32(m, nnz, width, pr, pv, py, po, pacc);
      else x.sketchGather64(m, nnz, width, pr, pv, py, po);
      move(out, oO + j0 * ldo, ldo, io, m, width, false);
    }
    return out;
  };
}
