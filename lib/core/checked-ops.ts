/**
 * The public face of the kernel ops (lib/core/kernels/ops.ts): the same functions, exported as the
 * `ops` namespace of sublinear/core, with sizes, strides,
 * offsets, array kinds and flags checked once per call (O(1), never a pass over the float data; the
 * sparse sketches' row indices are each checked once), so a bad argument is a TypeError or RangeError
 * naming the op instead of a read or write outside an array. The library's own layers call the
 * unchecked ops directly. One file per op family under checked/, sharing checked/shared.ts.
 */
export { axpy, dot, gemm, nrm2, scal } from './checked/blas.js';
export { adam, rmsprop } from './checked/optim.js';
export { fwht, logdetApply, sparseSketch, sparseSketchTranspose } from './checked/transforms.js';
export { blockMoves, gatherSum, heapSweep } from './checked/trees.js';
