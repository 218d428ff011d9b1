/**
 * The 'cuda' backend of the kernel ops without a GPU: selecting it falls back with a reason (never a
 * crash) and the modules give the fallback's results; 'auto' never picks it. The host side of its
 * gemm kernel (packing of transposes, strides and offsets, accumulate, device memory freed) runs
 * against an emulated device whose inner-product kernel follows inner_product.cu's contract, also
 * through the op layer as a registered backend. And logdet.cu's factor column, compiled for the
 * host by nvcc, gives sublinear/logdet's generic factor kernel bit for bit (skipped without nvcc).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { backendStatus, getBackend, matmul, matrix, registerBackend, registerKernel, setBackend, type FloatArray } from 'sublinear/core';
import { cudaStatus } from 'sublinear/cuda';
import { kronMatVec } from 'sublinear/kron';
import { walshHadamardTransform } from 'sublinear/sketch';
import { ThresholdSearch } from 'sublinear/maxtree';
import { propertyParameters } from 'sublinear/testing';
import { jsKernels } from '../lib/core/kernels/js/index.js';
import { activeKernels, fallbackKernels } from '../lib/core/kernels/registry.js';
import { cudaFwht, cudaGemm, cudaKernels } from '../lib/cuda/backend.js';
import type { CudaContext } from '../lib/cuda/context.js';
import type { Driver } from '../lib/cuda/driver.js';
import { GEMM_TILES } from '../lib/cuda/gpu-ops.js';
import { KERNELS } from '../lib/cuda/kernels.js';
import { hasNvcc, kernelSourceDir } from '../lib/cuda/ptx.js';
import { factorBandedColumns, factorScratchLength } from '../lib/logdet/kernels.js';

const params = propertyParameters();
const status = cudaStatus();
const root = fileURLToPath(new URL('..', import.meta.url));

/** What the module functions give on the current selection. */
function moduleResults(): unknown[] {
  const A = matrix([[1.5, -2, 0.25], [3, 1, -1]], 'float32'), B = matrix([[2, 1], [0.5, -3], [1, 1]], 'float32');
  const search = ThresholdSearch.init({ data: [1, 2, 3, 4, 5, 6], weights: [1, 0, -1, 2, 2, 2, 0.5, 0.25, 0], d: 3, dtype: 'float32' });
  return [Array.from(matmul(A, B).data), Array.from(kronMatVec([A, B], new Float32Array(6).fill(0.5))), Array.from(search.buffers.leaves), search.query(1, 3)];
}

test("'auto' never picks cuda, though importing sublinear/cuda registered it (lowest priority)", () => {
  setBackend('auto');
  const s = backendStatus();
  assert.ok(s.registered.includes('cuda'), `registered: ${s.registered.join(', ')}`);
  assert.equal(s.registered.at(-1), 'cuda');
  assert.notEqual(s.active, 'cuda');
});

test("setBackend('cuda') without a usable GPU falls back to the best other backend with the reason, and the modules give the fallback's results", (t) => {
  if (status.available) {
    assert.equal(setBackend('cuda'), 'cuda');
    setBackend('auto');
    t.skip('a GPU is here: the fallback is not exercised');
    return;
  }
  setBackend('auto');
  const auto = getBackend(), expected = moduleResults();
  assert.equal(setBackend('cuda'), auto);
  const s = backendStatus();
  assert.equal(s.requested, 'cuda');
  assert.equal(s.active, auto);
  assert.equal(s.failures.cuda, `CUDA is unavailable: ${status.reason}`);
  assert.deepEqual(moduleResults(), expected, 'bit for bit what auto gives');
  setBackend('auto');
});

