/**
 * The wasm backend's banded LogDet apply: copies the factor's rows [i0, end) (i0 = max(0, start −
 * band), the rows a range redoes first) and v's entries [i0, min(n, end + band)) into the module's
 * memory, runs the kernel (assembly/logdet.ts), copies out[start, end) back. The js reference's
 * float64 operations in its order: the same bits. Mixed dtypes run the js reference.
 */
import type { FloatArray } from '../../matrix.js';
import { logdetApplyJs } from '../js/logdet-apply.js';
import type { LogdetApplyKernel } from '../types.js';
import { reserve, type WasmExports } from './instance.js';

/** The module's LogDet exports (byte addresses of compact copies). */
export interface LogdetExports {
  logdetApply64(n: number, band: number, f: number, v: number, out: number, start: number, end: number, work: number): void;
  logdetApply32(n: number, band: number, f: number, v: number, out: number, start: number, end: number, work: number): void;
}

/** The wasm apply kernel bound to an instance. */
export function wasmLogdetApply(e: WasmExports): LogdetApplyKernel {
  const x = e as WasmExports & LogdetExports;
  return function logdetApply<T extends FloatArray>(
    n: number, band: number, f: FloatArray, of: number, v: FloatArray, ov: number, out: T, oo: number, start: number, end: number,
  ): T {
    if (end <= start) return out;
    const single = f instanceof Float32Array;
    if (single !== (v instanceof Float32Array) || single !== (out instanceof Float32Array)) return logdetApplyJs(n, band, f, of, v, ov, out, oo, start, end);
    const size = single ? 4 : 8, w = band + 1, i0 = Math.max(0, start - band), vEnd = Math.min(n, end + band);
    const [pf, pv, po, pw] = reserve(e.memory, [(end - i0) * w * size, (vEnd - i0) * size, (end - start) * size, Math.max(1, band) * 8]);
    const T = single ? Float32Array : Float64Array, buffer = e.memory.buffer;
    new T(buffer, pf, (end - i0) * w).set(f.subarray(of + i0 * w, of + end * w));
    new T(buffer, pv, vEnd - i0).set(v.subarray(ov + i0, ov + vEnd));
    (single ? x.logdetApply32 : x.logdetApply64)(n - i0, band, pf, pv, po, start - i0, end - i0, pw);
    out.set(new T(buffer, po, end - start), oo + start);
    return out;
  };
}
