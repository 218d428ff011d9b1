import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng, setBackend } from 'sublinear/core';
import { BandedMatrix, bandedLogDetInverse } from 'sublinear/logdet';
import {
  adam, adamw, addDecayedWeights, applyUpdates, chain, clipByGlobalNorm, momentum, multiTransform, perTensor, rmsprop,
  scale, scaleByAdam, scaleByLearningRate, scaleByRms, scaleBySonew, sgd, sonew, trace,
  applyIfFinite, constantSchedule, cosineDecaySchedule, linearSchedule, multiSteps, piecewiseConstantSchedule, scaleBySchedule, warmupCosineDecaySchedule,
  galore, scaleByShampoo, shampoo,
  type GradientTransformation, type Params,
} from 'sublinear/optim';
import { assertClose, propertyParameters } from 'sublinear/testing';

const params = propertyParameters;

function gaussian(rng: Rng, n: number, dtype: 'float32' | 'float64', sigma = 1): Params {
  const a = new Float64Array(n);
  rng.fillGaussian(a);
  for (let i = 0; i < n; i++) a[i] *= sigma;
  return dtype === 'float32' ? Float32Array.from(a) : a;
}

/** Every transformation and recipe, by name (the smoke test runs them all). */
const ALL: Record<string, () => GradientTransformation<any>> = {
  scale: () => scale(0.5),
  scaleByLearningRate: () => scaleByLearningRate(0.1),
  addDecayedWeights: () => addDecayedWeights(0.01),
  clipByGlobalNorm: () => clipByGlobalNorm(1),
  trace: () => trace({ decay: 0.9 }),
  traceNesterov: () => trace({ decay: 0.9, nesterov: true }),
  scaleByAdam: () => scaleByAdam(),
  scaleByAdamEps0: () => scaleByAdam({ eps: 0 }),
  scaleByRms: () => scaleByRms(),
  scaleBySonew0: () => scaleBySonew({ band: 0 }),
  scaleBySonew1: () => scaleBySonew({ band: 1 }),
  scaleBySonew4: () => scaleBySonew({ band: 4, graft: 'none' }),
  sgd: () => sgd({ lr: 0.1 }),
  momentum: () => momentum({ lr: 0.1, beta: 0.9 }),
  adam: () => adam({ lr: 1e-3 }),
  adamw: () => adamw({ lr: 1e-3, weightDecay: 0.1 }),
  rmsprop: () => rmsprop({ lr: 1e-3 }),
  rmspropEps0: () => rmsprop({ lr: 1e-3, eps: 0 }),
  sonew1: () => sonew({ lr: 1e-3, band: 1 }),
  sonew3: () => sonew({ lr: 1e-3, band: 3, weightDecay: 0.01, eps: 0 }),
  sonew5None: () => sonew({ lr: 1e-3, band: 5, graft: 'none' }),
  scaleBySchedule: () => scaleBySchedule(cosineDecaySchedule({ init: 1, decaySteps: 5 })),
  adamwScheduled: () => adamw({ lr: warmupCosineDecaySchedule({ init: 0, peak: 1e-2, warmupSteps: 3, decaySteps: 10 }), weightDecay: linearSchedule({ init: 0.1, end: 0, steps: 6 }) }),
  sonewScheduled: () => sonew({ lr: piecewiseConstantSchedule({ init: 1e-2, boundaries: [4], scales: [0.1] }), band: 2, weightDecay: constantSchedule(0.01) }),
  applyIfFinite: () => applyIfFinite(adam({ lr: 1e-3 }), 1),
  multiSteps3: () => multiSteps(momentum({ lr: 0.1 }), 3),
  // Structured transforms: lengths divisible by 3 are 3 × n/3 matrices (blocks of ≤ 2), others 1-D.
  scaleByShampoo: () => scaleByShampoo({ shape: (n) => (n > 0 && n % 3 === 0 ? [3, n / 3] : undefined), blockSize: 2, updateEvery: 2 }),
  scaleByShampooSum: () => scaleByShampoo({ shape: (n) => (n > 0 && n % 3 === 0 ? [n / 3, 3] : undefined), beta2: 1, graft: 'none', root: 2 }),
  shampoo: () => shampoo({ lr: 1e-3, shape: (n) => (n > 0 && n % 4 === 0 ? [4, n / 4] : undefined) }),
  galoreExact: () => galore(scaleByAdam(), { rank: 2, shape: (n) => (n > 0 && n % 3 === 0 ? [3, n / 3] : undefined), period: 3 }),
  galoreRandomized: () => galore(chain(scaleByAdam(), scaleByLearningRate(0.1)), { rank: 1, shape: (n) => (n > 0 && n % 4 === 0 ? [n / 4, 4] : undefined), period: 2, projector: 'randomized', onRefresh: 'reset', seed: 3 }),
};

