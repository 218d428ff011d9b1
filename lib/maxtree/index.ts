/**
 * `sublinear/maxtree`: max-trees over values and over dynamic inner products. `MaxTree` is one
 * tree over m values; `ThresholdSearch` is the n trees over ⟨x_i, w_j⟩ of Appendix B of "Training
 * Overparametrized Neural Networks in Sublinear Time" (Deng et al.). Queries return every index with value ≥ τ, ascending.
 * The trusted kernels behind them, for workers over the same SharedArrayBuffers, are in
 * lib/maxtree/kernels.ts.
 * @packageDocumentation
 * @module sublinear/maxtree
 */
export type { MaxTreeOptions } from './max-tree.js';
export { MaxTree } from './max-tree.js';
export type { ForestHits, ThresholdSearchBuffers, ThresholdSearchOptions } from './threshold-search.js';
export { ThresholdSearch } from './threshold-search.js';
export type { TreeLayout } from './layout.js';
export { DEFAULT_BLOCK_SIZE, treeLayout } from './layout.js';
export type { ForestPoolOptions } from './parallel.js';
