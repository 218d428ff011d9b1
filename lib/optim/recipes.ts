import { checkHyper, checkParams } from './checks.js';
import { checkScheduled, type ScheduleState } from './scale-by-schedule.js';
import type { Scheduled } from './schedules.js';
import { adamHyper, scaleByAdamAs, scaleByRmsAs, type AdamState, type RmsState } from './adaptive.js';
import { addDecayedWeights, scaleByLearningRate, traceAs, type EmptyState, type TraceState } from './elementwise.js';
import { SONEW_KEYS, sonewTransform, type SonewOptions, type SonewState } from './sonew.js';

/** The state of a recipe's learning-rate (or weight-decay) step: none for a number, `{ count }` for a schedule. */
export type ScheduledState = EmptyState | ScheduleState;
import { chainAs, type GradientTransformation, type Params } from './transform.js';
import { fusedAdam } from './fused-adam.js';
import { fusedRmsprop } from './fused-rmsprop.js';

/**
 * A recipe: `inner` with its inputs checked first under the recipe's own name (`adamw.update: …
 * params …`, not the name of the link that needs them), before any link writes.
 */
function recipe<S>(fn: string, needsParams: boolean, inner: GradientTransformation<S>): GradientTransformation<S> {
  const validate = (grads: Params, state: S, params?: Params) => {
    checkParams(`${fn}.update`, 'grads', grads);
    if (needsParams) checkParams(`${fn}.update`, 'params', params, grads.length);
    inner.validate?.(grads, state, params);
  };
  return {
    init: (params) => inner.init(checkParams(`${fn}.init`, 'params', params)),
    ...(inner.validate ? { validate } : {}),
    update(grads, state, params) {
      validate(grads, state, params);
      return inner.update(grads, state, params);
    },
    ...(inner.step ? {
      step(params: Params, grads: Params, state: S) {
        validate(grads, state, params);
        checkParams(`${fn}.step`, 'params', params, grads.length);
        return (inner.step as NonNullable<typeof inner.step>)(params, grads, state);
      },
    } : {}),
  };
}

/**
 * Plain gradient descent: updates = −lr·g.
 * @param options lr > 0 (required; a number, or a schedule of the step as for every recipe).
 * @returns the optimizer.
 * @throws {TypeError} lr missing. @throws {RangeError} lr not a finite number > 0.
 * @example
 * ```ts
 * import { applyUpdates, sgd } from 'sublinear/optim';
 * const opt = sgd({ lr: 0.1 }), p = new Float64Array([1]);
 * const [u] = opt.update(new Float64Array([2]), opt.init(p));
 * applyUpdates(p, u); // p = [0.8]
 * ```
 */
export function sgd(options: { lr: Scheduled }): GradientTransformation<[ScheduledState]> {
  return recipe('sgd', false, chainAs('sgd', scaleByLearningRate(checkScheduled('sgd', 'options.lr', checkHyper('sgd', options, ['lr']).lr))));
}

/**
 * Heavy-ball momentum: t ← βt + g, updates = −lr·t.
 * @param options lr > 0, beta in [0, 1) (default 0.9), nesterov (default false).
 * @returns the optimizer.
 * @throws {RangeError} a hyperparameter out of range.
 * @example
 * ```ts
 * import { momentum } from 'sublinear/optim';
 * const opt = momentum({ lr: 0.01, beta: 0.9 });
 * console.log(opt.update(new Float64Array([1]), opt.init(new Float64Array(1)))[0]); // [-0.01]
 * ```
 */
export function momentum(options: { lr: Scheduled; beta?: number; nesterov?: boolean }): GradientTransformation<[TraceState, ScheduledState]> {
  const o = checkHyper('momentum', options, ['lr', 'beta', 'nesterov']);
  const lr = checkScheduled('momentum', 'options.lr', o.lr);
  const t = traceAs('momentum', { decay: o.beta, nesterov: o.nesterov }, { decay: 'options.beta', nesterov: 'options.nesterov' });
  return recipe('momentum', false, chainAs('momentum', t, scaleByLearningRate(lr)));
}

/**
 * Adam: updates = −lr·m̂/(√v̂ + ε): chain(scaleByAdam, scaleByLearningRate) with the same state and
 * bits, stepped in one pass by the fused `adam` op of sublinear/core (wasm by default) when lr is a number.
 * @param options lr > 0, beta1, beta2 in [0, 1) (0.9, 0.999), eps ≥ 0 (1e-8).
 * @returns the optimizer.
 * @throws {RangeError} a hyperparameter out of range.
 * @example
 * ```ts
 * import { adam } from 'sublinear/optim';
 * const opt = adam({ lr: 1e-3 });
 * console.log(opt.update(new Float32Array([5, -5]), opt.init(new Float32Array(2)))[0]); // ≈ [-1e-3, 1e-3]
 * ```
 */
export function adam(options: { lr: Scheduled; beta1?: number; beta2?: number; eps?: number }): GradientTransformation<[AdamState, ScheduledState]> {
  const keys = ['lr', 'beta1', 'beta2', 'eps'];
  const o = checkHyper('adam', options, keys);
  const lr = checkScheduled('adam', 'options.lr', o.lr);
  const { beta1, beta2, eps } = adamHyper('adam', o, keys);
  // a constant rate steps through the fused op (same bits); a schedule keeps the chain
  const named = chainAs('adam', scaleByAdamAs('adam', { beta1, beta2, eps }), scaleByLearningRate(lr));
  if (typeof lr === 'number') return recipe('adam', false, fusedAdam(lr, { beta1, beta2, eps }, named as never) as GradientTransformation<[AdamState, ScheduledState]>);
  return recipe('adam', false, named);
}

