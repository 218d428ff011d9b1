// AssemblyScript source of the wasm backend's level-1 kernels (the fused Adam step is in optim.ts). Float32 data
// is promoted to float64 and every operation is done in float64, then rounded once on store, exactly
// as the JavaScript reference does, so axpy, scal and adam give the same bits as the js backend; dot
// and nrm2 keep several partial sums (their order differs from the reference within n·u·Σ|x||y|).
// One generic body per kernel serves both storages (dtype.ts).

import { load1, load2, store1, store2 } from './dtype';

// ---------------------------------------------------------------- dot

function dot<T>(n: i32, x: usize, sx: i32, y: usize, sy: i32): f64 {
  if (sx == 1 && sy == 1) {
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
    let i = 0;
    for (; i + 3 < n; i += 4) {
      s0 = f64x2.add(s0, f64x2.mul(load2<T>(x, i), load2<T>(y, i)));
      s1 = f64x2.add(s1, f64x2.mul(load2<T>(x, i + 2), load2<T>(y, i + 2)));
    }
    let s = f64x2.add(s0, s1);
    let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    for (; i < n; i++) r += load1<T>(x, i) * load1<T>(y, i);
    return r;
  }
  let r = 0.0;
  for (let i = 0; i < n; i++) r += load1<T>(x, i * sx) * load1<T>(y, i * sy);
  return r;
}

export function dot64(n: i32, x: usize, sx: i32, y: usize, sy: i32): f64 { return dot<f64>(n, x, sx, y, sy); }
export function dot32(n: i32, x: usize, sx: i32, y: usize, sy: i32): f64 { return dot<f32>(n, x, sx, y, sy); }

// ---------------------------------------------------------------- axpy: y ← y + alpha·x

function axpy<T>(n: i32, alpha: f64, x: usize, sx: i32, y: usize, sy: i32): void {
  if (sx == 1 && sy == 1) {
    const a = f64x2.splat(alpha);
    let i = 0;
    for (; i + 1 < n; i += 2) store2<T>(y, i, f64x2.add(load2<T>(y, i), f64x2.mul(a, load2<T>(x, i))));
    if (i < n) store1<T>(y, i, load1<T>(y, i) + alpha * load1<T>(x, i));
    return;
  }
  for (let i = 0; i < n; i++) store1<T>(y, i * sy, load1<T>(y, i * sy) + alpha * load1<T>(x, i * sx));
}

export function axpy64(n: i32, alpha: f64, x: usize, sx: i32, y: usize, sy: i32): void { axpy<f64>(n, alpha, x, sx, y, sy); }
export function axpy32(n: i32, alpha: f64, x: usize, sx: i32, y: usize, sy: i32): void { axpy<f32>(n, alpha, x, sx, y, sy); }

// ---------------------------------------------------------------- scal: x ← alpha·x

function scal<T>(n: i32, alpha: f64, x: usize, sx: i32): void {
  if (sx == 1) {
    const a = f64x2.splat(alpha);
    let i = 0;
    for (; i + 1 < n; i += 2) store2<T>(x, i, f64x2.mul(a, load2<T>(x, i)));
    if (i < n) store1<T>(x, i, alpha * load1<T>(x, i));
    return;
  }
  for (let i = 0; i < n; i++) store1<T>(x, i * sx, alpha * load1<T>(x, i * sx));
}

export function scal64(n: i32, alpha: f64, x: usize, sx: i32): void { scal<f64>(n, alpha, x, sx); }
export function scal32(n: i32, alpha: f64, x: usize, sx: i32): void { scal<f32>(n, alpha, x, sx); }

// ---------------------------------------------------------------- nrm2: scaled two-pass norm

// The largest |x_i| (a SIMD pass when contiguous; NaN anywhere gives NaN, as Math.max does), then the
// sum of squares of x_i · (1/scale) in two SIMD partial sums: one rounding more per entry than the
// reference's x_i / scale, well within the documented n·2⁻⁵³ tolerance.
function nrm2<T>(n: i32, x: usize, sx: i32): f64 {
  let scale = 0.0;
  let i = 0;
  if (sx == 1) {
    // pmax is one instruction but drops NaN, so NaN lanes are collected apart (v ≠ v)
    let m0 = f64x2.splat(0), m1 = f64x2.splat(0), nan = f64x2.splat(0);
    for (; i + 3 < n; i += 4) {
      const a = f64x2.abs(load2<T>(x, i)), b = f64x2.abs(load2<T>(x, i + 2));
      m0 = f64x2.pmax(m0, a); m1 = f64x2.pmax(m1, b);
      nan = v128.or(nan, v128.or(f64x2.ne(a, a), f64x2.ne(b, b)));
    }
    if (v128.any_true(nan)) return NaN;
    const m = f64x2.pmax(m0, m1);
    scale = max(f64x2.extract_lane(m, 0), f64x2.extract_lane(m, 1));
  }
  for (; i < n; i++) scale = max(scale, abs(load1<T>(x, i * sx)));
  if (scale == 0 || !isFinite(scale)) return scale;
  // 1/scale is exact to one rounding only while it is a normal number: else divide, as the reference
  if (!(scale >= 4.450147717014403e-308 && scale <= 2.247116418577895e307)) {
    let s = 0.0;
    for (let j = 0; j < n; j++) { const q = load1<T>(x, j * sx) / scale; s += q * q; }
    return scale * Math.sqrt(s);
  }
  const r = 1 / scale, inv = f64x2.splat(r);
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
  i = 0;
  if (sx == 1) {
    for (; i + 3 < n; i += 4) {
      const q0 = f64x2.mul(load2<T>(x, i), inv), q1 = f64x2.mul(load2<T>(x, i + 2), inv);
      s0 = f64x2.add(s0, f64x2.mul(q0, q0));
      s1 = f64x2.add(s1, f64x2.mul(q1, q1));
    }
  }
  const sv = f64x2.add(s0, s1);
  let s = f64x2.extract_lane(sv, 0) + f64x2.extract_lane(sv, 1);
  for (; i < n; i++) { const q = load1<T>(x, i * sx) * r; s += q * q; }
  return scale * Math.sqrt(s);
}

export function nrm2_64(n: i32, x: usize, sx: i32): f64 { return nrm2<f64>(n, x, sx); }
export function nrm2_32(n: i32, x: usize, sx: i32): f64 { return nrm2<f32>(n, x, sx); }
