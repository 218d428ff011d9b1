import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as math from 'mathjs';
import { Rng } from 'sublinear/core';
import {
  adam, chain, galore, multiTransform, scaleByAdam, scaleByLearningRate, scaleByShampoo, shampoo, trace,
  type GradientTransformation, type Params,
} from 'sublinear/optim';
import { assertClose, propertyParameters } from 'sublinear/testing';
import { dampedInverseRoot, symmetricEigen } from '../lib/optim/symmetric-eigen.js';

const params = propertyParameters;
type Mat = number[][];

function gaussian(rng: Rng, n: number, sigma = 1): Float64Array {
  const a = rng.fillGaussian(new Float64Array(n));
  for (let i = 0; i < n; i++) a[i] *= sigma;
  return a;
}

/** (S + eps·λ_max I)^(−1/p) from mathjs's eigendecomposition (the identity for zero S). */
function referenceInverseRoot(S: Mat, p: number, eps: number): Mat {
  const n = S.length;
  const { eigenvectors } = math.eigs(S) as unknown as { eigenvectors: { value: number; vector: math.Matrix | number[] }[] };
  const top = Math.max(...eigenvectors.map((e) => e.value));
  if (!(top > 0)) return math.identity(n).valueOf() as Mat;
  let out = math.zeros([n, n]).valueOf() as Mat;
  for (const { value, vector } of eigenvectors) {
    const v = (Array.isArray(vector) ? vector : vector.toArray()) as number[];
    const w = (Math.max(value, 0) + eps * top) ** (-1 / p);
    out = math.add(out, math.multiply(w, math.multiply(math.transpose([v]), [v]))) as Mat;
  }
  return out;
}

interface ShampooCase { rows: number; cols: number; blockSize: number; beta1: number; beta2: number; eps: number; root: number; updateEvery: number; graft: 'adam' | 'none' }

/**
 * An independent dense Shampoo: per block, the statistics as mathjs matrices, the roots from mathjs's
 * eigs, and the direction as the explicit Kronecker product (L^(−1/p) ⊗ (R^(−1/p))ᵀ) vec(M_b).
 */
function denseShampoo(c: ShampooCase, grads: Float64Array[]): Float64Array[] {
  const n = c.rows * c.cols, mu = new Float64Array(n), nu = new Float64Array(n), w2 = c.beta2 === 1 ? 1 : 1 - c.beta2;
  const cuts = (size: number) => { const out: [number, number][] = []; for (let s = 0; s < size; s += c.blockSize) out.push([s, Math.min(c.blockSize, size - s)]); return out; };
  const blocks = cuts(c.rows).flatMap(([r0, rb]) => cuts(c.cols).map(([c0, cb]) => ({ r0, rb, c0, cb, L: math.zeros([rb, rb]).valueOf() as Mat, R: math.zeros([cb, cb]).valueOf() as Mat, rootL: [] as Mat, rootR: [] as Mat })));
  return grads.map((g, t) => {
    const count = t + 1, c1 = 1 / (1 - c.beta1 ** count), c2 = c.beta2 === 1 ? 1 : 1 / (1 - c.beta2 ** count);
    const m = new Float64Array(n), a = new Float64Array(n), d = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      mu[i] = c.beta1 * mu[i] + (1 - c.beta1) * g[i]; nu[i] = c.beta2 * nu[i] + w2 * g[i] * g[i];
      m[i] = mu[i] * c1; a[i] = m[i] / (Math.sqrt(nu[i] * c2) + 1e-8);
    }
    for (const b of blocks) {
      const Gb: Mat = Array.from({ length: b.rb }, (_, i) => Array.from({ length: b.cb }, (_, j) => g[(b.r0 + i) * c.cols + b.c0 + j]));
      b.L = math.add(math.multiply(c.beta2, b.L), math.multiply(w2, math.multiply(Gb, math.transpose(Gb)))) as Mat;
      b.R = math.add(math.multiply(c.beta2, b.R), math.multiply(w2, math.multiply(math.transpose(Gb), Gb))) as Mat;
      if ((count - 1) % c.updateEvery === 0) {
        b.rootL = referenceInverseRoot(math.multiply(c2, b.L) as Mat, c.root, c.eps);
        b.rootR = referenceInverseRoot(math.multiply(c2, b.R) as Mat, c.root, c.eps);
      }
      const vecM: number[] = [];
      for (let i = 0; i < b.rb; i++) for (let j = 0; j < b.cb; j++) vecM.push(m[(b.r0 + i) * c.cols + b.c0 + j]);
      const K = math.kron(b.rootL, math.transpose(b.rootR)) as unknown as Mat;
      const u = math.multiply(K, vecM) as number[];
      for (let i = 0; i < b.rb; i++) for (let j = 0; j < b.cb; j++) d[(b.r0 + i) * c.cols + b.c0 + j] = u[i * b.cb + j];
    }
    const norm = (v: Float64Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    const k = c.graft === 'adam' ? (norm(d) > 0 ? norm(a) / norm(d) : 0) : 1;
    return d.map((x) => k * x);
  });
}

