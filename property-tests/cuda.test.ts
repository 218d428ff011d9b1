/**
 * The CUDA backend without a GPU: cudaStatus reports why it is unavailable, the deprecated entry
 * points' backend 'auto' falls back to the modules' functions and 'cuda' throws a clear error; every
 * .cu file compiles to PTX with its entry points (skipped, saying so, where nvcc is absent; PTX cached
 * in .tmp/cuda-ptx by source hash); the fallbacks match independent references and give the module
 * functions' results. Parity of the CUDA kernels themselves needs a GPU: benchmarks/cuda-gpu.ts (see
 * docs/cuda.md); the op-layer backend is tested in cuda-backend.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { CudaUnavailableError, cudaStatus, fwht, innerProducts, kronMatVec, logdetApply, logdetFactor, maxtreeRebuild, resolveBackend, thresholdQuery } from 'sublinear/cuda';
import { backendStatus, matrix, type Matrix } from 'sublinear/core';
import { propertyParameters } from 'sublinear/testing';
import { KERNELS } from '../lib/cuda/kernels.js';
import { compilePtx, hasNvcc, kernelSourceDir, ptxEntries } from '../lib/cuda/ptx.js';
import type Koffi from 'koffi';
import type { KoffiApi } from '../lib/cuda/driver.js';

// Type-level: koffi's own declarations fit the subset lib/cuda/driver.ts declares (tsc --noEmit fails otherwise).
export const koffiFitsItsSubset = (koffi: typeof Koffi): KoffiApi => koffi;

const status = cudaStatus();
const params = propertyParameters();

test('cudaStatus returns { available, device, reason } and never throws; unavailable always carries a reason', () => {
  assert.equal(typeof status.available, 'boolean');
  assert.deepEqual(Object.keys(status).sort(), ['available', 'device', 'reason']);
  if (status.available) assert.equal(status.reason, null);
  else assert.match(status.reason ?? '', /\S/);
  assert.deepEqual(cudaStatus(), status, 'the status is computed once per thread');
});

test('backend resolution: js is js, auto follows availability, cuda where unavailable throws CudaUnavailableError naming the reason', () => {
  assert.equal(resolveBackend('js'), 'js');
  assert.equal(resolveBackend('auto'), status.available ? 'cuda' : 'js');
  assert.equal(resolveBackend(), resolveBackend('auto'));
  if (!status.available) {
    assert.throws(() => resolveBackend('cuda'), (e: unknown) => e instanceof CudaUnavailableError && e.message.includes(status.reason!) && e.message.includes("'auto'"));
    assert.throws(() => fwht(new Float64Array(4), 4, { backend: 'cuda' }), CudaUnavailableError);
  }
  assert.throws(() => resolveBackend('gpu' as never), /options\.backend must be one of 'auto', 'js', 'cuda'/);
  assert.throws(() => innerProducts(matrix([[1]]), matrix([[1]]), { backend: 1 as never }), TypeError);
});

test('a missing driver library is reported as unavailable with its name, in a fresh process', async () => {
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync(process.execPath, ['--conditions=sublinear-source', '--import', 'tsx', '--input-type=module', '-e',
    "import { cudaStatus, fwht } from 'sublinear/cuda'; console.log(JSON.stringify([cudaStatus(), Array.from(fwht(new Float32Array([1, 2]), 2))]));"],
  { env: { ...process.env, SUBLINEAR_CUDA_LIBRARY: '/nonexistent/libcuda.so.1' }, encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) });
  const [s, y] = JSON.parse(out);
  assert.equal(s.available, false);
  assert.match(s.reason, /cannot load the CUDA driver library \(\/nonexistent\/libcuda\.so\.1\)/);
  assert.deepEqual(y, [3, -1], "backend 'auto' ran the JavaScript kernel");
});

const cacheDir = fileURLToPath(new URL('../.tmp/cuda-ptx/', import.meta.url));
const nvcc = hasNvcc();
for (const [file, entries] of Object.entries(KERNELS)) {
  test(`${file}.cu compiles to PTX declaring the entry points ${Object.keys(entries).join(', ')}`, { skip: nvcc ? false : 'nvcc not found (set NVCC or put it on PATH): compile not checked' }, () => {
    const source = join(kernelSourceDir(), `${file}.cu`);
    const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 16);
    const ptx = join(cacheDir, `${file}-${hash}.ptx`);
    if (!existsSync(ptx)) {
      mkdirSync(cacheDir, { recursive: true });
      compilePtx(source, `${ptx}.part`);
      renameSync(`${ptx}.part`, ptx);
    }
    assert.deepEqual(ptxEntries(readFileSync(ptx, 'utf8')).sort(), Object.keys(entries).sort());
  });
}

const small = (max: number) => fc.integer({ min: 0, max });
const floats = (n: number) => fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n });

test('innerProducts (fallback: the gemm op) equals X Wᵀ, in either precision, within the active backend\'s summation error', () => {
  fc.assert(fc.property(small(6), small(6), small(5), fc.boolean(), fc.integer(), (n, m, d, single, seed) => {
    const dtype = single ? 'float32' : 'float64';
    const gen = (r: number) => Array.from({ length: r }, (_, i) => Array.from({ length: d }, (_, k) => Math.sin(seed + 7 * i + k)));
    const X: Matrix = n && d ? matrix(gen(n), dtype) : { rows: n, cols: d, data: single ? new Float32Array(0) : new Float64Array(0) };
    const W: Matrix = m && d ? matrix(gen(m).map((r) => r.map((v) => v * 2)), dtype) : { rows: m, cols: d, data: single ? new Float32Array(0) : new Float64Array(0) };
    const C = innerProducts(X, W, { backend: 'js' });
    assert.equal(C.data.constructor, X.data.constructor);
    // float32 sums in float32 (wasm) err by at most d·2⁻²⁴·Σ|x||w| before the final rounding.
    const f32sums = single && backendStatus().accumulation.float32 === 'float32';
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
      let s = 0, abs = 0;
      for (let k = 0; k < d; k++) { s += X.data[i * d + k] * W.data[j * d + k]; abs += Math.abs(X.data[i * d + k] * W.data[j * d + k]); }
      const tol = f32sums ? (d + 1) * 2 ** -24 * abs : 1e-12 * (1 + Math.abs(s));
      assert.ok(Math.abs(C.data[i * m + j] - (single ? Math.fround(s) : s)) <= tol + (single ? 2 ** -24 * Math.abs(s) : 0));
    }
  }), params);
});

test('maxtreeRebuild (fallback: maxtree\'s buildHeaps): every internal node is the max of its subtree\'s leaves; slot 0 is left as it was', () => {
  fc.assert(fc.property(small(3), fc.integer({ min: 0, max: 5 }), fc.integer(), (n, logM, seed) => {
    const M = 2 ** logM, tree = new Float32Array(2 * n * M).map((_, i) => (i % 5 === 4 ? -Infinity : Math.cos(seed + i)));
    const slot0 = Array.from({ length: n }, (_, t) => tree[t * 2 * M]);
    maxtreeRebuild(tree, n, M, { backend: 'js' });
    if (M > 1) assert.deepEqual(Array.from({ length: n }, (_, t) => tree[t * 2 * M]), slot0);
    for (let t = 0; t < n; t++) for (let k = 1; k < M; k++) {
      let lo = k, hi = k + 1;
      while (lo < M) { lo *= 2; hi *= 2; }
      let best = -Infinity;
      for (let j = lo; j < hi; j++) best = Math.max(best, tree[t * 2 * M + j]);
      assert.equal(tree[t * 2 * M + k], best);
    }
  }), params);
});

test('thresholdQuery (fallback: maxtree\'s scanLeaves) returns exactly the entries ≥ tau, ascending, tau compared exactly in float32', () => {
  fc.assert(fc.property(small(4), small(6), fc.double({ min: -2, max: 2, noNaN: true }), fc.integer(), (rows, cols, tau, seed) => {
    const stride = cols + 2, values = new Float32Array(rows * stride + 1).map((_, i) => Math.sin(seed * i));
    const { starts, indices } = thresholdQuery(values, { rows, cols, stride, offset: 1 }, tau);
    for (let i = 0; i < rows; i++) {
      const expected = [];
      for (let j = 0; j < cols; j++) if (values[1 + i * stride + j] >= tau) expected.push(j);
      assert.deepEqual(Array.from(indices.subarray(starts[i], starts[i + 1])), expected);
    }
  }), params);
  const v = new Float32Array([0.5]);
  assert.equal(thresholdQuery(v, { rows: 1, cols: 1 }, 0.5 + 1e-12).indices.length, 0, 'a float32 0.5 is below 0.5 + 1e-12');
});

test('fwht (fallback: sketch\'s transform) equals multiplication by the Sylvester Hadamard matrix, and applied twice gives N times the input', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 3 }), fc.integer(), (logN, batch, seed) => {
    const N = 2 ** logN, x = new Float64Array(N * batch).map((_, i) => Math.sin(seed + i));
    const y = fwht(x.slice(), N);
    for (let b = 0; b < batch; b++) for (let i = 0; i < N; i++) {
      let s = 0;
      for (let j = 0; j < N; j++) s += (popcount(i & j) % 2 ? -1 : 1) * x[b * N + j];
      assert.ok(Math.abs(y[b * N + i] - s) <= 1e-12 * N);
    }
    const z = fwht(y, N);
    for (let i = 0; i < x.length; i++) assert.ok(Math.abs(z[i] - N * x[i]) <= 1e-12 * N * N);
  }), params);
});

function popcount(v: number): number { let c = 0; for (; v; v &= v - 1) c++; return c; }

test('logdetFactor (fallback: logdet\'s factor kernel): the inverse of X = L D Lᵀ equals H on the band', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 3 }), floats(40), (n, b, r) => {
    // Diagonal ≥ 8, at most 2b ≤ 6 off-diagonal entries of size ≤ 1 per row: strictly diagonally dominant, so positive definite.
    const band = new Float64Array(n * (b + 1));
    for (let j = 0; j < n; j++) for (let k = 0; k <= b && j + k < n; k++) band[j * (b + 1) + k] = k === 0 ? 8 + Math.abs(r[j % 40]) : r[(j + 7 * k) % 40] / 10;
    const f = logdetFactor(band, n, b);
    assert.equal(f.droppedCount, 0);
    // Column i of X is X e_i; X is symmetric positive definite, so invert it and compare with H on the band.
    const X = Array.from({ length: n }, (_, i) => Array.from(logdetApply(f, new Float64Array(n).map((_, k) => (k === i ? 1 : 0)))));
    const Xinv = inverse(X);
    for (let i = 0; i < n; i++) for (let j = i; j <= Math.min(n - 1, i + b); j++) {
      const h = band[i * (b + 1) + (j - i)];
      assert.ok(Math.abs(Xinv[i][j] - h) <= 1e-9 * (1 + Math.abs(h)), `X⁻¹[${i}][${j}] = ${Xinv[i][j]}, H = ${h}`);
    }
  }), params);
});

test('kronMatVec (fallback: kron.kronMatVec) equals multiplication by the materialized Kronecker product', () => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 3 }), fc.integer(), (shapes, seed) => {
    const factors = shapes.map(([q, p], f) => matrix(Array.from({ length: q }, (_, i) => Array.from({ length: p }, (_, j) => Math.sin(seed + 3 * f + 5 * i + j)))));
    let K = factors[0];
    for (const A of factors.slice(1)) K = kron(K, A);
    const x = new Float64Array(K.cols).map((_, i) => Math.cos(seed + i));
    const y = kronMatVec(factors, x);
    for (let i = 0; i < K.rows; i++) {
      let s = 0;
      for (let j = 0; j < K.cols; j++) s += K.data[i * K.cols + j] * x[j];
      assert.ok(Math.abs(y[i] - s) <= 1e-12 * (1 + Math.abs(s)));
    }
  }), params);
});

/** Gauss–Jordan inverse with partial pivoting (small test matrices). */
function inverse(A: number[][]): number[][] {
  const n = A.length, M = A.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    const d = M[c][c];
    for (let k = 0; k < 2 * n; k++) M[c][k] /= d;
    for (let r = 0; r < n; r++) if (r !== c) { const f = M[r][c]; for (let k = 0; k < 2 * n; k++) M[r][k] -= f * M[c][k]; }
  }
  return M.map((row) => row.slice(n));
}

