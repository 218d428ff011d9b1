/**
 * The wasm backend's fused optimizer steps (adam, rmsprop; SIMD kernels in
 * assembly/optim.ts). State, params and grads that live in the module's memory (wasmArray) are used
 * in place; the others go through chunk-sized scratch (staging.ts). The same bits as the js kernels
 * (float32 entries computed in float64 and rounded where the lib/optim chain rounds). Mixed dtypes,
 * and scratch the memory cannot hold, run the js reference.
 */
import type { FloatArray } from '../../matrix.js';
import { adamJs, biasCorrections } from '../js/adam.js';
import { rmspropJs } from '../js/rmsprop.js';
import type { AdamKernel, RmspropKernel } from '../types.js';
import type { WasmHeap } from './heap.js';
import type { WasmExports } from './instance.js';
import { runChunked, type Operand } from './staging.js';

/** Entries per chunk when operands are copied: 4 arrays × 8192 × 8 bytes = 256 KiB stay in L2. */
const CHUNK = 8192;

const sameDtype = (...xs: FloatArray[]) => xs.every((x) => (x instanceof Float32Array) === (xs[0] instanceof Float32Array));
const contiguous = (array: FloatArray, offset: number, n: number, read: boolean, write: boolean): Operand => ({ array, offset, length: n, read, write });

/** The adam and rmsprop kernels of the wasm backend. */
export function wasmOptimKernels(e: WasmExports, heap: WasmHeap): { adam: AdamKernel; rmsprop: RmspropKernel } {
  const adam: AdamKernel = (n, lr, beta1, beta2, eps, count, params, op, grads, og, mu, om, nu, ov, accumulate = true) => {
    if (n <= 0) return params;
    if (!sameDtype(params, grads, mu, nu)) return adamJs(n, lr, beta1, beta2, eps, count, params, op, grads, og, mu, om, nu, ov, accumulate);
    const [c1, c2] = biasCorrections(beta1, beta2, count), single = params instanceof Float32Array;
    const kernel = accumulate ? (single ? e.adam32 : e.adam64) : (single ? e.adamSet32 : e.adamSet64);
    const ok = runChunked(heap, n, CHUNK, [
      contiguous(params, op, n, accumulate, true), contiguous(grads, og, n, true, false), contiguous(mu, om, n, true, true), contiguous(nu, ov, n, true, true),
    ], (len, [pp, pg, pm, pv]) => kernel(len, pp, pg, pm, pv, -lr, beta1, beta2, eps, c1, c2));
    return ok ? params : adamJs(n, lr, beta1, beta2, eps, count, params, op, grads, og, mu, om, nu, ov, accumulate);
  };
  const rmsprop: RmspropKernel = (n, lr, decay, eps, params, op, grads, og, nu, ov, accumulate = true) => {
    if (n <= 0) return params;
    if (!sameDtype(params, grads, nu)) return rmspropJs(n, lr, decay, eps, params, op, grads, og, nu, ov, accumulate);
    const kernel = params instanceof Float32Array ? e.rmsprop32 : e.rmsprop64, acc = accumulate ? 1 : 0;
    const ok = runChunked(heap, n, CHUNK, [contiguous(params, op, n, accumulate, true), contiguous(grads, og, n, true, false), contiguous(nu, ov, n, true, true)],
      (len, [pp, pg, pv]) => kernel(len, pp, pg, pv, -lr, decay, eps, acc));
    return ok ? params : rmspropJs(n, lr, decay, eps, params, op, grads, og, nu, ov, accumulate);
  };
  return { adam, rmsprop };
}
