/**
 * Trusted kernels of Shampoo on one matrix-shaped tensor split into blocks: the block layout, the
 * statistics update L ← β₂L + w·G_b G_bᵀ, R ← β₂R + w·G_bᵀ G_b, the inverse roots, and the
 * preconditioned direction L^(−1/p) M_b R^(−1/p). Validation lives in shampoo.ts.
 */
import { gemmNN } from '../core/blas.js';
import type { Params } from './transform.js';
import { dampedInverseRoot } from './symmetric-eigen.js';

/** One block of a rows × cols tensor: its rows r0 … r0+rb−1 and columns c0 … c0+cb−1, and where its L and R start in the statistics array. */
export interface ShampooBlock { r0: number; rb: number; c0: number; cb: number; left: number; right: number }

/** Chunks of ≤ cap: [cap, cap, …, rest]. */
function chunks(size: number, cap: number): number[] {
  const out: number[] = [];
  for (let start = 0; start < size; start += cap) out.push(Math.min(cap, size - start));
  return out;
}

/** The blocks of a rows × cols tensor with each dimension cut into pieces of at most `cap`, and the statistics length Σ (rb² + cb²). */
export function shampooBlocks(rows: number, cols: number, cap: number): { blocks: ShampooBlock[]; length: number } {
  const blocks: ShampooBlock[] = [];
  let offset = 0, r0 = 0;
  for (const rb of chunks(rows, cap)) {
    let c0 = 0;
    for (const cb of chunks(cols, cap)) {
      blocks.push({ r0, rb, c0, cb, left: offset, right: offset + rb * rb });
      offset += rb * rb + cb * cb;
      c0 += cb;
    }
    r0 += rb;
  }
  return { blocks, length: offset };
}

function gather(src: ArrayLike<number>, cols: number, b: ShampooBlock, out: Float64Array): Float64Array {
  for (let i = 0; i < b.rb; i++) for (let j = 0; j < b.cb; j++) out[i * b.cb + j] = src[(b.r0 + i) * cols + b.c0 + j];
  return out;
}

/** stats ← decay·stats + weight·(G_b G_bᵀ, G_bᵀ G_b) for every block (upper triangles computed, mirrored). */
export function accumulateStatistics(cols: number, blocks: ShampooBlock[], g: Params, stats: Float64Array, decay: number, weight: number): void {
  for (const b of blocks) {
    const { rb, cb } = b, gb = gather(g, cols, b, new Float64Array(rb * cb));
    for (let i = 0; i < rb; i++) {
      for (let j = i; j < rb; j++) {
        let s = 0;
        for (let k = 0; k < cb; k++) s += gb[i * cb + k] * gb[j * cb + k];
        const v = decay * stats[b.left + i * rb + j] + weight * s;
        stats[b.left + i * rb + j] = v; stats[b.left + j * rb + i] = v;
      }
    }
    const gtg = new Float64Array(cb * cb);
    for (let k = 0; k < rb; k++) {
      const row = k * cb;
      for (let i = 0; i < cb; i++) {
        const gi = gb[row + i];
        if (gi === 0) continue;
        for (let j = i; j < cb; j++) gtg[i * cb + j] += gi * gb[row + j];
      }
    }
    for (let i = 0; i < cb; i++) {
      for (let j = i; j < cb; j++) {
        const v = decay * stats[b.right + i * cb + j] + weight * gtg[i * cb + j];
        stats[b.right + i * cb + j] = v; stats[b.right + j * cb + i] = v;
      }
    }
  }
}

/** roots ← (correction·stats + δI)^(−1/p) block by block (δ = eps·λ_max, see dampedInverseRoot). */
export function recomputeRoots(blocks: ShampooBlock[], stats: Float64Array, roots: Float64Array, correction: number, p: number, eps: number): void {
  for (const b of blocks) {
    for (const [start, n] of [[b.left, b.rb], [b.right, b.cb]] as const) {
      const s = new Float64Array(n * n);
      for (let i = 0; i < n * n; i++) s[i] = correction * stats[start + i];
      dampedInverseRoot(n, s, p, eps, roots, start);
    }
  }
}

/** out ← L_b^(−1/p) M_b R_b^(−1/p) block by block (out is rows × cols row-major). */
export function preconditionBlocks(cols: number, blocks: ShampooBlock[], m: Float64Array, roots: Float64Array, out: Float64Array): void {
  for (const b of blocks) {
    const mb = gather(m, cols, b, new Float64Array(b.rb * b.cb));
    const t = new Float64Array(b.rb * b.cb), d = new Float64Array(b.rb * b.cb);
    gemmNN(b.rb, b.cb, b.rb, roots.subarray(b.left, b.left + b.rb * b.rb), mb, t);
    gemmNN(b.rb, b.cb, b.cb, t, roots.subarray(b.right, b.right + b.cb * b.cb), d);
    for (let i = 0; i < b.rb; i++) for (let j = 0; j < b.cb; j++) out[(b.r0 + i) * cols + b.c0 + j] = d[i * b.cb + j];
  }
}
