/**
 * Resident arrays (wasmArray): arrays inside the wasm backend's memory stay valid when it grows,
 * are shared with workers without a copy, are reused after free, refuse bad input; the kernels give
 * the same results on resident operands as on copied ones (every op, both dtypes, offsets, strides);
 * the fused rmsprop op and adam's store mode equal the lib/optim chains bit for bit on both backends;
 * the adam and rmsprop recipes (resident moments) equal their chains; where no shared memory exists
 * wasmArray falls back to ordinary arrays and the kernels still compute.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import {
  arrayRef, freeWasmArray, isShared, isWasmResident, matmul, ops, Rng, setBackend, wasmArray, wasmMemoryStatus, type Dtype, type FloatArray,
} from 'sublinear/core';
import { adam, applyStep, applyUpdates, chain, rmsprop, scaleByAdam, scaleByLearningRate, scaleByRms, sgd } from 'sublinear/optim';
import { propertyParameters } from 'sublinear/testing';
import { createKernelPool } from 'sublinear/workers';
import { jsKernels } from '../lib/core/kernels/js/index.js';

const backends = ['js', 'wasm'].filter((b) => { const ok = setBackend(b) === b; setBackend('auto'); return ok; });
const resident = wasmMemoryStatus().resident;
const skipResident = resident ? false : `no shared wasm memory here: ${wasmMemoryStatus().reason}`;
after(() => setBackend('auto'));

function onBackend<T>(name: string, run: () => T): T {
  setBackend(name);
  try { return run(); } finally { setBackend('auto'); }
}

/** A copy of `src` in a resident array (or a plain copy when `inWasm` is false). */
function place(src: FloatArray, inWasm: boolean): FloatArray {
  if (!inWasm) return src.slice();
  const a = wasmArray(src instanceof Float32Array ? 'float32' : 'float64', src.length);
  a.set(src);
  return a;
}

const make = (dtype: Dtype, n: number, rng: Rng): FloatArray => rng.fillGaussian(dtype === 'float32' ? new Float32Array(n) : new Float64Array(n));

