/**
 * The wasm backend's banded LogDet apply. The kernel (assembly/logdet.ts) reads the factor's rows
 * [i0, end) (i0 = max(0, start − band), the rows a range redoes first) and v's entries
 * [i0, min(n, end + band)), and writes out[start, end): each of f, v and out is used in place when it
 * lives in the module's memory (wasmArray) and copied through scratch otherwise. The js reference's
 * float64 operations in its order, and its order of reads and writes in place: the same bits (out === v
 * on the full range included). Mixed dtypes run the js reference.
 */
import type { FloatArray } from '../../matrix.js';
import { logdetApplyJs } from '../js/logdet-apply.js';
import type { LogdetApplyKernel } from '../types.js';
import type { WasmHeap } from './heap.js';
import type { WasmExports } from './instance.js';
import { residentAddress } from './staging.js';

/** The module's LogDet exports (byte addresses: f at row i0, v at entry i0, out at entry start). */
export interface LogdetExports {
  logdetApply64(n: number, band: number, f: number, v: number, out: number, start: number, end: number, work: number): void;
  logdetApply32(n: number, band: number, f: number, v: number, out: number, start: number, end: number, work: number): void;
}

/** The wasm apply kernel bound to an instance and its heap. */
export function wasmLogdetApply(e: WasmExports, heap: WasmHeap): LogdetApplyKernel {
  const x = e as WasmExports & LogdetExports;
  return function logdetApply<T extends FloatArray>(
    n: number, band: number, f: FloatArray, of: number, v: FloatArray, ov: number, out: T, oo: number, start: number, end: number,
  ): T {
    if (end <= start) return out;
    const single = f instanceof Float32Array;
    if (single !== (v instanceof Float32Array) || single !== (out instanceof Float32Array)) return logdetApplyJs(n, band, f, of, v, ov, out, oo, start, end);
    const size = single ? 4 : 8, w = band + 1, i0 = Math.max(0, start - band), vEnd = Math.min(n, end + band);
    const fLength = (end - i0) * w, vLength = vEnd - i0, outLength = end - start;
    let pf = residentAddress(heap, f, of + i0 * w), pv = residentAddress(heap, v, ov + i0), po = residentAddress(heap, out, oo + start);
    const at = heap.scratch([pf < 0 ? fLength * size : 0, pv < 0 ? vLength * size : 0, po < 0 ? outLength * size : 0, Math.max(1, band) * 8]);
    if (at === undefined) return logdetApplyJs(n, band, f, of, v, ov, out, oo, start, end);
    const T = single ? Float32Array : Float64Array, buffer = heap.memory.buffer;
    if (pf < 0) { pf = at[0]; new T(buffer, pf, fLength).set(f.subarray(of + i0 * w, of + end * w)); }
    if (pv < 0) { pv = at[1]; new T(buffer, pv, vLength).set(v.subarray(ov + i0, ov + vEnd)); }
    const copied = po < 0;
    if (copied) po = at[2];
    (single ? x.logdetApply32 : x.logdetApply64)(n - i0, band, pf, pv, po, start - i0, end - i0, at[3]);
    if (copied) out.set(new T(buffer, po, outLength), oo + start);
    return out;
  };
}
