/**
 * Sketch task: a column block of S·A or Sᵀ·Y (lib/sketch/kernels.ts). Each thread rebuilds the same
 * plan from the spec (planSketch is deterministic), cached by spec, and writes only its columns.
 */
import { applySketchToColumns, applyTransposeToColumns } from '../../lib/sketch/kernels.js';
import { planSketch, type SketchPlan, type SketchSpec } from '../../lib/sketch/plan.js';
import { viewOf, type SharedArrayRef } from '../../lib/core/shared-memory.js';
import type { KernelTaskSet } from './types.js';

/** Payload of 'sketch.apply': columns [start, end) of out = S·A (N × k input) or Sᵀ·Y (s × k input). */
export interface SketchApplyPayload {
  spec: SketchSpec; transpose: boolean; input: SharedArrayRef; k: number; out: SharedArrayRef; start: number; end: number;
}

/** A few recent plans per thread: a Gaussian plan caches its materialized S, so keep the cache small. */
const plans = new Map<string, SketchPlan>();
function planOf(spec: SketchSpec): SketchPlan {
  const key = JSON.stringify([spec.kind, spec.rows, spec.cols, spec.seed, spec.nnzPerColumn ?? null, spec.dtype ?? null]);
  let plan = plans.get(key);
  if (!plan) {
    plan = planSketch(spec);
    if (plans.size >= 4) plans.delete(plans.keys().next().value!);
    plans.set(key, plan);
  }
  return plan;
}

function applyColumns({ spec, transpose, input, k, out, start, end }: SketchApplyPayload): { cols: number } {
  const plan = planOf(spec), x = viewOf(input) as Float64Array, o = viewOf(out) as Float64Array;
  if (transpose) applyTransposeToColumns(plan, x, k, start, end, o);
  else applySketchToColumns(plan, x, k, start, end, o);
  return { cols: end - start };
}

export const sketchTasks: KernelTaskSet = {
  'sketch.apply': applyColumns,
};