describe('wasmArray', () => {
  test('returns zeroed arrays of the dtype inside the wasm memory, shared with threads', { skip: skipResident }, () => {
    for (const dtype of ['float64', 'float32', 'int32', 'uint32', 'uint8'] as const) {
      const a = wasmArray(dtype, 37);
      assert.equal(a.length, 37);
      assert.ok(a.every((v) => v === 0));
      assert.ok(isWasmResident(a) && isShared(a));
      assert.equal(a.byteOffset % 64, 0);
      freeWasmArray(a);
    }
    assert.equal(isWasmResident(new Float64Array(4)), false);
  });

  test('growing the memory keeps earlier arrays valid: same memory for views and kernels', { skip: skipResident }, () => {
    const x = wasmArray('float64', 1000), view = x.subarray(10, 20);
    x.fill(1.5);
    const before = wasmMemoryStatus().bytes;
    const big = wasmArray('float64', 1 << 23); // 64 MiB: the memory must grow
    assert.ok(wasmMemoryStatus().bytes > before);
    assert.equal(x.length, 1000);
    assert.ok(isWasmResident(x) && isWasmResident(big));
    onBackend('wasm', () => ops.scal(1000, 2, x, 1, 0)); // the kernel writes the old array in place
    assert.equal(x[999], 3);
    assert.equal(view[0], 3);
    big[0] = 7;
    assert.equal(onBackend('wasm', () => ops.dot(1, big, 1, 0, x, 1, 0)), 21);
    freeWasmArray(big); freeWasmArray(x);
  });

  test('a freed block is reused (zeroed) by the next allocation of its size; live arrays never overlap', { skip: skipResident }, () => {
    const a = wasmArray('float32', 4096), b = wasmArray('float32', 4096);
    a.fill(9); b.fill(4);
    const at = a.byteOffset;
    freeWasmArray(a);
    const c = wasmArray('float32', 4096);
    assert.equal(c.byteOffset, at);
    assert.ok(c.every((v) => v === 0));
    assert.ok(b.every((v) => v === 4));
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 12 }), fc.array(fc.boolean(), { maxLength: 12 }), (lengths, frees) => {
      const live = lengths.map((n) => wasmArray('float64', n));
      live.forEach((arr, i) => { if (frees[i]) freeWasmArray(arr); });
      const kept = live.filter((_, i) => !frees[i]).map((arr) => [arr.byteOffset, arr.byteOffset + arr.byteLength]);
      kept.sort((p, q) => p[0] - q[0]);
      for (let i = 1; i < kept.length; i++) assert.ok(kept[i][0] >= kept[i - 1][1], 'two live arrays overlap');
      live.forEach((arr, i) => { if (!frees[i]) freeWasmArray(arr); });
    }), propertyParameters({ numRuns: 50 }));
    freeWasmArray(b); freeWasmArray(c);
  });

  test('bad input: RangeError for an unknown dtype or a bad length, TypeError for an array wasmArray did not return, RangeError for a second free', () => {
    assert.throws(() => wasmArray('float16' as 'float32', 4), { name: 'RangeError', message: /^wasmArray: invalid argument\. dtype must be one of/ });
    for (const length of [-1, 1.5, NaN, Infinity]) assert.throws(() => wasmArray('float64', length), { name: 'RangeError', message: /^wasmArray: invalid argument\. length/ });
    assert.throws(() => wasmArray('float64', 2 ** 40), { name: 'RangeError', message: /^wasmArray: invalid argument\. length must be a size that can be allocated/ });
    assert.throws(() => wasmArray('float64', '4' as unknown as number), { message: /^wasmArray: invalid argument\. length/ });
    assert.throws(() => freeWasmArray([1, 2] as unknown as Float64Array), { name: 'TypeError', message: /^freeWasmArray: invalid argument\. array must be an array returned by wasmArray/ });
    assert.throws(() => freeWasmArray(new Float64Array(3)), { name: 'TypeError', message: /^freeWasmArray: invalid argument\. array/ });
    assert.throws(() => isWasmResident(3 as never), { name: 'TypeError', message: /^isWasmResident: invalid argument\. array/ });
    const a = wasmArray('float64', 8);
    if (resident) assert.throws(() => freeWasmArray(a.subarray(0, 4)), { name: 'TypeError' });
    freeWasmArray(a);
    if (resident) assert.throws(() => freeWasmArray(a), { name: 'RangeError', message: /^freeWasmArray: invalid argument\. array must be an array not freed yet/ });
    else freeWasmArray(a); // a fallback array: freeing is a no-op
  });

  test('a worker thread sees and writes a resident array through arrayRef, without a copy', { skip: skipResident }, async () => {
    const x = wasmArray('float64', 16).fill(2);
    const worker = new Worker(`
      const { parentPort, workerData } = require('node:worker_threads');
      const v = new Float64Array(workerData.buffer, workerData.byteOffset, workerData.length);
      let s = 0; for (let i = 0; i < v.length; i++) { s += v[i]; v[i] = i; }
      parentPort.postMessage(s);`, { eval: true, workerData: arrayRef(x) });
    const sum = await new Promise((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
    await worker.terminate();
    assert.equal(sum, 32);
    assert.deepEqual(Array.from(x), Array.from({ length: 16 }, (_, i) => i));
    freeWasmArray(x);
  });

  test("the kernel pool's workers compute on resident operands (matmul with { pool }) and give the sequential bits", { skip: skipResident }, async () => {
    const pool = createKernelPool({ threads: 2 });
    try {
      const rng = new Rng(3), [m, k, n] = [70, 33, 41];
      const A = { rows: m, cols: k, data: place(make('float64', m * k, rng), true) }, B = { rows: k, cols: n, data: place(make('float64', k * n, rng), true) };
      const seq = matmul(A, B), par = await matmul(A, B, { pool });
      assert.deepEqual(par.data, seq.data);
    } finally {
      await pool.close();
    }
  });

  test('without SharedArrayBuffer, wasmArray returns ordinary arrays and the wasm kernels still run (plain memory, module import declared unshared)', () => {
    const out = execFileSync(process.execPath, ['--conditions=sublinear-source', '--import', 'tsx', '--input-type=module', '-e', `
      delete globalThis.SharedArrayBuffer;
      const { getBackend, ops, wasmArray, isWasmResident, wasmMemoryStatus } = await import('sublinear/core');
      const x = wasmArray('float64', 5000).fill(1), y = wasmArray('float64', 5000);
      for (let i = 0; i < 3; i++) ops.axpy(5000, 2, x, 1, 0, y, 1, 0);
      const s = wasmMemoryStatus();
      console.log(JSON.stringify({ backend: getBackend(), resident: isWasmResident(x), y: y[4999], status: s }));`], { encoding: 'utf8' });
    const r = JSON.parse(out);
    assert.equal(r.resident, false);
    assert.equal(r.y, 6);
    assert.equal(r.status.resident, false);
    assert.match(r.status.reason, /SharedArrayBuffer/);
    if (backends.includes('wasm')) assert.equal(r.backend, 'wasm');
  });
});

