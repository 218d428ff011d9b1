/** The js backend: the scalar reference kernels, one per op. */
import type { KernelTable } from '../types.js';
import { adamJs } from './adam.js';
import { gemmJs } from './gemm.js';
import { rmspropJs } from './rmsprop.js';
import { axpyJs, dotJs, nrm2Js, scalJs } from './vector.js';

export const jsKernels: KernelTable = { gemm: gemmJs, dot: dotJs, axpy: axpyJs, scal: scalJs, nrm2: nrm2Js, adam: adamJs, rmsprop: rmspropJs };