const shampooCase = fc.record({
  rows: fc.integer({ min: 1, max: 5 }), cols: fc.integer({ min: 1, max: 5 }), blockSize: fc.integer({ min: 1, max: 6 }),
  beta1: fc.constantFrom(0, 0.9), beta2: fc.constantFrom(0.9, 0.999, 1), eps: fc.constantFrom(1e-6, 1e-3, 0.1),
  root: fc.constantFrom(2, 4, 6), updateEvery: fc.integer({ min: 1, max: 3 }), graft: fc.constantFrom('adam' as const, 'none' as const),
});

describe('scaleByShampoo', () => {
  test('each update equals the dense reference (explicit Kronecker product of mathjs inverse roots, per block) to 1e-10 in float64', () => {
    fc.assert(fc.property(shampooCase, fc.nat(), (c, seed) => {
      const rng = new Rng(seed), n = c.rows * c.cols;
      const grads = Array.from({ length: 4 }, () => gaussian(rng, n));
      const expected = denseShampoo(c, grads);
      const { rows, cols, ...o } = c;
      const t = scaleByShampoo({ ...o, shape: [rows, cols] });
      let state = t.init(new Float64Array(n));
      grads.forEach((g, i) => {
        const [u, next] = t.update(g, state);
        assertClose(u, expected[i], 1e-10, 0, `step ${i + 1} of ${JSON.stringify(c)}`);
        state = next;
      });
    }), params({ numRuns: 60 }));
  });

  test('the inverse p-th roots equal V diag((λ + ε·λ_max)^(−1/p)) Vᵀ from mathjs\'s eigendecomposition, and the eigendecomposition reconstructs its matrix', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.nat(), fc.constantFrom(2, 4), fc.constantFrom(1e-6, 1e-2), (n, k, seed, p, eps) => {
      const rng = new Rng(seed), G = gaussian(rng, n * k);
      const S: Mat = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => { let s = 0; for (let q = 0; q < k; q++) s += G[i * k + q] * G[j * k + q]; return s; }));
      const flat = Float64Array.from(S.flat()), out = new Float64Array(n * n);
      dampedInverseRoot(n, flat, p, eps, out);
      assertClose(out, referenceInverseRoot(S, p, eps).flat(), 1e-9, 0, 'inverse root');
      const { values, vectors } = symmetricEigen(n, flat);
      const back = new Float64Array(n * n), gram = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let q = 0; q < n; q++) {
        back[i * n + j] += vectors[i * n + q] * values[q] * vectors[j * n + q];
        gram[i * n + j] += vectors[q * n + i] * vectors[q * n + j];
      }
      assertClose(back, flat, 1e-12, 0, 'V Λ Vᵀ');
      assertClose(gram, Float64Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0)), 0, 1e-12, 'Vᵀ V');
      for (let i = 1; i < n; i++) assert.ok(values[i - 1] <= values[i], 'ascending eigenvalues');
    }), params({ numRuns: 80 }));
  });

  test('ill-conditioned statistics (rank one, zero, entries from 1e-150 to 1e70, columns 1e20 apart) keep updates and state finite', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.nat(), fc.constantFrom('adam' as const, 'none' as const), fc.constantFrom(0.999, 1), (rows, cols, seed, graft, beta2) => {
      const rng = new Rng(seed), n = rows * cols;
      const t = scaleByShampoo({ shape: [rows, cols], graft, beta2, updateEvery: 2, blockSize: 4 });
      let state = t.init(new Float64Array(n));
      const u0 = gaussian(rng, rows), v0 = gaussian(rng, cols);
      for (let step = 0; step < 16; step++) {
        const scaleExp = [-150, 100, 0, -300, 80][step % 5];
        const g = new Float64Array(n);
        if (step % 4 !== 3) for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) g[i * cols + j] = u0[i] * v0[j] * 10 ** (scaleExp / 2) * (j === 0 ? 1e20 : 1);
        const [u, next] = t.update(g, state);
        for (const x of u) assert.ok(Number.isFinite(x), `update ${x} at step ${step}`);
        for (const x of next.stats) assert.ok(Number.isFinite(x), 'statistics finite');
        for (const x of next.roots) assert.ok(Number.isFinite(x), 'roots finite');
        state = next;
      }
    }), params({ numRuns: 40 }));
  });

  test('a tensor without a shape (1-D) takes exactly Adam\'s direction', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 12 }), fc.nat(), (n, seed) => {
      const rng = new Rng(seed), a = scaleByAdam({ beta1: 0.8, beta2: 0.99, eps: 1e-6 }), s = scaleByShampoo({ beta1: 0.8, beta2: 0.99, graftEps: 1e-6 });
      let sa = a.init(new Float64Array(n)), ss = s.init(new Float64Array(n));
      for (let step = 0; step < 5; step++) {
        const g = gaussian(rng, n);
        const [ua, na] = a.update(g, sa), [us, ns] = s.update(g, ss);
        assert.deepEqual(us, ua);
        sa = na; ss = ns;
      }
    }), params({ numRuns: 30 }));
  });

  test('a shape function gives each length its own shape; a shape that does not fit the length is a RangeError at init', () => {
    const t = scaleByShampoo({ shape: (n) => (n % 2 === 0 ? [2, n / 2] : undefined) });
    assert.equal(t.init(new Float64Array(6)).stats.length, 4 + 9);
    assert.equal(t.init(new Float64Array(5)).stats.length, 0);
    assert.throws(() => scaleByShampoo({ shape: [2, 3] }).init(new Float64Array(7)), { name: 'RangeError', message: /scaleByShampoo.init: invalid argument. params.length must be 6 \(rows·cols of options.shape \[2, 3\]\). Value: 7./ });
    assert.equal(scaleByShampoo({ shape: [300, 2], blockSize: 128 }).init(new Float64Array(600)).stats.length, 128 * 128 * 2 + 44 * 44 + 3 * 4);
  });
});

