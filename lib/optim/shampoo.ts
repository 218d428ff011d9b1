import { checkFinite, checkInteger, checkOneOf, invalidRange } from '../core/errors.js';
import { checkDecay, checkHyper, checkNonNegative, checkParams, checkRate, checkStateArray, zerosLike } from './checks.js';
import { scaleByLearningRate, type EmptyState } from './elementwise.js';
import { checkScheduled, type ScheduleState } from './scale-by-schedule.js';
import type { Scheduled } from './schedules.js';
import { accumulateStatistics, preconditionBlocks, recomputeRoots, shampooBlocks } from './shampoo-blocks.js';
import { checkCount, checkFiniteGrads, checkKnownKeys, checkShapeOption, resolveShape, type TensorShape } from './structured-checks.js';
import { chain, type GradientTransformation, type Params } from './transform.js';

/** State of scaleByShampoo (plain data: a structured clone continues identically). */
export interface ShampooState {
  /** Steps taken so far. */
  count: number;
  /** First moment m ← β₁m + (1−β₁)g, one entry per parameter. */
  mu: Params;
  /** Adam's second moment v ← β₂v + (1−β₂)g² (for the graft), one entry per parameter. */
  nu: Params;
  /** Per block, L (rb × rb) then R (cb × cb), row-major, blocks in row-major block order; empty for a 1-D tensor. */
  stats: Float64Array;
  /** The inverse p-th roots of the damped, bias-corrected stats, same layout; refreshed every `updateEvery` steps. */
  roots: Float64Array;
}

/** Hyperparameters of scaleByShampoo. */
export interface ShampooOptions {
  /** EMA rate of the first moment (default 0.9; 0 preconditions the raw gradient). */
  beta1?: number;
  /** EMA rate of the statistics and of Adam's second moment, in [0, 1] (default 0.999); 1 sums the statistics (original Shampoo). */
  beta2?: number;
  /** Damping relative to the largest eigenvalue: the root is of S + eps·λ_max(S)·I (default 1e-6, > 0). */
  eps?: number;
  /** p of the inverse p-th roots L^(−1/p) M R^(−1/p) (default 4, the Shampoo exponent for matrices). */
  root?: number;
  /** Recompute the roots every this many steps, at steps 1, 1 + k, 1 + 2k, … (default 10). */
  updateEvery?: number;
  /** Cut each dimension into blocks of at most this size (default 128); each block has its own L and R. */
  blockSize?: number;
  /** 'adam' (default): rescale the direction to the norm of Adam's per tensor, as SONew does; 'none': use it as it is. */
  graft?: 'adam' | 'none';
  /** ε of Adam's direction m̂/(√v̂ + ε) used by the graft (default 1e-8). */
  graftEps?: number;
  /** The tensor's [rows, cols] (row-major), or a function of its length; absent or undefined: a 1-D tensor, which takes Adam's direction. */
  shape?: TensorShape;
}

const KEYS = ['beta1', 'beta2', 'eps', 'root', 'updateEvery', 'blockSize', 'graft', 'graftEps', 'shape'] as const;

/**
 * Shampoo's direction for one matrix-shaped tensor G (rows × cols, row-major): statistics
 * L = Σ G Gᵀ and R = Σ Gᵀ G (EMA with β₂, or sums with β₂ = 1), their damped inverse p-th roots
 * recomputed every `updateEvery` steps from a symmetric eigendecomposition (Householder + QL, in
 * float64), and u = graft(L^(−1/p) m̂ R^(−1/p)) with m̂ the bias-corrected first moment. Dimensions
 * over `blockSize` are cut into blocks, each with its own L and R (memory Σ rb² + cb², roots the same).
 * A 1-D tensor (no shape) takes Adam's direction m̂/(√v̂ + graftEps), whatever `graft` says. The
 * shape comes from `options.shape`: to give each named tensor its own shape, use multiTransform with
 * one label per tensor (see docs/optim.md).
 * @param options beta1, beta2, eps, root, updateEvery, blockSize, graft, graftEps, shape.
 * @returns the transformation.
 * @throws {TypeError} options not an object, a hyperparameter of the wrong kind. @throws {RangeError} a hyperparameter out of range, an unknown option key; at init, a shape whose rows·cols is not the tensor's length; at update, gradients of another length or with NaN/±Infinity (the state is left as it was).
 * @example
 * ```ts
 * import { scaleByShampoo } from 'sublinear/optim';
 * const t = scaleByShampoo({ shape: [2, 3], beta1: 0, graft: 'none' });
 * const g = new Float64Array([1, 0, 0, 0, 2, 0]);
 * const [u] = t.update(g, t.init(new Float64Array(6)));
 * console.log(u.length); // 6: L^(−1/4) G R^(−1/4) of the 2 × 3 gradient
 * ```
 */
export function scaleByShampoo(options?: ShampooOptions): GradientTransformation<ShampooState> {
  return shampooTransform('scaleByShampoo', options);
}

