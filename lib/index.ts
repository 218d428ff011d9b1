/**
 * `sublinear`: the whole toolkit from one entry point. Each module is also its own subpath
 * (`sublinear/core`, `sublinear/maxtree`, …), which is the lighter import.
 * @packageDocumentation
 */
export * as core from './core/index.js';
export * as cuda from './cuda/index.js';
export * as data from './data/index.js';
export * as kron from './kron/index.js';
export * as logdet from './logdet/index.js';
export * as maxtree from './maxtree/index.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as sketch from './sketch/index.js';
export * as streams from '../streams/index.js';
export * as workers from '../workers/index.js';
