/**
 * `sublinear/tfjs`: TensorFlow.js interop. Tensors to and from `Matrix` and typed arrays (shared
 * where tfjs allows), any `sublinear/optim` transformation as a `tf.Optimizer`, and a tfjs model's
 * gradients as a stream of gradient events. tfjs is an optional peer dependency: this module loads
 * none of it (type-only imports); every function that needs it takes your `tf` namespace.
 * @packageDocumentation
 */
export type { TfNamespace } from './tf-types.js';
export type { ConvertOptions } from './convert.js';
export { arrayToTensor, matrixToTensor, tensorToArray, tensorToMatrix } from './convert.js';
export type { SublinearTfOptimizer, TfjsRecipe } from './optimizer.js';
export { TFJS_OPTIMIZER_CLASS_NAME, tfjsOptimizer } from './optimizer.js';
export type { FromTfjsModelOptions, TfjsGradientEvent, TfjsSlot } from './gradient-source.js';
export { fromTfjsModel } from './gradient-source.js';
