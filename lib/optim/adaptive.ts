import { checkCount, checkDecay, checkHyper, checkNonNegative, checkParams, checkStateArray, zerosLike } from './checks.js';
import type { GradientTransformation, Params } from './transform.js';

/** State of scaleByAdam. */
export interface AdamState {
  /** Steps taken so far (bias corrections use count + 1 at the next step). */
  count: number;
  /** First moment m ← β₁m + (1−β₁)g, one entry per parameter. */
  mu: Params;
  /** Second moment v ← β₂v + (1−β₂)g², one entry per parameter. */
  nu: Params;
}

/** Hyperparameters of scaleByAdam (defaults β₁ 0.9, β₂ 0.999, ε 1e-8). */
export interface AdamOptions { beta1?: number; beta2?: number; eps?: number }

/** Validated Adam hyperparameters with defaults. */
export function adamHyper(fn: string, options: AdamOptions | undefined, knownKeys: readonly string[] = ['beta1', 'beta2', 'eps']): Required<AdamOptions> {
  const o = checkHyper(fn, options, knownKeys);
  return {
    beta1: checkDecay(fn, 'options.beta1', o.beta1 ?? 0.9),
    beta2: checkDecay(fn, 'options.beta2', o.beta2 ?? 0.999),
    eps: checkNonNegative(fn, 'options.eps', o.eps ?? 1e-8),
  };
}

/**
 * Adam's direction m̂ / (√v̂ + ε) with bias-corrected moments m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
 * @param options beta1, beta2 in [0, 1), eps ≥ 0.
 * @returns the transformation.
 * @throws {RangeError} a hyperparameter out of range. @throws {TypeError} options not an object.
 * @example
 * ```ts
 * import { scaleByAdam } from 'sublinear/optim';
 * const t = scaleByAdam();
 * const [u] = t.update(new Float64Array([0.3, -2]), t.init(new Float64Array(2)));
 * console.log(u); // ≈ [1, -1]: the first step is sign(g)
 * ```
 */
export function scaleByAdam(options?: AdamOptions): GradientTransformation<AdamState> {
  return scaleByAdamAs('scaleByAdam', options);
}

/** scaleByAdam validating as `fn` (adam and adamw name themselves in their errors). */
export function scaleByAdamAs(fn: string, options: AdamOptions | undefined): GradientTransformation<AdamState> {
  const { beta1, beta2, eps } = adamHyper(fn, options);
  const validate = (grads: Params, state: AdamState) => {
    checkParams(`${fn}.update`, 'grads', grads);
    checkStateArray(`${fn}.update`, state, 'mu', grads.length);
    checkStateArray(`${fn}.update`, state, 'nu', grads.length);
    checkCount(`${fn}.update`, state);
  };
  return {
    init: (params) => { checkParams(`${fn}.init`, 'params', params); return { count: 0, mu: zerosLike(params), nu: zerosLike(params) }; },
    validate,
    update(grads, state) {
      validate(grads, state);
      const count = state.count + 1;
      const c1 = 1 / (1 - beta1 ** count), c2 = 1 / (1 - beta2 ** count);
      const { mu, nu } = state, out = zerosLike(grads), a1 = 1 - beta1, a2 = 1 - beta2;
      for (let i = 0; i < grads.length; i++) {
        const g = grads[i];
        const m = beta1 * mu[i] + a1 * g, v = beta2 * nu[i] + a2 * g * g;
        mu[i] = m; nu[i] = v;
        const d = Math.sqrt(v * c2) + eps;
        out[i] = d > 0 ? (m * c1) / d : 0; // eps = 0 and a coordinate never moved: 0, not 0/0
      }
      state.count = count;
      return [out, state];
    },
  };
}

/** State of scaleByRms. */
export interface RmsState {
  /** v ← decay·v + (1−decay)g², one entry per parameter (starts at 0). */
  nu: Params;
}

/**
 * RMSprop's direction g / √(v + ε), v the EMA of g².
 * @param options decay in [0, 1) (default 0.9), eps ≥ 0 (default 1e-8).
 * @returns the transformation.
 * @throws {RangeError} a hyperparameter out of range. @throws {TypeError} options not an object.
 * @example
 * ```ts
 * import { scaleByRms } from 'sublinear/optim';
 * const t = scaleByRms({ decay: 0.75, eps: 0 });
 * console.log(t.update(new Float64Array([2]), t.init(new Float64Array(1)))[0]); // [2]: g/√(0.25·g²)
 * ```
 */
export function scaleByRms(options?: { decay?: number; eps?: number }): GradientTransformation<RmsState> {
  return scaleByRmsAs('scaleByRms', options);
}

/** scaleByRms, validating its options as `fn` (rmsprop shares it). */
export function scaleByRmsAs(fn: string, options: { decay?: number; eps?: number } | undefined, knownKeys: readonly string[] = ['decay', 'eps']): GradientTransformation<RmsState> {
  const o = checkHyper(fn, options, knownKeys);
  const decay = checkDecay(fn, 'options.decay', o.decay ?? 0.9);
  const eps = checkNonNegative(fn, 'options.eps', o.eps ?? 1e-8);
  const update = `${fn}.update`;
  const validate = (grads: Params, state: RmsState) => {
    checkParams(update, 'grads', grads);
    checkStateArray(update, state, 'nu', grads.length);
  };
  return {
    init: (params) => ({ nu: zerosLike(checkParams(`${fn}.init`, 'params', params)) }),
    validate,
    update(grads, state) {
      validate(grads, state);
      const nu = state.nu, out = zerosLike(grads), a = 1 - decay;
      for (let i = 0; i < grads.length; i++) {
        const g = grads[i], v = decay * nu[i] + a * g * g;
        nu[i] = v;
        const d = Math.sqrt(v + eps);
        out[i] = d > 0 ? g / d : 0;
      }
      return [out, state];
    },
  };
}
