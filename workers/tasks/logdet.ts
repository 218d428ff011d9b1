/**
 * LogDet tasks: columns [start, end) of the banded factor X = L D Lᵀ, and rows [start, end) of X v
 * (lib/logdet/kernels.ts). Columns and rows are independent, so any split gives the same bits.
 */
import { logdetApply } from '../../lib/core/kernels/ops.js';
import { factorColumns, factorScratchLength, scratch } from '../../lib/logdet/kernels.js';
import { viewOf, type SharedArrayRef } from '../../lib/core/shared-memory.js';
import type { KernelTaskSet } from './types.js';

/** Payload of 'logdet.factor': the statistics h, the factor f, a column range, the constants. */
export interface LogDetFactorPayload {
  n: number; band: number; h: SharedArrayRef; f: SharedArrayRef; start: number; end: number;
  scale: number; floor: number; delta: number; maxEntry: number;
}

/** Payload of 'logdet.apply': rows [start, end) of out = X v (out must not alias v). */
export interface LogDetApplyPayload {
  n: number; band: number; f: SharedArrayRef; v: SharedArrayRef; out: SharedArrayRef; start: number; end: number;
}

/** Returns the block's diagnostics [dropped edges, raised diagonals, smallest Schur ratio]. */
function factorBlock({ n, band, h, f, start, end, scale, floor, delta, maxEntry }: LogDetFactorPayload): number[] {
  const H = viewOf(h) as Float64Array, F = viewOf(f) as Float64Array;
  const stats = Float64Array.of(0, 0, Infinity);
  factorColumns(n, band, H, F, start, end, scale, 0, floor, delta, scale, maxEntry, scratch(factorScratchLength(band)), stats);
  return [...stats];
}

function applyRows({ n, band, f, v, out, start, end }: LogDetApplyPayload): { rows: number } {
  logdetApply(n, band, viewOf(f) as Float64Array, 0, viewOf(v) as Float64Array, 0, viewOf(out) as Float64Array, 0, start, end);
  return { rows: end - start };
}

export const logdetTasks: KernelTaskSet = {
  'logdet.factor': factorBlock,
  'logdet.apply': applyRows,
};
