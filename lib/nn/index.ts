/**
 * `sublinear/nn`: small neural networks on typed arrays with flat parameter vectors.
 * @packageDocumentation
 */
export type { LayerLayout, LayerView, MlpOptions } from './mlp.js';
export { Mlp } from './mlp.js';
export type { NamedTensors, OptimizerStep, TrainMlpOptions, TrainMlpResult } from './train-mlp.js';
export { trainMlp } from './train-mlp.js';