function assertFiniteState(state: unknown, path = 'state'): void {
  if (ArrayBuffer.isView(state)) {
    const a = state as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) assert.ok(Number.isFinite(a[i]), `${path}[${i}] = ${a[i]}`);
  } else if (typeof state === 'number') assert.ok(Number.isFinite(state), `${path} = ${state}`);
  else if (typeof state === 'boolean') return;
  else if (state !== null && typeof state === 'object') {
    assert.ok(Array.isArray(state) || Object.getPrototypeOf(state) === Object.prototype, `${path} is a plain object or array`);
    for (const [k, v] of Object.entries(state)) assertFiniteState(v, `${path}.${k}`);
  } else assert.fail(`${path} holds ${typeof state}: states are typed arrays, numbers, booleans, arrays and plain objects`);
}

describe('optim', () => {
  test('every transform keeps its state finite and plain, its updates finite and shaped, on random gradients (and a structured clone of the state continues identically)', () => {
    fc.assert(fc.property(fc.constantFrom(...Object.keys(ALL)), fc.nat(), fc.integer({ min: 0, max: 24 }), fc.constantFrom('float32' as const, 'float64' as const), fc.constantFrom(1e-6, 1, 1e3), (name, seed, n, dtype, sigma) => {
      const t = ALL[name](), rng = new Rng(seed);
      const p = gaussian(rng, n, dtype);
      let state = t.init(p);
      for (let step = 0; step < 12; step++) {
        const g = step === 0 || step === 5 ? gaussian(rng, n, dtype, 0) : gaussian(rng, n, dtype, sigma); // all-zero gradients, first and later
        const [u, next] = t.update(g, state, p);
        assert.equal(u.length, n);
        assert.equal(u.constructor, p.constructor);
        assertFiniteState(u, 'updates');
        assertFiniteState(next);
        applyUpdates(p, u);
        state = next;
      }
      const g = gaussian(rng, n, dtype, sigma);
      const copy = structuredClone(state);
      assert.deepEqual(t.update(g, copy, p)[0], t.update(g, state, p)[0]);
    }), params({ numRuns: 150 }));
  });

  test('chain equals applying the transforms by hand', () => {
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 1, max: 16 }), (seed, n) => {
      const parts: GradientTransformation<any>[] = [clipByGlobalNorm(2), scaleByAdam({ beta1: 0.8 }), addDecayedWeights(0.1), scaleBySonew({ band: 2 }), scaleByLearningRate(0.05)];
      const chained = chain(...parts);
      const rng = new Rng(seed), p = gaussian(rng, n, 'float64');
      let cs = chained.init(p);
      let hs: unknown[] = parts.map((t) => t.init(p));
      for (let step = 0; step < 4; step++) {
        const g = gaussian(rng, n, 'float64');
        let u: Params = g;
        hs = hs.map((s, i) => { const [v, next] = parts[i].update(u, s, p); u = v; return next; });
        const [cu, next] = chained.update(g, cs, p);
        cs = next;
        assert.deepEqual(cu, u);
      }
    }), params({ numRuns: 50 }));
  });

  test('adam (the fused op) equals chain(scaleByAdam, scaleByLearningRate) bit for bit on every backend: updates with the sign of zero, state, structured clone, and the chain\'s errors', () => {
    const backends = ['js', 'wasm'].filter((b) => { const ok = setBackend(b) === b; setBackend('auto'); return ok; });
    const entry = fc.oneof(fc.double({ min: -4, max: 4, noNaN: true }), fc.constantFrom(0, -0, 1e-300, -1e-45, NaN, Infinity));
    fc.assert(fc.property(fc.array(entry, { minLength: 0, maxLength: 40 }), fc.constantFrom('float32', 'float64'), fc.constantFrom(1e-8, 0), fc.constantFrom(0, 0.9), fc.nat(), (g0, dtype, eps, beta1, seed) => {
      const T = dtype === 'float32' ? Float32Array : Float64Array, rng = new Rng(seed);
      for (const b of backends) {
        setBackend(b);
        try {
          const fused = adam({ lr: 0.01, beta1, eps }), ref = chain(scaleByAdam({ beta1, beta2: 0.999, eps }), scaleByLearningRate(0.01));
          let sf = structuredClone(fused.init(new T(g0.length))), sr = ref.init(new T(g0.length));
          for (let step = 0; step < 3; step++) {
            const g = new T(g0.length);
            g0.forEach((v, i) => { g[i] = step === 0 ? v : i % 3 === 0 ? 0 : rng.gaussian(); });
            const [uf, nf] = fused.update(g, sf), [ur, nr] = ref.update(g, sr);
            assert.deepEqual(uf, ur);
            for (let i = 0; i < ur.length; i++) assert.ok(Object.is(uf[i], ur[i]), `sign of update ${i}`);
            assert.deepEqual(nf, nr);
            sf = structuredClone(nf); sr = nr;
          }
        } finally { setBackend('auto'); }
      }
    }), params({ numRuns: 60 }));
    const opt = adam({ lr: 0.1 }), state = opt.init(new Float64Array(2));
    assert.throws(() => opt.update(new Float64Array(3), state), { name: 'TypeError', message: /scaleByAdam.update: invalid argument. state.mu/ });
    assert.throws(() => opt.update(new Float64Array(2), [state[0]] as never), { name: 'TypeError', message: /chain.update: invalid argument. state/ });
    assert.throws(() => opt.update([1, 2] as never, state), { name: 'TypeError', message: /scaleByAdam.update: invalid argument. grads/ });
    const mixed = opt.update(new Float32Array([1, 0]), state)[0];
    assert.ok(mixed instanceof Float32Array);
  });

  test('adam matches hand-computed updates', () => {
    const opt = adam({ lr: 0.1, beta1: 0.5, beta2: 0.75, eps: 1e-3 });
    let state = opt.init(new Float64Array(2));
    const grads = [[1, -2], [3, 0]];
    // Step 1: m = 0.5 g, v = 0.25 g²; m̂ = g, v̂ = g²: u = −0.1·g/(|g| + 1e-3).
    let [u, s] = opt.update(Float64Array.from(grads[0]), state);
    assertClose(u, [-0.1 * 1 / 1.001, 0.1 * 2 / 2.001], 1e-15);
    state = s;
    // Step 2: m = [0.5·0.5 + 0.5·3, 0.5·(−1)] = [1.75, −0.5]; v = [0.75·0.25 + 0.25·9, 0.75·1] = [2.4375, 0.75];
    // m̂ = m/0.75, v̂ = v/0.4375.
    [u, s] = opt.update(Float64Array.from(grads[1]), state);
    const mh = [1.75 / 0.75, -0.5 / 0.75], vh = [2.4375 / 0.4375, 0.75 / 0.4375];
    assertClose(u, mh.map((m, i) => -0.1 * m / (Math.sqrt(vh[i]) + 1e-3)), 1e-15);
    assert.equal(s.length, 2);
  });

  test('sonew with band 0 is the diagonal preconditioner m̂/(v̂ + ε), grafted to the norm of Adam', () => {
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 1, max: 20 }), (seed, n) => {
      const rng = new Rng(seed), eps = 1e-8;
      const plain = sonew({ lr: 0.1, band: 0, graft: 'none' }), grafted = sonew({ lr: 0.1, band: 0 }), ref = adam({ lr: 0.1 });
      let sp = plain.init(new Float64Array(n)), sg = grafted.init(new Float64Array(n)), sa = ref.init(new Float64Array(n));
      const m = new Float64Array(n), v = new Float64Array(n);
      for (let t = 1; t <= 3; t++) {
        const g = gaussian(rng, n, 'float64');
        for (let i = 0; i < n; i++) { m[i] = 0.9 * m[i] + 0.1 * g[i]; v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]; }
        const want = Array.from(m, (mi, i) => -0.1 * (mi / (1 - 0.9 ** t)) / (v[i] / (1 - 0.999 ** t) + eps));
        let up: Params, ug: Params, ua: Params;
        [up, sp] = plain.update(g, sp);
        [ug, sg] = grafted.update(g, sg);
        [ua, sa] = ref.update(g, sa);
        assertClose(up, want, 1e-13, 0, 'diagonal step');
        const norm = (a: ArrayLike<number>) => Math.hypot(...Array.from(a));
        const c = norm(ua) / norm(up);
        assertClose(ug, Array.from(up, (x) => c * x), 1e-12, 0, 'grafted step');
      }
    }), params({ numRuns: 50 }));
  });

  test('the fused sonew step (tridiagonal, unrolled bands 2–8, generic loop past 8) equals EMA statistics + bandedLogDetInverse + apply (graft none)', () => {
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 10 }), (seed, n, band) => {
      const rng = new Rng(seed), eps = 1e-3, steps = 12;
      const t = scaleBySonew({ band, eps, graft: 'none', beta1: 0.9, beta2: 0.95 });
      let state = t.init(new Float64Array(n));
      const H = BandedMatrix.zeros(n, band), m = new Float64Array(n);
      for (let k = 1; k <= steps; k++) {
        const g = gaussian(rng, n, 'float64');
        const [u, next] = t.update(g, state);
        state = next;
        BandedMatrix.emaOuter(H, g, 0.95);
        for (let i = 0; i < n; i++) m[i] = 0.9 * m[i] + 0.1 * g[i];
        const X = bandedLogDetInverse(BandedMatrix.scaled(H, 1 / (1 - 0.95 ** k), eps));
        const want = X.apply(m.map((x) => x / (1 - 0.9 ** k)));
        assertClose(u, want, 1e-9, 0, `step ${k}`);
        assert.equal(state.droppedEdges, 0);
      }
    }), params({ numRuns: 60 }));
  });

  test('named tensors: multiTransform gives each tensor exactly the flat result of its label', () => {
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 4 }), (seed, nw, nb) => {
      const rng = new Rng(seed);
      const make = () => ({ so: sonew({ lr: 0.01, band: 2 }), ad: adam({ lr: 0.01 }) });
      const opt = multiTransform(make(), (name) => (name === 'bias' ? 'ad' : 'so'));
      const flat = make();
      const p = { weight: gaussian(rng, nw, 'float32'), bias: gaussian(rng, nb, 'float32') };
      let s = opt.init(p), sw = flat.so.init(p.weight), sb = flat.ad.init(p.bias);
      for (let k = 0; k < 3; k++) {
        const g = { weight: gaussian(rng, nw, 'float32'), bias: gaussian(rng, nb, 'float32') };
        const [u, next] = opt.update(g, s, p);
        s = next;
        let uw: Params, ub: Params;
        [uw, sw] = flat.so.update(g.weight, sw, p.weight);
        [ub, sb] = flat.ad.update(g.bias, sb, p.bias);
        assert.deepEqual(u.weight, uw);
        assert.deepEqual(u.bias, ub);
      }
      const per = perTensor(sgd({ lr: 1 }));
      const [u] = per.update({ a: Float64Array.of(2) }, per.init({ a: Float64Array.of(0) }));
      assert.deepEqual(u.a, Float64Array.of(-2));
    }), params({ numRuns: 30 }));
  });

  test('a rejected update leaves the state exactly as it was', () => {
    fc.assert(fc.property(fc.constantFrom('scaleByAdam', 'scaleBySonew1', 'scaleBySonew4', 'trace', 'scaleByRms', 'adamw'), fc.integer({ min: 2, max: 12 }), (name, n) => {
      const t = ALL[name](), rng = new Rng(n);
      const p = gaussian(rng, n, 'float32');
      const state = t.update(gaussian(rng, n, 'float32'), t.init(p), p)[1];
      const before = structuredClone(state);
      assert.throws(() => t.update(gaussian(rng, n + 1, 'float32'), state, p));
      assert.throws(() => t.update(Array.from(gaussian(rng, n, 'float32')) as unknown as Float32Array, state, p), TypeError);
      assert.deepEqual(state, before);
    }), params({ numRuns: 30 }));
  });

  test('bad hyperparameters and mismatched states are rejected with the argument named', () => {
    assert.throws(() => sonew({ lr: -1 }), { name: 'RangeError', message: /sonew: invalid argument. options.lr must be a finite number > 0. Value: -1./ });
    assert.throws(() => sonew({ lr: 1, band: 1.5 }), { name: 'RangeError', message: /sonew: invalid argument. options.band must be an integer in \[0, 64\]/ });
    assert.throws(() => sonew({ lr: 1, graft: 'shampoo' as 'adam' }), { name: 'RangeError', message: /options.graft must be one of 'adam', 'none'/ });
    assert.throws(() => adam({ lr: 1e-3, beta1: 1 }), { name: 'RangeError', message: /adam: invalid argument. options.beta1 must be a number in \[0, 1\)/ });
    assert.throws(() => adam({} as { lr: number }), { name: 'TypeError', message: /options.lr must be a finite number. Value: undefined/ });
    assert.throws(() => adamw({ lr: 1, weightDecay: NaN }), { name: 'RangeError', message: /weightDecay/ });
    assert.throws(() => rmsprop({ lr: 1, decay: -0.1 }), { name: 'RangeError', message: /options.decay/ });
    assert.throws(() => momentum({ lr: 1, beta: 2 }), { name: 'RangeError', message: /options.decay must be a number in \[0, 1\)/ });
    assert.throws(() => clipByGlobalNorm(0), RangeError);
    assert.throws(() => chain({} as GradientTransformation<unknown>), { name: 'TypeError', message: /transforms\[0\]/ });
    const opt = adam({ lr: 1 }), state = opt.init(new Float64Array(3));
    assert.throws(() => opt.update(new Float64Array(4), state), { name: 'TypeError', message: /state.mu must be a typed array of length 4 made by init\(params\)/ });
    assert.throws(() => opt.update(new Float64Array(3), [state[0]] as unknown as typeof state), { name: 'TypeError', message: /chain.update: invalid argument. state must be the array of 2 sub-states/ });
    assert.throws(() => opt.update([1, 2, 3] as unknown as Float64Array, state), { name: 'TypeError', message: /grads must be a Float32Array or Float64Array/ });
    assert.throws(() => adamw({ lr: 1 }).update(new Float64Array(1), adamw({ lr: 1 }).init(new Float64Array(1))), { name: 'TypeError', message: /addDecayedWeights.update: invalid argument. params/ });
    assert.throws(() => applyUpdates(new Float64Array(2), new Float64Array(3)), { name: 'RangeError', message: /updates.length must be 2/ });
  });
});