test('in a fresh process without the driver: sublinear/cuda registers cuda, selecting it falls back with the driver reason and computes; sublinear/core alone does not know cuda', () => {
  const run = (code: string): Record<string, unknown> => JSON.parse(execFileSync(process.execPath,
    ['--conditions=sublinear-source', '--import', 'tsx', '--input-type=module', '-e', code],
    { env: { ...process.env, SUBLINEAR_CUDA_LIBRARY: '/nonexistent/libcuda.so.1' }, encoding: 'utf8', cwd: root }));
  const r = run(`
    import { backendStatus, matmul, matrix, setBackend } from 'sublinear/core';
    import 'sublinear/cuda';
    const picked = setBackend('cuda');
    console.log(JSON.stringify({ picked, status: backendStatus(), product: Array.from(matmul(matrix([[1, 2]]), matrix([[3], [4]])).data) }));`);
  const s = r.status as { requested: string; active: string; failures: Record<string, string> };
  assert.equal(s.requested, 'cuda');
  assert.equal(r.picked, s.active);
  assert.notEqual(s.active, 'cuda');
  assert.match(s.failures.cuda, /^CUDA is unavailable: cannot load the CUDA driver library \(\/nonexistent\/libcuda\.so\.1\)/);
  assert.deepEqual(r.product, [11]);
  const core = run(`
    import { setBackend } from 'sublinear/core';
    try { setBackend('cuda'); console.log(JSON.stringify({ ok: true })); } catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message })); }`);
  assert.equal(core.name, 'RangeError');
  assert.match(String(core.message), /setBackend: invalid argument\. name must be one of/);
});

test("a pool follows the caller's setBackend('cuda'): each worker opens CUDA on its own thread or, without a GPU, falls back as the caller did, and the pool's GEMM gives the caller's bits", async () => {
  const { createKernelPool, sharedMatrix, matrixRef } = await import('sublinear/workers');
  const pool = createKernelPool({ threads: 2, atomics: 'async', taskModules: [new URL('./fixtures/fault-tasks.ts', import.meta.url)] });
  try {
    const active = setBackend('cuda');
    const backends = new Set(await Promise.all(Array.from({ length: 4 }, () => pool.run<string>('test.backend', null))));
    assert.deepEqual([...backends], [active], status.available ? 'every worker on cuda' : `every worker on the fallback, ${active}`);
    const A = sharedMatrix(3, 4, 'float64'), B = sharedMatrix(4, 2, 'float64'), C = sharedMatrix(3, 2, 'float64');
    A.data.set(Array.from({ length: 12 }, (_, i) => Math.sin(i))); B.data.set(Array.from({ length: 8 }, (_, i) => Math.cos(i)));
    await pool.run('core.gemm', { A: matrixRef(A), B: matrixRef(B), C: matrixRef(C), beta: 0, start: 0, end: 3 });
    assert.deepEqual(C.data, matmul(A, B).data);
  } finally {
    setBackend('auto');
    await pool.close();
  }
});

test('SUBLINEAR_BACKEND=cuda configures a process: with sublinear/cuda loaded the request is cuda, and without a GPU it runs on the fallback with the reason', () => {
  const out = execFileSync(process.execPath, ['--conditions=sublinear-source', '--import', 'tsx', '--input-type=module', '-e', `
    import { backendStatus, matmul, matrix } from 'sublinear/core';
    import { cudaStatus } from 'sublinear/cuda';
    const product = Array.from(matmul(matrix([[1, 2]]), matrix([[3], [4]])).data);
    console.log(JSON.stringify({ status: backendStatus(), cuda: cudaStatus(), product }));`],
  { env: { ...process.env, SUBLINEAR_BACKEND: 'cuda' }, encoding: 'utf8', cwd: root });
  const r = JSON.parse(out) as { status: { requested: string; active: string; failures: Record<string, string> }; cuda: { available: boolean; reason: string | null }; product: number[] };
  assert.equal(r.status.requested, 'cuda');
  if (r.cuda.available) assert.equal(r.status.active, 'cuda');
  else {
    assert.notEqual(r.status.active, 'cuda');
    assert.equal(r.status.failures.cuda, `CUDA is unavailable: ${r.cuda.reason}`);
  }
  assert.deepEqual(r.product, [11]);
});

