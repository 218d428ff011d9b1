/**
 * `sublinear/cuda`: CUDA kernels for the toolkit's heavy steps, loaded through koffi from the driver
 * API (libcuda.so.1) on the thread that uses them (each Piscina worker loads its own), with the
 * JavaScript kernels as the fallback. Every kernel takes `{ backend: 'auto' | 'js' | 'cuda' }`.
 * See docs/cuda.md.
 * @packageDocumentation
 * @module sublinear/cuda
 */
export type { Backend, BackendOptions, CudaStatus } from './status.js';
export { CudaUnavailableError, cudaStatus, resolveBackend } from './status.js';
export { innerProducts, kronMatVec } from './dense.js';
export type { RowLayout, ThresholdHits } from './tree.js';
export { maxtreeRebuild, thresholdQuery } from './tree.js';
export type { LogdetFactor } from './banded.js';
export { fwht, logdetApply, logdetFactor } from './banded.js';
export { thresholdSearchInit } from './forest.js';
