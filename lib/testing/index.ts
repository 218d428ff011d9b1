/**
 * `sublinear/testing`: fast-check arbitraries, invariant checks and numeric assertions for users who
 * property-test code built on sublinear's structures. Needs fast-check (a dev dependency of yours).
 * @packageDocumentation
 * @module sublinear/testing
 */
export { DEFAULT_SEED, propertyParameters, propertySeed } from './seed.js';
export type { FiniteArrayConstraints, MatrixConstraints } from './numeric.js';
export { assertClose, finiteArray, matrixArbitrary, relativeError } from './numeric.js';
export { assertBitIdentical } from './identical.js';
export type { ThresholdSearchInputConstraints, TreeValuesConstraints } from './maxtree.js';
export { assertMaxTreeMatches, assertThresholdSearchMatches, bruteForceQuery, bruteForceTopK, innerProductLeaves, thresholdFor, thresholdSearchInput, treeValue, treeValues } from './maxtree.js';
