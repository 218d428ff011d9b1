/**
 * The kernel op layer: every op on every backend that loads here against the js reference, on odd
 * sizes that hit every remainder path of the wasm micro-kernels (rows around the 4-row tile, columns
 * around the 8- and 4-wide panels and the 256/128-column blocks, k around the 256-step block), with
 * strides, offsets, both dtypes, accumulate on and off; backend selection, fallback with a reason;
 * and the embedded wasm binary rebuilt from its AssemblyScript sources.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { backendStatus, freeWasmArray, getBackend, matmul, ops, Rng, setBackend, wasmArray, type Dtype, type FloatArray } from 'sublinear/core';
import { kernels, kronMatVec, kronMatVecTranspose } from 'sublinear/kron';
import { ThresholdSearch } from 'sublinear/maxtree';
import { applyUpdates, chain, scaleByAdam, scaleByLearningRate } from 'sublinear/optim';
import { propertyParameters } from 'sublinear/testing';
import * as blas from '../lib/core/blas.js';
import { jsKernels } from '../lib/core/kernels/js/index.js';
import { binaryModuleSource, compileWasmKernels } from '../lib/core/kernels/wasm/build-binary.js';

const U32 = 2 ** -24, U64 = 2 ** -53;
const backends = ['js', 'wasm'].filter((b) => { const ok = setBackend(b) === b; setBackend('auto'); return ok; });
after(() => setBackend('auto'));

function onBackend<T>(name: string, run: () => T): T {
  setBackend(name);
  try { return run(); } finally { setBackend('auto'); }
}

const make = (dtype: Dtype, n: number, rng: Rng): FloatArray => rng.fillGaussian(dtype === 'float32' ? new Float32Array(n) : new Float64Array(n));

interface GemmCase {
  transA: boolean; transB: boolean; m: number; n: number; k: number; dtype: Dtype; accumulate: boolean;
  padA: number; padB: number; padC: number; offA: number; offB: number; offC: number; seed: number;
}

const size = (small: number, big: number[]) => fc.oneof({ arbitrary: fc.integer({ min: 0, max: small }), weight: 4 }, fc.constantFrom(...big));
const gemmCase: fc.Arbitrary<GemmCase> = fc.record({
  transA: fc.boolean(), transB: fc.boolean(),
  m: size(13, [1, 3, 4, 5, 65, 67]), n: size(19, [7, 8, 9, 127, 129, 257]), k: size(11, [1, 255, 257, 300]),
  dtype: fc.constantFrom<Dtype>('float32', 'float64'), accumulate: fc.boolean(),
  padA: fc.nat(3), padB: fc.nat(3), padC: fc.nat(3), offA: fc.nat(5), offB: fc.nat(5), offC: fc.nat(5), seed: fc.nat(),
});

/** The operands of a case: A, B, C with their leading dimensions, C's gaps filled with a marker. */
function operands(c: GemmCase) {
  const rng = new Rng(c.seed);
  const [ra, ca] = c.transA ? [c.k, c.m] : [c.m, c.k], [rb, cb] = c.transB ? [c.n, c.k] : [c.k, c.n];
  const lda = ca + c.padA, ldb = cb + c.padB, ldc = c.n + c.padC;
  const A = make(c.dtype, c.offA + ra * lda, rng), B = make(c.dtype, c.offB + rb * ldb, rng), C = make(c.dtype, c.offC + c.m * ldc + 2, rng);
  const a = (i: number, p: number) => A[c.offA + (c.transA ? p * lda + i : i * lda + p)];
  const b = (p: number, j: number) => B[c.offB + (c.transB ? j * ldb + p : p * ldb + j)];
  return { A, B, C, lda, ldb, ldc, a, b };
}

function runGemm(kernel: typeof ops.gemm, c: GemmCase, o: ReturnType<typeof operands>): FloatArray {
  const C = o.C.slice();
  kernel(c.transA, c.transB, c.m, c.n, c.k, o.A, c.offA, o.lda, o.B, c.offB, o.ldb, C, c.offC, o.ldc, c.accumulate);
  return C;
}

