/**
 * The wasm backend's GEMM: copies op(A), op(B) (and C when accumulating) into the module's memory
 * unless they already live there (resident arrays, used in place: gemm-operands.ts), drives the
 * blocked SIMD kernels (assembly/gemm.ts: each block of columns and of k of B packed into panels,
 * then 4 × 8 float32 or 4 × 4 float64 register tiles swept over chunks of rows), copies C back.
 * B is packed once; A comes in blocks of rows of about 1 MiB, each swept over every packed block
 * right after its copy (so it is read from cache, not memory). Float32 sums are float32 (as
 * XNNPACK's); float64 sums equal the js reference bit for bit. Mixed dtypes run the js reference
 * (whose float64 sums are the same). The blocks also keep the copies under MAX_BYTES.
 */
import type { FloatArray } from '../../matrix.js';
import { gemmJs } from '../js/gemm.js';
import type { GemmKernel } from '../types.js';
import { reserve, type WasmExports } from './instance.js';
import { addressIn, CHUNK, copyIn, copyOut, extent, overlaps } from './gemm-operands.js';
import { packAll, packedBytes, rowBlock, sweepPacked } from './gemm-blocks.js';
import { SWAP_BLOCK_BYTES, swappedGemm } from './gemm-swapped.js';

const MAX_BYTES = 1 << 30;

export { packAll, packedBytes, rowBlock, sweepPacked } from './gemm-blocks.js';

/** The wasm GEMM kernel bound to an instance. */
export function wasmGemm(e: WasmExports): GemmKernel {
  const memory = e.memory;
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
      swappedGemm(e, T, size, transA, transB, m, n, k, A, oa, lda, B, ob, ldb, C, oc, ldc, accumulate);
      return C;
    }
    // op(B) is copied in (unless it lives in the memory) and packed once, every (column block, k block)
    // into its own region; then op(A) goes in blocks of rows of about ROW_BLOCK_BYTES, each swept over
    // all the packed blocks right after its copy, so that it (and its rows of C) are still in cache:
    // each entry of C is still one sum over p in order (the k blocks of one row block run in order, C
    // carried between them). Operands in the memory are used in place (C only when it overlaps neither).
    const aAt = addressIn(memory, A, oa), bAt = addressIn(memory, B, ob), cAt0 = addressIn(memory, C, oc);
    const cRange = extent(cAt0, m, n, ldc, size);
    const cAt = cAt0 >= 0 && !(aAt >= 0 && overlaps(cRange, transA ? extent(aAt, k, m, lda, size) : extent(aAt, m, k, lda, size)))
      && !(bAt >= 0 && overlaps(cRange, transB ? extent(bAt, n, k, ldb, size) : extent(bAt, k, n, ldb, size))) ? cAt0 : -1;
    const packBytes = packedBytes(e, size, n, k);
    const bBytes = bAt >= 0 ? 0 : k * n * size, rowBytes = ((aAt >= 0 ? 0 : k) + (cAt >= 0 ? 0 : n)) * size;
    const fit = Math.floor(Math.max(0, MAX_BYTES - bBytes - packBytes) / Math.max(rowBytes, 1) / CHUNK) * CHUNK;
    const block = Math.min(m, Math.max(CHUNK, Math.min(fit, rowBlock(k, size))));
    const [pb0, packs, pa0, pc0] = reserve(memory, [bBytes, packBytes, aAt >= 0 ? 0 : block * k * size, cAt >= 0 ? 0 : block * n * size]);
    let pb = pb0, sbp: number, sbj: number;
    if (bAt >= 0) { pb = bAt; [sbp, sbj] = transB ? [1, ldb] : [ldb, 1]; }
    else {
      if (transB) copyIn(T, memory, pb, B, ob, n, k, ldb);
      else copyIn(T, memory, pb, B, ob, k, n, ldb);
      [sbp, sbj] = transB ? [1, k] : [n, 1];
    }
    packAll(e, size, n, k, pb, sbp, sbj, packs);
    for (let i0 = 0; i0 < m; i0 += block) {
      const rows = Math.min(block, m - i0);
      // op(A) rows [i0, i0 + rows): stored rows × k (NN/NT), or k × rows of A's columns (TN/TT)
      let pa: number, sai: number, sap: number;
      if (aAt >= 0) { pa = aAt + (transA ? i0 : i0 * lda) * size; [sai, sap] = transA ? [1, lda] : [lda, 1]; }
      else {
        pa = pa0;
        if (transA) copyIn(T, memory, pa, A, oa + i0, k, rows, lda);
        else copyIn(T, memory, pa, A, oa + i0 * lda, rows, k, lda);
        [sai, sap] = transA ? [1, rows] : [k, 1];
      }
      if (cAt >= 0) { sweepPacked(e, size, rows, n, k, pa, sai, sap, packs, cAt + i0 * ldc * size, accumulate, ldc); continue; }
      if (accumulate) copyIn(T, memory, pc0, C, oc + i0 * ldc, rows, n, ldc);
      sweepPacked(e, size, rows, n, k, pa, sai, sap, packs, pc0, accumulate);
      copyOut(T, memory, pc0, C, oc + i0 * ldc, rows, n, ldc);
    }
    return C;
  };
}
