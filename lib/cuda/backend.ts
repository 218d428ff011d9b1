/**
 * The CUDA backend of the kernel ops (lib/core/kernels): registered into core's registry under the
 * name 'cuda' when sublinear/cuda loads (core never imports lib/cuda), selected only when asked for
 * (`setBackend('cuda')`; priority 0, below js, so 'auto' never picks it). Its load opens CUDA on the
 * calling thread (cudaStatus); where that fails the selection falls back — wasm where SIMD works,
 * else js — and backendStatus().failures.cuda says why. It implements gemm with the inner-product
 * kernel (inner_product.cu) and fwht with fwht.cu's kernels; every other op, and products too small
 * to pay for the copies, run on its fallback, the best other backend that loads.
 */
import { fallbackKernels, registerBackend, registerKernel } from '../core/kernels/registry.js';
import type { FwhtKernel, GemmKernel, KernelTable } from '../core/kernels/types.js';
import type { FloatArray } from '../core/matrix.js';
import { cudaState, type CudaContext } from './context.js';
import { fwhtGpu, innerProductsGpu } from './gpu-ops.js';

/** The backend's name in the registry. */
export const CUDA_BACKEND = 'cuda';

/**
 * Below this many multiply-adds (m·n·k) a GEMM runs on the fallback backend: each GPU call allocates
 * device memory and copies its operands both ways. A chosen bound, not yet measured on a GPU.
 */
export const GPU_MIN_GEMM_WORK = 2 ** 22;

/**
 * Below this many entries (count·n) an FWHT runs on the fallback backend; it also does where the
 * vectors are not stored one after the other (stride 1, batchStride n). A chosen bound, not yet
 * measured on a GPU.
 */
export const GPU_MIN_FWHT_ENTRIES = 2 ** 22;

type Ctor = Float64ArrayConstructor | Float32ArrayConstructor;

/** op(A) as a contiguous rows × k array of `ctor` (no copy when it already is one). */
function packRows(ctor: Ctor, trans: boolean, rows: number, k: number, A: FloatArray, offset: number, ld: number): FloatArray {
  if (!trans && ld === k && A.constructor === ctor) return A.subarray(offset, offset + rows * k);
  const out = new ctor(rows * k);
  for (let i = 0; i < rows; i++) {
    for (let p = 0; p < k; p++) out[i * k + p] = trans ? A[offset + p * ld + i] : A[offset + i * ld + p];
  }
  return out;
}

/**
 * The 'gemm' op on CUDA through `ctx`, with `fallback` for small products (see GemmKernel): op(A) is
 * packed m × k and op(B)ᵀ n × k (no copy when already so), the inner-product kernel forms op(A)·op(B)
 * in the operands' precision (float32 sums in float32 FMAs), and the result is written to C's rows
 * (added to them with `accumulate`, after the sum, not as its starting value).
 */
export function cudaGemm(ctx: CudaContext, fallback: () => GemmKernel, minWork = GPU_MIN_GEMM_WORK): GemmKernel {
  return <T extends FloatArray>(
    transA: boolean, transB: boolean, m: number, n: number, k: number,
    A: FloatArray, offsetA: number, lda: number, B: FloatArray, offsetB: number, ldb: number,
    C: T, offsetC: number, ldc: number, accumulate: boolean,
  ): T => {
    if (m === 0 || n === 0) return C;
    if (k === 0 || m * n * k < minWork) return fallback()(transA, transB, m, n, k, A, offsetA, lda, B, offsetB, ldb, C, offsetC, ldc, accumulate);
    const ctor = C.constructor as Ctor;
    const X = packRows(ctor, transA, m, k, A, offsetA, lda);
    const W = packRows(ctor, !transB, n, k, B, offsetB, ldb);
    const direct = !accumulate && ldc === n;
    const out = direct ? C.subarray(offsetC, offsetC + m * n) : new ctor(m * n);
    innerProductsGpu(ctx, X, W, m, n, k, out);
    if (!direct) {
      for (let i = 0; i < m; i++) {
        const row = offsetC + i * ldc;
        if (accumulate) for (let j = 0; j < n; j++) C[row + j] += out[i * n + j];
        else C.set(out.subarray(i * n, (i + 1) * n), row);
      }
    }
    return C;
  };
}

/**
 * The 'fwht' op on CUDA through `ctx` (see FwhtKernel), for vectors stored back to back: fwht.cu's
 * butterflies round every stage to the data's precision, as the js and wasm kernels do, so the bits
 * are the same. Other layouts and small transforms run on `fallback`.
 */
export function cudaFwht(ctx: CudaContext, fallback: () => FwhtKernel, minEntries = GPU_MIN_FWHT_ENTRIES): FwhtKernel {
  return <T extends FloatArray>(n: number, count: number, x: T, stride: number, batchStride: number, offset: number): T => {
    if (n <= 1 || count <= 0) return x;
    if (stride !== 1 || (batchStride !== n && count > 1) || n * count < minEntries) return fallback()(n, count, x, stride, batchStride, offset);
    fwhtGpu(ctx, x.subarray(offset, offset + n * count), n);
    return x;
  };
}

/** The CUDA kernels of the ops, over `ctx`, with `fallback` (the table of the backend that fills in) below `bounds`. */
export function cudaKernels(
  ctx: CudaContext, fallback: () => KernelTable, bounds = { gemm: GPU_MIN_GEMM_WORK, fwht: GPU_MIN_FWHT_ENTRIES },
): Pick<KernelTable, 'gemm' | 'fwht'> {
  return { gemm: cudaGemm(ctx, () => fallback().gemm, bounds.gemm), fwht: cudaFwht(ctx, () => fallback().fwht, bounds.fwht) };
}

let registered = false;

/**
 * Registers the 'cuda' backend of the kernel ops with sublinear/core's registry, once per thread
 * (sublinear/cuda calls it when it loads, so importing it is enough; call it yourself where a bundler
 * may have dropped that import). `setBackend('cuda')` then loads CUDA on this thread; where it cannot,
 * the selection falls back to the best other backend and `backendStatus().failures.cuda` says why.
 * 'auto' never picks it (priority 0, below js).
 *
 * @returns nothing.
 * @throws nothing.
 * @example
 * ```ts
 * import { registerCudaBackend } from 'sublinear/cuda';
 * import { backendStatus, setBackend } from 'sublinear/core';
 * registerCudaBackend(); // already done by importing sublinear/cuda: a second call does nothing
 * console.log(setBackend('cuda')); // 'cuda' with a GPU; without one the fallback ('wasm' on Node 20)
 * console.log(backendStatus().failures.cuda); // undefined with a GPU, else e.g. 'CUDA is unavailable: cannot load the CUDA driver library …'
 * setBackend('auto');
 * ```
 */
export function registerCudaBackend(): void {
  if (registered) return;
  registered = true;
  registerBackend({
    name: CUDA_BACKEND,
    priority: 0,
    fallback: 'auto',
    float32Accumulation: 'float32',
    load() {
      const { status, context } = cudaState();
      if (context === null) throw new Error(`CUDA is unavailable: ${status.reason ?? 'unknown'}`);
      let fallback: KernelTable | undefined; // looked up on first use, then kept
      const table = cudaKernels(context, () => (fallback ??= fallbackKernels(CUDA_BACKEND)));
      registerKernel({ kernelName: 'gemm', backendName: CUDA_BACKEND, kernelFunc: table.gemm });
      registerKernel({ kernelName: 'fwht', backendName: CUDA_BACKEND, kernelFunc: table.fwht });
    },
  });
}
