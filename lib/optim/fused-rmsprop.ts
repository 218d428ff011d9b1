/**
 * The `rmsprop` recipe's transformation for a constant learning rate: chain(scaleByRms,
 * scaleByLearningRate) computed by the fused `rmsprop` op of sublinear/core (one pass, wasm by
 * default, writing the chain's update array directly) whenever the grads and the state are plain
 * typed arrays of one dtype, with the same bits; anything else runs the chain itself, errors
 * included. When the parameters are resident (wasmArray), its init puts the second moment there too.
 */
import { rmsprop as rmspropOp } from '../core/kernels/ops.js';
import { residentZerosLike } from '../core/wasm-array.js';
import type { RmsState } from './adaptive.js';
import type { EmptyState } from './elementwise.js';
import { isParams, likeGrads, stepByUpdate } from './fused-adam.js';
import type { GradientTransformation } from './transform.js';

/**
 * `inner` (chain(scaleByRms({ decay, eps }), scaleByLearningRate(lr))), stepped by the fused op where possible.
 * @param lr - the learning rate. @param decay - ρ. @param eps - ε (all validated by the caller). @param inner - the chain.
 * @returns the transformation, with the chain's state, results and errors.
 * @throws nothing itself; its update throws what the chain's update throws.
 * @example
 * ```ts
 * import { rmsprop } from 'sublinear/optim';
 * const opt = rmsprop({ lr: 0.01, decay: 0.75, eps: 0 });
 * console.log(opt.update(new Float64Array([2]), opt.init(new Float64Array(1)))[0]); // [-0.02]
 * ```
 */
export function fusedRmsprop(lr: number, decay: number, eps: number, inner: GradientTransformation<[RmsState, EmptyState]>): GradientTransformation<[RmsState, EmptyState]> {
  return {
    init(params) {
      const state = inner.init(params);
      if (isParams(params)) state[0].nu = residentZerosLike(params, state[0].nu);
      return state;
    },
    ...(inner.validate ? { validate: inner.validate } : {}),
    update(grads, state, params) {
      const s = Array.isArray(state) && state.length === 2 ? state[0] as Partial<RmsState> | null : null;
      if (!isParams(grads) || s === null || typeof s !== 'object' || !likeGrads(grads, s.nu)) return inner.update(grads, state, params);
      const n = grads.length, out = grads instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
      rmspropOp(n, lr, decay, eps, out, 0, grads, 0, (s as RmsState).nu, 0, false);
      return [out, [s as RmsState, state[1]]];
    },
    step(params, grads, state) {
      const s = Array.isArray(state) && state.length === 2 ? state[0] as Partial<RmsState> | null : null;
      if (!isParams(grads) || s === null || typeof s !== 'object' || !likeGrads(grads, s.nu, params)) return stepByUpdate(inner, params, grads, state);
      rmspropOp(grads.length, lr, decay, eps, params, 0, grads, 0, (s as RmsState).nu, 0, true);
      return [s as RmsState, state[1]];
    },
  };
}