/** A gradient U diag(s) Vᵀ of rank r (U rows × r, V cols × r orthonormal) and U. */
function lowRank(rng: Rng, rows: number, cols: number, r: number): { g: Float64Array; U: Float64Array; V: Float64Array } {
  const orth = (m: number) => {
    const A = gaussian(rng, m * r);
    for (let j = 0; j < r; j++) {
      for (let q = 0; q < j; q++) { let d = 0; for (let i = 0; i < m; i++) d += A[i * r + j] * A[i * r + q]; for (let i = 0; i < m; i++) A[i * r + j] -= d * A[i * r + q]; }
      let s = 0; for (let i = 0; i < m; i++) s += A[i * r + j] ** 2; s = Math.sqrt(s);
      for (let i = 0; i < m; i++) A[i * r + j] /= s;
    }
    return A;
  };
  const U = orth(rows), V = orth(cols), g = new Float64Array(rows * cols);
  for (let q = 0; q < r; q++) { const s = 10 / (q + 1); for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) g[i * cols + j] += s * U[i * r + q] * V[j * r + q]; }
  return { g, U, V };
}

describe('galore', () => {
  test('with r = full rank and the identity projector (α = 1) it equals its inner transform exactly, both orientations', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.nat(), fc.constantFrom('float32' as const, 'float64' as const), (rows, cols, seed, dtype) => {
      const rng = new Rng(seed), n = rows * cols, like = (a: Float64Array): Params => (dtype === 'float32' ? Float32Array.from(a) : a);
      const inner = () => chain(scaleByAdam({ beta1: 0.7 }), trace({ decay: 0.5 }));
      const t = galore(inner(), { rank: Math.min(rows, cols), shape: [rows, cols], projector: 'identity', scale: 1, period: 2 }), ref = inner();
      let st = t.init(like(new Float64Array(n))), sr = ref.init(like(new Float64Array(n)));
      for (let step = 0; step < 5; step++) {
        const g = like(gaussian(rng, n));
        const [ut, nt] = t.update(g, st), [ur, nr] = ref.update(g, sr);
        assert.equal(ut.constructor, ur.constructor);
        for (let i = 0; i < n; i++) assert.ok(ut[i] === ur[i], `entry ${i}: ${ut[i]} vs ${ur[i]}`);
        st = nt; sr = nr;
      }
    }), params({ numRuns: 40 }));
  });

  test('the projector (exact or randomized) is orthonormal and spans the top-r singular subspace of a rank-r gradient; the inner state is r-dimensional', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 12, max: 24 }), fc.integer({ min: 12, max: 30 }), fc.nat(), fc.constantFrom('exact' as const, 'randomized' as const), (r, rows, cols, seed, projector) => {
      const rng = new Rng(seed), { g, U, V } = lowRank(rng, rows, cols, r);
      const t = galore(scaleByAdam(), { rank: r, shape: [rows, cols], projector, seed });
      const [, state] = t.update(g, t.init(new Float64Array(rows * cols)));
      const left = rows <= cols, a = left ? rows : cols, B = left ? U : V, P = state.projector;
      assert.equal(P.length, a * r);
      assert.equal((state.inner as { mu: Params }).mu.length, left ? r * cols : rows * r);
      for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) {
        let d = 0; for (let k = 0; k < a; k++) d += P[k * r + i] * P[k * r + j];
        assert.ok(Math.abs(d - (i === j ? 1 : 0)) < 1e-10, `PᵀP[${i}][${j}] = ${d}`);
      }
      // ‖(I − P Pᵀ) B‖ for B the true singular vectors: zero when P spans them.
      let residual = 0;
      for (let q = 0; q < r; q++) {
        const coef = new Float64Array(r);
        for (let j = 0; j < r; j++) for (let k = 0; k < a; k++) coef[j] += P[k * r + j] * B[k * r + q];
        for (let k = 0; k < a; k++) { let proj = 0; for (let j = 0; j < r; j++) proj += P[k * r + j] * coef[j]; residual += (B[k * r + q] - proj) ** 2; }
      }
      assert.ok(Math.sqrt(residual) < 1e-8, `residual ${Math.sqrt(residual)}`);
    }), params({ numRuns: 40 }));
  });

  test('a refresh keeps the inner state by default and re-initializes it with onRefresh: reset', () => {
    const rng = new Rng(5), g = () => gaussian(rng, 12);
    for (const [onRefresh, counts] of [['keep', [1, 2, 3, 4, 5]], ['reset', [1, 2, 1, 2, 1]]] as const) {
      const t = galore(scaleByAdam(), { rank: 2, shape: [3, 4], period: 2, onRefresh });
      let s = t.init(new Float64Array(12));
      const seen: number[] = [];
      for (let step = 0; step < 5; step++) { s = t.update(g(), s)[1]; seen.push(s.inner.count); }
      assert.deepEqual(seen, counts, onRefresh);
    }
  });
});