describe('gemm', () => {
  for (const backend of backends) {
    test(`${backend}: every entry is the ordered sum started from C or 0, in the backend's precision (float32 on wasm, float64 on js); entries outside the m × n block unchanged`, () => {
      fc.assert(fc.property(gemmCase, (c) => {
        const o = operands(c);
        const got = onBackend(backend, () => runGemm(ops.gemm, c, o));
        const step = onBackend(backend, () => backendStatus().accumulation[c.dtype]) === 'float32' ? Math.fround : (v: number) => v;
        const store = c.dtype === 'float32' ? Math.fround : (v: number) => v;
        const inside = new Set<number>();
        for (let i = 0; i < c.m; i++) {
          for (let j = 0; j < c.n; j++) {
            const at = c.offC + i * o.ldc + j;
            inside.add(at);
            let s = c.accumulate ? o.C[at] : 0;
            for (let p = 0; p < c.k; p++) s = step(s + step(o.a(i, p) * o.b(p, j)));
            if (!Object.is(got[at], store(s))) assert.fail(`C(${i}, ${j}) = ${got[at]}, the ordered sum is ${store(s)}`);
          }
        }
        for (let t = 0; t < got.length; t++) if (!inside.has(t) && !Object.is(got[t], o.C[t])) assert.fail(`C[${t}] outside the block changed`);
      }), propertyParameters({ numRuns: 150 }));
    });
  }

  test('wasm against the js reference: float64 bit for bit; float32 within (k + 1)·2⁻²⁴·Σ|a||b| (float32 running sums vs one rounding)', { skip: backends.includes('wasm') ? false : 'wasm backend not available' }, () => {
    fc.assert(fc.property(gemmCase, (c) => {
      const o = operands(c);
      const ref = runGemm(jsKernels.gemm, c, o), got = onBackend('wasm', () => runGemm(ops.gemm, c, o));
      if (c.dtype === 'float64') { assert.deepEqual(got, ref); return; }
      for (let i = 0; i < c.m; i++) {
        for (let j = 0; j < c.n; j++) {
          const at = c.offC + i * o.ldc + j;
          let mass = c.accumulate ? Math.abs(o.C[at]) : 0;
          for (let p = 0; p < c.k; p++) mass += Math.abs(o.a(i, p) * o.b(p, j));
          const bound = (c.k + 1) * U32 * mass * 1.0001;
          assert.ok(Math.abs(got[at] - ref[at]) <= bound, `C(${i}, ${j}): |${got[at]} − ${ref[at]}| > ${bound}`);
        }
      }
    }), propertyParameters({ numRuns: 150 }));
  });

  test('wasm, few rows against a long operand copied in several blocks (the swapped path, m ≤ n/4, n past one 4 MiB block of rows): every entry is the ordered sum, every transpose, both dtypes, accumulate on and off', { skip: backends.includes('wasm') ? false : 'wasm backend not available' }, () => {
    // 4 MiB / (k · size) rounded down to 120 rows: 840 rows per block for float64 at k = 600, 1680 for float32
    for (const [dtype, m, n] of [['float64', 5, 1100], ['float32', 3, 1900]] as const) {
      for (const [transA, transB] of [[false, false], [false, true], [true, false], [true, true]] as const) {
        for (const accumulate of [false, true]) {
          const c: GemmCase = { transA, transB, m, n, k: 600, dtype, accumulate, padA: 1, padB: 2, padC: 3, offA: 2, offB: 3, offC: 1, seed: m + n };
          const o = operands(c), got = onBackend('wasm', () => runGemm(ops.gemm, c, o));
          const step = dtype === 'float32' ? Math.fround : (v: number) => v;
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              const at = c.offC + i * o.ldc + j;
              let s = accumulate ? o.C[at] : 0;
              for (let p = 0; p < c.k; p++) s = step(s + step(o.a(i, p) * o.b(p, j)));
              if (!Object.is(got[at], s)) assert.fail(`${dtype} ${transA}/${transB}: C(${i}, ${j}) = ${got[at]}, the ordered sum is ${s}`);
            }
          }
        }
      }
    }
  });

  test('wasm, many rows copied in several row blocks (the main path: 1 MiB of op(A) rows per block, B packed once for all of them, past one column block and several k blocks): float64 equals the js reference bit for bit, float32 is the ordered float32 sum, every transpose, accumulate on and off', { skip: backends.includes('wasm') ? false : 'wasm backend not available' }, () => {
    // 120 rows per block (1 MiB / (k · size) rounded down to a multiple of 120, at least 120), so m = 245 takes three (120, 120, 5)
    for (const [transA, transB] of [[false, false], [false, true], [true, false], [true, true]] as const) {
      for (const accumulate of [false, true]) {
        const c: GemmCase = { transA, transB, m: 245, n: 131, k: 2000, dtype: 'float64', accumulate, padA: 2, padB: 1, padC: 3, offA: 1, offB: 4, offC: 2, seed: 5 };
        const o = operands(c);
        assert.deepEqual(onBackend('wasm', () => runGemm(ops.gemm, c, o)), runGemm(jsKernels.gemm, c, o), `float64 ${transA}/${transB} accumulate ${accumulate}`);
      }
    }
    for (const [transA, transB, accumulate] of [[false, false, false], [true, true, true]] as const) {
      const c: GemmCase = { transA, transB, m: 245, n: 259, k: 1100, dtype: 'float32', accumulate, padA: 2, padB: 1, padC: 3, offA: 1, offB: 4, offC: 2, seed: 6 };
      const o = operands(c), got = onBackend('wasm', () => runGemm(ops.gemm, c, o));
      for (let i = 0; i < c.m; i++) {
        for (let j = 0; j < c.n; j++) {
          const at = c.offC + i * o.ldc + j;
          let s = accumulate ? o.C[at] : 0;
          for (let p = 0; p < c.k; p++) s = Math.fround(s + Math.fround(o.a(i, p) * o.b(p, j)));
          if (!Object.is(got[at], s)) assert.fail(`float32 ${transA}/${transB}: C(${i}, ${j}) = ${got[at]}, the ordered sum is ${s}`);
        }
      }
    }
  });

  test('matmul gives the same float64 matrix on every backend, for every transpose combination', () => {
    const rng = new Rng(7);
    for (const [ta, tb] of [[false, false], [false, true], [true, false], [true, true]] as const) {
      const A = { rows: ta ? 37 : 21, cols: ta ? 21 : 37, data: make('float64', 21 * 37, rng) };
      const B = { rows: tb ? 19 : 37, cols: tb ? 37 : 19, data: make('float64', 19 * 37, rng) };
      const results = backends.map((b) => onBackend(b, () => matmul(A, B, { transposeA: ta, transposeB: tb })));
      for (const r of results) assert.deepEqual(r, results[0]);
    }
  });

  test('gemmNN/NT/TN (lib/core/blas.ts, used by galore, shampoo, the trainers\' inputs) give the same float64 bits on every backend, and float32 keeps the float64-summing js reference', () => {
    const rng = new Rng(19), [m, n, k] = [37, 29, 41];
    for (const [name, f, aLen, bLen] of [['NN', blas.gemmNN, m * k, k * n], ['NT', blas.gemmNT, m * k, n * k], ['TN', blas.gemmTN, k * m, k * n]] as const) {
      for (const beta of [0, 1, 0.5]) {
        const A = make('float64', aLen, rng), B = make('float64', bLen, rng), C = make('float64', m * n, rng);
        const results = backends.map((b) => onBackend(b, () => { const c = C.slice(); f(m, n, k, A, B, c, beta); return c; }));
        for (const r of results) assert.deepEqual(r, results[0], `gemm${name}, beta ${beta}`);
        const [A32, B32, C32] = [Float32Array.from(A), Float32Array.from(B), Float32Array.from(C)];
        const ref = C32.slice(), trans = name === 'TN', bt = name === 'NT';
        if (beta !== 0 && beta !== 1) for (let i = 0; i < ref.length; i++) ref[i] *= beta;
        jsKernels.gemm(trans, bt, m, n, k, A32, 0, trans ? m : k, B32, 0, bt ? k : n, ref, 0, n, beta !== 0);
        for (const b of backends) assert.deepEqual(onBackend(b, () => { const c = C32.slice(); f(m, n, k, A32, B32, c, beta); return c; }), ref, `gemm${name} float32 on ${b}`);
      }
    }
  });

  test('kron mode products run through gemm: kronMatVec and its transpose give the same float64 vector on every backend, and any split of the outer index equals the whole', () => {
    const rng = new Rng(13);
    // 3 factors: the middle mode has L > 1 and R ≥ 8 (a GEMM per slice); 9 × 2 ⊗ 3 × 5 ⊗ 2 × 3 has one with R < 8 (the scalar loop)
    for (const shapes of [[[5, 4], [6, 7], [9, 8]], [[9, 2], [3, 5], [2, 3]], [[1, 1], [300, 260]]]) {
      const factors = shapes.map(([r, c]) => ({ rows: r, cols: c, data: make('float64', r * c, rng) }));
      const x = make('float64', shapes.reduce((v, [, c]) => v * c, 1), rng), y = make('float64', shapes.reduce((v, [r]) => v * r, 1), rng);
      const results = backends.map((b) => onBackend(b, () => [kronMatVec(factors, x), kronMatVecTranspose(factors, y)] as FloatArray[]));
      for (const r of results) assert.deepEqual(r, results[0]);
      // the reused intermediate buffer never leaks into a returned vector
      const first = kronMatVec(factors, x) as Float64Array, kept = first.slice();
      kronMatVec(factors, x.map((v) => -2 * v));
      assert.deepEqual(first, kept);
      for (const b of backends) {
        onBackend(b, () => {
          const plan = kernels.kronPlan(shapes.map(([r]) => r), shapes.map(([, c]) => c), false);
          let src: Float64Array = x as Float64Array;
          for (const [s, step] of plan.steps.entries()) {
            const whole = new Float64Array(step.L * step.p * step.R), split = new Float64Array(whole.length), cut = (s * 7 + 1) % (step.L + 1);
            const a = factors[step.factor].data;
            kernels.modeProduct(step.L, step.p, step.q, step.R, a, false, src, whole);
            kernels.modeProduct(step.L, step.p, step.q, step.R, a, false, src, split, 0, cut);
            kernels.modeProduct(step.L, step.p, step.q, step.R, a, false, src, split, cut, step.L);
            assert.deepEqual(split, whole);
            src = whole;
          }
          assert.deepEqual(src, results[0][0]);
        });
      }
    }
  });

  test('ThresholdSearch leaves: float64 identical on every backend; float32 within the gemm bound of the js reference', () => {
    const rng = new Rng(11), n = 9, m = 70, d = 300;
    const data = rng.fillGaussian(new Float64Array(n * d)), weights = rng.fillGaussian(new Float64Array(m * d));
    for (const dtype of ['float64', 'float32'] as const) {
      const leaves = backends.map((b) => onBackend(b, () => {
        const s = ThresholdSearch.init({ data, weights, d, dtype });
        s.checkInvariants({ leavesMatchWeights: true });
        return Array.from({ length: n * m }, (_, t) => s.leaf(Math.floor(t / m), t % m));
      }));
      for (const l of leaves) {
        for (let t = 0; t < n * m; t++) {
          const bound = dtype === 'float64' ? 0 : (d + 1) * U32 * d * 16;
          assert.ok(Math.abs(l[t] - leaves[0][t]) <= bound, `leaf ${t}`);
        }
      }
    }
  });
});

