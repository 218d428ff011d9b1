import { checkInteger, checkOneOf } from '../core/errors.js';
import { DTYPE_EPSILON, DTYPE_MAX } from '../core/matrix.js';
import { MAX_BAND } from '../logdet/banded.js';
import { sonewScratchLength, sonewStepBanded, sonewStepTridiagonal, type SonewStepScalars } from '../logdet/sonew-kernels.js';
import { scratch } from '../logdet/kernels.js';
import { adamHyper } from './adaptive.js';
import { checkHyper, checkNonNegative, checkParams, checkStateArray, zerosLike } from './checks.js';
import type { GradientTransformation, Params } from './transform.js';
import { scheduledValue } from './scale-by-schedule.js';
import type { Scheduled } from './schedules.js';

/** State of scaleBySonew. */
export interface SonewState {
  /** Steps taken so far. */
  count: number;
  /** First moment m ← β₁m + (1−β₁)g, one entry per parameter. */
  mu: Params;
  /** EMA of g gᵀ on the band, BandedMatrix layout: hessian[j·(band+1) + k] = H[j+k][j]. */
  hessian: Params;
  /** Edges dropped by the stability rule, summed over all steps so far (0 when all is well). */
  droppedEdges: number;
}

/** Hyperparameters of scaleBySonew. */
export interface SonewOptions {
  /** Band of the preconditioner, 0 … 64 (default 1: tridiagonal). Band 0 is diagonal. */
  band?: number;
  /** EMA rate of the first moment (default 0.9). */
  beta1?: number;
  /** EMA rate of the statistics g gᵀ (default 0.999). */
  beta2?: number;
  /** Damping added to the diagonal of the bias-corrected statistics, and the ε of the graft (default 1e-8). */
  eps?: number;
  /** 'adam' (default): rescale the direction to the norm of Adam's; 'none': use X m̂ as it is. */
  graft?: 'adam' | 'none';
}

const EPS = DTYPE_EPSILON;
const MAX = DTYPE_MAX;
const FLOOR = 1e-30;

/**
 * SONew's direction: u = X m̂, X the banded LogDet inverse of the bias-corrected, damped EMA of g gᵀ
 * (sublinear/logdet), grafted to the norm of Adam's direction. One fused O(n·band³) pass; memory
 * (band + 2)·n. Ill-conditioned columns drop edges (counted in state.droppedEdges), so the direction
 * is finite from finite gradients.
 * @param options band, beta1, beta2, eps, graft.
 * @returns the transformation.
 * @throws {RangeError} a hyperparameter out of range. @throws {TypeError} options not an object.
 * @example
 * ```ts
 * import { scaleBySonew } from 'sublinear/optim';
 * const t = scaleBySonew({ band: 2 });
 * const [u, s] = t.update(new Float32Array([0.1, 0.2, -0.1, 0.4]), t.init(new Float32Array(4)));
 * console.log(u, s.droppedEdges); // rank-one statistics: the drops keep X positive definite
 * ```
 */
export function scaleBySonew(options?: SonewOptions): GradientTransformation<SonewState> {
  return sonewTransform('scaleBySonew', options, 1, 0);
}

/**
 * scaleBySonew followed by `+ weightDecay·params` and `× sign·lr`, with both folded into the graft
 * pass (one pass fewer than chaining them; the sonew recipe uses it with sign −1). lr and
 * weightDecay are numbers or schedules evaluated at state.count (the steps taken before this one).
 */
