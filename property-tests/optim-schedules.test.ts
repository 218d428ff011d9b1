/** Schedules, applyIfFinite and multiSteps of sublinear/optim. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from 'sublinear/core';
import {
  adam, adamw, applyIfFinite, constantSchedule, cosineDecaySchedule, joinSchedules, linearSchedule, momentum, multiSteps,
  piecewiseConstantSchedule, rmsprop, scaleBySchedule, scheduleValue, sgd, shampoo, sonew, warmupCosineDecaySchedule,
  type GradientTransformation, type Params, type Schedule,
} from 'sublinear/optim';
import { propertyParameters } from 'sublinear/testing';

const params = propertyParameters;

function gaussian(rng: Rng, n: number, dtype: 'float32' | 'float64'): Params {
  const a = rng.fillGaussian(new Float64Array(n));
  return dtype === 'float32' ? Float32Array.from(a) : a;
}

/** Runs `steps` updates from the same gradients; returns every update. */
function run(t: GradientTransformation<any>, p0: Params, grads: Params[]): Params[] {
  const p = p0.slice() as Params;
  let s = t.init(p);
  return grads.map((g) => { const [u, next] = t.update(g, s, p); s = next; for (let i = 0; i < p.length; i++) p[i] += u[i]; return u; });
}

describe('optim schedules', () => {
  test('each schedule equals its closed form at chosen steps (optax semantics)', () => {
    const v = (s: Schedule, t: number) => scheduleValue(s, t);
    assert.equal(v(constantSchedule(0.3), 0), 0.3);
    assert.equal(v(constantSchedule(0.3), 10 ** 6), 0.3);
    const lin = linearSchedule({ init: 1, end: 0.2, steps: 8, begin: 2 });
    assert.deepEqual([0, 2, 4, 10, 100].map((t) => v(lin, t)), [1, 1, 1 - 0.8 * (2 / 8), 0.2, 0.2].map((x) => x));
    assert.ok(Math.abs(v(lin, 6) - 0.6) < 1e-15);
    const cos = cosineDecaySchedule({ init: 2, decaySteps: 100, alpha: 0.1 });
    for (const t of [0, 25, 50, 99, 100, 500]) {
      const c = Math.min(t, 100);
      assert.ok(Math.abs(v(cos, t) - 2 * (0.9 * 0.5 * (1 + Math.cos((Math.PI * c) / 100)) + 0.1)) < 1e-15, `cosine at ${t}`);
    }
    assert.equal(v(cos, 0), 2);
    assert.ok(Math.abs(v(cos, 100) - 0.2) < 1e-15);
    const cos2 = cosineDecaySchedule({ init: 1, decaySteps: 10, exponent: 2 });
    assert.ok(Math.abs(v(cos2, 5) - 0.25) < 1e-15);
    const warm = warmupCosineDecaySchedule({ init: 0, peak: 1e-3, warmupSteps: 10, decaySteps: 110, end: 1e-5 });
    assert.equal(v(warm, 0), 0);
    assert.ok(Math.abs(v(warm, 5) - 5e-4) < 1e-18);
    assert.equal(v(warm, 10), 1e-3);
    assert.ok(Math.abs(v(warm, 60) - (1e-5 + (1e-3 - 1e-5) * 0.5)) < 1e-17, `mid-decay ${v(warm, 60)}`);
    assert.ok(Math.abs(v(warm, 110) - 1e-5) < 1e-18);
    assert.ok(Math.abs(v(warm, 10_000) - 1e-5) < 1e-18);
    const pc = piecewiseConstantSchedule({ init: 1, boundaries: [10, 20], scales: [0.1, 0.5] });
    assert.deepEqual([0, 9, 10, 19, 20, 1000].map((t) => v(pc, t)), [1, 1, 0.1, 0.1, 0.05, 0.05]);
    const joined = joinSchedules([constantSchedule(1), linearSchedule({ init: 1, end: 0, steps: 10 }), (t) => 100 + t], [5, 15]);
    assert.deepEqual([0, 4, 5, 10, 14, 15, 20].map((t) => v(joined, t)), [1, 1, 1, 0.5, 0.09999999999999998, 100, 105]);
  });

  test('a schedule is the learning rate of every recipe: sgd steps by −schedule(t)·g', () => {
    const lr = piecewiseConstantSchedule({ init: 0.5, boundaries: [2], scales: [0.1] });
    const opt = sgd({ lr });
    let s = opt.init(new Float64Array(1)), u: Params;
    const got: number[] = [];
    for (let t = 0; t < 4; t++) { [u, s] = opt.update(Float64Array.of(2), s); got.push(u[0]); }
    assert.deepEqual(got, [-1, -1, -0.1, -0.1]);
    assert.deepEqual(s, [{ count: 4 }]);
  });

  test('adam, adamw, sgd, momentum, rmsprop, sonew and shampoo with constant schedules equal the same recipes with numbers, bit for bit', () => {
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 1, max: 12 }), fc.constantFrom('float32' as const, 'float64' as const), (seed, n, dtype) => {
      const rng = new Rng(seed), p = gaussian(rng, n, dtype);
      const grads = Array.from({ length: 6 }, () => gaussian(rng, n, dtype));
      const c = constantSchedule;
      const square = (len: number): [number, number] | undefined => (len > 0 && len % 3 === 0 ? [3, len / 3] : undefined);
      const pairs: [GradientTransformation<any>, GradientTransformation<any>][] = [
        [adam({ lr: 1e-3 }), adam({ lr: c(1e-3) })],
        [adamw({ lr: 3e-3, weightDecay: 0.01 }), adamw({ lr: c(3e-3), weightDecay: c(0.01) })],
        [sgd({ lr: 0.1 }), sgd({ lr: (_t) => 0.1 })],
        [momentum({ lr: 0.05 }), momentum({ lr: c(0.05) })],
        [rmsprop({ lr: 1e-2 }), rmsprop({ lr: c(1e-2) })],
        [sonew({ lr: 1e-2, band: 2, weightDecay: 0.1 }), sonew({ lr: c(1e-2), band: 2, weightDecay: c(0.1) })],
        [shampoo({ lr: 1e-2, shape: square, updateEvery: 2 }), shampoo({ lr: c(1e-2), shape: square, updateEvery: 2 })],
      ];
      for (const [plain, scheduled] of pairs) assert.deepEqual(run(scheduled, p, grads), run(plain, p, grads));
    }), params({ numRuns: 40 }));
  });

  test('a structured clone of a scheduled optimizer state mid-run continues identically', () => {
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 8 }), (seed, n, cut) => {
      const rng = new Rng(seed);
      const lr = warmupCosineDecaySchedule({ init: 0, peak: 0.1, warmupSteps: 3, decaySteps: 12 });
      const opts: GradientTransformation<any>[] = [adamw({ lr, weightDecay: linearSchedule({ init: 0.1, end: 0, steps: 10 }) }), sonew({ lr, band: 1 }), multiSteps(applyIfFinite(adam({ lr }), 2), 2)];
      for (const opt of opts) {
        const p = gaussian(rng, n, 'float64');
        let s = opt.init(p);
        for (let t = 0; t < cut; t++) s = opt.update(gaussian(rng, n, 'float64'), s, p)[1];
        let a = s, b = structuredClone(s);
        for (let t = 0; t < 5; t++) {
          const g = gaussian(rng, n, 'float64');
          const [ua, na] = opt.update(g, a, p), [ub, nb] = opt.update(g, b, p);
          assert.deepEqual(ub, ua);
          a = na; b = nb;
        }
      }
    }), params({ numRuns: 30 }));
  });

  test('applyIfFinite skips non-finite gradients with zero updates, counts them, keeps the inner state, and gives up after maxConsecutiveErrors', () => {
    const opt = applyIfFinite(adam({ lr: 0.1 }), 2), ref = adam({ lr: 0.1 });
    let s = opt.init(new Float64Array(2)), r = ref.init(new Float64Array(2)), u: Params, ru: Params;
    [u, s] = opt.update(Float64Array.of(1, -1), s);
    [ru, r] = ref.update(Float64Array.of(1, -1), r);
    assert.deepEqual(u, ru);
    const innerBefore = structuredClone(s.inner);
    [u, s] = opt.update(Float64Array.of(NaN, 1), s);
    assert.deepEqual(u, new Float64Array(2));
    assert.deepEqual(s.inner, innerBefore);
    assert.deepEqual([s.notfiniteCount, s.lastFinite, s.totalNotfinite], [1, false, 1]);
    [u, s] = opt.update(Float64Array.of(Infinity, 1), s);
    assert.deepEqual(u, new Float64Array(2));
    [u, s] = opt.update(Float64Array.of(2, 3), s); // finite: resumes exactly where the reference is
    [ru, r] = ref.update(Float64Array.of(2, 3), r);
    assert.deepEqual(u, ru);
    assert.deepEqual([s.notfiniteCount, s.lastFinite, s.totalNotfinite], [0, true, 2]);
    for (let k = 0; k < 2; k++) [u, s] = opt.update(Float64Array.of(-Infinity, 0), s);
    assert.deepEqual(u, new Float64Array(2));
    [u, s] = opt.update(Float64Array.of(NaN, 0), s); // third in a row > 2: applied
    assert.ok(Number.isNaN(s.inner[0].mu[0]), 'the inner step ran on the NaN gradient');
    assert.equal(s.inner[0].count, 3);
    assert.deepEqual([s.notfiniteCount, s.totalNotfinite], [3, 5]);
  });

  test('multiSteps(t, k) equals t stepping once on the mean of each k gradients, with zero updates in between', () => {
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 5 }), fc.constantFrom('float32' as const, 'float64' as const), (seed, n, k, dtype) => {
      const rng = new Rng(seed);
      const acc = multiSteps(sonew({ lr: 0.01, band: 2 }), k), inner = sonew({ lr: 0.01, band: 2 });
      const p = gaussian(rng, n, dtype);
      const Ctor = dtype === 'float32' ? Float32Array : Float64Array;
      let sa = acc.init(p), si = inner.init(p);
      for (let round = 0; round < 3; round++) {
        const gs = Array.from({ length: k }, () => gaussian(rng, n, dtype));
        const sum = new Float64Array(n);
        gs.forEach((g, j) => {
          const [u, next] = acc.update(g, sa, p);
          sa = next;
          for (let i = 0; i < n; i++) sum[i] += g[i];
          if (j < k - 1) assert.deepEqual(u, new Ctor(n));
          else {
            const [want, nextInner] = inner.update(Ctor.from(Array.from(sum, (x) => x / k)), si, p);
            si = nextInner;
            assert.deepEqual(u, want);
          }
        });
      }
      assert.equal(sa.gradientStep, 3);
    }), params({ numRuns: 40 }));
  });

  test('bad schedules are rejected naming the field; a schedule that returns NaN is refused at update with the state unchanged', () => {
    assert.throws(() => linearSchedule({ init: 1, end: 0, steps: 0 }), { name: 'RangeError', message: /linearSchedule: invalid argument. options.steps must be a finite number > 0. Value: 0./ });
    assert.throws(() => warmupCosineDecaySchedule({ init: 0, peak: 1, warmupSteps: 10, decaySteps: 10 }), { name: 'RangeError', message: /options.decaySteps must be a number > warmupSteps/ });
    assert.throws(() => piecewiseConstantSchedule({ init: 1, boundaries: [5, 5], scales: [1, 1] }), { name: 'RangeError', message: /options.boundaries\[1\] must be a step > options.boundaries\[0\]/ });
    assert.throws(() => piecewiseConstantSchedule({ init: 1, boundaries: [5], scales: [] }), { name: 'RangeError', message: /scales.length must be 1/ });
    assert.throws(() => joinSchedules([constantSchedule(1)], [3]), { name: 'RangeError', message: /join.boundaries.length must be 0/ });
    assert.throws(() => cosineDecaySchedule({ init: NaN, decaySteps: 3 }), { name: 'RangeError', message: /options.init must be a finite number/ });
    assert.throws(() => adam({ lr: { kind: 'exponential', init: 1 } as unknown as Schedule }), { name: 'RangeError', message: /adam: invalid argument. options.lr.kind must be one of 'constant'/ });
    assert.throws(() => adam({ lr: { kind: 'constant', value: 1, steps: 3 } as unknown as Schedule }), { name: 'RangeError', message: /options.lr.steps must be absent/ });
    assert.throws(() => adam({ lr: 'fast' as unknown as number }), { name: 'TypeError', message: /options.lr must be a schedule/ });
    assert.throws(() => scheduleValue(constantSchedule(1), -1), RangeError);
    const opt = scaleBySchedule((t) => (t < 1 ? 1 : NaN));
    let s = opt.init(new Float64Array(1));
    s = opt.update(Float64Array.of(1), s)[1];
    const before = structuredClone(s);
    assert.throws(() => opt.update(Float64Array.of(1), s), { name: 'RangeError', message: /scaleBySchedule.update: invalid argument. schedule\(1\) must be a finite number. Value: NaN./ });
    assert.deepEqual(s, before);
    const son = sonew({ lr: () => -1 });
    const ss = son.init(new Float32Array(2)), sb = structuredClone(ss);
    assert.throws(() => son.update(new Float32Array(2), ss), { name: 'RangeError', message: /options.lr\(0\) must be a finite number ≥ 0. Value: -1./ });
    assert.deepEqual(ss, sb);
  });
});