const vectorCase = fc.record({
  n: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 10, max: 300 })), sx: fc.integer({ min: 1, max: 3 }), sy: fc.integer({ min: 1, max: 3 }),
  ox: fc.nat(4), oy: fc.nat(4), alpha: fc.double({ min: -4, max: 4, noNaN: true }), dtype: fc.constantFrom<Dtype>('float32', 'float64'), seed: fc.nat(),
});

describe('level-1 ops', () => {
  for (const backend of backends) {
    test(`${backend}: axpy and scal equal the js reference bit for bit (strides, offsets, both dtypes); dot and nrm2 within n·2⁻⁵³·Σ|x||y|`, () => {
      fc.assert(fc.property(vectorCase, (c) => {
        const rng = new Rng(c.seed);
        const x = make(c.dtype, c.ox + Math.max(0, (c.n - 1) * c.sx + 1), rng), y = make(c.dtype, c.oy + Math.max(0, (c.n - 1) * c.sy + 1), rng);
        const [refY, refX] = [jsKernels.axpy(c.n, c.alpha, x, c.sx, c.ox, y.slice(), c.sy, c.oy), jsKernels.scal(c.n, c.alpha, x.slice(), c.sx, c.ox)];
        const refDot = jsKernels.dot(c.n, x, c.sx, c.ox, y, c.sy, c.oy), refNorm = jsKernels.nrm2(c.n, x, c.sx, c.ox);
        onBackend(backend, () => {
          assert.deepEqual(ops.axpy(c.n, c.alpha, x, c.sx, c.ox, y.slice(), c.sy, c.oy), refY);
          assert.deepEqual(ops.scal(c.n, c.alpha, x.slice(), c.sx, c.ox), refX);
          let mass = 0, sq = 0;
          for (let i = 0; i < c.n; i++) { mass += Math.abs(x[c.ox + i * c.sx] * y[c.oy + i * c.sy]); sq += x[c.ox + i * c.sx] ** 2; }
          assert.ok(Math.abs(ops.dot(c.n, x, c.sx, c.ox, y, c.sy, c.oy) - refDot) <= 2 * c.n * U64 * mass);
          assert.ok(Math.abs(ops.nrm2(c.n, x, c.sx, c.ox) - refNorm) <= 4 * (c.n + 2) * U64 * Math.sqrt(sq));
        });
      }), propertyParameters({ numRuns: 150 }));
    });
  }

  test('nrm2 neither overflows nor underflows and propagates NaN and Infinity on every backend', () => {
    for (const b of backends) {
      onBackend(b, () => {
        assert.ok(Math.abs(ops.nrm2(2, Float64Array.of(3e200, 4e200), 1, 0) / 5e200 - 1) < 4 * U64);
        assert.ok(Math.abs(ops.nrm2(3, Float64Array.of(3e-200, 4e-200, 0), 1, 0) / 5e-200 - 1) < 4 * U64);
        assert.ok(Number.isNaN(ops.nrm2(3, Float64Array.of(1, NaN, 2), 1, 0)));
        assert.equal(ops.nrm2(2, Float32Array.of(Infinity, 1), 1, 0), Infinity);
      });
    }
  });
});