/** A device emulated in host memory: cuMemAlloc/free/copies, and the inner-product kernels by their contract. */
function emulatedDevice(): { ctx: CudaContext; live: () => number; launches: string[] } {
  const memory = new Map<bigint, ArrayBuffer>(), functions = new Map<string, bigint>(), names = new Map<bigint, string>();
  [...Object.keys(KERNELS.inner_product), ...Object.keys(KERNELS.fwht)].forEach((entry, i) => { functions.set(entry, BigInt(i + 1)); names.set(BigInt(i + 1), entry); });
  const argBlock = new DataView(new ArrayBuffer(8 * 16)), launches: string[] = [];
  let next = 1n;
  const buffer = (p: bigint): ArrayBuffer => { const b = memory.get(p); if (!b) throw new Error(`no device buffer at ${p}`); return b; };
  const driver = {
    alloc(bytes: number) { const p = next++ << 32n; memory.set(p, new ArrayBuffer(Math.max(bytes, 16))); return p; },
    free(p: bigint) { if (!memory.delete(p)) throw new Error(`double free of ${p}`); },
    copyToDevice(dst: bigint, src: ArrayBufferView, bytes: number) { new Uint8Array(buffer(dst)).set(new Uint8Array(src.buffer, src.byteOffset, bytes)); },
    copyToHost(dst: ArrayBufferView, src: bigint, bytes: number) { new Uint8Array(dst.buffer, dst.byteOffset, bytes).set(new Uint8Array(buffer(src), 0, bytes)); },
    synchronize() {},
    launch(fn: bigint, grid: [number, number, number], _block: [number, number, number], _shared: number, _params: bigint): void {
      const entry = names.get(fn)!;
      launches.push(entry);
      const ptr = (i: number) => argBlock.getBigUint64(8 * i, true), int = (i: number) => argBlock.getInt32(8 * i, true);
      const Ctor = entry.endsWith('f32') ? Float32Array : Float64Array;
      if (entry.startsWith('fwht_shared')) {
        // fwht.cu's butterflyChunk: block b transforms entries [b·chunk, (b + 1)·chunk), every stage h < chunk.
        const data = new Ctor(buffer(ptr(0))), chunk = int(1);
        assert.ok(grid[0] * chunk * Ctor.BYTES_PER_ELEMENT <= data.byteLength && _shared >= chunk * Ctor.BYTES_PER_ELEMENT, 'the chunks and their shared memory fit');
        for (let b = 0; b < grid[0]; b++) for (let h = 1; h < chunk; h <<= 1) for (let q = 0; q < chunk / 2; q++) {
          const i = b * chunk + Math.floor(q / h) * 2 * h + (q % h), a = data[i], c = data[i + h];
          data[i] = a + c; data[i + h] = a - c;
        }
        return;
      }
      if (entry.startsWith('fwht_global')) {
        // fwht.cu's butterflyStage: one stage of half-span h over `pairs` pairs, a thread per pair.
        const data = new Ctor(buffer(ptr(0))), pairs = Number(argBlock.getBigInt64(8, true)), N = int(2), h = int(3);
        assert.ok(grid[0] * _block[0] >= pairs, 'the grid covers every pair');
        for (let q = 0; q < pairs; q++) {
          const v = Math.floor(q / (N / 2)), r = q % (N / 2), i = v * N + Math.floor(r / h) * 2 * h + (r % h), a = data[i], c = data[i + h];
          data[i] = a + c; data[i + h] = a - c;
        }
        return;
      }
      const n = int(3), m = int(4), d = int(5), ldc = int(6);
      const [bm, bn] = GEMM_TILES[entry];
      assert.ok(grid[0] * bn >= m && grid[1] * bm >= n, `the grid ${grid} covers C (${n} × ${m})`);
      const X = new Ctor(buffer(ptr(0))), W = new Ctor(buffer(ptr(1))), C = new Ctor(buffer(ptr(2)));
      const round = Ctor === Float32Array ? Math.fround : (v: number) => v;
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
        let s = 0;
        for (let p = 0; p < d; p++) s = round(s + X[i * d + p] * W[j * d + p]);
        C[i * ldc + j] = s;
      }
    },
  };
  const ctx: CudaContext = { driver: driver as unknown as Driver, functions, multiprocessors: 1, argBlock, argPointers: 0n, argBase: 0n };
  return { ctx, live: () => memory.size, launches };
}