function kron(A: Matrix, B: Matrix): Matrix {
  const rows = A.rows * B.rows, cols = A.cols * B.cols, data = new Float64Array(rows * cols);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) for (let k = 0; k < B.rows; k++) for (let l = 0; l < B.cols; l++) {
    data[(i * B.rows + k) * cols + j * B.cols + l] = A.data[i * A.cols + j] * B.data[k * B.cols + l];
  }
  return { rows, cols, data };
}

test('bad input throws the package error before any work, and leaves the input as it was', () => {
  const tree = new Float64Array([0, 0, 1, Number.NaN]);
  assert.throws(() => maxtreeRebuild(tree, 1, 2), /maxtreeRebuild: invalid argument\. tree\[3\] must be a finite number or -Infinity\. Value: NaN\./);
  assert.equal(tree[1], 0);
  assert.throws(() => maxtreeRebuild(new Float64Array(6), 1, 3), /leaves must be a power of two/);
  assert.throws(() => fwht(new Float32Array(6), 4), RangeError);
  assert.throws(() => innerProducts(matrix([[1, 2]]), matrix([[1, 2]], 'float32')), TypeError);
  assert.throws(() => innerProducts(matrix([[1, 2]]), matrix([[1]])), /W\.cols must be X\.cols \(2\)/);
  assert.throws(() => logdetFactor(new Float64Array([0, 1]), 2, 0), /band\[0\] must be a diagonal entry > 0/);
  assert.throws(() => logdetFactor(new Float64Array(20), 2, 9), RangeError);
  assert.throws(() => kronMatVec([], new Float64Array(1)), TypeError);
  assert.throws(() => kronMatVec([matrix([[1, 2]])], new Float64Array(3)), /x\.length must be the product/);
  assert.throws(() => thresholdQuery(new Float64Array(4), { rows: 2, cols: 3 }, 0), /layout must be inside values/);
  assert.throws(() => thresholdQuery(new Float64Array(4), { rows: 1, cols: 3 }, Number.NaN), /tau must be a finite number/);
});