describe('adam', () => {
  for (const backend of backends) {
    test(`${backend}: the fused step equals chain(scaleByAdam, scaleByLearningRate) + applyUpdates bit for bit over several steps (float32 and float64, offsets, eps = 0 on zero gradients)`, () => {
      fc.assert(fc.property(fc.integer({ min: 0, max: 37 }), fc.nat(3), fc.constantFrom<Dtype>('float32', 'float64'), fc.constantFrom(1e-8, 0), fc.double({ min: 1e-4, max: 0.5, noNaN: true }), fc.nat(), (n, off, dtype, eps, lr, seed) => {
        const rng = new Rng(seed), T = dtype === 'float32' ? Float32Array : Float64Array;
        const opt = chain(scaleByAdam({ beta1: 0.9, beta2: 0.99, eps }), scaleByLearningRate(lr));
        const p0 = make(dtype, n, rng), ref = new T(p0);
        let state = opt.init(ref);
        const fused = new T(off + n), mu = new T(off + n), nu = new T(off + n);
        fused.set(p0, off);
        for (let step = 1; step <= 3; step++) {
          const g = make(dtype, n, rng);
          if (n > 0 && step === 1) g[0] = 0;
          let u; [u, state] = opt.update(g, state, ref);
          applyUpdates(ref, u);
          const gPadded = new T(off + n); gPadded.set(g, off);
          onBackend(backend, () => ops.adam(n, lr, 0.9, 0.99, eps, step, fused, off, gPadded, off, mu, off, nu, off));
          assert.deepEqual(fused.subarray(off), ref, `params after step ${step}`);
          assert.deepEqual(mu.subarray(off), state[0].mu);
          assert.deepEqual(nu.subarray(off), state[0].nu);
        }
      }), propertyParameters({ numRuns: 80 }));
    });
  }

  test('a step over more entries than the wasm copy chunk (2·8192 + 5, at offsets) equals the js kernel bit for bit', () => {
    const n = 2 * 8192 + 5, off = 3, rng = new Rng(5);
    for (const dtype of ['float32', 'float64'] as const) {
      const p = make(dtype, n + off, rng), g = make(dtype, n + off, rng), mu = make(dtype, n + off, rng), nu = make(dtype, n + off, rng).map(Math.abs);
      const run = (b: string) => onBackend(b, () => {
        const [pp, mm, vv] = [p.slice(), mu.slice(), nu.slice()];
        for (let step = 1; step <= 2; step++) ops.adam(n, 1e-2, 0.9, 0.999, 1e-8, step, pp, off, g, off, mm, off, vv, off);
        return [pp, mm, vv];
      });
      const results = backends.map(run);
      for (const r of results) assert.deepEqual(r, results[0]);
    }
  });
});

const fwhtCase = fc.record({
  logn: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 6 }), weight: 3 }, fc.integer({ min: 7, max: 12 })), count: fc.integer({ min: 0, max: 9 }),
  interleaved: fc.boolean(), stride: fc.integer({ min: 1, max: 3 }), pad: fc.nat(3), offset: fc.nat(5),
  dtype: fc.constantFrom<Dtype>('float32', 'float64'), resident: fc.boolean(), seed: fc.nat(),
});

/** Radix-2 butterfly stages on one vector, each stage stored in the dtype: the definition of the op's result. */
function fwhtReference(v: FloatArray): FloatArray {
  for (let h = 1; h < v.length; h *= 2) {
    for (let i = 0; i < v.length; i += 2 * h) for (let j = i; j < i + h; j++) { const a = v[j], b = v[j + h]; v[j] = a + b; v[j + h] = a - b; }
  }
  return v;
}

describe('fwht', () => {
  for (const backend of backends) {
    test(`${backend}: every vector equals radix-2 stages rounded to the dtype, bit for bit (interleaved columns or strided vectors, offsets, both dtypes); entries outside the vectors unchanged`, () => {
      fc.assert(fc.property(fwhtCase, (c) => {
        const n = 2 ** c.logn;
        // interleaved: the columns of an n × count block with rows count + pad apart; else vectors `stride` apart inside, one after another with a gap
        const [stride, batch] = c.interleaved ? [c.count + c.pad, 1] : [c.stride, (n - 1) * c.stride + 1 + c.pad];
        const x = make(c.dtype, c.offset + (c.count === 0 ? 0 : (n - 1) * Math.max(1, stride) + (c.count - 1) * batch + 1) + 2, new Rng(c.seed));
        // resident input (in place on wasm when compact) or an ordinary copy
        const input = c.resident ? (() => { const r = wasmArray(c.dtype, x.length); r.set(x); return r; })() : x.slice();
        const got = onBackend(backend, () => ops.fwht(n, c.count, input, Math.max(1, stride), batch, c.offset));
        const inside = new Set<number>();
        for (let v = 0; v < c.count; v++) {
          const at = (i: number) => c.offset + i * Math.max(1, stride) + v * batch;
          const ref = fwhtReference(c.dtype === 'float32' ? Float32Array.from({ length: n }, (_, i) => x[at(i)]) : Float64Array.from({ length: n }, (_, i) => x[at(i)]));
          for (let i = 0; i < n; i++) {
            inside.add(at(i));
            if (!Object.is(got[at(i)], ref[i])) assert.fail(`vector ${v}, entry ${i}: ${got[at(i)]}, the stages give ${ref[i]}`);
          }
        }
        for (let t = 0; t < x.length; t++) if (!inside.has(t) && !Object.is(got[t], x[t])) assert.fail(`x[${t}] outside the vectors changed`);
        if (c.resident) freeWasmArray(input);
      }), propertyParameters({ numRuns: 150 }));
    });
  }

  test('past the cache block (n = 2^15, 2^16): wasm equals js bit for bit on 5 interleaved columns and on 3 vectors, both dtypes', { skip: backends.includes('wasm') ? false : 'wasm backend not available' }, () => {
    const rng = new Rng(17);
    for (const dtype of ['float32', 'float64'] as const) {
      for (const n of [1 << 15, 1 << 16]) {
        for (const [count, stride, batch] of [[5, 5, 1], [3, 1, n]]) {
          const x = make(dtype, 1 + n * count, rng);
          const ref = jsKernels.fwht(n, count, x.slice(), stride, batch, 1), got = onBackend('wasm', () => ops.fwht(n, count, x.slice(), stride, batch, 1));
          assert.deepEqual(got, ref);
        }
      }
    }
  });
});

