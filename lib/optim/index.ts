/**
 * `sublinear/optim`: optax-style gradient transformations over flat Float32Array/Float64Array
 * parameter vectors (or named tensors): init/update pairs with plain-data states, `chain`, building
 * blocks (scaleByAdam, scaleByRms, trace, scaleBySonew, …) and recipes (sgd, momentum, adam, adamw,
 * rmsprop, sonew), schedules of the step as plain data, applyIfFinite and multiSteps.
 * @packageDocumentation
 * @module sublinear/optim
 */
export type { GradientTransformation, NamedParams, Params, StateOf } from './transform.js';
export { applyUpdates, chain } from './transform.js';
export { applyStep } from './apply-step.js';
export type { EmptyState, TraceState } from './elementwise.js';
export { addDecayedWeights, clipByGlobalNorm, scale, scaleByLearningRate, trace } from './elementwise.js';
export type { AdamOptions, AdamState, RmsState } from './adaptive.js';
export { scaleByAdam, scaleByRms } from './adaptive.js';
export type { SonewOptions, SonewState } from './sonew.js';
export { scaleBySonew } from './sonew.js';
export { adam, adamw, momentum, rmsprop, sgd, sonew } from './recipes.js';
export type { NamedState } from './named.js';
export { multiTransform, perTensor } from './named.js';
export type { Schedule, ScheduleSpec, Scheduled } from './schedules.js';
export { scheduleValue } from './schedules.js';
export { constantSchedule, cosineDecaySchedule, joinSchedules, linearSchedule, piecewiseConstantSchedule, warmupCosineDecaySchedule } from './schedule-factories.js';
export type { ScheduleState } from './scale-by-schedule.js';
export { scaleBySchedule } from './scale-by-schedule.js';
export type { ScheduledState } from './recipes.js';
export type { ApplyIfFiniteState } from './apply-if-finite.js';
export { applyIfFinite } from './apply-if-finite.js';
export type { MultiStepsState } from './multi-steps.js';
export { multiSteps } from './multi-steps.js';
export type { ShampooOptions, ShampooState } from './shampoo.js';
export { scaleByShampoo, shampoo } from './shampoo.js';
export type { GaloreOptions, GaloreState } from './galore.js';
export { galore } from './galore.js';
export type { TensorShape } from './structured-checks.js';
