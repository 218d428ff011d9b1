import { checkInteger, checkOneOf, invalidType } from '../core/errors.js';
import { gemmNN, gemmNT, gemmTN } from '../core/blas.js';
import { checkHyper, checkParams, checkRate } from './checks.js';
import { exactProjector, identityProjector, randomizedProjector } from './galore-projector.js';
import { checkCount, checkFiniteGrads, checkKnownKeys, checkShapeOption, resolveShape, type TensorShape } from './structured-checks.js';
import type { GradientTransformation, Params } from './transform.js';

/** State of galore (plain data as long as the inner state is). */
export interface GaloreState<S> {
  /** Steps taken so far. */
  count: number;
  /** P, a × r row-major with orthonormal columns (a = the smaller side of the tensor); empty for a 1-D tensor. */
  projector: Float64Array;
  /** The inner transform's state, over the projected gradient (r × cols when rows ≤ cols, else rows × r). */
  inner: S;
}

/** Hyperparameters of galore. */
export interface GaloreOptions {
  /** r, the rank of the projection (an integer ≥ 1, capped at min(rows, cols)). Required. */
  rank: number;
  /** T: a new projector at steps 1, 1 + T, 1 + 2T, … (default 200). */
  period?: number;
  /** α, the scale of the projected-back update (default 0.25). */
  scale?: number;
  /** Seed of the randomized projector; refresh i uses the sketch seed `seed + i` (default 0). */
  seed?: number;
  /** 'auto' (default): 'exact' when min(rows, cols) ≤ 128, else 'randomized'; 'identity': the first r coordinates (a fixed baseline). */
  projector?: 'auto' | 'exact' | 'randomized' | 'identity';
  /** What a refresh does to the inner state: 'keep' it (default, as the GaLore reference does: the moments carry over unchanged into the new basis) or 'reset' it (inner.init). */
  onRefresh?: 'keep' | 'reset';
  /** The tensor's [rows, cols] (row-major), or a function of its length; absent or undefined: a 1-D tensor, which goes to the inner transform unprojected and unscaled. */
  shape?: TensorShape;
}

const KEYS = ['rank', 'period', 'scale', 'seed', 'projector', 'onRefresh', 'shape'] as const;

/**
 * GaLore (gradient low-rank projection) around any flat inner transform: for a rows × cols gradient
 * G with rows ≤ cols, R = Pᵀ G (r × cols) goes to the inner transform and the update is α·P·inner(R);
 * with rows > cols, R = G P (rows × r) and the update is α·inner(R)·Pᵀ. P (orthonormal, a × r on the
 * smaller side a) is the top-r left (or right) singular subspace of the gradient at steps 1, 1 + T, …,
 * found exactly or by a seeded Gaussian range finder (lib/sketch). The inner state lives in the
 * r-dimensional space: memory r·max(rows, cols) per moment instead of rows·cols. Inner transforms that
 * need params (weight decay) get none here.
 * @param inner the transform run on the projected gradients (e.g. scaleByAdam() or adam({ lr })).
 * @param options rank (required), period, scale, seed, projector, onRefresh, shape.
 * @returns the transformation.
 * @throws {TypeError} inner without init/update, options not an object or of the wrong kind. @throws {RangeError} an option out of range or unknown; at init, a shape whose rows·cols is not the length; at update, gradients of another length or with NaN/±Infinity (the state is left as it was).
 * @example
 * ```ts
 * import { galore, scaleByAdam } from 'sublinear/optim';
 * const t = galore(scaleByAdam(), { rank: 1, shape: [2, 3], period: 10 });
 * const state = t.init(new Float64Array(6));
 * const [u, next] = t.update(new Float64Array([1, 2, 3, 2, 4, 6]), state); // a rank-1 gradient
 * console.log(u.length, next.projector.length); // 6 2: P is 2 × 1
 * ```
 */
