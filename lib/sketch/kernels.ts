/**
 * Trusted kernels applying a sketch plan to a column block, so work can be split by column block
 * across workers over SharedArrayBuffers (each worker rebuilds the same plan from the spec with
 * planSketch and writes its own output columns). Accumulation is in float64; a Float32Array output
 * is rounded as float32 stores it. No validation here.
 */
import type { FloatArray } from '../core/matrix.js';
import { fwhtRowsInPlace } from './fwht.js';
import { columnHash, gaussianRow, materializeGaussian, mix32, type SketchPlan } from './plan.js';

/** Bytes of the N' × width scratch the SRHT transforms at once (the column chunk adapts to N'). */
const SRHT_SCRATCH_BYTES = 32 << 20;

/** One scratch buffer per thread, reused across calls (fresh pages cost more than the transform). */
let scratch = new Float64Array(0);

function srhtScratch(length: number): Float64Array {
  if (scratch.length < length) scratch = new Float64Array(length);
  return scratch.subarray(0, length);
}

/** Columns per SRHT chunk: as many as fit SRHT_SCRATCH_BYTES, between 1 and 64. */
function srhtChunk(padded: number): number {
  return Math.max(1, Math.min(64, Math.floor(SRHT_SCRATCH_BYTES / (8 * padded))));
}

/** Σ as ±1 bytes for coordinates 0 … N − 1. */
function srhtSigns(plan: SketchPlan): Int8Array {
  const signs = new Int8Array(plan.cols);
  for (let j = 0; j < plan.cols; j++) signs[j] = srhtSign(plan.key0, plan.key1, j);
  return signs;
}

/**
 * out[:, c0:c1] ← S · A[:, c0:c1], where A is N × k row-major (`a`, N = plan.cols) and out is s × k
 * row-major. Columns outside [c0, c1) of `out` are not touched.
 */
export function applySketchToColumns(plan: SketchPlan, a: FloatArray, k: number, c0: number, c1: number, out: FloatArray): void {
  if (c1 <= c0) return;
  if (plan.kind === 'srht') {
    const chunk = srhtChunk(plan.padded), signs = srhtSigns(plan);
    for (let c = c0; c < c1; c += chunk) srhtColumns(plan, signs, a, k, c, Math.min(c1, c + chunk), out);
  } else if (plan.kind === 'gaussian') gaussianColumns(plan, a, k, c0, c1, out);
  else sparseColumns(plan, a, k, c0, c1, out);
}

/**
 * out[:, c0:c1] ← Sᵀ · Y[:, c0:c1], where Y is s × m row-major and out is N × m row-major.
 */
export function applyTransposeToColumns(plan: SketchPlan, y: FloatArray, m: number, c0: number, c1: number, out: FloatArray): void {
  if (c1 <= c0) return;
  if (plan.kind === 'srht') {
    const chunk = srhtChunk(plan.padded), signs = srhtSigns(plan);
    for (let c = c0; c < c1; c += chunk) srhtTransposeColumns(plan, signs, y, m, c, Math.min(c1, c + chunk), out);
  } else if (plan.kind === 'gaussian') gaussianTransposeColumns(plan, y, m, c0, c1, out);
  else sparseTransposeColumns(plan, y, m, c0, c1, out);
}

function store(acc: Float64Array, w: number, rows: number, out: FloatArray, k: number, c0: number): void {
  for (let i = 0; i < rows; i++) for (let c = 0; c < w; c++) out[i * k + c0 + c] = acc[i * w + c];
}

function srhtColumns(plan: SketchPlan, signs: Int8Array, a: FloatArray, k: number, c0: number, c1: number, out: FloatArray): void {
  const N = plan.cols, n = plan.padded, w = c1 - c0;
  const x = srhtScratch(n * w);
  for (let j = 0; j < N; j++) {
    const sign = signs[j], src = j * k + c0, dst = j * w;
    for (let c = 0; c < w; c++) x[dst + c] = sign * a[src + c];
  }
  x.fill(0, N * w);
  fwhtRowsInPlace(x, n, w);
  const scale = 1 / Math.sqrt(plan.rows), rows = plan.sampledRows;
  for (let t = 0; t < plan.rows; t++) {
    const src = rows[t] * w, dst = t * k + c0;
    for (let c = 0; c < w; c++) out[dst + c] = scale * x[src + c];
  }
}

function srhtTransposeColumns(plan: SketchPlan, signs: Int8Array, y: FloatArray, m: number, c0: number, c1: number, out: FloatArray): void {
  const N = plan.cols, n = plan.padded, w = c1 - c0;
  const x = srhtScratch(n * w).fill(0);
  const scale = 1 / Math.sqrt(plan.rows), rows = plan.sampledRows;
  for (let t = 0; t < plan.rows; t++) {
    const src = t * m + c0, dst = rows[t] * w;
    for (let c = 0; c < w; c++) x[dst + c] = scale * y[src + c];
  }
  fwhtRowsInPlace(x, n, w);
  for (let j = 0; j < N; j++) {
    const sign = signs[j], src = j * w, dst = j * m + c0;
    for (let c = 0; c < w; c++) out[dst + c] = sign * x[src + c];
  }
}

