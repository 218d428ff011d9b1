/**
 * `sublinear/core`: the shared Matrix type, the error template, a seeded RNG, and small dense linear
 * algebra (products, Householder QR, Cholesky, triangular solves), converters to and from ml-matrix.
 * @packageDocumentation
 * @module sublinear/core
 */
export type { DenseArray, Dtype, FloatArray, Matrix } from './matrix.js';
export { allocate, checkMatrix, dtypeOf, DTYPES, matrix, toRows, transpose, zeros } from './matrix.js';
export type { NumericArray } from './errors.js';
export { checkAllocation, checkAllocationOf, MAX_ALLOCATION_BYTES, MAX_ELEMENTS } from './allocation.js';
export {
  checkBoolean,
  checkFinite,
  checkFiniteArray,
  checkFunction,
  checkInteger,
  checkKnownKeys,
  checkNumericArray,
  checkOneOf,
  checkOptions,
  checkPositive,
  describeValue,
  invalidRange,
  invalidType,
} from './errors.js';
export { Rng } from './rng.js';
export type { QR } from './linalg.js';
export type { MatmulOptions } from './linalg.js';
export { cholesky, choleskySolve, matmul, matvec, norm2, qr, solveTriangular } from './linalg.js';
export { axpy, dot, gemmNN, gemmNT, gemmTN, gemv, nrm2 } from './checked-kernels.js';
export { choleskyInPlace, qrApplyQInPlace, qrApplyQtInPlace, qrInPlace, triangularSolveInPlace } from './checked-decompositions.js';
export * as ops from './checked-ops.js';
export type { BackendDefinition, BackendStatus } from './kernels/select.js';
export { backendStatus, getBackend, kernelsReady, setBackend } from './kernels/select.js';
export { registerBackend, registerKernel } from './checked-registry.js';
export type {
  AdamKernel, AxpyKernel, BlockMovesKernel, DotKernel, FwhtKernel, GatherSumKernel, GemmKernel, HeapSweepKernel, KernelTable, LogdetApplyKernel, Nrm2Kernel, OpName, RmspropKernel, ScalKernel,
  SparseSketchKernel, SparseSketchTransposeKernel,
} from './kernels/types.js';
export type { KernelPool, KernelTaskOptions, PoolOptions } from './pool.js';
export type { Block } from './partition.js';
export { runBlocks, splitRange } from './partition.js';
export type { WasmMemoryStatus } from './wasm-array.js';
export { freeWasmArray, isWasmResident, wasmArray, wasmMemoryStatus } from './wasm-array.js';
export type { SharedArrayRef, SharedArrays, SharedDtype, SharedMatrixRef, SharedTypedArray } from './shared-memory.js';
export { arrayRef, isShared, matrixOf, matrixRef, sharedArray, sharedMatrix, sharedMemoryAvailable, toShared, toSharedMatrix, viewOf } from './shared-memory.js';
export type { MlMatrixClass, MlMatrixLike } from './ml-matrix.js';
export { fromMlMatrix, toMlMatrix } from './ml-matrix.js';
export type { Arr } from './checked-kernels.js';
