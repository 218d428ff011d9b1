/**
 * The `adam` recipe's transformation: chain(scaleByAdam, scaleByLearningRate) computed by the fused
 * `adam` op of sublinear/core (one pass, wasm by default, writing the chain's update array directly)
 * whenever the grads and the state are the plain typed arrays of one dtype that the chain would
 * accept, with the same bits; anything else (another shape of state, mixed dtypes) runs the chain
 * itself, errors included. When the parameters are resident (wasmArray), its init puts the moments in
 * the wasm memory too, so the wasm op steps them in place.
 */
import { adam as adamOp } from '../core/kernels/ops.js';
import { residentZerosLike } from '../core/wasm-array.js';
import { scaleByAdam, type AdamOptions, type AdamState } from './adaptive.js';
import { scaleByLearningRate, type EmptyState } from './elementwise.js';
import { applyUpdates, chain, type GradientTransformation, type Params } from './transform.js';

/** True for a Float32Array or Float64Array. */
export const isParams = (v: unknown): v is Params => v instanceof Float32Array || v instanceof Float64Array;

/** Whether `arrays` are all of `grads`' type and length. */
export const likeGrads = (grads: Params, ...arrays: unknown[]): boolean =>
  arrays.every((a) => isParams(a) && a.constructor === grads.constructor && a.length === grads.length);

/** update then applyUpdates: what a fused step computes, for the inputs it does not take. */
export function stepByUpdate<S>(t: GradientTransformation<S>, params: Params, grads: Params, state: S): S {
  const [updates, next] = t.update(grads, state, params);
  applyUpdates(params, updates);
  return next;
}

/** The state when the fused op can take the step: [{ count, mu, nu }, {}] over arrays like `grads`; else undefined. */
function fusable(grads: unknown, state: unknown): AdamState | undefined {
  if (!isParams(grads) || !Array.isArray(state) || state.length !== 2) return undefined;
  const s = state[0] as Partial<AdamState> | null;
  if (s === null || typeof s !== 'object' || !likeGrads(grads, s.mu, s.nu)) return undefined;
  if (typeof s.count !== 'number' || !Number.isInteger(s.count) || s.count < 0) return undefined;
  return s as AdamState;
}

/**
 * chain(scaleByAdam(options), scaleByLearningRate(lr)), stepped by the fused `adam` op where possible.
 * @param lr - the learning rate (validated by the caller). @param options - beta1, beta2, eps (validated).
 * @returns the transformation, with the chain's state, results and errors.
 * @throws nothing itself; its update throws what the chain's update throws.
 * @example
 * ```ts
 * import { adam } from 'sublinear/optim';
 * const opt = adam({ lr: 0.1 }), p = new Float64Array([1, 2]);
 * console.log(opt.update(new Float64Array([0.5, 0]), opt.init(p), p)[0]); // ≈ [-0.1, -0]: the chain's bits, −0 included
 * ```
 */
export function fusedAdam(
  lr: number, options: Required<AdamOptions>,
  inner: GradientTransformation<[AdamState, EmptyState]> = chain(scaleByAdam(options), scaleByLearningRate(lr)),
): GradientTransformation<[AdamState, EmptyState]> {
  const { beta1, beta2, eps } = options;
  return {
    init(params) {
      const state = inner.init(params);
      if (isParams(params)) { state[0].mu = residentZerosLike(params, state[0].mu); state[0].nu = residentZerosLike(params, state[0].nu); }
      return state;
    },
    ...(inner.validate ? { validate: inner.validate } : {}),
    update(grads, state, params) {
      const s = fusable(grads, state);
      if (s === undefined) return inner.update(grads, state, params);
      const n = grads.length, count = s.count + 1, out = grads instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
      adamOp(n, lr, beta1, beta2, eps, count, out, 0, grads, 0, s.mu, 0, s.nu, 0, false);
      s.count = count;
      return [out, [s, state[1]]];
    },
    step(params, grads, state) {
      const s = fusable(grads, state);
      if (s === undefined || !likeGrads(grads, params)) return stepByUpdate(inner, params, grads, state);
      const count = s.count + 1;
      adamOp(grads.length, lr, beta1, beta2, eps, count, params, 0, grads, 0, s.mu, 0, s.nu, 0, true);
      s.count = count;
      return [s, state[1]];
    },
  };
}
