/**
 * `sublinear/cuda`: the CUDA backend. Loading it registers the 'cuda' backend of the kernel ops
 * (sublinear/core's `setBackend('cuda')`: the GEMM on the GPU, loaded through koffi from the driver
 * API, libcuda.so.1, on each thread that selects it; without a GPU the selection falls back to the
 * module kernels with the reason in `backendStatus().failures`). `cudaStatus` says whether CUDA is
 * usable here and why not. The functions below with `{ backend: 'auto' | 'js' | 'cuda' }` are
 * deprecated thin wrappers over the modules' functions, kept so existing callers keep working.
 * See docs/cuda.md.
 * @packageDocumentation
 * @module sublinear/cuda
 */
import { registerCudaBackend } from './backend.js';

registerCudaBackend();

export { registerCudaBackend } from './backend.js';
export type { Backend, BackendOptions, CudaStatus } from './status.js';
export { CudaUnavailableError, cudaStatus, resolveBackend } from './status.js';
export { innerProducts, kronMatVec } from './dense.js';
export type { RowLayout, ThresholdHits } from './tree.js';
export { maxtreeRebuild, thresholdQuery } from './tree.js';
export type { LogdetFactor } from './banded.js';
export { fwht, logdetApply, logdetFactor } from './banded.js';
export { thresholdSearchInit } from './forest.js';