const sparseCase = fc.record({
  n: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 10, max: 200 })), s: fc.integer({ min: 1, max: 40 }), nnz: fc.integer({ min: 0, max: 9 }),
  width: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom(16, 33, 64)), padA: fc.nat(3), padOut: fc.nat(3), offRows: fc.nat(4), offA: fc.nat(5), offOut: fc.nat(5),
  dtypeIn: fc.constantFrom<Dtype>('float32', 'float64'), dtypeOut: fc.constantFrom<Dtype>('float32', 'float64'), seed: fc.nat(),
});

/** The (row, value) pairs of a case: rows uniform in [0, s), values ±1/√ζ and a few others (0, 2.5). */
function sketchPairs(c: { n: number; s: number; nnz: number; offRows: number }, rng: Rng): { rows: Int32Array; values: Float64Array } {
  const length = c.offRows + c.n * c.nnz, rows = new Int32Array(length), values = new Float64Array(length);
  const picks = [1 / Math.sqrt(Math.max(1, c.nnz)), -1 / Math.sqrt(Math.max(1, c.nnz)), 0, 2.5];
  for (let i = 0; i < length; i++) { rows[i] = rng.uniformInt(c.s); values[i] = picks[rng.uniformInt(picks.length)]; }
  return { rows, values };
}

describe('sparse sketch', () => {
  for (const backend of backends) {
    test(`${backend}: sparseSketch adds v·(row j of A) into row r of out for every pair in order (float64 steps, each store rounded to out's dtype), and sparseSketchTranspose is each output row's float64 sum from 0, rounded once: bit for bit, both dtypes, strides and offsets; nothing outside the blocks written`, () => {
      fc.assert(fc.property(sparseCase, (c) => {
        const rng = new Rng(c.seed), { rows, values } = sketchPairs(c, rng);
        const lda = c.width + c.padA, ldo = c.width + c.padOut, store = c.dtypeOut === 'float32' ? Math.fround : (v: number) => v;
        // S·A
        const A = make(c.dtypeIn, c.offA + c.n * lda, rng), out = make(c.dtypeOut, c.offOut + c.s * ldo + 1, rng);
        const got = onBackend(backend, () => ops.sparseSketch(c.n, c.s, c.nnz, c.width, rows, values, c.offRows, A, c.offA, lda, out.slice(), c.offOut, ldo));
        const want = out.slice();
        for (let j = 0; j < c.n; j++) {
          for (let t = 0; t < c.nnz; t++) {
            const p = c.offRows + j * c.nnz + t;
            for (let q = 0; q < c.width; q++) { const at = c.offOut + rows[p] * ldo + q; want[at] = store(want[at] + values[p] * A[c.offA + j * lda + q]); }
          }
        }
        assert.deepEqual(got, want);
        // Sᵀ·Y
        const Y = make(c.dtypeIn, c.offA + c.s * lda, rng), outT = make(c.dtypeOut, c.offOut + c.n * ldo + 1, rng);
        const gotT = onBackend(backend, () => ops.sparseSketchTranspose(c.n, c.s, c.nnz, c.width, rows, values, c.offRows, Y, c.offA, lda, outT.slice(), c.offOut, ldo));
        const wantT = outT.slice();
        for (let j = 0; j < c.n; j++) {
          for (let q = 0; q < c.width; q++) {
            let sum = 0;
            for (let t = 0; t < c.nnz; t++) { const p = c.offRows + j * c.nnz + t; sum += values[p] * Y[c.offA + rows[p] * lda + q]; }
            wantT[c.offOut + j * ldo + q] = store(sum);
          }
        }
        assert.deepEqual(gotT, wantT);
      }), propertyParameters({ numRuns: 150 }));
    });
  }

  test('more rows than one wasm chunk (2^16 rows of 33 float32 columns, ζ = 8): wasm equals js bit for bit', { skip: backends.includes('wasm') ? false : 'wasm backend not available' }, () => {
    const rng = new Rng(23), c = { n: 1 << 16, s: 300, nnz: 8, offRows: 1 }, width = 33, { rows, values } = sketchPairs(c, rng);
    const A = make('float32', 2 + c.n * width, rng), Y = make('float32', 2 + c.s * width, rng);
    const run = (b: string) => onBackend(b, () => [
      ops.sparseSketch(c.n, c.s, c.nnz, width, rows, values, 1, A, 2, width, new Float64Array(c.s * width), 0, width),
      ops.sparseSketchTranspose(c.n, c.s, c.nnz, width, rows, values, 1, Y, 2, width, new Float32Array(c.n * width), 0, width),
    ]);
    assert.deepEqual(run('wasm'), run('js'));
  });
});

const logdetCase = fc.record({
  n: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 13, max: 300 })), band: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant(17)),
  cut0: fc.double({ min: 0, max: 1, noNaN: true }), cut1: fc.double({ min: 0, max: 1, noNaN: true }), offF: fc.nat(5), offV: fc.nat(5), offOut: fc.nat(5),
  dtype: fc.constantFrom<Dtype>('float32', 'float64'), mixed: fc.boolean(), seed: fc.nat(),
});

