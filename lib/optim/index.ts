/**
 * `sublinear/optim`: optax-style gradient transformations over flat Float32Array/Float64Array
 * parameter vectors (or named tensors): init/update pairs with plain-data states, `chain`, building
 * blocks (scaleByAdam, scaleByRms, trace, scaleBySonew, …) and recipes (sgd, momentum, adam, adamw,
 * rmsprop, sonew).
 * @packageDocumentation
 */
export type { GradientTransformation, NamedParams, Params, StateOf } from './transform.js';
export { applyUpdates, chain } from './transform.js';
export type { EmptyState, TraceState } from './elementwise.js';
export { addDecayedWeights, clipByGlobalNorm, scale, scaleByLearningRate, trace } from './elementwise.js';
export type { AdamOptions, AdamState, RmsState } from './adaptive.js';
export { scaleByAdam, scaleByRms } from './adaptive.js';
export type { SonewOptions, SonewState } from './sonew.js';
export { scaleBySonew } from './sonew.js';
export { adam, adamw, momentum, rmsprop, sgd, sonew } from './recipes.js';
export type { NamedState } from './named.js';
export { multiTransform, perTensor } from './named.js';
export type { ShampooOptions, ShampooState } from './shampoo.js';
export { scaleByShampoo, shampoo } from './shampoo.js';
export type { GaloreOptions, GaloreState } from './galore.js';
export { galore } from './galore.js';
export type { TensorShape } from './structured-checks.js';