describe('shampoo and galore on named tensors', () => {
  test('through multiTransform each tensor gets its own shape and state, equal to running the transforms separately', () => {
    const rng = new Rng(9);
    const make = () => ({ w: shampoo({ lr: 0.1, shape: [3, 4], updateEvery: 2 }), v: chain(galore(scaleByAdam(), { rank: 1, shape: [5, 2] }), scaleByLearningRate(0.1)), b: adam({ lr: 0.1 }) });
    const named = multiTransform(make() as Record<string, GradientTransformation<any>>, (name) => name);
    const parts = make() as Record<string, GradientTransformation<any>>;
    const p = { w: gaussian(rng, 12), v: gaussian(rng, 10), b: gaussian(rng, 3) };
    let sn = named.init(p);
    const sp: Record<string, unknown> = Object.fromEntries(Object.entries(p).map(([k, x]) => [k, parts[k].init(x)]));
    for (let step = 0; step < 4; step++) {
      const g = { w: gaussian(rng, 12), v: gaussian(rng, 10), b: gaussian(rng, 3) };
      const [un, next] = named.update(g, sn, p);
      for (const k of Object.keys(p) as (keyof typeof p)[]) {
        const [u, s] = parts[k].update(g[k], sp[k], p[k]);
        assert.deepEqual(un[k], u, k);
        sp[k] = s;
      }
      sn = next;
    }
  });
});

