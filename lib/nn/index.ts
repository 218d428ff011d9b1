/**
 * `sublinear/nn`: small neural networks on typed arrays with flat parameter vectors.
 * @packageDocumentation
 * @module sublinear/nn
 */
export type { LayerLayout, LayerView, MlpOptions } from './mlp/mlp.js';
export { Mlp } from './mlp/mlp.js';
export type { NamedTensors, OptimizerStep, TrainMlpOptions, TrainMlpResult } from './mlp/train-mlp.js';
export { trainMlp } from './mlp/train-mlp.js';
export type { ActiveStats, GaussNewtonOptions, ImplicitUpdate, ProgressCallback, SgdOptions, StepResult, StepTimings, TrainerOptions } from './two-layer/trainer-types.js';
export type { KroneckerInputs, SgdInputs } from './two-layer/inputs.js';
export { defaultThreshold, predictedActive } from './two-layer/shifted-relu.js';
export { maxWidth } from './two-layer/limits.js';
export { SparseGaussNewton } from './two-layer/sparse-gauss-newton.js';
export { DenseGaussNewton } from './two-layer/dense-gauss-newton.js';
export { KroneckerSGD } from './two-layer/kronecker-sgd.js';
export { DenseSGD } from './two-layer/dense-sgd.js';
export type { InitialLeavesOptions } from './two-layer/build-leaves.js';
export { initialLeaves } from './two-layer/build-leaves.js';
export { MAX_BUILD_WORK } from './two-layer/initial-leaves.js';
