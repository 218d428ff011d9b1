/**
 * Core tasks: an empty task (the dispatch overhead) and dense products split by row block or column
 * block, running the same trusted kernels as the main thread (lib/core/blas.ts).
 */
import { dot, gemmNN } from '../../lib/core/blas.js';
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
  gemmNN(end - start, n, k, a.data.subarray(start * k, end * k), b.data, c.data.subarray(start * n, end * n), beta);
  return { rows: end - start };
}

function gemmNTColumns({ A, B, C, start, end }: GemmNTColumnsPayload): { cols: number } {
  const a = matrixOf(A), b = matrixOf(B), c = matrixOf(C);
  const k = a.cols, n = c.cols;
  for (let i = 0; i < a.rows; i++) {
    for (let j = start; j < end; j++) c.data[i * n + j] = dot(k, a.data, i * k, b.data, j * k);
  }
  return { cols: end - start };
}

export const coreTasks: KernelTaskSet = {
  /** Does nothing: measures what one dispatch costs. */
  'core.noop': () => null,
  'core.gemm': gemmRows,
  'core.gemmNT': gemmNTColumns,
};