const dims = fc.record({
  m: fc.integer({ min: 0, max: 7 }), n: fc.integer({ min: 0, max: 7 }), k: fc.integer({ min: 0, max: 9 }),
  transA: fc.boolean(), transB: fc.boolean(), accumulate: fc.boolean(), single: fc.boolean(),
  padA: fc.integer({ min: 0, max: 3 }), padB: fc.integer({ min: 0, max: 3 }), padC: fc.integer({ min: 0, max: 3 }),
  offA: fc.integer({ min: 0, max: 4 }), offB: fc.integer({ min: 0, max: 4 }), offC: fc.integer({ min: 0, max: 4 }), seed: fc.integer(),
});

test('the cuda gemm kernel (host side, on an emulated device) equals the js reference for transposes, strides, offsets, accumulate and both dtypes, and frees every device buffer', () => {
  const { ctx, live, launches } = emulatedDevice();
  const kernel = cudaGemm(ctx, () => jsKernels.gemm, 0);
  fc.assert(fc.property(dims, ({ m, n, k, transA, transB, accumulate, single, padA, padB, padC, offA, offB, offC, seed }) => {
    const Ctor = single ? Float32Array : Float64Array;
    const lda = (transA ? m : k) + padA, ldb = (transB ? k : n) + padB, ldc = n + padC;
    const fill = (len: number, s: number): FloatArray => new Ctor(len).map((_, i) => Math.sin(seed + s + 1.7 * i));
    const A = fill(offA + lda * (transA ? k : m), 1), B = fill(offB + ldb * (transB ? n : k), 2), C0 = fill(offC + ldc * Math.max(m, 1), 3);
    const before = launches.length;
    const got = kernel(transA, transB, m, n, k, A, offA, lda, B, offB, ldb, C0.slice(), offC, ldc, accumulate);
    const want = jsKernels.gemm(transA, transB, m, n, k, A, offA, lda, B, offB, ldb, C0.slice(), offC, ldc, accumulate);
    assert.equal(launches.length - before, m > 0 && n > 0 && k > 0 ? 1 : 0, 'one launch per product (none when empty)');
    assert.equal(live(), 0, 'every device buffer freed');
    const tol = single ? 1e-5 : 1e-13;
    for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i] - want[i]) <= tol * (1 + k + Math.abs(C0[i])), `C[${i}]: ${got[i]} vs ${want[i]}`);
  }), params);
});

test('products below the GPU bound run on the fallback kernel, without a launch', () => {
  const { ctx, launches } = emulatedDevice();
  let calls = 0;
  const kernel = cudaGemm(ctx, () => { calls++; return jsKernels.gemm; }, 1000);
  const C = kernel(false, false, 2, 2, 2, Float64Array.of(1, 2, 3, 4), 0, 2, Float64Array.of(1, 0, 0, 1), 0, 2, new Float64Array(4), 0, 2, false);
  assert.deepEqual(Array.from(C), [1, 2, 3, 4]);
  assert.equal(calls, 1);
  assert.equal(launches.length, 0);
  kernel(false, false, 10, 10, 10, new Float64Array(100), 0, 10, new Float64Array(100), 0, 10, new Float64Array(100), 0, 10, false);
  assert.equal(launches.length, 1, 'm·n·k = 1000 reaches the bound');
});

test('the cuda fwht kernel (host side, on an emulated device running fwht.cu\'s stages) gives the js kernel\'s bits for vectors stored back to back, and hands other layouts and small transforms to the fallback', () => {
  const { ctx, live, launches } = emulatedDevice();
  let fallbacks = 0;
  const kernel = cudaFwht(ctx, () => { fallbacks++; return jsKernels.fwht; }, 8);
  fc.assert(fc.property(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 5 }), fc.boolean(), fc.boolean(), fc.integer(),
    (logN, count, offset, single, strided, seed) => {
      const n = 2 ** logN, Ctor = single ? Float32Array : Float64Array;
      const stride = strided ? count : 1, batchStride = strided ? 1 : n;
      const x = new Ctor(offset + n * count + 3).map((_, i) => Math.sin(seed + 0.37 * i) * 3);
      const beforeLaunches = launches.length, beforeFallbacks = fallbacks;
      const got = kernel(n, count, x.slice(), stride, batchStride, offset), want = jsKernels.fwht(n, count, x.slice(), stride, batchStride, offset);
      assert.deepEqual(got, want);
      assert.equal(live(), 0, 'every device buffer freed');
      const gpu = n > 1 && n * count >= 8 && (!strided || count === 1);
      assert.equal(launches.length > beforeLaunches, gpu, gpu ? 'ran on the device' : 'no launch');
      assert.equal(fallbacks > beforeFallbacks, !gpu && n > 1, 'the fallback ran instead');
    }), params);
  assert.ok(launches.some((e) => e.startsWith('fwht_global')), 'lengths past one shared-memory chunk (2048) took the global stages');
});

