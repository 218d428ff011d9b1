/**
 * `sublinear/workers`: a Piscina pool that runs sublinear's kernels on threads over shared memory.
 * One worker entry imports the same kernels as the main thread; tasks are named; payloads carry
 * SharedArrayBuffer references with offsets and shapes; results are written in place and only small
 * metadata comes back. Structures that take a `pool` option (e.g. `ThresholdSearch.init`) split their
 * work by tree, row block or column block and give bit-identical results with or without it.
 * @packageDocumentation
 * @module sublinear/workers
 */
export type { KernelPool, KernelTaskOptions } from '../lib/core/index.js';
export type { KernelPoolHandle, KernelPoolOptions } from './pool.js';
export { createKernelPool } from './pool.js';
export { KernelTaskError } from './errors.js';
export type { KernelTask, KernelTaskSet } from './tasks/types.js';
// Shared memory and partitions live in lib/core; re-exported so one import brings a pool and its helpers.
export type { Block, PoolOptions, SharedArrayRef, SharedArrays, SharedDtype, SharedMatrixRef, SharedTypedArray } from '../lib/core/index.js';
export { arrayRef, isShared, matrixOf, matrixRef, runBlocks, sharedArray, sharedMatrix, splitRange, toShared, toSharedMatrix, viewOf } from '../lib/core/index.js';
export type { ForestPoolOptions } from '../lib/maxtree/index.js';
export type { ParallelKronOptions, ParallelProductOptions, ParallelSketchOptions } from './parallel-aliases.js';
export { parallelKronMatVec, parallelLogDetApply, parallelLogDetInverse, parallelMatmul, parallelSketchApply } from './parallel-aliases.js';
