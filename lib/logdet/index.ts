/**
 * `sublinear/logdet`: the banded LogDet preconditioner of SONew. Symmetric banded storage with
 * EMA statistics, and the sparse inverse X of the band of H (X⁻¹ = H on the band) as X = L D Lᵀ in
 * O(n·band³), applied in O(n·band), finite and positive definite from any finite input.
 * @packageDocumentation
 * @module sublinear/logdet
 */
export type { DampingOptions } from './banded.js';
export { BandedMatrix, MAX_BAND } from './banded.js';
export type { LogDetDiagnostics, LogDetInverse, LogDetOptions } from './inverse.js';
export { bandedLogDetInverse } from './inverse.js';