describe('bad input', () => {
  test('factories: wrong kinds are TypeErrors, out-of-range values and unknown option keys RangeErrors, each naming the argument', () => {
    assert.throws(() => scaleByShampoo({ blockSize: 0 }), { name: 'RangeError', message: /scaleByShampoo: invalid argument. options.blockSize must be an integer ≥ 1. Value: 0./ });
    assert.throws(() => scaleByShampoo({ beta2: 1.5 }), { name: 'RangeError', message: /options.beta2 must be a number in \[0, 1\]. Value: 1.5/ });
    assert.throws(() => scaleByShampoo({ eps: 0 }), { name: 'RangeError', message: /options.eps must be a finite number > 0/ });
    assert.throws(() => scaleByShampoo({ root: NaN }), { name: 'RangeError', message: /options.root/ });
    assert.throws(() => scaleByShampoo({ updateEvery: 2.5 }), { name: 'RangeError', message: /options.updateEvery/ });
    assert.throws(() => scaleByShampoo({ graft: 'sgd' as 'adam' }), { name: 'RangeError', message: /options.graft must be one of 'adam', 'none'/ });
    assert.throws(() => scaleByShampoo({ shape: 'square' as unknown as [number, number] }), { name: 'TypeError', message: /options.shape must be a pair \[rows, cols\]/ });
    assert.throws(() => scaleByShampoo({ shape: [0, 3] }), { name: 'RangeError', message: /options.shape\[0\] must be an integer ≥ 1/ });
    assert.throws(() => scaleByShampoo({ blocksize: 4 } as object), { name: 'RangeError', message: /scaleByShampoo: invalid argument. options.blocksize must be one of the known options/ });
    assert.throws(() => shampoo({ lr: 0.1, momentum: 0.9 } as unknown as { lr: number }), { name: 'RangeError', message: /shampoo: invalid argument. options.momentum/ });
    assert.throws(() => shampoo({} as { lr: number }), { name: 'TypeError', message: /shampoo: invalid argument. options.lr must be a finite number/ });
    assert.throws(() => scaleByShampoo(3 as unknown as object), { name: 'TypeError', message: /options must be an object/ });
    assert.throws(() => galore({} as GradientTransformation<unknown>, { rank: 1 }), { name: 'TypeError', message: /galore: invalid argument. inner must be a GradientTransformation/ });
    assert.throws(() => galore(scaleByAdam(), { rank: 0 }), { name: 'RangeError', message: /galore: invalid argument. options.rank must be an integer ≥ 1. Value: 0./ });
    assert.throws(() => galore(scaleByAdam(), { rank: '2' as unknown as number }), { name: 'TypeError', message: /options.rank must be an integer/ });
    assert.throws(() => galore(scaleByAdam(), { rank: 2, period: 0 }), { name: 'RangeError', message: /options.period/ });
    assert.throws(() => galore(scaleByAdam(), { rank: 2, scale: -1 }), { name: 'RangeError', message: /options.scale/ });
    assert.throws(() => galore(scaleByAdam(), { rank: 2, projector: 'svd' as 'exact' }), { name: 'RangeError', message: /options.projector/ });
    assert.throws(() => galore(scaleByAdam(), { rank: 2, onRefresh: 'project' as 'keep' }), { name: 'RangeError', message: /options.onRefresh/ });
    assert.throws(() => galore(scaleByAdam(), { rank: 2, refresh: 10 } as unknown as { rank: number }), { name: 'RangeError', message: /galore: invalid argument. options.refresh must be one of the known options/ });
  });

  test('a refused update (gradients of the wrong kind or length, with NaN or ±Infinity, a damaged count) throws and leaves the state byte-identical', () => {
    const makers: Record<string, () => GradientTransformation<any>> = {
      scaleByShampoo: () => scaleByShampoo({ shape: [3, 4], updateEvery: 1 }),
      shampoo: () => shampoo({ lr: 0.1, shape: [4, 3], blockSize: 2 }),
      galoreExact: () => galore(scaleByAdam(), { rank: 2, shape: [3, 4], period: 1 }),
      galoreRandomized: () => galore(scaleByAdam(), { rank: 1, shape: [4, 3], period: 1, projector: 'randomized', onRefresh: 'reset' }),
    };
    fc.assert(fc.property(fc.constantFrom(...Object.keys(makers)), fc.nat(), fc.constantFrom(NaN, Infinity, -Infinity), fc.integer({ min: 0, max: 11 }), (name, seed, bad, at) => {
      const t = makers[name](), rng = new Rng(seed), p = gaussian(rng, 12);
      const state = t.update(gaussian(rng, 12), t.init(p), p)[1];
      const before = structuredClone(state);
      const g = gaussian(rng, 12);
      g[at] = bad;
      assert.throws(() => t.update(g, state, p), { name: 'RangeError', message: new RegExp(`grads\\[${at}\\] must be a finite number`) });
      assert.throws(() => t.update(gaussian(rng, 13), state, p), { name: 'RangeError', message: /grads.length must be 12 \(rows·cols of options.shape/ });
      assert.throws(() => t.update(Array.from(gaussian(rng, 12)) as unknown as Float64Array, state, p), TypeError);
      assert.throws(() => t.update(gaussian(rng, 12), { ...structuredClone(state), count: -1 } as typeof state, p), TypeError);
      assert.deepEqual(state, before);
    }), params({ numRuns: 40 }));
  });
});
