// AssemblyScript source of the wasm backend's banded LogDet apply (see ../logdet.ts): X v for
// X = L D Lᵀ from a banded factor (rows of band + 1 entries: D_i, then L[i+k][i]), over rows
// [start, end) (f's rows and v's entries from row 0 of the pointers given). The same float64
// operations in the same order as the js reference (v_i + Σ_k in k order, then D_i·t, then the pending
// sums shifted by one row, each the reference's own operation), so the same bits.
//
// The pending sums are the loop's carried state: one add per row links each row to the next. Bands
// 1 … 8 keep them in locals (registers), so that link is one add; wider bands keep them in `work`
// (memory), where each row also waits on a store and a reload.

import { load1, load2, store1 } from './dtype';

/** u_i = D_i (v_i + Σ_k L[i+k][i] v_{i+k}), the sum in k order from v_i (row = i·(band + 1)). */
@inline
function rowValue<T>(n: i32, band: i32, f: usize, v: usize, i: i32, row: i32): f64 {
  const kMax = min(band, n - 1 - i);
  let t = load1<T>(v, i);
  for (let k = 1; k <= kMax; k++) t += load1<T>(f, row + k) * load1<T>(v, i + k);
  return load1<T>(f, row) * t;
}

@inline
function apply<T>(n: i32, band: i32, f: usize, v: usize, out: usize, start: i32, end: i32, work: usize): void {
  const w = band + 1;
  memory.fill(work, 0, <usize>band << 3);
  for (let i = 0; i < end; i++) {
    const row = i * w, u = rowValue<T>(n, band, f, v, i, row);
    if (i >= start) {
      const o = band > 0 ? u + load<f64>(work) : u;
      store1<T>(out, i - start, o);
    }
    const uu = f64x2.splat(u);
    let k = 0;
    for (; k + 2 < band; k += 2) {
      const at = work + (<usize>k << 3);
      v128.store(at, f64x2.add(v128.load(at, 8), f64x2.mul(load2<T>(f, row + k + 1), uu)));
    }
    for (; k < band - 1; k++) {
      const at = work + (<usize>k << 3);
      store<f64>(at, load<f64>(at, 8) + load1<T>(f, row + k + 1) * u);
    }
    if (band > 0) store<f64>(work + (<usize>(band - 1) << 3), load1<T>(f, row + band) * u);
  }
}

/**
 * out[i − start] = (X v)[i] for i in [start, end), f64 storage: f holds rows 0 … end − 1 of the factor
 * (band + 1 entries each), v entries 0 … min(n, end + band) − 1; `work` holds band f64s.
 */
export function logdetApply64(n: i32, band: i32, f: usize, v: usize, out: usize, start: i32, end: i32, work: usize): void {
  dispatch<f64>(n, band, f, v, out, start, end, work);
}

/** logdetApply64 for f32 storage (read as f64, each output rounded once to f32). */
export function logdetApply32(n: i32, band: i32, f: usize, v: usize, out: usize, start: i32, end: i32, work: usize): void {
  dispatch<f32>(n, band, f, v, out, start, end, work);
}

@inline
function dispatch<T>(n: i32, band: i32, f: usize, v: usize, out: usize, start: i32, end: i32, work: usize): void {
  switch (band) {
    case 1: applyInRegisters<T>(1, n, f, v, out, start, end); break;
    case 2: applyInRegisters<T>(2, n, f, v, out, start, end); break;
    case 3: applyInRegisters<T>(3, n, f, v, out, start, end); break;
    case 4: applyInRegisters<T>(4, n, f, v, out, start, end); break;
    case 5: applyInRegisters<T>(5, n, f, v, out, start, end); break;
    case 6: applyInRegisters<T>(6, n, f, v, out, start, end); break;
    case 7: applyInRegisters<T>(7, n, f, v, out, start, end); break;
    case 8: applyInRegisters<T>(8, n, f, v, out, start, end); break;
    default: apply<T>(n, band, f, v, out, start, end, work);
  }
}

/**
 * `apply` for a band B of 1 … 8 known where it is inlined (every `B > k` folds away): the pending sums
 * in locals p0 … p7 instead of `work`. Row i: out_i = u + p0, then p_k ← p_{k+1} + L·u for k < B − 1
 * in ascending k (each reads the old p_{k+1}), and p_{B−1} ← L·u: the reference's shift, in its order.
 */
@inline
function applyInRegisters<T>(B: i32, n: i32, f: usize, v: usize, out: usize, start: i32, end: i32): void {
  const w = B + 1;
  let p0: f64 = 0, p1: f64 = 0, p2: f64 = 0, p3: f64 = 0, p4: f64 = 0, p5: f64 = 0, p6: f64 = 0, p7: f64 = 0;
  for (let i = 0; i < end; i++) {
    const row = i * w, u = rowValue<T>(n, B, f, v, i, row);
    if (i >= start) store1<T>(out, i - start, u + p0);
    p0 = B > 1 ? p1 + load1<T>(f, row + 1) * u : load1<T>(f, row + 1) * u;
    if (B > 1) p1 = B > 2 ? p2 + load1<T>(f, row + 2) * u : load1<T>(f, row + 2) * u;
    if (B > 2) p2 = B > 3 ? p3 + load1<T>(f, row + 3) * u : load1<T>(f, row + 3) * u;
    if (B > 3) p3 = B > 4 ? p4 + load1<T>(f, row + 4) * u : load1<T>(f, row + 4) * u;
    if (B > 4) p4 = B > 5 ? p5 + load1<T>(f, row + 5) * u : load1<T>(f, row + 5) * u;
    if (B > 5) p5 = B > 6 ? p6 + load1<T>(f, row + 6) * u : load1<T>(f, row + 6) * u;
    if (B > 6) p6 = B > 7 ? p7 + load1<T>(f, row + 7) * u : load1<T>(f, row + 7) * u;
    if (B > 7) p7 = load1<T>(f, row + 8) * u;
  }
}
