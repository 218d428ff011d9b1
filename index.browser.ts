/**
 * `sublinear` for browsers (the `browser` export condition of the root entry): every module as a
 * namespace, as in index.ts, but for `workers`, the Node-only pool (Piscina threads). The subpaths
 * (`sublinear/core`, `sublinear/maxtree`, …) are the lighter imports.
 * @packageDocumentation
 */
export * as core from './lib/core/index.js';
export * as cuda from './lib/cuda/index.js';
export * as data from './lib/data/index.js';
export * as kron from './lib/kron/index.js';
export * as logdet from './lib/logdet/index.js';
export * as maxtree from './lib/maxtree/index.js';
export * as nn from './lib/nn/index.js';
export * as optim from './lib/optim/index.js';
export * as sketch from './lib/sketch/index.js';
export * as streams from './streams/index.js';
