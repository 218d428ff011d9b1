// Entry point of the wasm backend's module: every exported kernel.
export { gemmBlockK, gemmBlockN, gemmScratchBytes, pack32, pack64, sweep32, sweep64 } from './gemm';
export { axpy32, axpy64, dot32, dot64, nrm2_32, nrm2_64, scal32, scal64 } from './vector';
export { adam32, adam64, adamSet32, adamSet64, rmsprop32, rmsprop64 } from './optim';
export { fwht32, fwht64 } from './fwht';
export { sketchGather32, sketchGather64, sketchScatter32, sketchScatter64 } from './sparse-sketch';
export { logdetApply32, logdetApply64 } from './logdet';
export { gatherSum64 } from './gather-sum';
export { blockMoves64, heapSweep64 } from './block-moves';
