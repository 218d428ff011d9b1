/**
 * The wasm GEMM for few rows (m ≤ n/4): C = op(A)·op(B) computed as Cᵀ = op(B)ᵀ·op(A)ᵀ, so that the
 * small operand is the packed one (packed once) and the large one streams through the micro-kernel
 * unpacked, in blocks of rows of about ROW_BLOCK_BYTES whose rows of Cᵀ stay in cache across the k
 * blocks; Cᵀ is transposed on the way out (tile by tile). Each entry is the same ordered sum
 * (b·a = a·b exactly, the k blocks in order, Cᵀ carried between them), so the bits do not change. A
 * large operand that lives in the module's memory is read in place; any other is copied in blocks of
 * rows of op(B)ᵀ (SWAP_BLOCK_BYTES), each block multiplied right after its copy, while it is still in
 * cache. A small operand in the memory is likewise read in place before packing.
 */
import type { FloatArray } from '../../matrix.js';
import { reserve, type WasmExports } from './instance.js';
import { addressIn, CHUNK, copyIn, transposeIn, transposeOut, type Ctor } from './gemm-operands.js';
import { packAll, packedBytes, rowBlock, sweepPacked } from './gemm-blocks.js';

/** Rows of the large operand copied in per block: about 4 MiB, so the block is still in cache when the kernel reads it. */
export const SWAP_BLOCK_BYTES = 1 << 22;

/** swappedGemm (see the file's summary). */
export function swappedGemm(
  e: WasmExports, T: Ctor, size: 4 | 8, transA: boolean, transB: boolean, m: number, n: number, k: number,
  A: FloatArray, oa: number, lda: number, B: FloatArray, ob: number, ldb: number,
  C: FloatArray, oc: number, ldc: number, accumulate: boolean,
): void {
  const memory = e.memory;
  const aAt = addressIn(memory, A, oa), bAt = addressIn(memory, B, ob);
  const sweepRows = rowBlock(k, size);
  const block = bAt >= 0 ? n : Math.min(n, Math.max(CHUNK, Math.floor(SWAP_BLOCK_BYTES / (k * size) / CHUNK) * CHUNK));
  const [pa0, pb, pc, packs] = reserve(memory, [aAt >= 0 ? 0 : m * k * size, bAt >= 0 ? 0 : block * k * size, m * n * size, packedBytes(e, size, m, k)]);
  let pa = pa0, sbp: number, sbj: number; // op(A)ᵀ(p, i) at pa + (p·sbp + i·sbj)·size
  if (aAt >= 0) { pa = aAt; [sbp, sbj] = transA ? [lda, 1] : [1, lda]; }
  else {
    if (transA) copyIn(T, memory, pa, A, oa, k, m, lda); // op(A)ᵀ (k × m) = A as stored
    else copyIn(T, memory, pa, A, oa, m, k, lda);
    [sbp, sbj] = transA ? [m, 1] : [1, k];
  }
  packAll(e, size, m, k, pa, sbp, sbj, packs);
  const ct = new T(memory.buffer, pc, m * n);
  if (accumulate) transposeIn(C, oc, ldc, m, n, ct);
  for (let j0 = 0; j0 < n; j0 += block) {
    const rows = Math.min(block, n - j0);
    // rows [j0, j0 + rows) of op(B)ᵀ: B's rows j (transB: n × k as stored), or its columns j (k × n)
    let at: number, sai: number, sap: number;
    if (bAt >= 0) { at = bAt + (transB ? j0 * ldb : j0) * size; [sai, sap] = transB ? [ldb, 1] : [1, ldb]; }
    else {
      if (transB) copyIn(T, memory, pb, B, ob + j0 * ldb, rows, k, ldb);
      else copyIn(T, memory, pb, B, ob + j0, k, rows, ldb);
      at = pb; [sai, sap] = transB ? [k, 1] : [1, rows];
    }
    for (let r0 = 0; r0 < rows; r0 += sweepRows) {
      sweepPacked(e, size, Math.min(sweepRows, rows - r0), m, k, at + r0 * sai * size, sai, sap, packs, pc + (j0 + r0) * m * size, accumulate);
    }
  }
  transposeOut(ct, m, n, C, oc, ldc);
}
