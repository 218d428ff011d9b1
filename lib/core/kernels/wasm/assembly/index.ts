// Entry point of the wasm backend's module: every exported kernel.
export { gemm32, gemm64, gemmScratchBytes } from './gemm';
export { adam32, adam64, axpy32, axpy64, dot32, dot64, nrm2_32, nrm2_64, scal32, scal64 } from './vector';
