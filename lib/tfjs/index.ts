/**
 * `sublinear/tfjs`: TensorFlow.js interop. Tensors to and from `Matrix` and typed arrays (shared
 * where tfjs allows) and any `sublinear/optim` transformation as a `tf.Optimizer`; a tfjs model's
 * gradients as a stream is `fromTfjsModel` in `sublinear/streams`. tfjs is an optional peer
 * dependency: this module loads none of it (type-only imports); every function that needs it takes
 * your `tf` namespace.
 * @packageDocumentation
 * @module sublinear/tfjs
 */
export type { TfNamespace, TfTensor, TfVariable } from './tf-types.js';
export type { ConvertOptions } from './convert.js';
export { arrayToTensor, matrixToTensor, tensorToArray, tensorToMatrix } from './convert.js';
export type { SublinearTfOptimizer, TfjsRecipe } from './optimizer.js';
export { TFJS_OPTIMIZER_CLASS_NAME, tfjsOptimizer } from './optimizer.js';