/**
 * AdamW: Adam with decoupled weight decay, updates = −lr·(m̂/(√v̂ + ε) + weightDecay·params).
 * @param options as adam, plus weightDecay ≥ 0 (default 1e-4; a number or a schedule).
 * @returns the optimizer; its update needs params.
 * @throws {RangeError} a hyperparameter out of range.
 * @example
 * ```ts
 * import { adamw } from 'sublinear/optim';
 * const opt = adamw({ lr: 1e-3, weightDecay: 0.01 }), p = new Float64Array([1, 2]);
 * const [u] = opt.update(new Float64Array([0, 0]), opt.init(p), p); // [-1e-5, -2e-5]
 * ```
 */
export function adamw(options: { lr: Scheduled; beta1?: number; beta2?: number; eps?: number; weightDecay?: Scheduled }): GradientTransformation<[AdamState, ScheduledState, ScheduledState]> {
  const keys = ['lr', 'beta1', 'beta2', 'eps', 'weightDecay'];
  const o = checkHyper('adamw', options, keys);
  const lr = checkScheduled('adamw', 'options.lr', o.lr);
  const wd = checkScheduled('adamw', 'options.weightDecay', o.weightDecay ?? 1e-4, true);
  const { beta1, beta2, eps } = adamHyper('adamw', o, keys);
  return recipe('adamw', true, chainAs('adamw', scaleByAdamAs('adamw', { beta1, beta2, eps }), addDecayedWeights(wd), scaleByLearningRate(lr)));
}

/**
 * RMSprop: updates = −lr·g/√(v + ε), v the EMA of g²: chain(scaleByRms, scaleByLearningRate) with the
 * same state and bits, stepped in one pass by the fused `rmsprop` op of sublinear/core when lr is a number.
 * @param options lr > 0, decay in [0, 1) (0.9), eps ≥ 0 (1e-8).
 * @returns the optimizer.
 * @throws {RangeError} a hyperparameter out of range.
 * @example
 * ```ts
 * import { rmsprop } from 'sublinear/optim';
 * const opt = rmsprop({ lr: 1e-3, decay: 0.9 });
 * console.log(opt.update(new Float64Array([1]), opt.init(new Float64Array(1)))[0]);
 * ```
 */
export function rmsprop(options: { lr: Scheduled; decay?: number; eps?: number }): GradientTransformation<[RmsState, ScheduledState]> {
  const o = checkHyper('rmsprop', options, ['lr', 'decay', 'eps']);
  const lr = checkScheduled('rmsprop', 'options.lr', o.lr);
  const named = chainAs('rmsprop', scaleByRmsAs('rmsprop', { decay: o.decay, eps: o.eps }), scaleByLearningRate(lr));
  // a constant rate steps through the fused op (same bits); a schedule keeps the chain
  if (typeof lr === 'number') return recipe('rmsprop', false, fusedRmsprop(lr, o.decay ?? 0.9, o.eps ?? 1e-8, named as never) as GradientTransformation<[RmsState, ScheduledState]>);
  return recipe('rmsprop', false, named);
}

/**
 * SONew: updates = −lr·(graft(X m̂) + weightDecay·params), X the banded LogDet inverse of the
 * EMA of g gᵀ (see scaleBySonew). Defaults: band 1, β₁ 0.9, β₂ 0.999, ε 1e-8, graft 'adam',
 * weightDecay 0.
 * @param options lr > 0 and the SonewOptions, plus weightDecay ≥ 0 (each a number or a schedule).
 * @returns the optimizer (its update needs params when weightDecay is not 0).
 * @throws {RangeError} a hyperparameter out of range. @throws {TypeError} graft not 'adam' | 'none'.
 * @example
 * ```ts
 * import { applyUpdates, sonew } from 'sublinear/optim';
 * const opt = sonew({ lr: 1e-2, band: 4 }), p = new Float32Array(10).fill(1);
 * let state = opt.init(p);
 * for (let step = 0; step < 3; step++) {
 *   const g = p.map((x, i) => x * (i + 1)); // gradient of Σ (i+1) x²/2
 *   const [u, next] = opt.update(g, state, p);
 *   applyUpdates(p, u);
 *   state = next;
 * }
 * ```
 */
export function sonew(options: SonewOptions & { lr: Scheduled; weightDecay?: Scheduled }): GradientTransformation<[SonewState]> {
  const o = checkHyper('sonew', options, [...SONEW_KEYS, 'lr', 'weightDecay']);
  const lr = checkScheduled('sonew', 'options.lr', o.lr);
  const wd = checkScheduled('sonew', 'options.weightDecay', o.weightDecay ?? 0, true);
  // chain(scaleBySonew, addDecayedWeights(wd), scaleByLearningRate(lr)) with the last two folded
  // into SONew's graft pass (same updates, one pass over the parameters instead of three).
  const needsParams = typeof wd !== 'number' || wd > 0;
  return recipe('sonew', needsParams, chainAs('sonew', sonewTransform('sonew', { band: o.band, beta1: o.beta1, beta2: o.beta2, eps: o.eps, graft: o.graft }, lr, wd, -1)));
}
