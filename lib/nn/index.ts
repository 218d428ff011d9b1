/**
 * `sublinear/nn`: neural networks and trainers.
 * @packageDocumentation
 */
export type { ActiveStats, GaussNewtonOptions, ImplicitUpdate, SgdOptions, StepResult, StepTimings, TrainerOptions } from './trainerTypes.js';
export type { KroneckerInputs } from './inputs.js';
export { defaultThreshold, predictedActive } from './shiftedRelu.js';
export { SparseGaussNewton } from './sparseGaussNewton.js';
export { DenseGaussNewton } from './denseGaussNewton.js';
