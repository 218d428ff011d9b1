/**
 * `sublinear/sketch`: oblivious subspace embeddings (Gaussian, CountSketch, OSNAP, SRHT), their
 * measured distortion, sketch-and-precondition least squares, and the sketch-preconditioned Gram
 * solve of Algorithm 5. Trusted kernels for workers: lib/sketch/kernels.ts (applySketchToColumns,
 * applyTransposeToColumns), lib/sketch/plan.ts (planSketch); the transform is sublinear/core's ops.fwht.
 * @packageDocumentation
 * @module sublinear/sketch
 */
export type { SketchKind, SketchPlan, SketchSpec } from './plan.js';
export type { Sketch } from './sketch.js';
export { createSketch, SKETCH_KINDS } from './sketch.js';
export { embeddingDistortion } from './distortion.js';
export { sketchRowsFor } from './sizes.js';
export { walshHadamardTransform } from './hadamard.js';
export type { SketchedLeastSquaresOptions, SketchedLeastSquaresResult } from './least-squares.js';
export { sketchedLeastSquares } from './least-squares.js';
export type { GramSolveProblem, GramSolveResult } from './gram-solve.js';
export { sketchPreconditionedGramSolve } from './gram-solve.js';
