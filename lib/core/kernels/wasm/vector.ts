/**
 * The wasm backend's level-1 kernels and fused Adam step: copy the strided spans into the module's
 * memory, run the SIMD kernel (assembly/vector.ts), copy written arrays back. Float32 data is computed
 * in float64 and rounded once, as the js reference does: axpy, scal and adam give its bits exactly,
 * dot and nrm2 differ only by the order of their partial sums. Mixed dtypes run the js reference.
 */
import type { FloatArray } from '../../matrix.js';
import { biasCorrections, adamJs } from '../js/adam.js';
import { axpyJs, dotJs } from '../js/vector.js';
import type { AdamKernel, AxpyKernel, DotKernel, KernelTable, Nrm2Kernel, ScalKernel } from '../types.js';
import { wasmFwht } from './fwht.js';
import { wasmGemm } from './gemm.js';
import { wasmLogdetApply } from './logdet.js';
import { wasmSparseSketch, wasmSparseSketchTranspose } from './sparse-sketch.js';
import { reserve, type WasmExports, type WasmMemory } from './instance.js';

const span = (n: number, stride: number) => (n - 1) * stride + 1;

function put(memory: WasmMemory, ptr: number, src: FloatArray, offset: number, length: number): void {
  const T = src instanceof Float32Array ? Float32Array : Float64Array;
  new T(memory.buffer, ptr, length).set(src.subarray(offset, offset + length));
}

function get(memory: WasmMemory, ptr: number, dst: FloatArray, offset: number, n: number, stride: number): void {
  const T = dst instanceof Float32Array ? Float32Array : Float64Array;
  const src = new T(memory.buffer, ptr, span(n, stride));
  if (stride === 1) { dst.set(src, offset); return; }
  for (let i = 0; i < n; i++) dst[offset + i * stride] = src[i * stride];
}

/** Entries per chunk of the wasm Adam step: 4 arrays × 8192 × 8 bytes = 256 KiB stay in L2. */
const ADAM_CHUNK = 8192;

const sameDtype = (x: FloatArray, y: FloatArray) => (x instanceof Float32Array) === (y instanceof Float32Array);

/** Every kernel of the wasm backend, bound to one instance. */
export function wasmKernels(e: WasmExports): KernelTable {
  const memory = e.memory;
  const bytes = (x: FloatArray) => x.BYTES_PER_ELEMENT;
  const dot: DotKernel = (n, x, sx, ox, y, sy, oy) => {
    if (n <= 0) return 0;
    if (!sameDtype(x, y)) return dotJs(n, x, sx, ox, y, sy, oy);
    const [px, py] = reserve(memory, [span(n, sx) * bytes(x), span(n, sy) * bytes(y)]);
    put(memory, px, x, ox, span(n, sx)); put(memory, py, y, oy, span(n, sy));
    return (x instanceof Float32Array ? e.dot32 : e.dot64)(n, px, sx, py, sy);
  };
  const axpy: AxpyKernel = (n, alpha, x, sx, ox, y, sy, oy) => {
    if (n <= 0) return y;
    if (!sameDtype(x, y)) return axpyJs(n, alpha, x, sx, ox, y, sy, oy);
    const [px, py] = reserve(memory, [span(n, sx) * bytes(x), span(n, sy) * bytes(y)]);
    put(memory, px, x, ox, span(n, sx)); put(memory, py, y, oy, span(n, sy));
    (y instanceof Float32Array ? e.axpy32 : e.axpy64)(n, alpha, px, sx, py, sy);
    get(memory, py, y, oy, n, sy);
    return y;
  };
  const scal: ScalKernel = (n, alpha, x, sx, ox) => {
    if (n <= 0) return x;
    const [px] = reserve(memory, [span(n, sx) * bytes(x)]);
    put(memory, px, x, ox, span(n, sx));
    (x instanceof Float32Array ? e.scal32 : e.scal64)(n, alpha, px, sx);
    get(memory, px, x, ox, n, sx);
    return x;
  };
  const nrm2: Nrm2Kernel = (n, x, sx, ox) => {
    if (n <= 0) return 0;
    const [px] = reserve(memory, [span(n, sx) * bytes(x)]);
    put(memory, px, x, ox, span(n, sx));
    return (x instanceof Float32Array ? e.nrm2_32 : e.nrm2_64)(n, px, sx);
  };
  const adam: AdamKernel = (n, lr, beta1, beta2, eps, count, params, op, grads, og, mu, om, nu, ov) => {
    if (n <= 0) return params;
    if (!sameDtype(params, grads) || !sameDtype(params, mu) || !sameDtype(params, nu)) {
      return adamJs(n, lr, beta1, beta2, eps, count, params, op, grads, og, mu, om, nu, ov);
    }
    // In chunks of ADAM_CHUNK entries, so that what is copied in is still in cache when the kernel
    // reads it and what the kernel writes is when it is copied back (the copies then cost about a
    // third of what whole-array copies through main memory cost).
    const T = params instanceof Float32Array ? Float32Array : Float64Array, size = bytes(params);
    const c = Math.min(n, ADAM_CHUNK), b = c * size;
    const [pp, pg, pm, pv] = reserve(memory, [b, b, b, b]);
    const vp = new T(memory.buffer, pp, c), vg = new T(memory.buffer, pg, c), vm = new T(memory.buffer, pm, c), vv = new T(memory.buffer, pv, c);
    const [c1, c2] = biasCorrections(beta1, beta2, count), kernel = T === Float32Array ? e.adam32 : e.adam64;
    for (let i = 0; i < n; i += c) {
      const len = Math.min(c, n - i), whole = len === c;
      vp.set(params.subarray(op + i, op + i + len)); vg.set(grads.subarray(og + i, og + i + len));
      vm.set(mu.subarray(om + i, om + i + len)); vv.set(nu.subarray(ov + i, ov + i + len));
      kernel(len, pp, pg, pm, pv, -lr, beta1, beta2, eps, c1, c2);
      params.set(whole ? vp : vp.subarray(0, len), op + i); mu.set(whole ? vm : vm.subarray(0, len), om + i); nu.set(whole ? vv : vv.subarray(0, len), ov + i);
    }
    return params;
  };
  return {
    gemm: wasmGemm(e), dot, axpy, scal, nrm2, adam, fwht: wasmFwht(e),
    sparseSketch: wasmSparseSketch(e), sparseSketchTranspose: wasmSparseSketchTranspose(e), logdetApply: wasmLogdetApply(e),
  };
}
