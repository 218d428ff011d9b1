/**
 * `sublinear/kron`: the Kronecker tensor trick. Products and solves with A_1 ⊗ … ⊗ A_K one mode at a
 * time without forming the product; Kronecker-structured vectors; Gram kernels and max-tree leaf
 * values of Kronecker-structured data. Row-major convention: (A ⊗ B) vec(X) = vec(A X Bᵀ).
 * `kernels`: the trusted kernels below the validating layer (modeProduct, kronPlan, kronApply,
 * hadamardGramInPlace, kronLeafValuesKernel), for worker pools over SharedArrayBuffers: no checks.
 * @packageDocumentation
 * @module sublinear/kron
 */
export type { KronMatVecOptions } from './matvec.js';
export { kronMatMat, kronMatVec, kronMatVecTranspose, kronProduct } from './matvec.js';
export type { KronLU } from './solve.js';
export { kronLU, kronSolve } from './solve.js';
export type { KronVector } from './vector.js';
export { kronDot, kronNorm, kronVector, materializeKronVector } from './vector.js';
export { kronGram, kronPowerGram } from './gram.js';
export { kronLeafValues } from './leaves.js';
export * as kernels from './checked-kernels.js';
export type { KronPlan, KronStep } from './kernels.js';
export type { Readable } from './checked-kernels.js';