export function sonewTransform(fn: string, options: SonewOptions | undefined, lr: Scheduled, weightDecay: Scheduled, sign = 1): GradientTransformation<SonewState> {
  const o = checkHyper(fn, options);
  const band = checkInteger(fn, 'options.band', o.band ?? 1, 0, MAX_BAND);
  const { beta1, beta2 } = adamHyper(fn, { beta1: o.beta1, beta2: o.beta2 });
  const eps = checkNonNegative(fn, 'options.eps', o.eps ?? 1e-8);
  const graft = checkOneOf(fn, 'options.graft', o.graft ?? 'adam', ['adam', 'none'] as const);
  const w = band + 1;
  const stats = new Float64Array(4);
  return {
    init(params) {
      checkParams(`${fn}.init`, 'params', params);
      const hessian = params instanceof Float32Array ? new Float32Array(params.length * w) : new Float64Array(params.length * w);
      return { count: 0, mu: zerosLike(params), hessian, droppedEdges: 0 };
    },
    update(grads, state, params) {
      const n = checkParams(`${fn}.update`, 'grads', grads).length;
      checkStateArray(`${fn}.update`, state, 'mu', n);
      checkStateArray(`${fn}.update`, state, 'hessian', n * w);
      if (typeof weightDecay !== 'number' || weightDecay > 0) checkParams(`${fn}.update`, 'params', params, n);
      const count = state.count + 1;
      if (!Number.isInteger(count) || count < 1) throw new TypeError(`${fn}.update: invalid argument. state.count must be an integer ≥ 0 made by init(params). Value: ${String(state.count)}.`);
      const outputScale = sign * (typeof lr === 'number' ? lr : scheduledValue(`${fn}.update`, 'options.lr', lr, count - 1));
      const decay = typeof weightDecay === 'number' ? weightDecay : scheduledValue(`${fn}.update`, 'options.weightDecay', weightDecay, count - 1);
      const dtype = grads instanceof Float32Array ? 'float32' : 'float64';
      // floor·δ·maxEntry ≥ 1 (the kernels' precondition): 1e-30 · 2⁻²³ · 3.4e38 ≈ 40.
      const c: SonewStepScalars = {
        beta1, beta2, correction1: 1 / (1 - beta1 ** count), correction2: 1 / (1 - beta2 ** count),
        eps, adamEps: eps, floor: Math.max(eps, FLOOR), delta: EPS[dtype], maxEntry: MAX[dtype],
      };
      const out = zerosLike(grads);
      stats[0] = 0; stats[1] = 0; stats[2] = 0; stats[3] = Infinity;
      if (band === 0) diagonalStep(n, grads, state.mu, state.hessian, out, c, stats);
      else if (band === 1) sonewStepTridiagonal(n, grads, state.mu, state.hessian, out, c, stats);
      else sonewStepBanded(n, band, grads, state.mu, state.hessian, out, c, stats, scratch(sonewScratchLength(band)));
      const ratio = graft === 'adam' ? (stats[0] > 0 ? Math.sqrt(stats[1] / stats[0]) : 0) : 1;
      const k = ratio * outputScale;
      if (decay > 0) {
        const p = params!, kd = outputScale * decay;
        for (let i = 0; i < n; i++) out[i] = k * out[i] + kd * p[i];
      } else if (k !== 1) {
        for (let i = 0; i < n; i++) out[i] *= k;
      }
      state.count = count;
      state.droppedEdges += stats[2];
      return [out, state];
    },
  };
}

/** Band 0: u = m̂ / (v̂ + ε), a diagonal preconditioner. */
function diagonalStep(n: number, g: Params, mu: Params, h: Params, out: Params, c: SonewStepScalars, stats: Float64Array): void {
  const a1 = 1 - c.beta1, a2 = 1 - c.beta2;
  let uu = 0, aa = 0;
  for (let j = 0; j < n; j++) {
    const gj = g[j], m = c.beta1 * mu[j] + a1 * gj, v = c.beta2 * h[j] + a2 * gj * gj;
    mu[j] = m; h[j] = v;
    const mh = m * c.correction1, vh = v * c.correction2;
    let d = vh + c.eps;
    if (!(d >= c.floor)) d = c.floor;
    const u = mh * Math.min(1 / d, c.maxEntry);
    out[j] = u;
    uu += u * u;
    const den = Math.sqrt(vh) + c.adamEps, a = den > 0 ? mh / den : 0;
    aa += a * a;
  }
  stats[0] = uu; stats[1] = aa;
}