const vectorCase = fc.record({
  n: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 10, max: 300 })), sx: fc.integer({ min: 1, max: 3 }), sy: fc.integer({ min: 1, max: 3 }),
  ox: fc.nat(4), oy: fc.nat(4), alpha: fc.double({ min: -4, max: 4, noNaN: true }), dtype: fc.constantFrom<Dtype>('float32', 'float64'),
  rx: fc.boolean(), ry: fc.boolean(), seed: fc.nat(),
});

describe('kernels on resident operands', () => {
  test('dot, axpy, scal, nrm2 give the same results whether each operand is resident or copied (strides, offsets, both dtypes), and match js where it is bit-exact', { skip: skipResident || (backends.includes('wasm') ? false : 'no wasm backend') }, () => {
    fc.assert(fc.property(vectorCase, (c) => {
      const rng = new Rng(c.seed);
      const x = make(c.dtype, c.ox + Math.max(0, (c.n - 1) * c.sx + 1), rng), y = make(c.dtype, c.oy + Math.max(0, (c.n - 1) * c.sy + 1), rng);
      const rx = place(x, c.rx), ry = place(y, c.ry);
      onBackend('wasm', () => {
        assert.equal(ops.dot(c.n, rx, c.sx, c.ox, ry, c.sy, c.oy), ops.dot(c.n, x, c.sx, c.ox, y, c.sy, c.oy));
        assert.equal(ops.nrm2(c.n, rx, c.sx, c.ox), ops.nrm2(c.n, x, c.sx, c.ox));
        const refY = jsKernels.axpy(c.n, c.alpha, x, c.sx, c.ox, y.slice(), c.sy, c.oy);
        assert.deepEqual(Array.from(ops.axpy(c.n, c.alpha, rx, c.sx, c.ox, ry, c.sy, c.oy)), Array.from(refY));
        const refX = jsKernels.scal(c.n, c.alpha, x.slice(), c.sx, c.ox);
        assert.deepEqual(Array.from(ops.scal(c.n, c.alpha, rx, c.sx, c.ox)), Array.from(refX));
      });
      if (c.rx) freeWasmArray(rx as Float64Array);
      if (c.ry) freeWasmArray(ry as Float64Array);
    }), propertyParameters({ numRuns: 120 }));
  });

  test('nrm2 at the ends of the float64 range (subnormal and near-overflow entries) stays within the tolerance of the js reference on every backend', () => {
    for (const v of [5e-324, 1e-310, 3e-308, 8e307, 1e307]) {
      const x = Float64Array.of(v, -v / 3, v / 7, v, v / 2);
      const ref = jsKernels.nrm2(5, x, 1, 0);
      for (const b of backends) {
        const got = onBackend(b, () => ops.nrm2(5, x, 1, 0));
        assert.ok(Number.isFinite(got) && Math.abs(got - ref) <= 28 * 2 ** -53 * ref, `${b}: nrm2 of ${v}: ${got} vs ${ref}`);
      }
    }
  });

  test('gemm on resident operands equals gemm on copies (float64: the same bits)', { skip: skipResident }, () => {
    const rng = new Rng(9), [m, n, k] = [13, 29, 17];
    const A = make('float64', m * k + 3, rng), B = make('float64', k * n, rng), C = make('float64', m * n, rng);
    for (const backend of backends) {
      const ref = onBackend(backend, () => ops.gemm(false, true, m, n, k, A, 3, k, B, 0, k, C.slice(), 0, n, true));
      const got = onBackend(backend, () => ops.gemm(false, true, m, n, k, place(A, true), 3, k, place(B, true), 0, k, place(C, true), 0, n, true));
      assert.deepEqual(Array.from(got), Array.from(ref));
    }
  });

  test('wasm gemm reads resident operands in place and writes a resident C in place: the same bits as on copies for any subset resident, every transpose, both paths (few rows: swapped; many: packed), strides, offsets, accumulate, both dtypes', { skip: skipResident || !backends.includes('wasm') }, () => {
    const gemmCase = fc.record({
      transA: fc.boolean(), transB: fc.boolean(), accumulate: fc.boolean(), dtype: fc.constantFrom<Dtype>('float32', 'float64'),
      m: fc.oneof(fc.integer({ min: 1, max: 9 }), fc.constantFrom(130, 260)), n: fc.integer({ min: 1, max: 300 }), k: fc.constantFrom(1, 7, 64, 257, 300),
      pad: fc.nat(3), off: fc.nat(4), inWasm: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()), seed: fc.nat(),
    });
    fc.assert(fc.property(gemmCase, (c) => {
      const rng = new Rng(c.seed);
      const [ra, ca] = c.transA ? [c.k, c.m] : [c.m, c.k], [rb, cb] = c.transB ? [c.n, c.k] : [c.k, c.n];
      const lda = ca + c.pad, ldb = cb + c.pad, ldc = c.n + c.pad;
      const A = make(c.dtype, c.off + ra * lda, rng), B = make(c.dtype, c.off + rb * ldb, rng), C = make(c.dtype, c.off + c.m * ldc, rng);
      const run = (a: FloatArray, b: FloatArray, out: FloatArray) => onBackend('wasm', () => ops.gemm(c.transA, c.transB, c.m, c.n, c.k, a, c.off, lda, b, c.off, ldb, out, c.off, ldc, c.accumulate));
      const ref = Array.from(run(A, B, C.slice()));
      const got = Array.from(run(place(A, c.inWasm[0]), place(B, c.inWasm[1]), place(C, c.inWasm[2])));
      assert.deepEqual(got, ref);
    }), propertyParameters({ numRuns: 120 }));
  });

  test('wasm gemm with C overlapping a resident A (aliased views of one resident array) computes as it does on an ordinary array of the same layout', { skip: skipResident || !backends.includes('wasm') }, () => {
    const rng = new Rng(12);
    for (const [m, n, k] of [[150, 40, 30], [3, 60, 20]] as const) {
      const src = make('float64', m * k + m * n, rng);
      const plain = src.slice(), inWasm = place(src, true);
      // C starts inside A's rows: [m·k − 5, …)
      const run = (buf: FloatArray) => onBackend('wasm', () => ops.gemm(false, false, m, n, k, buf, 0, k, make('float64', k * n, new Rng(3)), 0, n, buf, m * k - 5, n, true));
      assert.deepEqual(Array.from(run(inWasm)), Array.from(run(plain)));
    }
  });
});

