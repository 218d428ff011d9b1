// AssemblyScript source of the wasm backend's level-1 kernels and the fused Adam step. Float32 data
// is promoted to float64 and every operation is done in float64, then rounded once on store, exactly
// as the JavaScript reference does, so axpy, scal and adam give the same bits as the js backend; dot
// and nrm2 keep several partial sums (their order differs from the reference within n·u·Σ|x||y|).

// ---------------------------------------------------------------- dot

export function dot64(n: i32, x: usize, sx: i32, y: usize, sy: i32): f64 {
  if (sx == 1 && sy == 1) {
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const o = <usize>i << 3;
      s0 = f64x2.add(s0, f64x2.mul(v128.load(x + o), v128.load(y + o)));
      s1 = f64x2.add(s1, f64x2.mul(v128.load(x + o, 16), v128.load(y + o, 16)));
    }
    let s = f64x2.add(s0, s1);
    let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    for (; i < n; i++) r += load<f64>(x + (<usize>i << 3)) * load<f64>(y + (<usize>i << 3));
    return r;
  }
  let r = 0.0;
  for (let i = 0; i < n; i++) r += load<f64>(x + (<usize>(i * sx) << 3)) * load<f64>(y + (<usize>(i * sy) << 3));
  return r;
}

export function dot32(n: i32, x: usize, sx: i32, y: usize, sy: i32): f64 {
  if (sx == 1 && sy == 1) {
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const o = <usize>i << 2;
      s0 = f64x2.add(s0, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(x + o)), f64x2.promote_low_f32x4(v128.load64_zero(y + o))));
      s1 = f64x2.add(s1, f64x2.mul(f64x2.promote_low_f32x4(v128.load64_zero(x + o, 8)), f64x2.promote_low_f32x4(v128.load64_zero(y + o, 8))));
    }
    let s = f64x2.add(s0, s1);
    let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    for (; i < n; i++) r += <f64>load<f32>(x + (<usize>i << 2)) * <f64>load<f32>(y + (<usize>i << 2));
    return r;
  }
  let r = 0.0;
  for (let i = 0; i < n; i++) r += <f64>load<f32>(x + (<usize>(i * sx) << 2)) * <f64>load<f32>(y + (<usize>(i * sy) << 2));
  return r;
}

// ---------------------------------------------------------------- axpy: y ← y + alpha·x

export function axpy64(n: i32, alpha: f64, x: usize, sx: i32, y: usize, sy: i32): void {
  if (sx == 1 && sy == 1) {
    const a = f64x2.splat(alpha);
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const o = <usize>i << 3;
      v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(a, v128.load(x + o))));
    }
    if (i < n) store<f64>(y + (<usize>i << 3), load<f64>(y + (<usize>i << 3)) + alpha * load<f64>(x + (<usize>i << 3)));
    return;
  }
  for (let i = 0; i < n; i++) {
    const py = y + (<usize>(i * sy) << 3);
    store<f64>(py, load<f64>(py) + alpha * load<f64>(x + (<usize>(i * sx) << 3)));
  }
}

export function axpy32(n: i32, alpha: f64, x: usize, sx: i32, y: usize, sy: i32): void {
  if (sx == 1 && sy == 1) {
    const a = f64x2.splat(alpha);
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const o = <usize>i << 2;
      const v = f64x2.add(f64x2.promote_low_f32x4(v128.load64_zero(y + o)), f64x2.mul(a, f64x2.promote_low_f32x4(v128.load64_zero(x + o))));
      v128.store64_lane(y + o, f32x4.demote_f64x2_zero(v), 0);
    }
    if (i < n) store<f32>(y + (<usize>i << 2), <f32>(<f64>load<f32>(y + (<usize>i << 2)) + alpha * <f64>load<f32>(x + (<usize>i << 2))));
    return;
  }
  for (let i = 0; i < n; i++) {
    const py = y + (<usize>(i * sy) << 2);
    store<f32>(py, <f32>(<f64>load<f32>(py) + alpha * <f64>load<f32>(x + (<usize>(i * sx) << 2))));
  }
}

// ---------------------------------------------------------------- scal: x ← alpha·x

export function scal64(n: i32, alpha: f64, x: usize, sx: i32): void {
  if (sx == 1) {
    const a = f64x2.splat(alpha);
    let i = 0;
    for (; i + 1 < n; i += 2) { const o = <usize>i << 3; v128.store(x + o, f64x2.mul(a, v128.load(x + o))); }
    if (i < n) store<f64>(x + (<usize>i << 3), alpha * load<f64>(x + (<usize>i << 3)));
    return;
  }
  for (let i = 0; i < n; i++) { const p = x + (<usize>(i * sx) << 3); store<f64>(p, alpha * load<f64>(p)); }
}