function shampooTransform(fn: string, options: ShampooOptions | undefined): GradientTransformation<ShampooState> {
  const o = checkHyper(fn, options);
  checkKnownKeys(fn, o, KEYS);
  const beta1 = checkDecay(fn, 'options.beta1', o.beta1 ?? 0.9);
  const beta2 = checkFinite(fn, 'options.beta2', o.beta2 ?? 0.999);
  if (!(beta2 >= 0 && beta2 <= 1)) throw invalidRange(fn, 'options.beta2', 'a number in [0, 1]', beta2);
  const eps = checkRate(fn, 'options.eps', o.eps ?? 1e-6);
  const p = checkRate(fn, 'options.root', o.root ?? 4);
  const every = checkInteger(fn, 'options.updateEvery', o.updateEvery ?? 10, 1);
  const cap = checkInteger(fn, 'options.blockSize', o.blockSize ?? 128, 1);
  const graft = checkOneOf(fn, 'options.graft', o.graft ?? 'adam', ['adam', 'none'] as const);
  const graftEps = checkNonNegative(fn, 'options.graftEps', o.graftEps ?? 1e-8);
  const shape = checkShapeOption(fn, o.shape);
  const layout = (n: number, where: 'init' | 'update') => {
    const s = resolveShape(`${fn}.${where}`, where === 'init' ? 'params' : 'grads', shape, n);
    return s ? { cols: s[1], ...shampooBlocks(s[0], s[1], cap) } : { cols: 0, blocks: [], length: 0 };
  };
  return {
    init(params) {
      const n = checkParams(`${fn}.init`, 'params', params).length;
      const { length } = layout(n, 'init');
      return { count: 0, mu: zerosLike(params), nu: zerosLike(params), stats: new Float64Array(length), roots: new Float64Array(length) };
    },
    update(grads, state) {
      const n = checkParams(`${fn}.update`, 'grads', grads).length;
      const { cols, blocks, length } = layout(n, 'update');
      checkStateArray(`${fn}.update`, state, 'mu', n);
      checkStateArray(`${fn}.update`, state, 'nu', n);
      checkStateArray(`${fn}.update`, state, 'stats', length);
      checkStateArray(`${fn}.update`, state, 'roots', length);
      const count = checkCount(`${fn}.update`, state) + 1;
      checkFiniteGrads(`${fn}.update`, grads);
      // Validated: from here on nothing throws.
      const c1 = 1 / (1 - beta1 ** count), c2 = beta2 === 1 ? 1 : 1 / (1 - beta2 ** count), w2 = beta2 === 1 ? 1 : 1 - beta2;
      const { mu, nu } = state, out = zerosLike(grads), m = new Float64Array(n), a = new Float64Array(n);
      let aa = 0;
      for (let i = 0; i < n; i++) {
        const g = grads[i], mi = beta1 * mu[i] + (1 - beta1) * g, vi = beta2 * nu[i] + w2 * g * g;
        mu[i] = mi; nu[i] = vi;
        m[i] = mu[i] * c1; // the stored (possibly float32) moment, as the next step will see it
        const d = Math.sqrt(nu[i] * c2) + graftEps;
        a[i] = d > 0 ? m[i] / d : 0;
        aa += a[i] * a[i];
      }
      state.count = count;
      if (blocks.length === 0) { out.set(a); return [out, state]; }
      accumulateStatistics(cols, blocks, grads, state.stats, beta2, w2);
      if ((count - 1) % every === 0) recomputeRoots(blocks, state.stats, state.roots, c2, p, eps);
      const d = new Float64Array(n);
      preconditionBlocks(cols, blocks, m, state.roots, d);
      let dd = 0;
      for (let i = 0; i < n; i++) dd += d[i] * d[i];
      if (!Number.isFinite(dd)) { out.set(a); return [out, state]; } // overflow: fall back to the graft direction
      const k = graft === 'adam' ? (dd > 0 ? Math.sqrt(aa / dd) : 0) : 1;
      for (let i = 0; i < n; i++) out[i] = k * d[i];
      return [out, state];
    },
  };
}

/**
 * Shampoo: updates = −lr·scaleByShampoo(options)(g). Defaults: β₁ 0.9, β₂ 0.999, ε 1e-6 (relative),
 * p = 4, roots every 10 steps, blocks ≤ 128, Adam graft.
 * @param options lr > 0 (a number or a schedule of the step) and the ShampooOptions.
 * @returns the optimizer.
 * @throws {TypeError} options not an object, lr missing. @throws {RangeError} a hyperparameter out of range or an unknown option key.
 * @example
 * ```ts
 * import { applyUpdates, shampoo } from 'sublinear/optim';
 * const opt = shampoo({ lr: 0.1, shape: [2, 2], updateEvery: 1 }), p = new Float64Array([1, -1, 2, 0.5]);
 * let state = opt.init(p);
 * for (let step = 0; step < 5; step++) {
 *   const [u, next] = opt.update(Float64Array.from(p), state, p); // gradient of ‖P‖²/2
 *   applyUpdates(p, u);
 *   state = next;
 * }
 * ```
 */
export function shampoo(options: ShampooOptions & { lr: Scheduled }): GradientTransformation<[ShampooState, EmptyState | ScheduleState]> {
  const o = checkHyper('shampoo', options);
  const lr = checkScheduled('shampoo', 'options.lr', o.lr);
  const { lr: _lr, ...rest } = o;
  return chain(shampooTransform('shampoo', rest), scaleByLearningRate(lr));
}