test('registered like the cuda backend (fallback auto) on the emulated device, the modules run their GEMMs on it and every other op on the fallback', () => {
  const { ctx, launches } = emulatedDevice();
  const name = 'cuda-emulated';
  registerBackend({
    name, priority: -1, fallback: 'auto', float32Accumulation: 'float32',
    load() {
      const table = cudaKernels(ctx, () => fallbackKernels(name), { gemm: 0, fwht: 0 });
      registerKernel({ kernelName: 'gemm', backendName: name, kernelFunc: table.gemm });
      registerKernel({ kernelName: 'fwht', backendName: name, kernelFunc: table.fwht });
    },
  });
  try {
    setBackend('auto');
    const auto = activeKernels();
    setBackend('js');
    const reference = moduleResults();
    assert.equal(setBackend(name), name);
    assert.equal(backendStatus().accumulation.float32, 'float32');
    const before = launches.length;
    const ours = moduleResults() as number[][];
    assert.ok(launches.length > before, 'matmul, kronMatVec and ThresholdSearch.init reached the cuda gemm');
    ours.forEach((r, i) => r.forEach((v, j) => { const w = (reference[i] as number[])[j]; assert.ok(v === w || Math.abs(v - w) <= 1e-5 * (1 + Math.abs(v)), `result ${i}[${j}]: ${v} vs ${w}`); }));
    const table = activeKernels();
    for (const op of Object.keys(table) as (keyof typeof table)[]) if (op !== 'gemm' && op !== 'fwht') assert.equal(table[op], auto[op], `${op} runs on the fallback, what auto runs`);
    assert.notEqual(table.gemm, auto.gemm);
    assert.notEqual(table.fwht, auto.fwht);
    const v = new Float32Array(64).map((_, i) => Math.cos(i) * 2), fwhtLaunches = launches.length;
    const h = walshHadamardTransform(v.slice(), { normalize: false });
    assert.ok(launches.length > fwhtLaunches, 'walshHadamardTransform reached the cuda fwht');
    setBackend('auto');
    assert.deepEqual(h, walshHadamardTransform(v.slice(), { normalize: false }), 'the same bits as on auto');
    assert.equal(fallbackKernels(name).gemm, auto.gemm);
  } finally {
    setBackend('auto');
  }
});

test('registerBackend checks the fallback field: a non-string is a TypeError, an empty name a RangeError', () => {
  const base = { name: 'x-fallback', priority: -5, float32Accumulation: 'float64' as const, load: () => {} };
  assert.throws(() => registerBackend({ ...base, fallback: 3 as never }), { name: 'TypeError', message: /registerBackend: invalid argument\. definition\.fallback/ });
  assert.throws(() => registerBackend({ ...base, fallback: '' }), { name: 'RangeError', message: /definition\.fallback/ });
  assert.ok(!backendStatus().registered.includes('x-fallback'), 'nothing registered');
});

