/**
 * `sublinear/nn`: small neural networks on typed arrays with flat parameter vectors.
 * @packageDocumentation
 */
export type { LayerLayout, LayerView, MlpOptions } from './mlp.js';
export { Mlp } from './mlp.js';
export type { NamedTensors, OptimizerStep, TrainMlpOptions, TrainMlpResult } from './train-mlp.js';
export { trainMlp } from './train-mlp.js';
export type { ActiveStats, GaussNewtonOptions, ImplicitUpdate, SgdOptions, StepResult, StepTimings, TrainerOptions } from './trainerTypes.js';
export type { KroneckerInputs } from './inputs.js';
export { defaultThreshold, predictedActive } from './shiftedRelu.js';
export { SparseGaussNewton } from './sparseGaussNewton.js';
export { DenseGaussNewton } from './denseGaussNewton.js';
export { KroneckerSGD } from './kroneckerSgd.js';
export { DenseSGD } from './denseSgd.js';