/** The SRHT's random sign of coordinate j (a stateless hash, so no N-sized table is stored). */
export function srhtSign(key0: number, key1: number, j: number): number {
  return (mix32((mix32((j ^ key0) >>> 0) ^ key1) >>> 0) & 1) === 0 ? 1 : -1;
}

/** The ζ row blocks: block t is [lo[t], lo[t] + size[t]). */
function rowBlocks(plan: SketchPlan): { lo: Int32Array; size: Int32Array } {
  const z = plan.nnz, lo = new Int32Array(z), size = new Int32Array(z);
  for (let t = 0; t < z; t++) {
    lo[t] = Math.floor((t * plan.rows) / z);
    size[t] = Math.floor(((t + 1) * plan.rows) / z) - lo[t];
  }
  return { lo, size };
}

function sparseColumns(plan: SketchPlan, a: FloatArray, k: number, c0: number, c1: number, out: FloatArray): void {
  const N = plan.cols, s = plan.rows, z = plan.nnz, w = c1 - c0, v = 1 / Math.sqrt(z);
  const { lo, size } = rowBlocks(plan);
  const acc = new Float64Array(s * w);
  for (let j = 0; j < N; j++) {
    const src = j * k + c0;
    if (w === 1 && a[src] === 0) continue; // sparse inputs (e.g. a row of a sparse Jacobian) skip the hashing
    for (let t = 0; t < z; t++) {
      const h = columnHash(plan, j, t);
      const dst = (lo[t] + Math.floor((h / 4294967296) * size[t])) * w;
      const value = (mix32(h ^ 0x5bd1e995) & 1) === 0 ? v : -v;
      for (let c = 0; c < w; c++) acc[dst + c] += value * a[src + c];
    }
  }
  store(acc, w, s, out, k, c0);
}

function sparseTransposeColumns(plan: SketchPlan, y: FloatArray, m: number, c0: number, c1: number, out: FloatArray): void {
  const N = plan.cols, z = plan.nnz, w = c1 - c0, v = 1 / Math.sqrt(z);
  const { lo, size } = rowBlocks(plan);
  const acc = new Float64Array(w);
  for (let j = 0; j < N; j++) {
    acc.fill(0);
    for (let t = 0; t < z; t++) {
      const h = columnHash(plan, j, t);
      const src = (lo[t] + Math.floor((h / 4294967296) * size[t])) * m + c0;
      const value = (mix32(h ^ 0x5bd1e995) & 1) === 0 ? v : -v;
      for (let c = 0; c < w; c++) acc[c] += value * y[src + c];
    }
    const dst = j * m + c0;
    for (let c = 0; c < w; c++) out[dst + c] = acc[c];
  }
}

/** Four rows of S at a time, so each row of A is loaded once per four output rows. */
function gaussianColumns(plan: SketchPlan, a: FloatArray, k: number, c0: number, c1: number, out: FloatArray): void {
  const N = plan.cols, s = plan.rows, w = c1 - c0;
  const S = materializeGaussian(plan);
  const scratch = S ? null : [0, 1, 2, 3].map(() => new Float64Array(N));
  const acc = new Float64Array(4 * w);
  for (let i = 0; i < s; i += 4) {
    const nr = Math.min(4, s - i);
    const rows: FloatArray[] = [];
    for (let r = 0; r < 4; r++) {
      if (r >= nr) rows.push(rows[0]);
      else rows.push(S ? S.subarray((i + r) * N, (i + r + 1) * N) : gaussianRow(plan, i + r, scratch![r]));
    }
    const r0 = rows[0], r1 = rows[1], r2 = rows[2], r3 = rows[3];
    acc.fill(0);
    for (let j = 0; j < N; j++) {
      const s0 = r0[j], s1 = r1[j], s2 = r2[j], s3 = r3[j], src = j * k + c0;
      for (let c = 0; c < w; c++) {
        const x = a[src + c];
        acc[c] += s0 * x;
        acc[w + c] += s1 * x;
        acc[2 * w + c] += s2 * x;
        acc[3 * w + c] += s3 * x;
      }
    }
    for (let r = 0; r < nr; r++) for (let c = 0; c < w; c++) out[(i + r) * k + c0 + c] = acc[r * w + c];
  }
}

function gaussianTransposeColumns(plan: SketchPlan, y: FloatArray, m: number, c0: number, c1: number, out: FloatArray): void {
  const N = plan.cols, s = plan.rows, w = c1 - c0;
  const S = materializeGaussian(plan);
  const row = new Float64Array(N);
  const acc = new Float64Array(N * w);
  for (let i = 0; i < s; i++) {
    const Si = S ? S.subarray(i * N, (i + 1) * N) : gaussianRow(plan, i, row);
    const src = i * m + c0;
    for (let j = 0; j < N; j++) {
      const sij = Si[j], dst = j * w;
      for (let c = 0; c < w; c++) acc[dst + c] += sij * y[src + c];
    }
  }
  store(acc, w, N, out, m, c0);
}