const optCase = fc.tuple(fc.integer({ min: 0, max: 41 }), fc.nat(3), fc.constantFrom<Dtype>('float32', 'float64'), fc.constantFrom(1e-8, 0), fc.double({ min: 1e-4, max: 0.5, noNaN: true }), fc.boolean(), fc.nat());

describe('fused optimizer ops', () => {
  for (const backend of backends) {
    test(`${backend}: rmsprop equals chain(scaleByRms, scaleByLearningRate) + applyUpdates bit for bit over several steps, and stores the chain's update with accumulate false (−0 included; offsets, both dtypes, resident or not)`, () => {
      fc.assert(fc.property(optCase, ([n, off, dtype, eps, lr, inWasm, seed]) => {
        const rng = new Rng(seed), T = dtype === 'float32' ? Float32Array : Float64Array, decay = 0.9;
        const opt = chain(scaleByRms({ decay, eps }), scaleByLearningRate(lr));
        const p0 = make(dtype, n, rng), ref = new T(p0);
        let state = opt.init(ref);
        const fused = place(new T(off + n), inWasm && resident), nu = place(new T(off + n), inWasm && resident), nu2 = new T(off + n), out = new T(off + n);
        fused.set(p0, off);
        for (let step = 1; step <= 3; step++) {
          const g = make(dtype, n, rng);
          if (n > 0 && step === 1) g[0] = 0;
          const [u, next] = opt.update(g, state, ref);
          state = next;
          applyUpdates(ref, u);
          const gPadded = new T(off + n); gPadded.set(g, off);
          onBackend(backend, () => ops.rmsprop(n, lr, decay, eps, fused, off, gPadded, off, nu, off));
          onBackend(backend, () => ops.rmsprop(n, lr, decay, eps, out, off, gPadded, off, nu2, off, false));
          assert.deepEqual(Array.from(fused.subarray(off)), Array.from(ref), `params after step ${step}`);
          assert.deepEqual(Array.from(nu.subarray(off)), Array.from(state[0].nu));
          for (let i = 0; i < n; i++) assert.ok(Object.is(out[off + i], u[i]), `update ${i}: ${out[off + i]} vs ${u[i]}`);
        }
      }), propertyParameters({ numRuns: 80 }));
    });

    test(`${backend}: adam with accumulate false stores the chain's update (−0 included), and on resident state steps as on copies`, () => {
      fc.assert(fc.property(optCase, ([n, off, dtype, eps, lr, inWasm, seed]) => {
        const rng = new Rng(seed), T = dtype === 'float32' ? Float32Array : Float64Array;
        const opt = chain(scaleByAdam({ beta1: 0.9, beta2: 0.99, eps }), scaleByLearningRate(lr));
        let state = opt.init(new T(n));
        const out = new T(off + n), mu = place(new T(off + n), inWasm && resident), nu = place(new T(off + n), inWasm && resident);
        for (let step = 1; step <= 3; step++) {
          const g = make(dtype, n, rng);
          if (n > 0 && step === 1) g[0] = 0;
          const [u, next] = opt.update(g, state);
          state = next;
          const gPadded = new T(off + n); gPadded.set(g, off);
          onBackend(backend, () => ops.adam(n, lr, 0.9, 0.99, eps, step, out, off, gPadded, off, mu, off, nu, off, false));
          for (let i = 0; i < n; i++) assert.ok(Object.is(out[off + i], u[i]), `update ${i} at step ${step}: ${out[off + i]} vs ${u[i]}`);
          assert.deepEqual(Array.from(mu.subarray(off)), Array.from(state[0].mu));
        }
      }), propertyParameters({ numRuns: 80 }));
    });
  }

  test('chunked steps over more entries than the copy chunk (2·8192 + 5), some operands resident, equal the js kernels bit for bit', () => {
    const n = 2 * 8192 + 5, off = 3, rng = new Rng(5);
    for (const dtype of ['float32', 'float64'] as const) {
      const p = make(dtype, n + off, rng), g = make(dtype, n + off, rng), mu = make(dtype, n + off, rng), nu = make(dtype, n + off, rng).map(Math.abs);
      const run = (b: string, inWasm: boolean) => onBackend(b, () => {
        const [pp, mm, vv] = [place(p, false), place(mu, inWasm && resident), place(nu, inWasm && resident)];
        for (let step = 1; step <= 2; step++) ops.adam(n, 1e-2, 0.9, 0.999, 1e-8, step, pp, off, g, off, mm, off, vv, off);
        ops.rmsprop(n, 1e-2, 0.9, 1e-8, pp, off, g, off, vv, off);
        return [pp, mm, vv].map((a) => Array.from(a));
      });
      const ref = run('js', false);
      for (const b of backends) for (const inWasm of [false, true]) assert.deepEqual(run(b, inWasm), ref);
    }
  });

  test('ops.rmsprop and ops.adam check their arguments (RangeError for a decay outside [0, 1), TypeError for a non-boolean accumulate) and write nothing when refusing', () => {
    const p = Float64Array.of(1, 2), g = Float64Array.of(1, 1), nu = new Float64Array(2);
    assert.throws(() => ops.rmsprop(2, 0.1, 1, 1e-8, p, 0, g, 0, nu, 0), { name: 'RangeError', message: /^ops\.rmsprop: invalid argument\. decay must be a number in \[0, 1\)/ });
    assert.throws(() => ops.rmsprop(3, 0.1, 0.9, 1e-8, p, 0, g, 0, nu, 0), { name: 'RangeError', message: /^ops\.rmsprop: invalid argument\. params\.length/ });
    assert.throws(() => ops.rmsprop(2, 0.1, 0.9, 1e-8, p, 0, g, 0, [0, 0] as never, 0), { name: 'TypeError', message: /^ops\.rmsprop: invalid argument\. nu/ });
    assert.throws(() => ops.rmsprop(2, 0.1, 0.9, 1e-8, p, 0, g, 0, nu, 0, 1 as never), { name: 'TypeError', message: /^ops\.rmsprop: invalid argument\. accumulate/ });
    assert.throws(() => ops.adam(2, 0.1, 0.9, 0.9, 1e-8, 1, p, 0, g, 0, nu.slice(), 0, nu, 0, 'no' as never), { name: 'TypeError', message: /^ops\.adam: invalid argument\. accumulate/ });
    assert.deepEqual(Array.from(p), [1, 2]);
    assert.deepEqual(Array.from(nu), [0, 0]);
  });
});

