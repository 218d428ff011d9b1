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
// Shared memory, partitions and the parallel drivers live beside the code they serve (lib/core and each
// module's parallel.ts); they are re-exported here so one import brings a pool and everything that uses it.
export type { Block, ParallelProductOptions, SharedArrayRef, SharedArrays, SharedDtype, SharedMatrixRef, SharedTypedArray } from '../lib/core/index.js';
export { arrayRef, isShared, matrixOf, matrixRef, parallelMatmul, runBlocks, sharedArray, sharedMatrix, splitRange, toShared, toSharedMatrix, viewOf } from '../lib/core/index.js';
export type { ParallelKronOptions } from '../lib/kron/index.js';
export { parallelKronMatVec } from '../lib/kron/index.js';
export { parallelLogDetApply, parallelLogDetInverse } from '../lib/logdet/index.js';
export type { ParallelSketchOptions } from '../lib/sketch/index.js';
export { parallelSketchApply } from '../lib/sketch/index.js';
export type { ForestPoolOptions } from '../lib/maxtree/index.js';
