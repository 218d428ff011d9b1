/**
 * `sublinear`: the whole toolkit from one entry point. Each module is also its own subpath
 * (`sublinear/core`, `sublinear/maxtree`, …), which is the lighter import. The list is index.browser.ts's
 * plus `workers` (the two root entries sit in one layer and may not import each other; property-tests/layers.test.ts
 * checks that the browser entry has every namespace of this one but `workers`).
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
export * as workers from './workers/index.js';