describe('optimizer recipes on resident state', () => {
  for (const [name, make2, reference] of [
    ['adam', () => adam({ lr: 1e-3 }), () => chain(scaleByAdam(), scaleByLearningRate(1e-3))],
    ['rmsprop', () => rmsprop({ lr: 1e-3 }), () => chain(scaleByRms(), scaleByLearningRate(1e-3))],
  ] as const) {
    test(`${name}: resident moments for resident params (ordinary ones for ordinary params), and the same updates, state and params as the chain bit for bit (both dtypes, every backend)`, () => {
      for (const dtype of ['float32', 'float64'] as const) {
        for (const backend of backends) {
          const rng = new Rng(21), n = 5000, p0 = make(dtype, n, rng);
          const opt = make2(), ref = reference(), p = place(p0, resident), q = p0.slice();
          let s = opt.init(p) as unknown as [Record<string, FloatArray>], r = ref.init(q) as unknown as [Record<string, FloatArray>];
          if (resident) assert.ok(isWasmResident(s[0].nu), 'the second moment of resident params is resident');
          assert.equal(isWasmResident((opt.init(q) as unknown as [Record<string, FloatArray>])[0].nu), false, 'ordinary params keep an ordinary state');
          for (let step = 0; step < 3; step++) {
            const g = make(dtype, n, rng);
            g[1] = 0;
            const [u, next] = onBackend(backend, () => opt.update(g, s as never, p));
            const [v, rnext] = ref.update(g, r as never, q);
            s = next as never; r = rnext as never;
            for (let i = 0; i < n; i++) if (!Object.is(u[i], v[i])) assert.fail(`${backend} ${dtype} step ${step}: update ${i} ${u[i]} vs ${v[i]}`);
            applyUpdates(p, u); applyUpdates(q, v);
          }
          assert.deepEqual(Array.from(s[0].nu), Array.from(r[0].nu));
          assert.deepEqual(Array.from(p), Array.from(q));
        }
      }
    });
  }

  test('applyStep (the fused in-place step of adam and rmsprop; update + applyUpdates otherwise) gives the params and state of update + applyUpdates bit for bit, resident or not, both dtypes, every backend', () => {
    for (const make2 of [() => adam({ lr: 1e-2 }), () => rmsprop({ lr: 1e-2, decay: 0.8, eps: 0 }), () => sgd({ lr: 1e-2 })]) {
      for (const dtype of ['float32', 'float64'] as const) {
        for (const backend of backends) {
          for (const inWasm of [false, true]) {
            const rng = new Rng(4), n = 4099, p0 = make(dtype, n, rng);
            const opt = make2(), p = place(p0, inWasm && resident), q = p0.slice();
            let s = opt.init(p) as unknown, r = opt.init(q) as unknown;
            for (let step = 0; step < 3; step++) {
              const g = make(dtype, n, rng);
              g[2] = 0;
              s = onBackend(backend, () => applyStep(opt as never, p, place(g, inWasm && resident), s as never));
              const [u, next] = opt.update(g, r as never, q);
              r = next; applyUpdates(q, u);
            }
            for (let i = 0; i < n; i++) if (!Object.is(p[i], q[i])) assert.fail(`${backend} ${dtype}: param ${i} ${p[i]} vs ${q[i]}`);
            assert.deepEqual(JSON.stringify(s, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)), JSON.stringify(r, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)));
          }
        }
      }
    }
  });

  test('applyStep refuses bad input before writing anything: TypeError for an opt or params of the wrong kind, RangeError for grads of another length or a foreign state', () => {
    const opt = adam({ lr: 0.1 }), p = Float64Array.of(1, 2), state = opt.init(p);
    const snapshot = () => JSON.stringify([Array.from(p), state[0].count, Array.from(state[0].mu), Array.from(state[0].nu)]);
    const before = snapshot();
    assert.throws(() => applyStep(42 as never, p, p, state), { name: 'TypeError', message: /^applyStep: invalid argument\. opt/ });
    assert.throws(() => applyStep(opt, [1, 2] as never, p, state), { name: 'TypeError', message: /^applyStep: invalid argument\. params/ });
    assert.throws(() => applyStep(opt, p, Float64Array.of(1), state), { name: 'RangeError', message: /^applyStep: invalid argument\. grads\.length/ });
    assert.throws(() => applyStep(opt, p, Float64Array.of(1, 1), opt.init(new Float64Array(3))), { name: 'RangeError' });
    assert.throws(() => applyStep(opt as never, { w: p } as never, { w: Float64Array.of(1) } as never, state as never), { name: 'RangeError', message: /^applyStep: invalid argument\. grads\.w\.length/ });
    assert.equal(snapshot(), before);
  });

  test('a chain holding a recipe and a link without validate still leaves resident state untouched when a later link throws', () => {
    const refuse = { init: () => ({}), update: (): never => { throw new Error('refused'); } };
    const opt = chain(adam({ lr: 1e-2 }), refuse as never);
    const p = place(new Float64Array(5000).fill(1), resident), state = opt.init(p) as unknown as [[{ nu: Float64Array }]];
    if (resident) assert.ok(isWasmResident(state[0][0].nu));
    const before = Array.from(state[0][0].nu);
    const g = new Float64Array(5000).fill(1e6);
    assert.throws(() => opt.update(g, state as never, p), /refused/);
    assert.deepEqual(Array.from(state[0][0].nu), before);
  });
});
