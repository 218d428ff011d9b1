/**
 * The wasm backend's level-1 kernels: operands that live in the module's memory (wasmArray) are
 * used where they are; the others are copied into scratch, and written ones copied back (staging.ts).
 * The SIMD kernels are in assembly/vector.ts. Float32 data is computed in float64 and rounded once,
 * as the js reference does: axpy and scal give its bits exactly, dot and nrm2 differ only by the
 * order of their partial sums. Mixed dtypes, and scratch the memory cannot hold, run the js reference.
 */
import type { FloatArray } from '../../matrix.js';
import { axpyJs, dotJs, nrm2Js, scalJs } from '../js/vector.js';
import type { AxpyKernel, DotKernel, KernelTable, Nrm2Kernel, ScalKernel } from '../types.js';
import { wasmFwht } from './fwht.js';
import { wasmBlockMoves, wasmHeapSweep } from './block-moves.js';
import { wasmGatherSum } from './gather-sum.js';
import { wasmGemm } from './gemm.js';
import type { WasmHeap } from './heap.js';
import type { WasmExports } from './instance.js';
import { wasmLogdetApply } from './logdet.js';
import { wasmOptimKernels } from './optim.js';
import { wasmSparseSketch, wasmSparseSketchTranspose } from './sparse-sketch.js';
import { stage, unstage, type Operand } from './staging.js';

const span = (n: number, stride: number) => (n - 1) * stride + 1;
const sameDtype = (x: FloatArray, y: FloatArray) => (x instanceof Float32Array) === (y instanceof Float32Array);
const operand = (array: FloatArray, offset: number, n: number, stride: number, write: boolean): Operand =>
  ({ array, offset, length: span(n, stride), read: true, write });

/** Every kernel of the wasm backend, bound to one instance and its heap. */
export function wasmKernels(e: WasmExports, heap: WasmHeap): KernelTable {
  const dot: DotKernel = (n, x, sx, ox, y, sy, oy) => {
    if (n <= 0) return 0;
    if (!sameDtype(x, y)) return dotJs(n, x, sx, ox, y, sy, oy);
    const s = stage(heap, [operand(x, ox, n, sx, false), operand(y, oy, n, sy, false)]);
    if (s === undefined) return dotJs(n, x, sx, ox, y, sy, oy);
    return (x instanceof Float32Array ? e.dot32 : e.dot64)(n, s.ptrs[0], sx, s.ptrs[1], sy);
  };
  const axpy: AxpyKernel = (n, alpha, x, sx, ox, y, sy, oy) => {
    if (n <= 0) return y;
    if (!sameDtype(x, y)) return axpyJs(n, alpha, x, sx, ox, y, sy, oy);
    const ops = [operand(x, ox, n, sx, false), operand(y, oy, n, sy, true)], s = stage(heap, ops);
    if (s === undefined) return axpyJs(n, alpha, x, sx, ox, y, sy, oy);
    (y instanceof Float32Array ? e.axpy32 : e.axpy64)(n, alpha, s.ptrs[0], sx, s.ptrs[1], sy);
    unstage(heap, ops, s, n, [sx, sy]);
    return y;
  };
  const scal: ScalKernel = (n, alpha, x, sx, ox) => {
    if (n <= 0) return x;
    const ops = [operand(x, ox, n, sx, true)], s = stage(heap, ops);
    if (s === undefined) return scalJs(n, alpha, x, sx, ox);
    (x instanceof Float32Array ? e.scal32 : e.scal64)(n, alpha, s.ptrs[0], sx);
    unstage(heap, ops, s, n, [sx]);
    return x;
  };
  const nrm2: Nrm2Kernel = (n, x, sx, ox) => {
    if (n <= 0) return 0;
    const s = stage(heap, [operand(x, ox, n, sx, false)]);
    if (s === undefined) return nrm2Js(n, x, sx, ox);
    return (x instanceof Float32Array ? e.nrm2_32 : e.nrm2_64)(n, s.ptrs[0], sx);
  };
  return {
    gemm: wasmGemm(e), dot, axpy, scal, nrm2, ...wasmOptimKernels(e, heap), fwht: wasmFwht(e, heap),
    sparseSketch: wasmSparseSketch(e), sparseSketchTranspose: wasmSparseSketchTranspose(e), logdetApply: wasmLogdetApply(e, heap),
    gatherSum: wasmGatherSum(e, heap), blockMoves: wasmBlockMoves(e, heap), heapSweep: wasmHeapSweep(e, heap),
  };
}
