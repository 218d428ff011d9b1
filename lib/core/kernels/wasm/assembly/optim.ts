// AssemblyScript source of the fused optimizer steps: Adam (update added or written) and RMSprop.
// As in vector.ts, float32 data is promoted to float64, every operation is done in float64 and each
// value the lib/optim chain stores is rounded where the chain rounds it, so the results equal the js
// reference (and the chain) bit for bit. `acc`: p ← p + step (true, 1) or p ← step (false, 0).
// One generic body per kernel serves both storages (dtype.ts).

import { load1, load2, round1, round2, store1, store2 } from './dtype';

// ---------------------------------------------------------------- Adam
// Per entry, as chain(scaleByAdam, scaleByLearningRate(lr)) then applyUpdates compute it:
//   m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g·g; u ← (m·c1) / (√(v·c2) + ε) (0 when the denominator is 0);
//   u rounded to the storage; step ← −lr·u; then p ← p + step (step rounded first; adam64/32, the
//   update added) or p ← step (adamSet64/32, the update written). c1, c2: the bias corrections.

@inline
function adam<T>(
  acc: bool, n: i32, p: usize, g: usize, mu: usize, nu: usize,
  negLr: f64, beta1: f64, beta2: f64, eps: f64, c1: f64, c2: f64,
): void {
  const B1 = f64x2.splat(beta1), A1 = f64x2.splat(1 - beta1), B2 = f64x2.splat(beta2), A2 = f64x2.splat(1 - beta2);
  const C1 = f64x2.splat(c1), C2 = f64x2.splat(c2), E = f64x2.splat(eps), L = f64x2.splat(negLr), Z = f64x2.splat(0);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const gv = load2<T>(g, i);
    const m = f64x2.add(f64x2.mul(B1, load2<T>(mu, i)), f64x2.mul(A1, gv));
    const v = f64x2.add(f64x2.mul(B2, load2<T>(nu, i)), f64x2.mul(f64x2.mul(A2, gv), gv));
    store2<T>(mu, i, m); store2<T>(nu, i, v);
    const d = f64x2.add(f64x2.sqrt(f64x2.mul(v, C2)), E);
    const u = round2<T>(v128.bitselect(f64x2.div(f64x2.mul(m, C1), d), Z, f64x2.gt(d, Z)));
    const step = f64x2.mul(L, u);
    store2<T>(p, i, acc ? f64x2.add(load2<T>(p, i), round2<T>(step)) : step);
  }
  const a1 = 1 - beta1, a2 = 1 - beta2;
  for (; i < n; i++) {
    const gs = load1<T>(g, i);
    const m = beta1 * load1<T>(mu, i) + a1 * gs, v = beta2 * load1<T>(nu, i) + a2 * gs * gs;
    store1<T>(mu, i, m); store1<T>(nu, i, v);
    const d = Math.sqrt(v * c2) + eps;
    const step = negLr * round1<T>(d > 0 ? (m * c1) / d : 0);
    store1<T>(p, i, acc ? load1<T>(p, i) + round1<T>(step) : step);
  }
}

export function adam64(
  n: i32, p: usize, g: usize, mu: usize, nu: usize,
  negLr: f64, beta1: f64, beta2: f64, eps: f64, c1: f64, c2: f64,
): void {
  adam<f64>(true, n, p, g, mu, nu, negLr, beta1, beta2, eps, c1, c2);
}

export function adam32(
  n: i32, p: usize, g: usize, mu: usize, nu: usize,
  negLr: f64, beta1: f64, beta2: f64, eps: f64, c1: f64, c2: f64,
): void {
  adam<f32>(true, n, p, g, mu, nu, negLr, beta1, beta2, eps, c1, c2);
}

export function adamSet64(
  n: i32, p: usize, g: usize, mu: usize, nu: usize,
  negLr: f64, beta1: f64, beta2: f64, eps: f64, c1: f64, c2: f64,
): void {
  adam<f64>(false, n, p, g, mu, nu, negLr, beta1, beta2, eps, c1, c2);
}

export function adamSet32(
  n: i32, p: usize, g: usize, mu: usize, nu: usize,
  negLr: f64, beta1: f64, beta2: f64, eps: f64, c1: f64, c2: f64,
): void {
  adam<f32>(false, n, p, g, mu, nu, negLr, beta1, beta2, eps, c1, c2);
}

// ---------------------------------------------------------------- RMSprop
//   v ← ρv + (1−ρ)g·g; u ← g / √(v + ε) (0 when the root is 0), rounded to the storage;
//   step ← −lr·u rounded; p ← p + step rounded (acc) or p ← step.

function rmsprop<T>(n: i32, p: usize, g: usize, nu: usize, negLr: f64, decay: f64, eps: f64, acc: i32): void {
  const D = f64x2.splat(decay), A = f64x2.splat(1 - decay), E = f64x2.splat(eps), L = f64x2.splat(negLr), Z = f64x2.splat(0);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const gv = load2<T>(g, i);
    const v = f64x2.add(f64x2.mul(D, load2<T>(nu, i)), f64x2.mul(f64x2.mul(A, gv), gv));
    store2<T>(nu, i, v);
    const d = f64x2.sqrt(f64x2.add(v, E));
    const u = round2<T>(v128.bitselect(f64x2.div(gv, d), Z, f64x2.gt(d, Z)));
    const step = round2<T>(f64x2.mul(L, u));
    store2<T>(p, i, acc ? f64x2.add(load2<T>(p, i), step) : step);
  }
  const a = 1 - decay;
  for (; i < n; i++) {
    const gs = load1<T>(g, i), v = decay * load1<T>(nu, i) + a * gs * gs;
    store1<T>(nu, i, v);
    const d = Math.sqrt(v + eps), u = round1<T>(d > 0 ? gs / d : 0), step = round1<T>(negLr * u);
    store1<T>(p, i, acc ? load1<T>(p, i) + step : step);
  }
}

export function rmsprop64(n: i32, p: usize, g: usize, nu: usize, negLr: f64, decay: f64, eps: f64, acc: i32): void {
  rmsprop<f64>(n, p, g, nu, negLr, decay, eps, acc);
}

export function rmsprop32(n: i32, p: usize, g: usize, nu: usize, negLr: f64, decay: f64, eps: f64, acc: i32): void {
  rmsprop<f32>(n, p, g, nu, negLr, decay, eps, acc);
}
