/**
 * `sublinear`: the whole toolkit from one entry point. Each module is also its own subpath
 * (`sublinear/core`, `sublinear/maxtree`, …), which is the lighter import.
 * @packageDocumentation
 */
export * as core from './core/index.js';
export * as cuda from './cuda/index.js';
