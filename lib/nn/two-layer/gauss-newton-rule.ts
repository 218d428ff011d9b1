/**
 * The Gauss–Newton step rule of SparseGaussNewton and DenseGaussNewton: r = f − y over all n inputs,
 * H g = r with H = J Jᵀ = G ∘ |S_i ∩ S_j|/m, then Δw_r = −η a_r Σ_i g_i x_i/√m over r ∈ S_i. How
 * H g = r is solved is the solver's (Cholesky here, the sketched iteration in sketched-solve.ts).
 */
import { choleskyInPlace, triangularSolveInPlace } from '../../core/decompositions.js';
import type { KernelPool } from '../../core/pool.js';
import { stepUpdate, type NetworkStep, type TrainerNetwork } from './network.js';
import type { StepRule } from './step-rule.js';
import { activeStats, residual } from './trainer-common.js';
import type { StepResult, StepTimings } from './trainer-types.js';

/** The solution g, or the input at which H is singular (−1: not tied to one input), the iterations and why. */
export interface GaussNewtonSolution { solution: Float64Array | number; iterations: number; message?: string }

/** Solves H g = r for the inputs `which` of `net` (after activate); times its phases into timings.gram and timings.solve. */
export type GaussNewtonSolver<N extends TrainerNetwork> = (net: N, which: Int32Array, r: Float64Array, step: number, timings: StepTimings) => GaussNewtonSolution;

/** n·ε·max_i G_ii for an n × n Gram G: a Cholesky pivot at or below it is zero to working precision. */
export function pivotFloor(n: number, G: Float64Array): number {
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, G[i * n + i]);
  return n * Number.EPSILON * maxDiag;
}

/**
 * Solves H g = r by Cholesky in place of copies; returns g, or the index of the first pivot that is
 * not positive (H singular to working precision: an input with no active neuron, or duplicate inputs).
 */
export function choleskySolveOrPivot(s: number, H: Float64Array, r: Float64Array): Float64Array | number {
  const L = Float64Array.from(H);
  const pivot = choleskyInPlace(s, L);
  if (pivot >= 0) return pivot;
  // A pivot that survived only by rounding (duplicate inputs) would give a meaningless huge step.
  const floor = pivotFloor(s, H);
  for (let i = 0; i < s; i++) if (L[i * s + i] * L[i * s + i] <= floor) return i;
  const g = Float64Array.from(r);
  triangularSolveInPlace(s, L, g, true, false);
  triangularSolveInPlace(s, L, g, true, true);
  for (let i = 0; i < s; i++) if (!Number.isFinite(g[i])) return i;
  return g;
}

/** The exact solver: forms H (the network's Gauss–Newton Gram), then Cholesky. */
export const choleskySolver: GaussNewtonSolver<TrainerNetwork> = (net, which, r, _step, timings) => {
  let t = performance.now();
  const H = net.gaussNewtonGram(which);
  timings.gram = performance.now() - t;
  t = performance.now();
  const solution = choleskySolveOrPivot(which.length, H, r);
  timings.solve = performance.now() - t;
  return { solution, iterations: 0 };
};

export class GaussNewtonRule<N extends TrainerNetwork> implements StepRule<N> {
  constructor(private readonly stepSize: number, private readonly solve: GaussNewtonSolver<N>) {}

  step(net: N, targets: Float64Array, all: Int32Array, step: number, timings: StepTimings): StepResult {
    const solved = this.solveStep(net, net.activate(all, timings), targets, all, step, timings);
    if ('result' in solved) return solved.result;
    const t = performance.now();
    return solved.finish(net.applyStep(all, solved.g, true), t);
  }

  /** `step` with the network's pooled activate and applyStep where it has them: the same result, bit for bit. */
  async stepOnPool(net: N, targets: Float64Array, all: Int32Array, step: number, timings: StepTimings, pool: KernelPool): Promise<StepResult> {
    const f = net.activateOnPool ? await net.activateOnPool(all, timings, pool) : net.activate(all, timings);
    const solved = this.solveStep(net, f, targets, all, step, timings);
    if ('result' in solved) return solved.result;
    const t = performance.now();
    return solved.finish(net.applyStepOnPool ? await net.applyStepOnPool(all, solved.g, true, pool) : net.applyStep(all, solved.g, true), t);
  }

  /** Residual, H g = r and the scaled step from the outputs f; the refused result, or g and how to finish once applied (started at time t). */
  private solveStep(net: N, f: Float64Array, targets: Float64Array, all: Int32Array, step: number, timings: StepTimings):
    { result: StepResult } | { g: Float64Array; finish: (applied: NetworkStep, t: number) => StepResult } {
    const n = all.length;
    const [r, loss] = residual(f, targets, all);
    const outputGradient = r.slice(); // r itself is scaled or solved in place below
    const active = activeStats(net.activeCount, null, net.width, net.threshold);
    const { solution: g, iterations, message: why } = this.solve(net, all, r, step, timings);
    if (typeof g === 'number') {
      net.discardStep();
      const where = g >= 0 ? ` at input ${g} (active neurons there: ${net.activeCount[g]})` : '';
      const message = `the Gauss–Newton Gram H = G ∘ |S_i ∩ S_j|/m is singular${where}${why ? ` (${why})` : ''}; weights unchanged`;
      return { result: { step, status: 'singular', message, loss, residual: outputGradient, active, touched: 0, timings, solverIterations: iterations, update: { neurons: new Int32Array(0), inputs: all.slice(), coefficients: new Float64Array(0) } } };
    }
    const scale = -this.stepSize / Math.sqrt(net.width);
    for (let k = 0; k < n; k++) g[k] *= scale;
    const finish = ({ touched, neurons, coefficients, leafMs }: NetworkStep, t: number): StepResult => {
      timings.leaves = leafMs;
      timings.update = performance.now() - t - leafMs;
      return { step, status: 'stepped', loss, residual: outputGradient, active, touched, timings, solverIterations: iterations, update: stepUpdate(neurons, all.slice(), coefficients) };
    };
    return { g, finish };
  }
}
