/**
 * The wasm backend's GEMM: copies op(A), op(B) (and C when accumulating) into the module's memory,
 * runs the register-blocked SIMD kernel (assembly/gemm.ts: 4 × 8 float32 or 4 × 4 float64 tiles, B
 * packed in panels), copies C back. Float32 sums are float32 (as XNNPACK's); float64 sums equal the js
 * reference bit for bit. Mixed dtypes run the js reference (whose float64 sums are the same).
 * Large products go in row blocks so that the copies stay under MAX_BYTES.
 */
import type { FloatArray } from '../../matrix.js';
import { gemmJs } from '../js/gemm.js';
import type { GemmKernel } from '../types.js';
import { reserve, type WasmExports, type WasmMemory } from './instance.js';

const MAX_BYTES = 1 << 30;
const MR_BLOCK = 64;

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

/** Copies rows × cols entries of `src` (row stride ld, from offset) into memory at `ptr`, compact (stride cols). */
function copyIn(T: Ctor, memory: WasmMemory, ptr: number, src: FloatArray, offset: number, rows: number, cols: number, ld: number): void {
  const dst = new T(memory.buffer, ptr, rows * cols);
  if (ld === cols || rows === 1) { dst.set(src.subarray(offset, offset + rows * cols)); return; }
  for (let r = 0; r < rows; r++) dst.set(src.subarray(offset + r * ld, offset + r * ld + cols), r * cols);
}

function copyOut(T: Ctor, memory: WasmMemory, ptr: number, dst: FloatArray, offset: number, rows: number, cols: number, ld: number): void {
  const src = new T(memory.buffer, ptr, rows * cols);
  if (ld === cols || rows === 1) { dst.set(src, offset); return; }
  for (let r = 0; r < rows; r++) dst.set(src.subarray(r * cols, (r + 1) * cols), offset + r * ld);
}

/** The wasm GEMM kernel bound to an instance. */
export function wasmGemm(exports: WasmExports): GemmKernel {
  const scratch = { 4: exports.gemmScratchBytes(4), 8: exports.gemmScratchBytes(8) };
  return function gemm<T extends FloatArray>(
    transA: boolean, transB: boolean, m: number, n: number, k: number,
    A: FloatArray, oa: number, lda: number, B: FloatArray, ob: number, ldb: number,
    C: T, oc: number, ldc: number, accumulate: boolean,
  ): T {
    if (m === 0 || n === 0) return C;
    const single = A instanceof Float32Array && B instanceof Float32Array && C instanceof Float32Array;
    if (!single && !(A instanceof Float64Array && B instanceof Float64Array && C instanceof Float64Array)) {
      return gemmJs(transA, transB, m, n, k, A, oa, lda, B, ob, ldb, C, oc, ldc, accumulate);
    }
    const T = single ? Float32Array : Float64Array, size = single ? 4 : 8;
    const run = single ? exports.gemm32 : exports.gemm64;
    const memory = exports.memory;
    const bBytes = k * n * size, rowBytes = (k + n) * size;
    const fit = Math.floor(Math.max(0, MAX_BYTES - bBytes) / rowBytes / MR_BLOCK) * MR_BLOCK;
    const block = Math.min(m, Math.max(MR_BLOCK, fit));
    const [pb, pa, pc, pp] = reserve(memory, [bBytes, block * k * size, block * n * size, scratch[size]]);
    if (transB) copyIn(T, memory, pb, B, ob, n, k, ldb);
    else copyIn(T, memory, pb, B, ob, k, n, ldb);
    const [sbp, sbj] = transB ? [1, k] : [n, 1];
    for (let i0 = 0; i0 < m; i0 += block) {
      const rows = Math.min(block, m - i0);
      // op(A) rows [i0, i0 + rows): stored rows × k (NN/NT), or k × rows of A's columns (TN/TT)
      if (transA) copyIn(T, memory, pa, A, oa + i0, k, rows, lda);
      else copyIn(T, memory, pa, A, oa + i0 * lda, rows, k, lda);
      if (accumulate) copyIn(T, memory, pc, C, oc + i0 * ldc, rows, n, ldc);
      const [sai, sap] = transA ? [1, rows] : [k, 1];
      run(rows, n, k, pa, sai, sap, pb, sbp, sbj, pc, n, accumulate ? 1 : 0, pp);
      copyOut(T, memory, pc, C, oc + i0 * ldc, rows, n, ldc);
    }
    return C;
  };
}