test('inside pool threads: each thread reports its own cudaStatus, runs the cuda tasks in place over shared memory, and backend cuda fails clearly where unavailable', async () => {
  const { createKernelPool, sharedArray, arrayRef, KernelTaskError } = await import('sublinear/workers');
  const pool = createKernelPool({ threads: 2, atomics: 'async' });
  try {
    const statuses = await Promise.all([0, 1, 2, 3].map(() => pool.run<{ available: boolean; reason: string | null }>('cuda.status', null)));
    for (const s of statuses) assert.equal(s.available, status.available);
    const data = sharedArray('float32', 8);
    data.set([1, 0, 1, 0, 1, 2, 3, 4]);
    const out = await pool.run<{ backend: string }>('cuda.fwht', { data: arrayRef(data), length: 4 });
    assert.equal(out.backend, status.available ? 'cuda' : 'js');
    assert.deepEqual(Array.from(data), [2, 2, 0, 0, 10, -2, -4, 0]);
    if (!status.available) {
      await assert.rejects(pool.run('cuda.fwht', { data: arrayRef(data), length: 4, backend: 'cuda' }),
        (e: unknown) => e instanceof KernelTaskError && /CUDA is unavailable/.test(e.message));
    }
  } finally {
    await pool.close();
  }
});

test('the deprecated wrappers give the module functions\' results: fwht = the fwht op (= sketch.walshHadamardTransform per block in float64), kronMatVec = kron.kronMatVec, innerProducts = matmul(X, Wᵀ) (bit for bit), logdet = bandedLogDetInverse (drops included)', async () => {
  const { walshHadamardTransform } = await import('sublinear/sketch');
  const kron = await import('sublinear/kron');
  const { bandedLogDetInverse } = await import('sublinear/logdet');
  const { matmul, ops, transpose } = await import('sublinear/core');
  fc.assert(fc.property(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 4 }), fc.boolean(), fc.boolean(), fc.integer(), (logN, batch, n, b, single, drops, seed) => {
    const dtype = single ? 'float32' : 'float64', Ctor = single ? Float32Array : Float64Array;
    const N = 2 ** logN, x = new Ctor(N * batch).map((_, i) => Math.sin(seed + i));
    const y = fwht(x.slice(), N, { backend: 'js' });
    assert.deepEqual(y, ops.fwht(N, batch, x.slice(), 1, N, 0), 'the fwht op');
    if (!single) {
      const blocks = Array.from({ length: batch }, (_, k) => walshHadamardTransform(x.slice(k * N, (k + 1) * N), { normalize: false }));
      assert.deepEqual(y, new Ctor(blocks.flatMap((v) => Array.from(v))), 'walshHadamardTransform, block by block');
    }
    const factors = [matrix([[1, Math.sin(seed)], [2, 3], [0.5, -1]], dtype), matrix([[Math.cos(seed), 2, 1]], dtype)];
    const v = new Ctor(6).map((_, i) => Math.cos(seed * i));
    assert.deepEqual(kronMatVec(factors, v, { backend: 'js' }), kron.kronMatVec(factors, v));
    const X = matrix([[1, Math.sin(seed), 2], [0.5, -1, 3]], dtype), W = matrix([[Math.cos(seed), 2, 1], [1, 1, 1], [0, -2, 0.25], [4, 0, 1]], dtype);
    assert.deepEqual(innerProducts(X, W, { backend: 'js' }).data, matmul(X, transpose(W)).data);
    const band = new Float64Array(n * (b + 1));
    for (let j = 0; j < n; j++) for (let k = 0; k <= b && j + k < n; k++) {
      band[j * (b + 1) + k] = k === 0 ? 9 + Math.cos(seed + j) : Math.sin(seed + 3 * j + k) * (drops && j % 2 === 0 ? 40 : 0.5);
    }
    const g = new Float64Array(n).map((_, i) => Math.sin(seed - i));
    const f = logdetFactor(band, n, b, { backend: 'js' }), ref = bandedLogDetInverse({ n, band: b, data: band });
    const mine = logdetApply(f, g, { backend: 'js' }), theirs = ref.apply(g);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(mine[i] - theirs[i]) <= 1e-12 * (1 + Math.abs(theirs[i])), `u[${i}]: ${mine[i]} vs ${theirs[i]}`);
    for (let j = 0; j < n; j++) {
      const fd = ref.factor.data;
      assert.ok(Math.abs(f.D[j] - fd[j * (b + 1)]) <= 1e-12 * fd[j * (b + 1)], `D[${j}]`);
      for (let k = 1; k <= b; k++) assert.equal(f.L[j * b + k - 1] === 0, fd[j * (b + 1) + k] === 0, `L[${j + k}][${j}] dropped on both or neither`);
    }
    assert.equal(f.droppedCount > 0, ref.diagnostics.droppedEdges > 0);
  }), params);
});

test('thresholdSearchInit without CUDA is ThresholdSearch.init: same leaves, same heaps, same query answers', async () => {
  const { thresholdSearchInit } = await import('sublinear/cuda');
  const { ThresholdSearch } = await import('sublinear/maxtree');
  fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom(1, 4, 16), fc.integer(), (n, m, d, blockSize, seed) => {
    const data = Array.from({ length: n * d }, (_, i) => Math.sin(seed + i)), weights = Array.from({ length: m * d }, (_, i) => Math.cos(seed * 3 + i));
    const a = thresholdSearchInit({ data, weights, d, blockSize, dtype: 'float32', backend: 'js' }), b = ThresholdSearch.init({ data, weights, d, blockSize, dtype: 'float32' });
    assert.deepEqual(a.buffers.leaves, b.buffers.leaves);
    assert.deepEqual(a.buffers.nodes, b.buffers.nodes);
    for (let i = 0; i < n; i++) assert.deepEqual(a.query(i, 0.1), b.query(i, 0.1));
  }), params);
  assert.throws(() => thresholdSearchInit({ data: [1], weights: [1], d: 1, backend: 'bogus' as never }), RangeError);
});