describe('logdetApply', () => {
  for (const backend of backends) {
    test(`${backend}: rows [start, end) equal X v of the dense L D Lᵀ in float64 (within (2b + 4)·2⁻⁵³·Σ|terms|: each term passes at most 2b + 4 roundings; plus one float32 rounding) and the js kernel bit for bit (any range, offsets, both dtypes, mixed); other entries untouched`, () => {
      fc.assert(fc.property(logdetCase, (c) => {
        const rng = new Rng(c.seed), w = c.band + 1;
        const [start, end] = [Math.floor(Math.min(c.cut0, c.cut1) * c.n), Math.ceil(Math.max(c.cut0, c.cut1) * c.n)];
        const f = make(c.dtype, c.offF + c.n * w, rng), v = make(c.mixed ? 'float64' : c.dtype, c.offV + c.n, rng), out = make(c.dtype, c.offOut + c.n + 1, rng);
        const ref = jsKernels.logdetApply(c.n, c.band, f, c.offF, v, c.offV, out.slice(), c.offOut, start, end);
        const got = onBackend(backend, () => ops.logdetApply(c.n, c.band, f, c.offF, v, c.offV, out.slice(), c.offOut, start, end));
        assert.deepEqual(got, ref);
        // X = L D Lᵀ densely: L unit lower with L[j + k][j] = f[j·w + k], D_j = f[j·w]
        const L = (i: number, j: number) => (i === j ? 1 : i > j && i - j <= c.band ? f[c.offF + j * w + (i - j)] : 0);
        for (let i = 0; i < c.n; i++) {
          const at = c.offOut + i;
          if (i < start || i >= end) { assert.ok(Object.is(got[at], out[at]), `out[${i}] outside the range changed`); continue; }
          let x = 0, mass = 0;
          for (let j = Math.max(0, i - c.band); j <= i; j++) {
            for (let l = j; l <= Math.min(c.n - 1, j + c.band); l++) { const term = L(i, j) * f[c.offF + j * w] * L(l, j) * v[c.offV + l]; x += term; mass += Math.abs(term); }
          }
          const bound = (2 * c.band + 4) * 2 ** -53 * mass + (c.dtype === 'float32' ? Math.abs(x) * 2 ** -24 : 0);
          assert.ok(Math.abs(got[at] - x) <= bound * 1.0001, `row ${i}: ${got[at]} vs ${x}`);
        }
      }), propertyParameters({ numRuns: 150 }));
    });
  }
});

describe('logdetApply on resident arrays', () => {
  for (const backend of backends) {
    test(`${backend}: f, v and out resident in any combination (used in place by wasm), and v overwritten in place (out === v, the full range), give the js kernel's bits; nothing outside the range written`, () => {
      fc.assert(fc.property(logdetCase, fc.nat(7), fc.boolean(), (c, which, inPlace) => {
        const rng = new Rng(c.seed), w = c.band + 1, dtype = c.dtype;
        const [start, end] = inPlace ? [0, c.n] : [Math.floor(Math.min(c.cut0, c.cut1) * c.n), Math.ceil(Math.max(c.cut0, c.cut1) * c.n)];
        const f = make(dtype, c.offF + c.n * w, rng), v = make(dtype, c.offV + c.n, rng), out = make(dtype, c.offOut + c.n + 1, rng);
        const resident: FloatArray[] = [];
        const place = (a: FloatArray, yes: boolean): FloatArray => { if (!yes) return a.slice(); const r = wasmArray(dtype, a.length); r.set(a); resident.push(r); return r; };
        try {
          if (inPlace) {
            const ref = jsKernels.logdetApply(c.n, c.band, f, c.offF, v.slice(), c.offV, v.slice(), c.offV, start, end);
            const refInPlace = v.slice();
            jsKernels.logdetApply(c.n, c.band, f, c.offF, refInPlace, c.offV, refInPlace, c.offV, start, end);
            assert.deepEqual(refInPlace.subarray(c.offV), ref.subarray(c.offV), 'the reference in place is not the reference'); // the documented aliasing
            const vR = place(v, true);
            onBackend(backend, () => ops.logdetApply(c.n, c.band, place(f, (which & 1) !== 0), c.offF, vR, c.offV, vR, c.offV, start, end));
            assert.deepEqual(Array.from(vR), Array.from(refInPlace));
          } else {
            const ref = jsKernels.logdetApply(c.n, c.band, f, c.offF, v, c.offV, out.slice(), c.offOut, start, end);
            const got = onBackend(backend, () => ops.logdetApply(c.n, c.band, place(f, (which & 1) !== 0), c.offF, place(v, (which & 2) !== 0), c.offV, place(out, (which & 4) !== 0), c.offOut, start, end));
            assert.deepEqual(Array.from(got), Array.from(ref));
          }
        } finally {
          for (const r of resident) freeWasmArray(r);
        }
      }), propertyParameters({ numRuns: 150 }));
    });
  }
});

const gatherCase = fc.record({
  count: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 7, max: 40 })), s: fc.integer({ min: 1, max: 9 }),
  width: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom(255, 256, 257)), maxRows: fc.integer({ min: 0, max: 11 }),
  padY: fc.nat(3), padOut: fc.nat(3), offY: fc.nat(5), offOut: fc.nat(5), offStart: fc.nat(3), offScale: fc.nat(3), residentY: fc.boolean(), seed: fc.nat(),
});