export function scal32(n: i32, alpha: f64, x: usize, sx: i32): void {
  if (sx == 1) {
    const a = f64x2.splat(alpha);
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const o = <usize>i << 2;
      v128.store64_lane(x + o, f32x4.demote_f64x2_zero(f64x2.mul(a, f64x2.promote_low_f32x4(v128.load64_zero(x + o)))), 0);
    }
    if (i < n) store<f32>(x + (<usize>i << 2), <f32>(alpha * <f64>load<f32>(x + (<usize>i << 2))));
    return;
  }
  for (let i = 0; i < n; i++) { const p = x + (<usize>(i * sx) << 2); store<f32>(p, <f32>(alpha * <f64>load<f32>(p))); }
}

// ---------------------------------------------------------------- nrm2: scaled two-pass norm

@inline
function element(x: usize, i: i32, sx: i32, size: i32): f64 {
  const p = x + <usize>(i * sx * size);
  return size == 4 ? <f64>load<f32>(p) : load<f64>(p);
}

@inline
function pair(x: usize, i: i32, size: i32): v128 {
  return size == 4 ? f64x2.promote_low_f32x4(v128.load64_zero(x + (<usize>i << 2))) : v128.load(x + (<usize>i << 3));
}

// The largest |x_i| (a SIMD pass when contiguous; NaN anywhere gives NaN, as Math.max does), then the
// sum of squares of x_i · (1/scale) in two SIMD partial sums: one rounding more per entry than the
// reference's x_i / scale, well within the documented n·2⁻⁵³ tolerance.
function nrm2<T>(n: i32, x: usize, sx: i32): f64 {
  const size = <i32>sizeof<T>();
  let scale = 0.0;
  let i = 0;
  if (sx == 1) {
    // pmax is one instruction but drops NaN, so NaN lanes are collected apart (v ≠ v)
    let m0 = f64x2.splat(0), m1 = f64x2.splat(0), nan = f64x2.splat(0);
    for (; i + 3 < n; i += 4) {
      const a = f64x2.abs(pair(x, i, size)), b = f64x2.abs(pair(x, i + 2, size));
      m0 = f64x2.pmax(m0, a); m1 = f64x2.pmax(m1, b);
      nan = v128.or(nan, v128.or(f64x2.ne(a, a), f64x2.ne(b, b)));
    }
    if (v128.any_true(nan)) return NaN;
    const m = f64x2.pmax(m0, m1);
    scale = max(f64x2.extract_lane(m, 0), f64x2.extract_lane(m, 1));
  }
  for (; i < n; i++) scale = max(scale, abs(element(x, i, sx, size)));
  if (scale == 0 || !isFinite(scale)) return scale;
  // 1/scale is exact to one rounding only while it is a normal number: else divide, as the reference
  if (!(scale >= 4.450147717014403e-308 && scale <= 2.247116418577895e307)) {
    let s = 0.0;
    for (let j = 0; j < n; j++) { const q = element(x, j, sx, size) / scale; s += q * q; }
    return scale * Math.sqrt(s);
  }
  const r = 1 / scale, inv = f64x2.splat(r);
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
  i = 0;
  if (sx == 1) {
    for (; i + 3 < n; i += 4) {
      const q0 = f64x2.mul(pair(x, i, size), inv), q1 = f64x2.mul(pair(x, i + 2, size), inv);
      s0 = f64x2.add(s0, f64x2.mul(q0, q0));
      s1 = f64x2.add(s1, f64x2.mul(q1, q1));
    }
  }
  const sv = f64x2.add(s0, s1);
  let s = f64x2.extract_lane(sv, 0) + f64x2.extract_lane(sv, 1);
  for (; i < n; i++) { const q = element(x, i, sx, size) * r; s += q * q; }
  return scale * Math.sqrt(s);
}

export function nrm2_64(n: i32, x: usize, sx: i32): f64 { return nrm2<f64>(n, x, sx); }
export function nrm2_32(n: i32, x: usize, sx: i32): f64 { return nrm2<f32>(n, x, sx); }

