/**
 * The blocked loops of the wasm GEMM around the micro-kernels of assembly/gemm.ts: op(B) packed once
 * into one region per (column block, k block), then blocks of rows of op(A) swept over all of them.
 */
import type { WasmExports } from './instance.js';
import { CHUNK } from './gemm-operands.js';

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
 * C (rows × n, row stride ldc, n by default, at pc) (+)= op(A)·op(B) for a block of rows of op(A)
 * (A(i, p) at pa + (i·sai + p·sap)·size) against op(B) packed by packAll at `packs`: every (column
 * block, k block) in order, the k blocks of a column block in order, so each entry is one sum over p in order.
 */
export function sweepPacked(e: WasmExports, size: 4 | 8, rows: number, n: number, k: number, pa: number, sai: number, sap: number, packs: number, pc: number, accumulate: boolean, ldc = n): void {
  const KC = e.gemmBlockK(), NC = e.gemmBlockN(size), sb = e.gemmScratchBytes(size);
  const sweep = size === 4 ? e.sweep32 : e.sweep64;
  for (let j0 = 0, region = packs; j0 < n; j0 += NC) {
    for (let p0 = 0; p0 < k; p0 += KC, region += sb) {
      const load = accumulate || p0 > 0 ? 1 : 0;
      for (let r0 = 0; r0 < rows; r0 += CHUNK) {
        sweep(Math.min(CHUNK, rows - r0), Math.min(NC, n - j0), Math.min(KC, k - p0), pa + (r0 * sai + p0 * sap) * size, sai, sap, region, pc + (r0 * ldc + j0) * size, ldc, load);
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