export function galore<S>(inner: GradientTransformation<S, Params>, options: GaloreOptions): GradientTransformation<GaloreState<S>> {
  const fn = 'galore';
  if (inner === null || typeof inner !== 'object' || typeof inner.init !== 'function' || typeof inner.update !== 'function') throw invalidType(fn, 'inner', 'a GradientTransformation { init, update }', inner);
  const o = checkHyper(fn, options);
  checkKnownKeys(fn, o, KEYS);
  const rank = checkInteger(fn, 'options.rank', o.rank, 1);
  const period = checkInteger(fn, 'options.period', o.period ?? 200, 1);
  const alpha = checkRate(fn, 'options.scale', o.scale ?? 0.25);
  const seed = checkInteger(fn, 'options.seed', o.seed ?? 0);
  const kind = checkOneOf(fn, 'options.projector', o.projector ?? 'auto', ['auto', 'exact', 'randomized', 'identity'] as const);
  const onRefresh = checkOneOf(fn, 'options.onRefresh', o.onRefresh ?? 'keep', ['keep', 'reset'] as const);
  const shape = checkShapeOption(fn, o.shape);
  const layout = (n: number, where: 'init' | 'update') => {
    const s = resolveShape(`${fn}.${where}`, where === 'init' ? 'params' : 'grads', shape, n);
    if (!s) return null;
    const [rows, cols] = s, left = rows <= cols, a = left ? rows : cols, r = Math.min(rank, a);
    return { rows, cols, left, a, b: left ? cols : rows, r, projected: left ? r * cols : rows * r };
  };
  const like = (g: Params, n: number): Params => (g instanceof Float32Array ? new Float32Array(n) : new Float64Array(n));
  return {
    init(params) {
      const n = checkParams(`${fn}.init`, 'params', params).length;
      const l = layout(n, 'init');
      return { count: 0, projector: new Float64Array(l ? l.a * l.r : 0), inner: inner.init(l ? like(params, l.projected) : params) };
    },
    update(grads, state) {
      const n = checkParams(`${fn}.update`, 'grads', grads).length;
      const count = checkCount(`${fn}.update`, state) + 1;
      const l = layout(n, 'update');
      const P0 = state.projector;
      if (!(P0 instanceof Float64Array) || P0.length !== (l ? l.a * l.r : 0)) throw invalidType(`${fn}.update`, 'state.projector', `a Float64Array of length ${l ? l.a * l.r : 0} made by init(params) for gradients of length ${n}`, P0);
      checkFiniteGrads(`${fn}.update`, grads);
      if (!l) {
        const [u, innerState] = inner.update(grads, state.inner);
        return [u, { count, projector: P0, inner: innerState }];
      }
      const { rows, cols, left, a, b, r } = l;
      let P = P0, innerState = state.inner;
      if ((count - 1) % period === 0) {
        const A = new Float64Array(a * b); // the gradient oriented a × b, a the smaller side
        if (left) A.set(grads);
        else for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) A[j * rows + i] = grads[i * cols + j];
        const refreshKind = kind === 'auto' ? (a <= 128 ? 'exact' : 'randomized') : kind;
        P = refreshKind === 'identity' ? identityProjector(a, r) : refreshKind === 'exact' ? exactProjector(a, b, r, A) : randomizedProjector(a, b, r, A, seed + (count - 1) / period);
        if (onRefresh === 'reset' && count > 1) innerState = inner.init(like(grads, l.projected));
      }
      const R = new Float64Array(l.projected);
      if (left) gemmTN(r, cols, rows, P, grads, R); // Pᵀ G
      else gemmNN(rows, r, cols, grads, P, R); // G P
      const [u, nextInner] = inner.update(grads instanceof Float32Array ? Float32Array.from(R) : R, innerState);
      const full = new Float64Array(n);
      if (left) gemmNN(rows, cols, r, P, u, full); // P u
      else gemmNT(rows, cols, r, u, P, full); // u Pᵀ
      const out = like(grads, n);
      for (let i = 0; i < n; i++) out[i] = alpha * full[i];
      state.count = count;
      state.projector = P;
      state.inner = nextInner;
      return [out, state];
    },
  };
}
