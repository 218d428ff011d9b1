/**
 * The js backend's GEMM: the scalar reference. Products and sums in float64 whatever the storage
 * (a Float32Array output rounds once, on store); every entry one sum over p in order, started from C
 * or 0, so the float64 results equal the wasm backend's bit for bit. NN runs i-p-j over a row of
 * accumulators, NT a 2 × 4 register-blocked tile of running dot products over tiles of 16 rows (the
 * old maxtree leaf kernel), TN rank-one updates.
 */
import type { FloatArray } from '../../matrix.js';

type Arr = FloatArray | number[];

function gemmNN(m: number, n: number, k: number, A: Arr, oa: number, lda: number, B: Arr, ob: number, ldb: number, C: Arr, oc: number, ldc: number, acc: boolean): void {
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const ci = oc + i * ldc, ai = oa + i * lda;
    if (acc) for (let j = 0; j < n; j++) row[j] = C[ci + j];
    else row.fill(0);
    for (let p = 0; p < k; p++) {
      const a = A[ai + p], bp = ob + p * ldb;
      for (let j = 0; j < n; j++) row[j] += a * B[bp + j];
    }
    for (let j = 0; j < n; j++) C[ci + j] = row[j];
  }
}

function ordered(k: number, A: Arr, ai: number, B: Arr, bj: number, start: number): number {
  let s = start;
  for (let p = 0; p < k; p++) s += A[ai + p] * B[bj + p];
  return s;
}

const ROW_TILE = 16;

function gemmNT(m: number, n: number, k: number, A: Arr, oa: number, lda: number, B: Arr, ob: number, ldb: number, C: Arr, oc: number, ldc: number, acc: boolean): void {
  for (let i0 = 0; i0 < m; i0 += ROW_TILE) {
    const i1 = Math.min(i0 + ROW_TILE, m);
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const w0 = ob + j * ldb, w1 = w0 + ldb, w2 = w1 + ldb, w3 = w2 + ldb;
      let i = i0;
      for (; i + 1 < i1; i += 2) {
        const x0 = oa + i * lda, x1 = x0 + lda, l0 = oc + i * ldc + j, l1 = l0 + ldc;
        let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        if (acc) {
          s00 = C[l0]; s01 = C[l0 + 1]; s02 = C[l0 + 2]; s03 = C[l0 + 3];
          s10 = C[l1]; s11 = C[l1 + 1]; s12 = C[l1 + 2]; s13 = C[l1 + 3];
        }
        for (let p = 0; p < k; p++) {
          const a = A[x0 + p], b = A[x1 + p];
          const q0 = B[w0 + p], q1 = B[w1 + p], q2 = B[w2 + p], q3 = B[w3 + p];
          s00 += a * q0; s01 += a * q1; s02 += a * q2; s03 += a * q3;
          s10 += b * q0; s11 += b * q1; s12 += b * q2; s13 += b * q3;
        }
        C[l0] = s00; C[l0 + 1] = s01; C[l0 + 2] = s02; C[l0 + 3] = s03;
        C[l1] = s10; C[l1 + 1] = s11; C[l1 + 2] = s12; C[l1 + 3] = s13;
      }
      if (i < i1) {
        const x0 = oa + i * lda, l0 = oc + i * ldc + j;
        for (let r = 0; r < 4; r++) C[l0 + r] = ordered(k, A, x0, B, ob + (j + r) * ldb, acc ? C[l0 + r] : 0);
      }
    }
    for (; j < n; j++) {
      for (let i = i0; i < i1; i++) {
        const l = oc + i * ldc + j;
        C[l] = ordered(k, A, oa + i * lda, B, ob + j * ldb, acc ? C[l] : 0);
      }
    }
  }
}

function gemmTN(m: number, n: number, k: number, A: Arr, oa: number, lda: number, B: Arr, ob: number, ldb: number, C: Arr, oc: number, ldc: number, acc: boolean): void {
  const sums = new Float64Array(m * n);
  if (acc) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) sums[i * n + j] = C[oc + i * ldc + j];
  for (let p = 0; p < k; p++) {
    const ap = oa + p * lda, bp = ob + p * ldb;
    for (let i = 0; i < m; i++) {
      const a = A[ap + i], si = i * n;
      for (let j = 0; j < n; j++) sums[si + j] += a * B[bp + j];
    }
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) C[oc + i * ldc + j] = sums[i * n + j];
}

function gemmTT(m: number, n: number, k: number, A: Arr, oa: number, lda: number, B: Arr, ob: number, ldb: number, C: Arr, oc: number, ldc: number, acc: boolean): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const l = oc + i * ldc + j;
      let s = acc ? C[l] : 0;
      for (let p = 0; p < k; p++) s += A[oa + p * lda + i] * B[ob + j * ldb + p];
      C[l] = s;
    }
  }
}

/** The reference GEMM (see GemmKernel); also accepts plain arrays and mixed dtypes. */
export function gemmJs<T extends Arr>(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  A: Arr, offsetA: number, lda: number, B: Arr, offsetB: number, ldb: number,
  C: T, offsetC: number, ldc: number, accumulate: boolean,
): T {
  if (m === 0 || n === 0) return C;
  const kernel = transA ? (transB ? gemmTT : gemmTN) : (transB ? gemmNT : gemmNN);
  kernel(m, n, k, A, offsetA, lda, B, offsetB, ldb, C, offsetC, ldc, accumulate);
  return C;
}
