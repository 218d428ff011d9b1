/**
 * Core tasks: an empty task (the dispatch overhead) and dense products split by row block or column
 * block, running the same GEMM op as the main thread's matmul (on this thread's kernel backend, 'auto'
 * unless set): every entry is the same ordered sum, so any split gives matmul's bits.
 */
import { gemm } from '../../lib/core/kernels/ops.js';
import { matrixOf, type SharedMatrixRef } from '../../lib/core/shared-memory.js';
import type { KernelTaskSet } from './types.js';

/** Payload of 'core.gemm': rows [start, end) of C = A · B (+ beta · C). */
export interface GemmRowsPayload {
  A: SharedMatrixRef; B: SharedMatrixRef; C: SharedMatrixRef; beta: number; start: number; end: number;
}

/** Payload of 'core.gemmNT': columns [start, end) of C = A · Bᵀ, i.e. rows [start, end) of B. */
export interface GemmNTColumnsPayload {
  A: SharedMatrixRef; B: SharedMatrixRef; C: SharedMatrixRef; start: number; end: number;
}

function gemmRows({ A, B, C, beta, start, end }: GemmRowsPayload): { rows: number } {
  const a = matrixOf(A), b = matrixOf(B), c = matrixOf(C);
  const k = a.cols, n = b.cols;
  if (beta !== 0 && beta !== 1) for (let i = start * n; i < end * n; i++) c.data[i] *= beta;
  gemm(false, false, end - start, n, k, a.data, start * k, k, b.data, 0, n, c.data, start * n, n, beta !== 0);
  return { rows: end - start };
}

function gemmNTColumns({ A, B, C, start, end }: GemmNTColumnsPayload): { cols: number } {
  const a = matrixOf(A), b = matrixOf(B), c = matrixOf(C);
  const k = a.cols, n = c.cols;
  gemm(false, true, a.rows, end - start, k, a.data, 0, k, b.data, start * k, k, c.data, start, n, false);
  return { cols: end - start };
}

export const coreTasks: KernelTaskSet = {
  /** Does nothing: measures what one dispatch costs. */
  'core.noop': () => null,
  'core.gemm': gemmRows,
  'core.gemmNT': gemmNTColumns,
};