// ---------------------------------------------------------------- fused Adam step with learning rate
// Per entry, as chain(scaleByAdam, scaleByLearningRate(lr)) then applyUpdates compute it:
//   m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g·g; u ← (m·c1) / (√(v·c2) + ε) (0 when the denominator is 0);
//   u rounded to the storage; u ← −lr·u rounded; p ← p + u rounded. c1, c2: the bias corrections.

export function adam64(
  n: i32, p: usize, g: usize, mu: usize, nu: usize,
  negLr: f64, beta1: f64, beta2: f64, eps: f64, c1: f64, c2: f64,
): void {
  const B1 = f64x2.splat(beta1), A1 = f64x2.splat(1 - beta1), B2 = f64x2.splat(beta2), A2 = f64x2.splat(1 - beta2);
  const C1 = f64x2.splat(c1), C2 = f64x2.splat(c2), E = f64x2.splat(eps), L = f64x2.splat(negLr), Z = f64x2.splat(0);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 3;
    const gv = v128.load(g + o);
    const m = f64x2.add(f64x2.mul(B1, v128.load(mu + o)), f64x2.mul(A1, gv));
    const v = f64x2.add(f64x2.mul(B2, v128.load(nu + o)), f64x2.mul(f64x2.mul(A2, gv), gv));
    v128.store(mu + o, m); v128.store(nu + o, v);
    const d = f64x2.add(f64x2.sqrt(f64x2.mul(v, C2)), E);
    const u = v128.bitselect(f64x2.div(f64x2.mul(m, C1), d), Z, f64x2.gt(d, Z));
    v128.store(p + o, f64x2.add(v128.load(p + o), f64x2.mul(L, u)));
  }
  const a1 = 1 - beta1, a2 = 1 - beta2;
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const gs = load<f64>(g + o);
    const m = beta1 * load<f64>(mu + o) + a1 * gs, v = beta2 * load<f64>(nu + o) + a2 * gs * gs;
    store<f64>(mu + o, m); store<f64>(nu + o, v);
    const d = Math.sqrt(v * c2) + eps;
    const u = d > 0 ? (m * c1) / d : 0;
    store<f64>(p + o, load<f64>(p + o) + negLr * u);
  }
}

@inline
function widen(ptr: usize): v128 { return f64x2.promote_low_f32x4(v128.load64_zero(ptr)); }

@inline
function narrow(v: v128): v128 { return f32x4.demote_f64x2_zero(v); }

export function adam32(
  n: i32, p: usize, g: usize, mu: usize, nu: usize,
  negLr: f64, beta1: f64, beta2: f64, eps: f64, c1: f64, c2: f64,
): void {
  const B1 = f64x2.splat(beta1), A1 = f64x2.splat(1 - beta1), B2 = f64x2.splat(beta2), A2 = f64x2.splat(1 - beta2);
  const C1 = f64x2.splat(c1), C2 = f64x2.splat(c2), E = f64x2.splat(eps), L = f64x2.splat(negLr), Z = f64x2.splat(0);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 2;
    const gv = widen(g + o);
    const m = f64x2.add(f64x2.mul(B1, widen(mu + o)), f64x2.mul(A1, gv));
    const v = f64x2.add(f64x2.mul(B2, widen(nu + o)), f64x2.mul(f64x2.mul(A2, gv), gv));
    v128.store64_lane(mu + o, narrow(m), 0); v128.store64_lane(nu + o, narrow(v), 0);
    const d = f64x2.add(f64x2.sqrt(f64x2.mul(v, C2)), E);
    const u = f64x2.promote_low_f32x4(narrow(v128.bitselect(f64x2.div(f64x2.mul(m, C1), d), Z, f64x2.gt(d, Z))));
    const step = f64x2.promote_low_f32x4(narrow(f64x2.mul(L, u)));
    v128.store64_lane(p + o, narrow(f64x2.add(widen(p + o), step)), 0);
  }
  const a1 = 1 - beta1, a2 = 1 - beta2;
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gs = <f64>load<f32>(g + o);
    const m = beta1 * <f64>load<f32>(mu + o) + a1 * gs, v = beta2 * <f64>load<f32>(nu + o) + a2 * gs * gs;
    store<f32>(mu + o, <f32>m); store<f32>(nu + o, <f32>v);
    const d = Math.sqrt(v * c2) + eps;
    const u = <f64><f32>(d > 0 ? (m * c1) / d : 0);
    const step = <f64><f32>(negLr * u);
    store<f32>(p + o, <f32>(<f64>load<f32>(p + o) + step));
  }
}
