/** The js backend: the scalar reference kernels, one per op. */
import type { KernelTable } from '../types.js';
import { adamJs } from './adam.js';
import { blockMovesJs } from './block-moves.js';
import { fwhtJs } from './fwht.js';
import { gatherSumJs } from './gather-sum.js';
import { gemmJs } from './gemm.js';
import { heapSweepJs } from './heap-sweep.js';
import { logdetApplyJs } from './logdet-apply.js';
import { rmspropJs } from './rmsprop.js';
import { sparseSketchJs, sparseSketchTransposeJs } from './sparse-sketch.js';
import { axpyJs, dotJs, nrm2Js, scalJs } from './vector.js';

export const jsKernels: KernelTable = {
  gemm: gemmJs, dot: dotJs, axpy: axpyJs, scal: scalJs, nrm2: nrm2Js, adam: adamJs, rmsprop: rmspropJs, fwht: fwhtJs,
  sparseSketch: sparseSketchJs, sparseSketchTranspose: sparseSketchTransposeJs, logdetApply: logdetApplyJs, gatherSum: gatherSumJs, blockMoves: blockMovesJs, heapSweep: heapSweepJs,
};
