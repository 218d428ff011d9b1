import { checkOneOf, invalidRange, invalidType } from '../core/errors.js';
import { adam, adamw, momentum, rmsprop, sgd, sonew } from '../optim/recipes.js';
import type { GradientTransformation, Params } from '../optim/transform.js';
import { stateFromValues, stateToTensors } from './state-tensors.js';
import { checkTf, type TfConfigDict, type TfNamedTensor, type TfNamedTensorMap, type TfNamespace, type TfOptimizer, type TfTensor, type TfVariable } from './tf-types.js';

const RECIPES = { sgd, momentum, adam, adamw, rmsprop, sonew } as const;

/** A recipe of `sublinear/optim` by name, with plain-data options (schedules as ScheduleSpec): serializable. */
export interface TfjsRecipe {
  recipe: keyof typeof RECIPES;
  options: Record<string, unknown>;
}

/** The optimizer tfjsOptimizer returns: a tf.Optimizer whose state is the transform's plain data. */
export interface SublinearTfOptimizer extends TfOptimizer {
  /** The transform's state per variable name (plain data, live: clone it to keep a copy). */
  getState(): Record<string, unknown>;
  /** Replaces the state (e.g. a structured clone taken earlier); validated at the next step. */
  setState(state: Record<string, unknown>): void;
}

/** The registered class name (`tf.serialization.registerClass`). */
export const TFJS_OPTIMIZER_CLASS_NAME = 'SublinearOptimizer';

const classes = new WeakMap<object, new (t: GradientTransformation<unknown>, recipe: TfjsRecipe | null) => SublinearTfOptimizer>();

function toTransform(fn: string, spec: unknown): [GradientTransformation<unknown>, TfjsRecipe | null] {
  const s = spec as Partial<GradientTransformation<unknown> & TfjsRecipe> | null;
  if (s !== null && typeof s === 'object' && typeof s.init === 'function' && typeof s.update === 'function') return [s as GradientTransformation<unknown>, null];
  if (s !== null && typeof s === 'object' && 'recipe' in s) {
    const name = checkOneOf(fn, 'transform.recipe', s.recipe, Object.keys(RECIPES) as (keyof typeof RECIPES)[]);
    const options = structuredClone(s.options ?? {}); // plain data only: a function here throws a DataCloneError
    return [(RECIPES[name] as (o: unknown) => GradientTransformation<unknown>)(options), { recipe: name, options }];
  }
  throw invalidType(fn, 'transform', "a GradientTransformation { init, update } or a recipe { recipe: 'sonew', options: { lr: 1e-3 } }", spec);
}

