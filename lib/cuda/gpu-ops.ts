/**
 * The host side of each CUDA kernel: copy the inputs to device memory, launch, copy the results
 * back, free (also on error). Layouts as the deprecated entry points (dense.ts, banded.ts, tree.ts)
 * and the gemm op (backend.ts), which validate or are trusted; nothing here checks.
 */
import type { FloatArray } from '../core/matrix.js';
import { launch, type CudaContext } from './context.js';

const suffix = (a: FloatArray): string => (a instanceof Float32Array ? 'f32' : 'f64');

/** Runs `body` with an allocator whose device buffers are all freed afterwards. */
export function withDeviceMemory<R>(ctx: CudaContext, body: (alloc: (bytes: number) => bigint, upload: (a: ArrayBufferView) => bigint) => R): R {
  const owned: bigint[] = [];
  const alloc = (bytes: number): bigint => { const p = ctx.driver.alloc(bytes); owned.push(p); return p; };
  const upload = (a: ArrayBufferView): bigint => { const p = alloc(a.byteLength); ctx.driver.copyToDevice(p, a, a.byteLength); return p; };
  try {
    return body(alloc, upload);
  } finally {
    for (const p of owned) ctx.driver.free(p);
  }
}

/** Rows × columns of C per block of each inner-product entry (inner_product.cu). */
export const GEMM_TILES: Record<string, [number, number]> = { inner_product_f32: [128, 128], inner_product_f64: [128, 128], inner_product_f64_quad: [128, 128] };

/** The inner-product entry used for each precision (the fastest measured on an H200, docs/cuda.md). */
export const GEMM_ENTRY: Record<'f32' | 'f64', string> = { f32: 'inner_product_f32', f64: 'inner_product_f64' };

/** The launch grid of an inner-product entry for C of n × m. */
export function gemmGrid(entry: string, n: number, m: number): [number, number, number] {
  const [bm, bn] = GEMM_TILES[entry];
  return [Math.ceil(m / bn), Math.ceil(n / bm), 1];
}

export function innerProductsGpu(ctx: CudaContext, X: FloatArray, W: FloatArray, n: number, m: number, d: number, C: FloatArray): FloatArray {
  return withDeviceMemory(ctx, (alloc, upload) => {
    const dx = upload(X.subarray(0, n * d)), dw = upload(W.subarray(0, m * d)), dc = alloc(C.byteLength);
    const entry = GEMM_ENTRY[suffix(C) as 'f32' | 'f64'];
    launch(ctx, entry, gemmGrid(entry, n, m), 256, [dx, dw, dc, n, m, d, m]);
    ctx.driver.copyToHost(C, dc, C.byteLength);
    return C;
  });
}

/** Launches the rebuild of n trees already on the device at `dtree`. */
export function launchMaxtreeRebuild(ctx: CudaContext, dtree: bigint, n: number, M: number, bytes: number, kind: string): void {
  for (let base = M; base > 1;) {
    const span = Math.min(base, 2048);
    launch(ctx, `maxtree_rebuild_${kind}`, n * (base / span), span / 2, [dtree, M, base, span], span * bytes);
    base /= span;
  }
}

export function maxtreeRebuildGpu(ctx: CudaContext, tree: FloatArray, n: number, M: number): FloatArray {
  return withDeviceMemory(ctx, (_alloc, upload) => {
    const dt = upload(tree.subarray(0, n * 2 * M));
    launchMaxtreeRebuild(ctx, dt, n, M, tree.BYTES_PER_ELEMENT, suffix(tree));
    ctx.driver.copyToHost(tree, dt, n * 2 * M * tree.BYTES_PER_ELEMENT);
    return tree;
  });
}

export function thresholdQueryGpu(ctx: CudaContext, values: FloatArray, rows: number, cols: number, stride: number, offset: number, tau: number): { starts: Int32Array; indices: Int32Array } {
  return withDeviceMemory(ctx, (alloc, upload) => {
    const dv = upload(values.subarray(0, offset + (rows - 1) * stride + cols));
    const dcounts = alloc(4 * rows);
    const k = suffix(values);
    launch(ctx, `threshold_count_${k}`, rows, 256, [dv, rows, cols, stride, offset, tau, dcounts]);
    const counts = new Int32Array(rows);
    ctx.driver.copyToHost(counts, dcounts, 4 * rows);
    const starts = new Int32Array(rows + 1);
    const rowStart = new BigInt64Array(rows);
    for (let i = 0; i < rows; i++) { rowStart[i] = BigInt(starts[i]); starts[i + 1] = starts[i] + counts[i]; }
    const indices = new Int32Array(starts[rows]);
    const dstart = upload(rowStart);
    const dout = alloc(4 * Math.max(1, indices.length));
    launch(ctx, `threshold_compact_${k}`, rows, 256, [dv, rows, cols, stride, offset, tau, dstart, dout]);
    ctx.driver.copyToHost(indices, dout, 4 * indices.length);
    return { starts, indices };
  });
}

