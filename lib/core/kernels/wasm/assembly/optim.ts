// AssemblyScript source of the fused optimizer steps that write (rather than add) their update, and
// of RMSprop. As in vector.ts, float32 data is promoted to float64, every operation is done in
// float64 and each value the lib/optim chain stores is rounded where the chain rounds it, so the
// results equal the js reference (and the chain) bit for bit. `acc` = 1: p ← p + step; 0: p ← step.

@inline
function widen(ptr: usize): v128 { return f64x2.promote_low_f32x4(v128.load64_zero(ptr)); }

@inline
function narrow(v: v128): v128 { return f32x4.demote_f64x2_zero(v); }

// ---------------------------------------------------------------- Adam, update written (not added)
//   m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g·g; u ← (m·c1) / (√(v·c2) + ε) (0 when the denominator is 0);
//   u rounded to the storage; p ← −lr·u rounded.

export function adamSet64(
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
    v128.store(p + o, f64x2.mul(L, u));
  }
  const a1 = 1 - beta1, a2 = 1 - beta2;
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const gs = load<f64>(g + o);
    const m = beta1 * load<f64>(mu + o) + a1 * gs, v = beta2 * load<f64>(nu + o) + a2 * gs * gs;
    store<f64>(mu + o, m); store<f64>(nu + o, v);
    const d = Math.sqrt(v * c2) + eps;
    store<f64>(p + o, negLr * (d > 0 ? (m * c1) / d : 0));
  }
}

export function adamSet32(
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
    v128.store64_lane(p + o, narrow(f64x2.mul(L, u)), 0);
  }
  const a1 = 1 - beta1, a2 = 1 - beta2;
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gs = <f64>load<f32>(g + o);
    const m = beta1 * <f64>load<f32>(mu + o) + a1 * gs, v = beta2 * <f64>load<f32>(nu + o) + a2 * gs * gs;
    store<f32>(mu + o, <f32>m); store<f32>(nu + o, <f32>v);
    const d = Math.sqrt(v * c2) + eps;
    const u = <f64><f32>(d > 0 ? (m * c1) / d : 0);
    store<f32>(p + o, <f32>(negLr * u));
  }
}

// ---------------------------------------------------------------- RMSprop
//   v ← ρv + (1−ρ)g·g; u ← g / √(v + ε) (0 when the root is 0), rounded to the storage;
//   step ← −lr·u rounded; p ← p + step rounded (acc) or p ← step.

export function rmsprop64(n: i32, p: usize, g: usize, nu: usize, negLr: f64, decay: f64, eps: f64, acc: i32): void {
  const D = f64x2.splat(decay), A = f64x2.splat(1 - decay), E = f64x2.splat(eps), L = f64x2.splat(negLr), Z = f64x2.splat(0);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 3;
    const gv = v128.load(g + o);
    const v = f64x2.add(f64x2.mul(D, v128.load(nu + o)), f64x2.mul(f64x2.mul(A, gv), gv));
    v128.store(nu + o, v);
    const d = f64x2.sqrt(f64x2.add(v, E));
    const step = f64x2.mul(L, v128.bitselect(f64x2.div(gv, d), Z, f64x2.gt(d, Z)));
    v128.store(p + o, acc ? f64x2.add(v128.load(p + o), step) : step);
  }
  const a = 1 - decay;
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const gs = load<f64>(g + o), v = decay * load<f64>(nu + o) + a * gs * gs;
    store<f64>(nu + o, v);
    const d = Math.sqrt(v + eps), step = negLr * (d > 0 ? gs / d : 0);
    store<f64>(p + o, acc ? load<f64>(p + o) + step : step);
  }
}

export function rmsprop32(n: i32, p: usize, g: usize, nu: usize, negLr: f64, decay: f64, eps: f64, acc: i32): void {
  const D = f64x2.splat(decay), A = f64x2.splat(1 - decay), E = f64x2.splat(eps), L = f64x2.splat(negLr), Z = f64x2.splat(0);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 2;
    const gv = widen(g + o);
    const v = f64x2.add(f64x2.mul(D, widen(nu + o)), f64x2.mul(f64x2.mul(A, gv), gv));
    v128.store64_lane(nu + o, narrow(v), 0);
    const d = f64x2.sqrt(f64x2.add(v, E));
    const u = f64x2.promote_low_f32x4(narrow(v128.bitselect(f64x2.div(gv, d), Z, f64x2.gt(d, Z))));
    const step = f64x2.promote_low_f32x4(narrow(f64x2.mul(L, u)));
    v128.store64_lane(p + o, narrow(acc ? f64x2.add(widen(p + o), step) : step), 0);
  }
  const a = 1 - decay;
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gs = <f64>load<f32>(g + o), v = decay * <f64>load<f32>(nu + o) + a * gs * gs;
    store<f32>(nu + o, <f32>v);
    const d = Math.sqrt(v + eps), u = <f64><f32>(d > 0 ? gs / d : 0), step = <f64><f32>(negLr * u);
    store<f32>(p + o, <f32>(acc ? <f64>load<f32>(p + o) + step : step));
  }
}
