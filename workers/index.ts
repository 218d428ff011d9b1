/**
 * `sublinear/workers`: a Piscina pool that runs sublinear's kernels on threads over shared memory.
 * One worker entry imports the same kernels as the main thread; tasks are named; payloads carry
 * SharedArrayBuffer references with offsets and shapes; results are written in place and only small
 * metadata comes back. Structures that take a `pool` option (e.g. `ThresholdSearch.init`) split their
 * work by tree, row block or column block and give bit-identical results with or without it.
 * @packageDocumentation
 */
export type { KernelPool, KernelTaskOptions } from '../lib/core/index.js';
export type { KernelPoolHandle, KernelPoolOptions } from './pool.js';
export { createKernelPool } from './pool.js';
export { KernelTaskError } from './errors.js';
export type { KernelTask, KernelTaskSet } from './tasks/types.js';
export type { Block } from './partition.js';
export { runBlocks, splitRange } from './partition.js';
export type { SharedArrayRef, SharedArrays, SharedDtype, SharedMatrixRef, SharedTypedArray } from './shared.js';
export { arrayRef, isShared, matrixOf, matrixRef, sharedArray, sharedMatrix, toShared, toSharedMatrix, viewOf } from './shared.js';
export type { ParallelProductOptions } from './drivers/core.js';
export { parallelMatmul } from './drivers/core.js';
export type { ParallelKronOptions } from './drivers/kron.js';
export { parallelKronMatVec } from './drivers/kron.js';
export { parallelLogDetApply, parallelLogDetInverse } from './drivers/logdet.js';
export type { ParallelSketchOptions } from './drivers/sketch.js';
export { parallelSketchApply } from './drivers/sketch.js';
export type { ForestPoolOptions } from './drivers/maxtree.js';