/** Launches the transform of every length-N block of the `length` entries at `ddata`. */
export function launchFwht(ctx: CudaContext, ddata: bigint, length: number, N: number, bytes: number, kind: string): void {
  if (N < 2 || length === 0) return;
  const chunk = Math.min(N, 2048);
  launch(ctx, `fwht_shared_${kind}`, length / chunk, Math.min(chunk / 2, 1024), [ddata, chunk], chunk * bytes);
  const pairs = length / 2;
  for (let h = chunk; h < N; h *= 2) launch(ctx, `fwht_global_${kind}`, Math.ceil(pairs / 256), 256, [ddata, pairs, N, h]);
}

export function fwhtGpu(ctx: CudaContext, data: FloatArray, N: number): FloatArray {
  return withDeviceMemory(ctx, (_alloc, upload) => {
    const dd = upload(data);
    launchFwht(ctx, dd, data.length, N, data.BYTES_PER_ELEMENT, suffix(data));
    ctx.driver.copyToHost(data, dd, data.byteLength);
    return data;
  });
}

export function logdetFactorGpu(ctx: CudaContext, band: FloatArray, n: number, b: number, delta: number, L: FloatArray, D: FloatArray, dropped: Uint8Array): void {
  withDeviceMemory(ctx, (alloc, upload) => {
    const dband = upload(band.subarray(0, n * (b + 1)));
    const dl = alloc(L.byteLength), dd = alloc(D.byteLength), ddrop = alloc(4 * n);
    launch(ctx, `logdet_factor_${suffix(band)}`, Math.ceil(n / 128), 128, [dband, n, b, delta, dl, dd, ddrop]);
    ctx.driver.copyToHost(L, dl, L.byteLength);
    ctx.driver.copyToHost(D, dd, D.byteLength);
    const flags = new Int32Array(n);
    ctx.driver.copyToHost(flags, ddrop, 4 * n);
    for (let j = 0; j < n; j++) dropped[j] = flags[j];
  });
}

export function logdetApplyGpu(ctx: CudaContext, L: FloatArray, D: FloatArray, n: number, b: number, g: FloatArray, u: FloatArray): FloatArray {
  return withDeviceMemory(ctx, (alloc, upload) => {
    const dl = upload(L), dd = upload(D), dg = upload(g.subarray(0, n)), dy = alloc(u.byteLength), du = alloc(u.byteLength);
    const k = suffix(u), blocks = Math.ceil(n / 256);
    launch(ctx, `logdet_apply_upper_${k}`, blocks, 256, [dl, dd, n, b, dg, dy]);
    launch(ctx, `logdet_apply_lower_${k}`, blocks, 256, [dl, n, b, dy, du]);
    ctx.driver.copyToHost(u, du, u.byteLength);
    return u;
  });
}

/** y = (A_1 ⊗ … ⊗ A_k) x with factor i of shape rows[i] × cols[i], one mode product per factor. */
export function kronMatVecGpu(ctx: CudaContext, factors: FloatArray[], rows: number[], cols: number[], x: FloatArray, y: FloatArray): FloatArray {
  return withDeviceMemory(ctx, (alloc, upload) => {
    const dims = [...cols];
    let size = x.length, largest = size;
    for (let i = 0; i < dims.length; i++) { size = (size / cols[i]) * rows[i]; largest = Math.max(largest, size); }
    const bytes = x.BYTES_PER_ELEMENT;
    let src = upload(x), dst = alloc(largest * bytes);
    const scratch = alloc(largest * bytes);
    const da = factors.map((f) => upload(f));
    const k = suffix(x);
    for (let i = 0; i < dims.length; i++) {
      const pre = dims.slice(0, i).reduce((a, v) => a * v, 1);
      const post = dims.slice(i + 1).reduce((a, v) => a * v, 1);
      const total = pre * rows[i] * post;
      launch(ctx, `kron_mode_product_${k}`, Math.ceil(total / 256), 256, [src, da[i], dst, pre, cols[i], rows[i], post]);
      dims[i] = rows[i];
      [src, dst] = [dst, i === 0 ? scratch : src];
    }
    ctx.driver.copyToHost(y, src, y.byteLength);
    return y;
  });
}