describe('gatherSum', () => {
  for (const backend of backends) {
    test(`${backend}: row c of out is scale[c] times the float64 sum of the listed rows of Y in list order from the first term (−0 kept; an empty list gives 0·scale), bit for bit, with strides, offsets, resident and ordinary Y; nothing outside the rows written`, () => {
      fc.assert(fc.property(gatherCase, (c) => {
        const rng = new Rng(c.seed), ldy = c.width + c.padY, ldo = c.width + c.padOut;
        const lengths = Array.from({ length: c.count }, () => rng.uniformInt(c.maxRows + 1)), total = lengths.reduce((a, b) => a + b, 0);
        const start = new Int32Array(c.offStart + c.count + 1);
        for (let k = 0, at = c.offStart ? 3 : 0; k <= c.count; k++) { start[c.offStart + k] = at; at += lengths[k] ?? 0; }
        const rows = Int32Array.from({ length: start[c.offStart + c.count] + 2 }, () => rng.uniformInt(c.s));
        const Y = c.residentY ? wasmArray('float64', c.offY + c.s * ldy) : new Float64Array(c.offY + c.s * ldy);
        rng.fillGaussian(Y);
        if (Y.length > c.offY) Y[c.offY] = -0;
        const scale = Float64Array.from({ length: c.offScale + c.count }, () => [1, -1, 0.5, 3][rng.uniformInt(4)]);
        const out = rng.fillGaussian(new Float64Array(c.offOut + c.count * ldo + 1));
        const got = onBackend(backend, () => ops.gatherSum(c.count, c.s, c.width, start, c.offStart, rows, Y, c.offY, ldy, scale, c.offScale, out.slice(), c.offOut, ldo));
        const want = out.slice();
        for (let k = 0; k < c.count; k++) {
          const p0 = start[c.offStart + k], p1 = start[c.offStart + k + 1], a = scale[c.offScale + k];
          for (let j = 0; j < c.width; j++) {
            let sum = p1 > p0 ? Y[c.offY + rows[p0] * ldy + j] : 0;
            for (let p = p0 + 1; p < p1; p++) sum += Y[c.offY + rows[p] * ldy + j];
            want[c.offOut + k * ldo + j] = sum * a;
          }
        }
        for (let i = 0; i < want.length; i++) assert.ok(Object.is(got[i], want[i]), `out[${i}]: ${got[i]} vs ${want[i]} (seed ${c.seed})`);
        if (c.residentY) freeWasmArray(Y);
      }), propertyParameters({ numRuns: 150 }));
    });
  }
});

const blockCase = fc.record({
  n: fc.integer({ min: 1, max: 19 }), blocks: fc.integer({ min: 1, max: 12 }), density: fc.double({ min: 0, max: 1, noNaN: true }),
  dtype: fc.constantFrom<Dtype>('float64', 'float32'), heap: fc.boolean(), pad: fc.nat(3), first: fc.nat(5), offN: fc.nat(3), offM: fc.nat(3), offD: fc.nat(3), resident: fc.boolean(), seed: fc.nat(),
});

describe('blockMoves', () => {
  for (const backend of backends) {
    test(`${backend}: adds each neuron's n moves to its lane of its block's n lines (rounded to the values' dtype) and writes each moved line's maximum by the fixed comparison tree (ties and −0 included) to the heap; dirty lists the moved blocks; nothing else changes; resident or ordinary arrays`, () => {
      fc.assert(fc.property(blockCase, (c) => {
        const rng = new Rng(c.seed), B = c.dtype === 'float32' ? 16 : 8, m = c.blocks * B, store = c.dtype === 'float32' ? Math.fround : (x: number) => x;
        const neurons = Int32Array.from({ length: c.offN }, () => -7);
        const list = Array.from({ length: m }, (_, r) => r).filter(() => rng.uniform() < c.density);
        const all = Int32Array.from([...neurons, ...list]), count = list.length;
        const moves = rng.fillGaussian(new Float64Array(c.offM + count * c.n + 1));
        const make = (length: number) => (c.resident ? wasmArray(c.dtype, length) : c.dtype === 'float32' ? new Float32Array(length) : new Float64Array(length));
        const values = make(c.blocks * c.n * B);
        rng.fillGaussian(values);
        // ties: about half the lines hold only +0, −0 and −1 (and half the moves are ±0), so equal maxima of different bits meet in the tree
        for (let line = 0; line < values.length / B; line++) if (rng.uniform() < 0.5) for (let q = 0; q < B; q++) values[line * B + q] = [0, -0, -1][rng.uniformInt(3)];
        for (let i = 0; i < moves.length; i++) if (rng.uniform() < 0.5) moves[i] = rng.uniform() < 0.5 ? 0 : -0;
        const stride = c.blocks + c.pad, nodes = c.heap ? make(c.first + c.n * stride) : null;
        nodes?.fill(-42);
        const dirty = new Int32Array(c.offD + count + 1).fill(-5);
        const want = values.slice(), wantNodes = nodes?.slice() ?? null, wantDirty = dirty.slice();
        let moved = 0;
        for (let q = 0; q < count; q++) {
          const r = list[q], b = Math.floor(r / B);
          for (let j = 0; j < c.n; j++) { const at = (b * c.n + j) * B + (r % B); want[at] = store(want[at] + moves[c.offM + q * c.n + j]); }
          if (q + 1 < count && Math.floor(list[q + 1] / B) === b) continue;
          wantDirty[c.offD + moved++] = b;
        }
        // The documented tree: pairs (0,1), (2,3), (4,5), (6,7) [each then against its twin 8 further on for B = 16], then pairs of pairs, then the two.
        const max = (x: number, y: number) => (x > y ? x : y);
        const tree = (l: number[]) => {
          let a = max(l[0], l[1]), b = max(l[2], l[3]), d = max(l[6], l[7]), e = max(l[4], l[5]);
          if (l.length === 16) { a = max(a, max(l[8], l[9])); b = max(b, max(l[10], l[11])); e = max(e, max(l[12], l[13])); d = max(d, max(l[14], l[15])); }
          return max(max(a, b), max(e, d));
        };
        for (let k = 0; k < moved; k++) {
          const b = wantDirty[c.offD + k];
          for (let j = 0; j < c.n; j++) if (wantNodes) wantNodes[c.first + b + j * stride] = tree(Array.from(want.subarray((b * c.n + j) * B, (b * c.n + j + 1) * B)));
        }
        const got = onBackend(backend, () => ops.blockMoves(c.n, count, all, c.offN, moves, c.offM, values, nodes, stride, c.first, dirty, c.offD));
        assert.equal(got, moved);
        for (let i = 0; i < want.length; i++) assert.ok(Object.is(values[i], want[i]), `values[${i}]: ${values[i]} vs ${want[i]} (seed ${c.seed})`);
        if (nodes && wantNodes) for (let i = 0; i < nodes.length; i++) assert.ok(Object.is(nodes[i], wantNodes[i]), `nodes[${i}]: ${nodes[i]} vs ${wantNodes[i]} (seed ${c.seed})`);
        assert.deepEqual(dirty, wantDirty);
        if (c.resident) { freeWasmArray(values); if (nodes) freeWasmArray(nodes); }
      }), propertyParameters({ numRuns: 150 }));
    });
  }
});

