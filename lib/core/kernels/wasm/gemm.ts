/**
 * The wasm backend's GEMM: copies op(A), op(B) (and C when accumulating) into the module's memory,
 * drives the blocked SIMD kernels (assembly/gemm.ts: each block of columns and of k of B packed into
 * panels, then 4 × 8 float32 or 4 × 4 float64 register tiles swept over chunks of rows), copies C back.
 * B is packed once; A comes in blocks of rows of about 1 MiB, each swept over every packed block
 * right after its copy (so it is read from cache, not memory). Float32 sums are float32 (as
 * XNNPACK's); float64 sums equal the js reference bit for bit. Mixed dtypes run the js reference
 * (whose float64 sums are the same). The blocks also keep the copies under MAX_BYTES.
 */
import type { FloatArray } from '../../matrix.js';
import { gemmJs } from '../js/gemm.js';
import type { GemmKernel } from '../types.js';
import { reserve, type WasmExports, type WasmMemory } from './instance.js';

const MAX_BYTES = 1 << 30;
/** Rows per sweep call: short calls let V8 move from baseline to optimized wasm code after the first ones. */
const CHUNK = 128;

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

/**
 * C (rows × n, compact, at pc) (+)= A · B on data already in the module's memory (byte addresses;
 * element strides as in assembly/gemm.ts), with `scratchAt` holding gemmScratchBytes(size) bytes.
 */
export function residentGemm(
  e: WasmExports, size: 4 | 8, rows: number, n: number, k: number, pa: number, sai: number, sap: number,
  pb: number, sbp: number, sbj: number, pc: number, accumulate: boolean, scratchAt: number,
): void {
  const KC = e.gemmBlockK(), NC = e.gemmBlockN(size);
  const pack = size === 4 ? e.pack32 : e.pack64, sweep = size === 4 ? e.sweep32 : e.sweep64;
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = Math.min(NC, n - j0);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = Math.min(KC, k - p0), load = accumulate || p0 > 0 ? 1 : 0;
      pack(kc, nc, pb + (p0 * sbp + j0 * sbj) * size, sbp, sbj, scratchAt);
      for (let r0 = 0; r0 < rows; r0 += CHUNK) {
        sweep(Math.min(CHUNK, rows - r0), nc, kc, pa + (r0 * sai + p0 * sap) * size, sai, sap, scratchAt, pc + (r0 * n + j0) * size, n, load);
      }
    }
  }
}

/** Bytes of the packed op(B) that packAll writes: one gemmScratchBytes region per (column block, k block). */
export function packedBytes(e: WasmExports, size: 4 | 8, n: number, k: number): number {
  return Math.ceil(n / e.gemmBlockN(size)) * Math.ceil(k / e.gemmBlockK()) * e.gemmScratchBytes(size);
}

/** Packs all of op(B) (k × n, B(p, j) at pb + (p·sbp + j·sbj)·size) into packedBytes regions at `packs`. */
export function packAll(e: WasmExports, size: 4 | 8, n: number, k: number, pb: number, sbp: number, sbj: number, packs: number): void {
  const KC = e.gemmBlockK(), NC = e.gemmBlockN(size), sb = e.gemmScratchBytes(size);
  const pack = size === 4 ? e.pack32 : e.pack64;
  for (let j0 = 0, region = packs; j0 < n; j0 += NC) {
    for (let p0 = 0; p0 < k; p0 += KC, region += sb) pack(Math.min(KC, k - p0), Math.min(NC, n - j0), pb + (p0 * sbp + j0 * sbj) * size, sbp, sbj, region);
  }
}

/**
 * C (rows × n, row stride n, at pc) (+)= op(A)·op(B) for a block of rows of op(A) (A(i, p) at
 * pa + (i·sai + p·sap)·size) against op(B) packed by packAll at `packs`: every (column block, k block)
 * in order, the k blocks of a column block in order, so each entry is one sum over p in order.
 */
export function sweepPacked(e: WasmExports, size: 4 | 8, rows: number, n: number, k: number, pa: number, sai: number, sap: number, packs: number, pc: number, accumulate: boolean): void {
  const KC = e.gemmBlockK(), NC = e.gemmBlockN(size), sb = e.gemmScratchBytes(size);
  const sweep = size === 4 ? e.sweep32 : e.sweep64;
  for (let j0 = 0, region = packs; j0 < n; j0 += NC) {
    for (let p0 = 0; p0 < k; p0 += KC, region += sb) {
      const load = accumulate || p0 > 0 ? 1 : 0;
      for (let r0 = 0; r0 < rows; r0 += CHUNK) {
        sweep(Math.min(CHUNK, rows - r0), Math.min(NC, n - j0), Math.min(KC, k - p0), pa + (r0 * sai + p0 * sap) * size, sai, sap, region, pc + (r0 * n + j0) * size, n, load);
      }
    }
  }
}

/** Rows of op(A) per block for the main path: about ROW_BLOCK_BYTES of them, a multiple of CHUNK (at least CHUNK). */
export function rowBlock(k: number, size: 4 | 8): number {
  return Math.max(CHUNK, Math.floor(ROW_BLOCK_BYTES / (k * size) / CHUNK) * CHUNK);
}

/** Bytes of op(A) rows copied in per block by the main path: about what stays in a core's L2 cache with its rows of C. */
const ROW_BLOCK_BYTES = 1 << 20;

/** Rows of the large operand copied in per block by swappedGemm: about 4 MiB, so the block is still in cache when the kernel reads it. */
const SWAP_BLOCK_BYTES = 1 << 22;

