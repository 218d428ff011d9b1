/**
 * Trusted kernels applying a sketch plan to a column block, so work can be split by column block
 * across workers over SharedArrayBuffers (each worker rebuilds the same plan from the spec with
 * planSketch and writes its own output columns). Accumulation is in float64; a Float32Array output
 * is rounded as float32 stores it. No validation here.
 */
import type { FloatArray } from '../core/matrix.js';
import { fwht, sparseSketch, sparseSketchTranspose } from '../core/kernels/ops.js';
import { residentArray } from '../core/wasm-array.js';
import { columnHash, gaussianRow, materializeGaussian, mix32, type SketchPlan } from './plan.js';

/** Bytes of the N' × width scratch the SRHT transforms at once (the column chunk adapts to N'). */
const SRHT_SCRATCH_BYTES = 32 << 20;

/** One scratch buffer per thread, reused across calls (fresh pages cost more than the transform). */
let scratch: Float64Array = new Float64Array(0);

function srhtScratch(length: number): Float64Array {
  // In the wasm memory where there is one, so the fwht op transforms it in place (no copy in and out).
  if (scratch.length < length) scratch = residentArray('float64', length) ?? new Float64Array(length);
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
  fwht(n, w, x, w, 1, 0);
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
  fwht(n, w, x, w, 1, 0);
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

/** (row, value) pairs built per call of the sparse ops: 2^18 of them (1 MiB of rows, 2 MiB of values). */
const PAIR_CHUNK = 1 << 18;

/**
 * The ζ (row, value) pairs of S's columns j0 … j0 + count − 1, or of the columns listed in `picked`
 * (its first `count` entries) when given: the q-th column's pairs at q·ζ.
 */
function sparsePairs(plan: SketchPlan, blocks: { lo: Int32Array; size: Int32Array }, picked: Int32Array | null, j0: number, count: number, rows: Int32Array, values: Float64Array): void {
  const z = plan.nnz, v = 1 / Math.sqrt(z), { lo, size } = blocks;
  for (let q = 0, p = 0; q < count; q++) {
    const j = picked === null ? j0 + q : picked[q];
    for (let t = 0; t < z; t++, p++) {
      const h = columnHash(plan, j, t);
      rows[p] = lo[t] + Math.floor((h / 4294967296) * size[t]);
      values[p] = (mix32(h ^ 0x5bd1e995) & 1) === 0 ? v : -v;
    }
  }
}

function sparseColumns(plan: SketchPlan, a: FloatArray, k: number, c0: number, c1: number, out: FloatArray): void {
  const N = plan.cols, s = plan.rows, z = plan.nnz, w = c1 - c0, blocks = rowBlocks(plan);
  const acc = new Float64Array(s * w);
  const chunk = Math.max(1, Math.floor(PAIR_CHUNK / z)), rows = new Int32Array(Math.min(N, chunk) * z), values = new Float64Array(rows.length);
  // A single column passes only its nonzero entries (sparse inputs, e.g. a row of a sparse Jacobian, skip
  // the hashing): the zeros added nothing, so the sums are the same.
  const picked = w === 1 ? new Int32Array(Math.min(N, chunk)) : null, gathered = w === 1 ? new Float64Array(Math.min(N, chunk)) : null;
  for (let j0 = 0; j0 < N; j0 += chunk) {
    const m = Math.min(chunk, N - j0);
    if (picked !== null && gathered !== null) {
      let count = 0;
      for (let j = j0; j < j0 + m; j++) {
        const x = a[j * k + c0];
        if (x !== 0) { picked[count] = j; gathered[count++] = x; }
      }
      sparsePairs(plan, blocks, picked, 0, count, rows, values);
      sparseSketch(count, s, z, 1, rows, values, 0, gathered, 0, 1, acc, 0, 1);
    } else {
      sparsePairs(plan, blocks, null, j0, m, rows, values);
      sparseSketch(m, s, z, w, rows, values, 0, a, j0 * k + c0, k, acc, 0, w);
    }
  }
  store(acc, w, s, out, k, c0);
}

function sparseTransposeColumns(plan: SketchPlan, y: FloatArray, m: number, c0: number, c1: number, out: FloatArray): void {
  const N = plan.cols, s = plan.rows, z = plan.nnz, w = c1 - c0, blocks = rowBlocks(plan);
  const chunk = Math.max(1, Math.floor(PAIR_CHUNK / z)), rows = new Int32Array(Math.min(N, chunk) * z), values = new Float64Array(rows.length);
  for (let j0 = 0; j0 < N; j0 += chunk) {
    const count = Math.min(chunk, N - j0);
    sparsePairs(plan, blocks, null, j0, count, rows, values);
    sparseSketchTranspose(count, s, z, w, rows, values, 0, y, c0, m, out, j0 * m + c0, m);
  }
}

/**
 * Gaussian S·A. A materialized S runs blocked: a block of A's rows stays in cache while every row
 * of S passes over it, four rows of S at a time. Each output still sums j = 0 … N − 1 in order, so
 * the result is the same, bit for bit, as the row-by-row path used when S is regenerated.
 */
function gaussianColumns(plan: SketchPlan, a: FloatArray, k: number, c0: number, c1: number, out: FloatArray): void {
  const N = plan.cols, s = plan.rows, w = c1 - c0;
  const S = materializeGaussian(plan);
  const acc = new Float64Array(s * w);
  // A regenerated S is drawn in panels of rows (≤ 32 MiB) and each panel runs like a materialized S.
  const panelRows = S ? s : Math.max(4, Math.floor(GAUSSIAN_PANEL_ENTRIES / N));
  const panel = S ?? new Float64Array(Math.min(s, panelRows) * N);
  const row = new Float64Array(S ? 0 : N);
  const block = Math.max(16, Math.floor(32768 / w));
  for (let p0 = 0; p0 < s; p0 += panelRows) {
    const p1 = Math.min(s, p0 + panelRows);
    if (!S) for (let i = p0; i < p1; i++) panel.set(gaussianRow(plan, i, row), (i - p0) * N);
    const base = S ? 0 : p0;
    for (let j0 = 0; j0 < N; j0 += block) {
      const j1 = Math.min(N, j0 + block);
      let i = p0;
      for (; i + 3 < p1; i += 4) gaussianRows4(panel, N, i - base, i, j0, j1, a, k, c0, w, acc);
      for (; i < p1; i++) gaussianRow1(panel, (i - base) * N, j0, j1, a, k, c0, w, acc, i * w);
    }
  }
  store(acc, w, s, out, k, c0);
}

/** Rows of a regenerated Gaussian S drawn at once (a 32 MiB panel). */
const GAUSSIAN_PANEL_ENTRIES = 1 << 22;

function gaussianRows4(S: Float64Array, N: number, r: number, i: number, j0: number, j1: number, a: FloatArray, k: number, c0: number, w: number, acc: Float64Array): void {
  const o0 = i * w, o1 = o0 + w, o2 = o1 + w, o3 = o2 + w;
  const b0 = r * N, b1 = b0 + N, b2 = b1 + N, b3 = b2 + N;
  for (let j = j0; j < j1; j++) {
    const s0 = S[b0 + j], s1 = S[b1 + j], s2 = S[b2 + j], s3 = S[b3 + j], src = j * k + c0;
    for (let c = 0; c < w; c++) {
      const x = a[src + c];
      acc[o0 + c] += s0 * x;
      acc[o1 + c] += s1 * x;
      acc[o2 + c] += s2 * x;
      acc[o3 + c] += s3 * x;
    }
  }
}

function gaussianRow1(row: Float64Array, base: number, j0: number, j1: number, a: FloatArray, k: number, c0: number, w: number, acc: Float64Array, o: number): void {
  for (let j = j0; j < j1; j++) {
    const sj = row[base + j], src = j * k + c0;
    for (let c = 0; c < w; c++) acc[o + c] += sj * a[src + c];
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