function optimizerClass(tf: TfNamespace) {
  const cached = classes.get(tf.Optimizer);
  if (cached) return cached;
  class SublinearOptimizer extends tf.Optimizer implements SublinearTfOptimizer {
    static className = TFJS_OPTIMIZER_CLASS_NAME;
    private state: Record<string, unknown> = {};
    constructor(private readonly transform: GradientTransformation<unknown>, private readonly recipe: TfjsRecipe | null) { super(); }

    applyGradients(variableGradients: TfNamedTensorMap | TfNamedTensor[]): void {
      const fn = 'tfjsOptimizer.applyGradients';
      const pairs = Array.isArray(variableGradients) ? variableGradients.map((n) => [n.name, n.tensor] as const) : Object.entries(variableGradients);
      const registered = tf.engine().registeredVariables;
      const work: [TfVariable, TfTensor][] = [];
      for (const [name, grad] of pairs) {
        if (grad == null) continue;
        const v = registered[name];
        if (v === undefined) throw invalidRange(fn, `variableGradients['${name}']`, 'the gradient of a registered tf.Variable', name);
        if (!v.trainable) continue;
        if (v.dtype !== 'float32' || grad.dtype !== 'float32') throw invalidType(fn, `variableGradients['${name}']`, 'float32 (variable and gradient)', `${v.dtype}/${grad.dtype}`);
        if (grad.size !== v.size) throw invalidRange(fn, `variableGradients['${name}'].shape`, `[${v.shape.join(', ')}] (the variable's shape)`, `[${grad.shape.join(', ')}]`);
        work.push([v, grad]);
      }
      for (const [v, grad] of work) {
        const params = v.dataSync() as Float32Array, grads = grad.dataSync() as Float32Array;
        const [updates, next] = this.transform.update(grads, this.state[v.name] ?? this.transform.init(params), params);
        const value = Float32Array.from(params);
        for (let i = 0; i < value.length; i++) value[i] += (updates as Params)[i];
        tf.tidy(() => v.assign(tf.tensor(value, v.shape, 'float32')));
        this.state[v.name] = next;
      }
      this.incrementIterations();
    }

    getState(): Record<string, unknown> { return this.state; }
    setState(state: Record<string, unknown>): void {
      if (state === null || typeof state !== 'object' || Array.isArray(state)) throw invalidType('tfjsOptimizer.setState', 'state', 'a record of per-variable states', state);
      this.state = { ...state };
    }

    override async getWeights(): Promise<TfNamedTensor[]> {
      return [await this.saveIterations(), ...Object.entries(this.state).flatMap(([name, s]) => stateToTensors(tf, name, s))];
    }
    override async setWeights(weightValues: TfNamedTensor[]): Promise<void> {
      const rest = await this.extractIterations(weightValues);
      const values = new Map<string, Float32Array>();
      for (const w of rest) values.set(w.name, Float32Array.from(await w.tensor.data()));
      const next: Record<string, unknown> = {};
      for (const v of Object.values(tf.engine().registeredVariables)) {
        const template = this.state[v.name] ?? this.transform.init(v.dataSync() as Float32Array);
        const s = stateFromValues(template, v.name, values);
        if (s !== undefined) next[v.name] = s;
      }
      this.state = next;
    }

    getConfig(): TfConfigDict {
      if (this.recipe === null) return { transform: 'custom: rebuild with tfjsOptimizer(tf, transform), then setWeights' };
      return { recipe: this.recipe.recipe, options: this.recipe.options as TfConfigDict };
    }
    static override fromConfig<T>(cls: new (t: GradientTransformation<unknown>, r: TfjsRecipe | null) => T, config: TfConfigDict): T {
      if (!('recipe' in config)) throw invalidType('SublinearOptimizer.fromConfig', 'config', "a recipe config ({ recipe, options }); a custom transform cannot be rebuilt from config: call tfjsOptimizer(tf, transform) and setWeights", config);
      return new cls(...toTransform('SublinearOptimizer.fromConfig', config));
    }
  }
  tf.serialization.registerClass(SublinearOptimizer as never);
  classes.set(tf.Optimizer, SublinearOptimizer);
  return SublinearOptimizer;
}

/**
 * Any `sublinear/optim` transformation (sonew, adam, a chain, …) as a `tf.Optimizer`, for
 * `optimizer.minimize(f)` and tfjs-layers' `model.compile({ optimizer })` / `model.fit`. Each
 * variable is optimized separately (its own state: plain data kept per variable name, see getState)
 * with its float32 values as params; the update is added in float32, exactly as applyUpdates does.
 * The class is registered with tfjs as 'SublinearOptimizer'; a recipe given by name
 * (`{ recipe: 'sonew', options }`) round-trips through getConfig/fromConfig, a custom transform
 * through getWeights/setWeights after rebuilding it.
 * @param tf the tfjs namespace (`import * as tf from '@tensorflow/tfjs'`): this package never loads tfjs itself.
 * @param transform a flat GradientTransformation, or `{ recipe, options }` with plain-data options.
 * @returns the optimizer.
 * @throws {TypeError} tf not the tfjs namespace, transform neither. @throws {RangeError} an unknown recipe or bad options.
 * At a step: TypeError for non-float32 variables, RangeError for an unknown variable or a gradient of another shape.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { sonew } from 'sublinear/optim';
 * import { tfjsOptimizer } from 'sublinear/tfjs';
 * const w = tf.variable(tf.tensor([3, -2]));
 * const opt = tfjsOptimizer(tf, sonew({ lr: 0.1, band: 1 }));
 * // the gradient of ½‖w‖² is w itself (tfjs-core alone registers no gradients; @tensorflow/tfjs does)
 * opt.applyGradients({ [w.name]: w.clone() });
 * console.log(w.dataSync(), Object.keys(opt.getState())); // moved towards 0; one state per variable
 * ```
 */
export function tfjsOptimizer(tf: TfNamespace, transform: GradientTransformation<any, Params> | TfjsRecipe): SublinearTfOptimizer {
  checkTf('tfjsOptimizer', tf);
  const Cls = optimizerClass(tf);
  return new Cls(...toTransform('tfjsOptimizer', transform));
}
