/** Validation and small math shared by the trainers (private to lib/nn). */
import { checkFinite, checkFiniteArray, checkInteger, checkOneOf, checkOptions, checkPositive, invalidRange, invalidType } from '../../core/errors.js';
import { resolveBackend } from '../../cuda/index.js';
import type { Matrix } from '../../core/matrix.js';
import { denseInputs, MAX_WIDTH, type TrainingInputs } from './inputs.js';
import { gaussianTail, predictedActive } from './shifted-relu.js';
import type { ActiveStats, GaussNewtonOptions, SgdOptions, StepTimings } from './trainer-types.js';

/** Largest n·m (and m·d for the dense baselines). */
export const MAX_CELLS = 2 ** 28;

export interface ResolvedOptions {
  width: number;
  threshold: number;
  stepSize: number;
  seed: number;
  solver: 'cholesky' | 'sketch';
  index: 'tree' | 'scan';
  batchSize: number;
  backend: 'auto' | 'js' | 'cuda';
  dtype: 'float64' | 'float32';
  /** The build progress callback, or null. */
  onProgress: ((done: number, total: number) => void) | null;
}

/** Validates the options object of a trainer constructor and fills the defaults. */
export function resolveOptions(fn: string, options: (GaussNewtonOptions & SgdOptions) | undefined, count: number, defaultStep: 'gauss-newton' | 'sgd'): ResolvedOptions {
  const common = ['width', 'threshold', 'stepSize', 'seed', 'backend', 'index', 'onProgress', 'dtype'];
  const o = checkOptions(fn, 'options', options, defaultStep === 'sgd' ? [...common, 'batchSize'] : [...common, 'solver', 'heldOut']);
  // The leaves (n × m) and coefficients (m × n) are held densely: cap n·m at 2^28 (2 GiB each).
  const width = o.width === undefined ? Math.min(4096, Math.max(2, Math.floor(MAX_CELLS / count))) : checkInteger(fn, 'options.width', o.width, 2, Math.max(2, Math.min(MAX_WIDTH, Math.floor(MAX_CELLS / count))));
  const threshold = o.threshold === undefined ? Math.sqrt(0.48 * Math.log(width)) : checkFinite(fn, 'options.threshold', o.threshold);
  const seed = o.seed === undefined ? 0 : checkInteger(fn, 'options.seed', o.seed, 0, 2 ** 32 - 1);
  const solver = o.solver === undefined ? 'cholesky' : checkOneOf(fn, 'options.solver', o.solver, ['cholesky', 'sketch'] as const);
  const requested = o.index === undefined ? 'auto' : checkOneOf(fn, 'options.index', o.index, ['auto', 'tree', 'scan'] as const);
  const index = requested === 'auto' ? autoIndex(width, threshold) : requested;
  const batchSize = o.batchSize === undefined ? Math.min(count, 16) : checkInteger(fn, 'options.batchSize', o.batchSize, 1, count);
  // SGD: η = 1/(s·P(z ≥ b)) keeps η·λ_max(J_B J_Bᵀ) ≤ 1 (Gershgorin: |H_ij| ≤ |S_i|/m ≈ P(z ≥ b)).
  const sgdStep = 1 / (batchSize * Math.max(gaussianTail(threshold), 1 / width));
  const stepSize = o.stepSize === undefined ? (defaultStep === 'sgd' ? sgdStep : 1) : checkPositive(fn, 'options.stepSize', o.stepSize);
  const backend = o.backend === undefined ? 'js' : checkOneOf(fn, 'options.backend', o.backend, ['auto', 'js', 'cuda'] as const);
  // Every trainer answers 'cuda' the same way: a CudaUnavailableError where there is no GPU (the
  // dense and SGD trainers then compute on this thread; only SparseGaussNewton has a GPU leaf path).
  if (backend === 'cuda') resolveBackend(backend, fn);
  const dtype = o.dtype === undefined ? 'float64' : checkOneOf(fn, 'options.dtype', o.dtype, ['float64', 'float32'] as const);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw invalidType(fn, 'options.onProgress', 'a function (done, total) => void', o.onProgress);
  return { width, threshold, stepSize, seed, solver, index, batchSize, backend, dtype, onProgress: o.onProgress ?? null };
}

/**
 * 'auto': both indexes move a leaf in O(1) in the common case (the tree's incremental moves), so the
 * choice is the query: the tree visits about K·(16 + log₂(m/16)) nodes and leaves for K = P(z ≥ b)·m
 * hits, a scan reads all m leaves. The tree when P(z ≥ b)·(16 + log₂(m/16)) < 1: at the default b,
 * every m ≥ 2^10; a small or negative b (dense activations) takes the scan.
 */
export function autoIndex(width: number, threshold: number): 'tree' | 'scan' {
  return gaussianTail(threshold) * (16 + Math.log2(Math.max(1, width / 16))) < 1 ? 'tree' : 'scan';
}

/** The held-out inputs of options.heldOut (unit rows, d columns like X), or null. */
export function heldOutInputs(fn: string, heldOut: unknown, dim: number): TrainingInputs | null {
  if (heldOut === undefined) return null;
  const inputs = denseInputs(fn, heldOut as Matrix, 'options.heldOut');
  if (inputs.dim !== dim) throw invalidRange(fn, 'options.heldOut.cols', `d = ${dim} (the columns of X)`, inputs.dim);
  return inputs;
}

/** The dense baselines hold W (m × d): a RangeError when m·d > 2^28. */
export function checkDenseSize(fn: string, width: number, dim: number): void {
  if (width * dim > MAX_CELLS) throw invalidRange(fn, 'options.width', `at most ${Math.floor(MAX_CELLS / dim)} for d = ${dim} (W is m × d, m·d ≤ 2^28)`, width);
}

/** Validates the targets: finite, one per input. */
export function checkTargets(fn: string, y: unknown, count: number): Float64Array {
  return Float64Array.from(checkFiniteArray(fn, 'y', y, count));
}

/** Mean, min and max of the active counts of `which`, with the paper's prediction. */
export function activeStats(counts: ArrayLike<number>, which: ArrayLike<number> | null, width: number, threshold: number): ActiveStats {
  const s = which ? which.length : counts.length;
  let sum = 0, min = Infinity, max = 0;
  for (let k = 0; k < s; k++) { const c = counts[which ? which[k] : k]; sum += c; min = Math.min(min, c); max = Math.max(max, c); }
  const predicted = threshold > 0 ? predictedActive(width, threshold) : NaN;
  return { mean: s ? sum / s : 0, min: s ? min : 0, max, predicted, expected: width * gaussianTail(threshold) };
}

export function zeroTimings(): StepTimings {
  return { query: 0, forward: 0, gram: 0, solve: 0, update: 0, leaves: 0, total: 0 };
}

/** ½ Σ (f_k − y_{which[k]})² and the residual r_k = f_k − y_{which[k]}. */
export function residual(f: Float64Array, y: Float64Array, which: Int32Array): [Float64Array, number] {
  const r = new Float64Array(f.length);
  let loss = 0;
  for (let k = 0; k < f.length; k++) { r[k] = f[k] - y[which[k]]; loss += r[k] * r[k]; }
  return [r, loss / 2];
}

export function allInputs(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}