describe('heapSweep', () => {
  for (const backend of backends) {
    test(`${backend}: every internal node becomes x > y ? x : y of its two children, bottom up, in every heap (ties of ±0 included), resident or not; leaves and gaps untouched`, () => {
      fc.assert(fc.property(fc.nat(4), fc.integer({ min: 0, max: 7 }), fc.nat(5), fc.nat(5), fc.constantFrom<Dtype>('float64', 'float32'), fc.boolean(), fc.nat(), (count, logL, offset, pad, dtype, resident, seed) => {
        const rng = new Rng(seed), L = 2 ** logL, stride = 2 * L + pad, length = offset + count * stride + 1;
        const nodes = resident ? wasmArray(dtype, length) : dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
        for (let i = 0; i < length; i++) nodes[i] = rng.uniform() < 0.5 ? [0, -0, -1][rng.uniformInt(3)] : rng.gaussian();
        const want = nodes.slice();
        for (let h = 0; h < count; h++) for (let k = L - 1; k >= 1; k--) { const o = offset + h * stride, a = want[o + 2 * k], c = want[o + 2 * k + 1]; want[o + k] = a > c ? a : c; }
        onBackend(backend, () => ops.heapSweep(count, L, nodes, offset, stride));
        for (let i = 0; i < length; i++) assert.ok(Object.is(nodes[i], want[i]), `nodes[${i}]: ${nodes[i]} vs ${want[i]} (seed ${seed})`);
        if (resident) freeWasmArray(nodes);
      }), propertyParameters({ numRuns: 150 }));
    });
  }
});

describe('backend selection', () => {
  test("auto picks wasm where WebAssembly SIMD validates, and setBackend/getBackend/backendStatus agree", () => {
    setBackend('auto');
    const s = backendStatus();
    assert.equal(s.requested, 'auto');
    assert.equal(getBackend(), s.active);
    assert.deepEqual(s.registered, ['wasm', 'js']);
    if (backends.includes('wasm')) { assert.equal(s.active, 'wasm'); assert.equal(s.accumulation.float32, 'float32'); }
    assert.equal(setBackend('js'), 'js');
    assert.equal(backendStatus().accumulation.float32, 'float64');
    setBackend('auto');
  });

  test('setBackend rejects an unknown name (RangeError) or a non-string (TypeError) and keeps the selection', () => {
    setBackend('js');
    assert.throws(() => setBackend('gpu'), { name: 'RangeError', message: /setBackend: invalid argument\. name must be one of/ });
    assert.throws(() => setBackend(42 as never), { name: 'TypeError', message: /setBackend: invalid argument\. name/ });
    assert.equal(getBackend(), 'js');
    setBackend('auto');
  });

  const child = (flags: string[], code: string) => JSON.parse(execFileSync(process.execPath, [...flags, '--conditions=sublinear-source', '--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' }));

  test('SUBLINEAR_BACKEND picks the first selection of a process (npm test reruns the modules\' tests with js); an unknown name falls back with the reason', () => {
    const status = (value: string) => JSON.parse(execFileSync(process.execPath, ['--conditions=sublinear-source', '--import', 'tsx', '--input-type=module', '-e',
      "import { backendStatus } from 'sublinear/core'; console.log(JSON.stringify(backendStatus()))"], { encoding: 'utf8', env: { ...process.env, SUBLINEAR_BACKEND: value } }));
    const js = status('js');
    assert.equal(js.requested, 'js');
    assert.equal(js.active, 'js');
    const unknown = status('gpu');
    assert.equal(unknown.requested, 'gpu');
    assert.notEqual(unknown.active, 'gpu');
    assert.match(unknown.failures.gpu, /no backend named 'gpu' is registered/);
  });

  test('without WebAssembly (node --jitless) the ops fall back to js with the reason recorded, and still compute', () => {
    const r = child(['--jitless'], `
      import { backendStatus, setBackend, matmul, matrix } from 'sublinear/core';
      const picked = setBackend('wasm');
      console.log(JSON.stringify({ picked, status: backendStatus(), product: Array.from(matmul(matrix([[1, 2]]), matrix([[3], [4]])).data) }));`);
    assert.equal(r.picked, 'js');
    assert.equal(r.status.active, 'js');
    assert.match(r.status.failures.wasm, /WebAssembly/);
    assert.deepEqual(r.product, [11]);
  });

  test('a registered backend that fails to load is skipped for the next in priority order, its reason kept', () => {
    const r = child([], `
      import { backendStatus, getBackend, registerBackend } from 'sublinear/core';
      registerBackend({ name: 'broken', priority: 9, float32Accumulation: 'float64', load() { throw new Error('no device here'); } });
      console.log(JSON.stringify({ active: getBackend(), status: backendStatus() }));`);
    assert.equal(r.active, backends.includes('wasm') ? 'wasm' : 'js');
    assert.equal(r.status.failures.broken, 'no device here');
    assert.deepEqual(r.status.registered, ['broken', 'wasm', 'js']);
  });
});

describe('wasm binary', () => {
  test('rebuilding lib/core/kernels/wasm/assembly reproduces the committed binary.ts exactly', (t) => {
    let bytes: Uint8Array;
    try {
      bytes = compileWasmKernels();
    } catch (e) {
      t.skip(`asc could not run here: ${(e as Error).message.split('\n')[0]}`);
      return;
    }
    const committed = readFileSync(new URL('../lib/core/kernels/wasm/binary.ts', import.meta.url), 'utf8');
    assert.equal(binaryModuleSource(bytes), committed, 'binary.ts is stale: run npm run build:wasm');
  });
});
