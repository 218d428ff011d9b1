/**
 * The `adam` recipe's transformation: chain(scaleByAdam, scaleByLearningRate) computed by the fused
 * `adam` op of sublinear/core (one pass, wasm by default) whenever the grads and the state are the
 * plain typed arrays of one dtype that the chain would accept, with the same bits; anything else
 * (another shape of state, mixed dtypes, float32 with eps = 0) runs the chain itself, errors included.
 */
import { adam as adamOp } from '../core/kernels/ops.js';
import { scaleByAdam, type AdamOptions, type AdamState } from './adaptive.js';
import { scaleByLearningRate, type EmptyState } from './elementwise.js';
import { chain, type GradientTransformation, type Params } from './transform.js';

const isParams = (v: unknown): v is Params => v instanceof Float32Array || v instanceof Float64Array;

/** The state when the fused op can take the step: [{ count, mu, nu }, {}] over arrays like `grads`; else undefined. */
function fusable(grads: unknown, state: unknown, eps: number): AdamState | undefined {
  if (!isParams(grads) || !Array.isArray(state) || state.length !== 2) return undefined;
  const s = state[0] as Partial<AdamState> | null;
  if (s === null || typeof s !== 'object' || !isParams(s.mu) || !isParams(s.nu)) return undefined;
  const T = grads.constructor;
  if (s.mu.constructor !== T || s.nu.constructor !== T || s.mu.length !== grads.length || s.nu.length !== grads.length) return undefined;
  if (typeof s.count !== 'number' || !Number.isInteger(s.count) || s.count < 0) return undefined;
  // float32 with eps = 0: whether √v̂ + ε > 0 is not recoverable from the rounded v (see signZeros)
  if (grads instanceof Float32Array && !(eps > 0)) return undefined;
  return s as AdamState;
}

/**
 * The fused op writes 0 + u into a zeroed array, which is +0 where the chain's update u = −lr·d is
 * −0 (d = +0: a coordinate that never moved). Restores the chain's sign: u is −0 when d is +0 (no
 * positive √v̂ + ε, or m ≥ +0) and +0 when d is −0 (m negative or −0).
 */
function signZeros(out: Params, mu: Params, nu: Params, eps: number): void {
  for (let i = 0; i < out.length; i++) {
    if (out[i] !== 0) continue;
    const positive = eps > 0 ? !Number.isNaN(nu[i]) : nu[i] > 0, m = mu[i];
    out[i] = positive && (m < 0 || Object.is(m, -0)) ? 0 : -0;
  }
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
export function fusedAdam(lr: number, options: Required<AdamOptions>): GradientTransformation<[AdamState, EmptyState]> {
  const { beta1, beta2, eps } = options;
  const inner = chain(scaleByAdam(options), scaleByLearningRate(lr));
  return {
    init: inner.init,
    update(grads, state, params) {
      const s = fusable(grads, state, eps);
      if (s === undefined) return inner.update(grads, state, params);
      const n = grads.length, count = s.count + 1, out = grads instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
      adamOp(n, lr, beta1, beta2, eps, count, out, 0, grads, 0, s.mu, 0, s.nu, 0);
      signZeros(out, s.mu, s.nu, eps);
      s.count = count;
      return [out, [s, state[1]]];
    },
  };
}