const nvcc = hasNvcc();
test("logdet.cu's factor column compiled for the host by nvcc equals sublinear/logdet's generic factor kernel bit for bit (drops included)", { skip: nvcc ? false : 'nvcc not found: the host build is not checked' }, () => {
  const dir = fileURLToPath(new URL('../.tmp/cuda-host/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}logdet-host.cu`, `#include <cstdio>
#include <vector>
#include "${kernelSourceDir()}logdet.cu"
template <typename T> void run(int n, int b, double delta, double maxEntry) {
  std::vector<T> band(n * (b + 1)), L(n * b + 1), D(n + 1);
  std::vector<int> dropped(n + 1);
  for (auto& v : band) { double x; if (scanf("%lf", &x) != 1) return; v = (T)x; }
  for (int j = 0; j < n; ++j) factorColumnAt<T>(band.data(), n, b, delta, maxEntry, L.data(), D.data(), dropped.data(), j);
  for (int i = 0; i < n * b; ++i) printf("%.17g ", (double)L[i]);
  for (int j = 0; j < n; ++j) printf("%.17g ", (double)D[j]);
  for (int j = 0; j < n; ++j) printf("%d ", dropped[j]);
  printf("\\n");
}
int main() {
  int n, b, single; double delta;
  while (scanf("%d %d %d %lf", &n, &b, &single, &delta) == 4) {
    if (single) run<float>(n, b, delta, 3.4028234663852886e38); else run<double>(n, b, delta, 1.7976931348623157e308);
  }
}
`);
  execFileSync(process.env.NVCC || 'nvcc', ['-O2', '-std=c++17', '-Xcompiler', '-ffp-contract=off', `${dir}logdet-host.cu`, '-o', `${dir}logdet-host`], { stdio: 'pipe' });
  const cases = fc.sample(fc.record({
    n: fc.integer({ min: 1, max: 12 }), b: fc.integer({ min: 0, max: 8 }), single: fc.boolean(), drops: fc.integer({ min: 0, max: 3 }),
    delta: fc.constantFrom(2 ** -52, 2 ** -23, 1e-3, 0), seed: fc.integer(),
  }), { numRuns: 300, seed: 20261129 });
  const inputs = cases.map(({ n, b, single, drops, seed }) => {
    const band = (single ? new Float32Array(n * (b + 1)) : new Float64Array(n * (b + 1))).map((_, i) => {
      const k = i % (b + 1), j = (i - k) / (b + 1);
      const diag = 4 + Math.abs(Math.sin(seed + j)) * 2;
      // drops: 0 well conditioned; otherwise every `drops`-th column has off-diagonal entries far larger than the diagonals.
      const off = Math.sin(seed + 3 * j + 7 * k) * (drops > 0 && j % drops === 0 ? 40 : 0.6);
      return k === 0 ? diag : off;
    });
    return band;
  });
  const stdin = cases.map((c, i) => `${c.n} ${c.b} ${c.single ? 1 : 0} ${c.delta}\n${Array.from(inputs[i]).join(' ')}\n`).join('');
  const lines = execFileSync(`${dir}logdet-host`, { input: stdin, encoding: 'utf8' }).trim().split('\n');
  assert.equal(lines.length, cases.length);
  let withDrops = 0;
  cases.forEach(({ n, b, single, delta }, c) => {
    const band = inputs[c], w = b + 1, f = single ? new Float32Array(n * w) : new Float64Array(n * w);
    const stats = Float64Array.of(0, 0, Infinity), work = new Float64Array(factorScratchLength(b) + 1), dropped: number[] = [];
    const maxEntry = single ? 3.4028234663852886e38 : Number.MAX_VALUE;
    for (let j = 0; j < n; j++) {
      const before = stats[0];
      factorBandedColumns(n, b, band, f, j, j + 1, 1, 0, Number.MIN_VALUE, delta, 1, maxEntry, work, stats);
      dropped.push(stats[0] > before ? 1 : 0);
    }
    const L = Array.from({ length: n * b }, (_, i) => f[Math.floor(i / b) * w + 1 + (i % b)]), D = Array.from({ length: n }, (_, j) => f[j * w]);
    const host = lines[c].trim().split(/\s+/).map(Number);
    const expect = [...L, ...D, ...dropped].map((v) => (Object.is(v, -0) ? 0 : v));
    assert.deepEqual(host.map((v) => (Object.is(v, -0) ? 0 : v)), expect, `case ${c}: n=${n} b=${b} ${single ? 'float32' : 'float64'} delta=${delta}`);
    if (dropped.some((v) => v)) withDrops++;
  });
  assert.ok(withDrops > 20, `cases with dropped edges: ${withDrops}`);
});