/**
 * C = op(A)·op(B) for few rows (m ≤ n/4) computed as Cᵀ = op(B)ᵀ·op(A)ᵀ, so that the small operand is
 * the packed one and the large one streams through the micro-kernel unpacked; Cᵀ is transposed on
 * the way out. Each entry is the same ordered sum (b·a = a·b exactly), so the bits do not change.
 * The large operand is copied in blocks of rows of op(B)ᵀ (SWAP_BLOCK_BYTES) and each block is
 * multiplied right after its copy, while it is still in cache, instead of copying all of it first.
 */
function swappedGemm(
  e: WasmExports, T: Ctor, size: 4 | 8, transA: boolean, transB: boolean, m: number, n: number, k: number,
  A: FloatArray, oa: number, lda: number, B: FloatArray, ob: number, ldb: number,
  C: FloatArray, oc: number, ldc: number, accumulate: boolean, scratchBytes: number,
): void {
  const memory = e.memory;
  const block = Math.min(n, Math.max(CHUNK, Math.floor(SWAP_BLOCK_BYTES / (k * size) / CHUNK) * CHUNK));
  const [pa, pb, pc, pp] = reserve(memory, [m * k * size, block * k * size, m * n * size, scratchBytes]);
  if (transA) copyIn(T, memory, pa, A, oa, k, m, lda); // op(A)ᵀ (k × m) = A as stored
  else copyIn(T, memory, pa, A, oa, m, k, lda);
  const ct = new T(memory.buffer, pc, m * n);
  if (accumulate) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) ct[j * m + i] = C[oc + i * ldc + j];
  const [sbp, sbj] = transA ? [m, 1] : [1, k]; // op(A)ᵀ(p, i)
  for (let j0 = 0; j0 < n; j0 += block) {
    const rows = Math.min(block, n - j0);
    // rows [j0, j0 + rows) of op(B)ᵀ: B's rows j (transB: n × k as stored), or its columns j (k × n)
    if (transB) copyIn(T, memory, pb, B, ob + j0 * ldb, rows, k, ldb);
    else copyIn(T, memory, pb, B, ob + j0, k, rows, ldb);
    const [sai, sap] = transB ? [k, 1] : [1, rows];
    residentGemm(e, size, rows, m, k, pb, sai, sap, pa, sbp, sbj, pc + j0 * m * size, accumulate, pp);
  }
  for (let i = 0; i < m; i++) {
    const row = oc + i * ldc;
    for (let j = 0; j < n; j++) C[row + j] = ct[j * m + i];
  }
}

/** The wasm GEMM kernel bound to an instance. */
export function wasmGemm(e: WasmExports): GemmKernel {
  const memory = e.memory, scratch = { 4: e.gemmScratchBytes(4), 8: e.gemmScratchBytes(8) };
  return function gemm<T extends FloatArray>(
    transA: boolean, transB: boolean, m: number, n: number, k: number,
    A: FloatArray, oa: number, lda: number, B: FloatArray, ob: number, ldb: number,
    C: T, oc: number, ldc: number, accumulate: boolean,
  ): T {
    if (m === 0 || n === 0) return C;
    const single = A instanceof Float32Array && B instanceof Float32Array && C instanceof Float32Array;
    if (k === 0 || (!single && !(A instanceof Float64Array && B instanceof Float64Array && C instanceof Float64Array))) {
      return gemmJs(transA, transB, m, n, k, A, oa, lda, B, ob, ldb, C, oc, ldc, accumulate);
    }
    const T = single ? Float32Array : Float64Array, size = single ? 4 : 8;
    if (m * 4 <= n && ((m + CHUNK) * k + m * n) * size + SWAP_BLOCK_BYTES <= MAX_BYTES) { // a block of op(B)ᵀ is at most max(CHUNK rows, 4 MiB)
      swappedGemm(e, T, size, transA, transB, m, n, k, A, oa, lda, B, ob, ldb, C, oc, ldc, accumulate, scratch[size]);
      return C;
    }
    // op(B) is copied in and packed once, every (column block, k block) into its own region; then op(A)
    // goes in blocks of rows of about ROW_BLOCK_BYTES, each swept over all the packed blocks right after
    // its copy, so that it (and its rows of C) are still in cache: each entry of C is still one sum over
    // p in order (the k blocks of one row block run in order, C carried between them).
    const packBytes = packedBytes(e, size, n, k);
    const bBytes = k * n * size, rowBytes = (k + n) * size;
    const fit = Math.floor(Math.max(0, MAX_BYTES - bBytes - packBytes) / rowBytes / CHUNK) * CHUNK;
    const block = Math.min(m, Math.max(CHUNK, Math.min(fit, rowBlock(k, size))));
    const [pb, packs, pa, pc] = reserve(memory, [bBytes, packBytes, block * k * size, block * n * size]);
    if (transB) copyIn(T, memory, pb, B, ob, n, k, ldb);
    else copyIn(T, memory, pb, B, ob, k, n, ldb);
    const [sbp, sbj] = transB ? [1, k] : [n, 1];
    packAll(e, size, n, k, pb, sbp, sbj, packs);
    for (let i0 = 0; i0 < m; i0 += block) {
      const rows = Math.min(block, m - i0);
      // op(A) rows [i0, i0 + rows): stored rows × k (NN/NT), or k × rows of A's columns (TN/TT)
      if (transA) copyIn(T, memory, pa, A, oa + i0, k, rows, lda);
      else copyIn(T, memory, pa, A, oa + i0 * lda, rows, k, lda);
      if (accumulate) copyIn(T, memory, pc, C, oc + i0 * ldc, rows, n, ldc);
      const [sai, sap] = transA ? [1, rows] : [k, 1];
      sweepPacked(e, size, rows, n, k, pa, sai, sap, packs, pc, accumulate);
      copyOut(T, memory, pc, C, oc + i0 * ldc, rows, n, ldc);
    }
    return C;
  };
}
