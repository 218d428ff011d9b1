/**
 * The same network with explicit weights W (m × d): every step computes all m·s inner products and
 * writes the change through d-dimensional rows, O(m s d). The baseline of the sparse trainers; it
 * starts from the same W₀ and signs for the same seed, so trajectories can be compared.
 */
import { gemm } from '../../core/kernels/ops.js';
import type { Matrix } from '../../core/matrix.js';
import { runBlocks, splitRange } from '../../core/partition.js';
import type { KernelPool } from '../../core/pool.js';
import { sharedBuffer } from '../../core/shared-buffer.js';
import { arrayRef, toShared, type SharedArrayRef } from '../../core/shared-memory.js';
import type { NetworkStep, TrainerNetwork } from './network.js';
import { initialBlockRows, initialChunks, INIT_BLOCK_ROWS, outputSigns } from './shifted-relu.js';

/** Z[r, k] = ⟨w_r, x_k⟩ for rows r0 … r1 − 1 of W (m × d) and the s rows of x, through the GEMM op. */
export function denseProducts(W: Float64Array, x: Float64Array, Z: Float64Array, s: number, d: number, r0: number, r1: number): void {
  gemm(false, true, r1 - r0, s, d, W, r0 * d, d, x, 0, d, Z, r0 * s, s, false);
}

/**
 * w_r += Σ_k a_r step[k] 1[Z[r, k] ≥ b] x_k for rows r0 … r1 − 1, each entry one running sum over k in
 * order from w_r — the same bits as the dense GEMM W += Δ X_S (a zero term leaves a finite sum
 * unchanged), in O(nnz(Δ) d) instead of O(m s d). Returns how many of the rows changed.
 */
export function denseUpdate(W: Float64Array, Z: Float64Array, signs: Float64Array, step: Float64Array, x: Float64Array, s: number, d: number, b: number, r0: number, r1: number): number {
  let touched = 0;
  for (let r = r0; r < r1; r++) {
    const zr = r * s, wr = r * d, sign = signs[r];
    let any = false;
    for (let k = 0; k < s; k++) {
      if (Z[zr + k] < b) continue;
      any = true;
      const c = sign * step[k], xk = k * d;
      for (let j = 0; j < d; j++) W[wr + j] += c * x[xk + j];
    }
    if (any) touched++;
  }
  return touched;
}

/** Payload of 'nn.denseProducts': Z rows r0 … r1 − 1. */
export interface DenseProductsPayload { w: SharedArrayRef; x: SharedArrayRef; z: SharedArrayRef; s: number; d: number; r0: number; r1: number }
/** Payload of 'nn.denseUpdate': the step on rows r0 … r1 − 1 of W. */
export interface DenseUpdatePayload { w: SharedArrayRef; z: SharedArrayRef; signs: SharedArrayRef; step: SharedArrayRef; x: SharedArrayRef; s: number; d: number; b: number; r0: number; r1: number }

export class DenseNetwork implements TrainerNetwork {
  readonly signs: Float64Array;
  readonly weights: Float64Array;
  /** Inner products of the latest `activate`, m × s (row r: neuron r against which[0..s)). */
  private z: Float64Array = new Float64Array(0);
  activeCount: Int32Array;

  /**
   * @param x - the n × d unit inputs. @param gram - G = X Xᵀ (n × n) for Gauss–Newton, null for SGD
   * (which never forms H).
   */
  /** The n × d unit inputs, on shared memory (a pool's workers read them in place). */
  readonly x: Float64Array;

  constructor(x: Float64Array, readonly count: number, readonly dim: number, readonly width: number, readonly threshold: number, seed: number, private readonly gram: Float64Array | null, onProgress: ((done: number, total: number) => void) | null = null) {
    this.x = toShared(x);
    this.signs = outputSigns(width, seed);
    this.weights = new Float64Array(sharedBuffer(8 * width * dim)); // shared: a pool's workers read and update W in place
    // W₀ drawn straight into W, block by block (the same stream as every trainer's, without a copy).
    let at = 0;
    for (const [r0, rows] of initialChunks(width * dim, dim, seed, initialBlockRows(dim, INIT_BLOCK_ROWS), (length) => this.weights.subarray(at, (at += length)))) onProgress?.(r0 + rows, width);
    this.activeCount = new Int32Array(count);
  }

  /** Rows of X for `which`, s × d. */
  private rows(which: Int32Array): Float64Array {
    if (which.length === this.count && which.every((v, k) => v === k)) return this.x;
    const d = this.dim, out = new Float64Array(which.length * d);
    which.forEach((i, k) => out.set(this.x.subarray(i * d, (i + 1) * d), k * d));
    return out;
  }

  /** Z = W X_whichᵀ (O(m s d)) and f for each listed input. */
  activate(which: Int32Array, timings: { query: number; forward: number }): Float64Array {
    const t0 = performance.now(), s = which.length;
    this.sizeZ(s);
    // Z = W X_whichᵀ through the active GEMM op (wasm SIMD by default), as a numpy user's W @ X.T: a fair baseline.
    denseProducts(this.weights, this.rows(which), this.z, s, this.dim, 0, this.width);
    return this.forward(which, timings, t0);
  }

  /** activate with Z = W X_whichᵀ split by rows of W over the pool's threads: the same bits. */
  async activateOnPool(which: Int32Array, timings: { query: number; forward: number }, pool: KernelPool): Promise<Float64Array> {
    const t0 = performance.now(), s = which.length;
    this.sizeZ(s);
    const refs = { w: arrayRef(this.weights), x: arrayRef(toShared(this.rows(which))), z: arrayRef(this.z) };
    await runBlocks(pool, 'nn.denseProducts', splitRange(0, this.width, pool.threads), ([r0, r1]) => ({ ...refs, s, d: this.dim, r0, r1 } satisfies DenseProductsPayload));
    return this.forward(which, timings, t0);
  }

  private sizeZ(s: number): void {
    if (this.z.length !== this.width * s) this.z = new Float64Array(sharedBuffer(8 * this.width * s));
  }

  /** f from Z (the products phase began at t0). */
  private forward(which: Int32Array, timings: { query: number; forward: number }, t0: number): Float64Array {
    const m = this.width, s = which.length, b = this.threshold;
    const t1 = performance.now();
    const f = new Float64Array(s);
    this.activeCount.fill(0);
    for (let r = 0; r < m; r++) for (let k = 0; k < s; k++) {
      const v = this.z[r * s + k];
      if (v >= b) { f[k] += this.signs[r] * (v - b); this.activeCount[which[k]]++; }
    }
    const scale = 1 / Math.sqrt(m);
    for (let k = 0; k < s; k++) f[k] *= scale;
    timings.query += t1 - t0;
    timings.forward += performance.now() - t1;
    return f;
  }

  /** H_kl = ⟨x_i, x_j⟩ · #{r : both fire} / m, from the mask of the latest activate: O(m s²). */
  gaussNewtonGram(which: Int32Array): Float64Array {
    const gram = this.gram!; // given whenever the rule is Gauss–Newton
    const m = this.width, s = which.length, b = this.threshold, H = new Float64Array(s * s), fired = new Int32Array(s);
    for (let r = 0; r < m; r++) {
      let c = 0;
      for (let k = 0; k < s; k++) if (this.z[r * s + k] >= b) fired[c++] = k;
      for (let p = 0; p < c; p++) for (let q = 0; q < c; q++) H[fired[p] * s + fired[q]] += 1;
    }
    for (let k = 0; k < s; k++) for (let l = 0; l < s; l++) H[k * s + l] *= gram[which[k] * this.count + which[l]] / m;
    return H;
  }

  /** Nothing to ready: the mask of the latest activate is all applyStep needs. */
  prepareStep(): void {}

  discardStep(): void {}

  /**
   * w_r += Σ_k a_r step[k] 1[r fired on which[k]] x_{which[k]}, each entry one running sum over k in
   * order from w_r — the same bits as the dense GEMM W += Δ X_S (a zero term leaves a finite sum
   * unchanged), in O(nnz(Δ) d) instead of O(m s d). Reports the neurons touched.
   */
  applyStep(which: Int32Array, step: Float64Array): NetworkStep {
    const touched = denseUpdate(this.weights, this.z, this.signs, step, this.rows(which), which.length, this.dim, this.threshold, 0, this.width);
    return { touched, neurons: new Int32Array(0), coefficients: new Float64Array(0), leafMs: 0 };
  }

  /** applyStep split by rows of W over the pool's threads: the same bits. */
  async applyStepOnPool(which: Int32Array, step: Float64Array, _prepared: boolean, pool: KernelPool): Promise<NetworkStep> {
    const refs = { w: arrayRef(this.weights), z: arrayRef(this.z), signs: arrayRef(this.signs), step: arrayRef(toShared(step)), x: arrayRef(toShared(this.rows(which))) };
    const counts = await runBlocks<number>(pool, 'nn.denseUpdate', splitRange(0, this.width, pool.threads), ([r0, r1]) => ({ ...refs, s: which.length, d: this.dim, b: this.threshold, r0, r1 } satisfies DenseUpdatePayload));
    return { touched: counts.reduce((a, c) => a + c, 0), neurons: new Int32Array(0), coefficients: new Float64Array(0), leafMs: 0 };
  }

  /** f on t held-out unit inputs (t × d) at the current W: O(m t d), the same GEMM as activate. */
  predictOn(x: Float64Array, t: number): Float64Array {
    const m = this.width, d = this.dim, b = this.threshold, z = new Float64Array(m * t), f = new Float64Array(t);
    gemm(false, true, m, t, d, this.weights, 0, d, x, 0, d, z, 0, t, false);
    for (let r = 0; r < m; r++) for (let k = 0; k < t; k++) { const v = z[r * t + k]; if (v >= b) f[k] += this.signs[r] * (v - b); }
    const scale = 1 / Math.sqrt(m);
    for (let k = 0; k < t; k++) f[k] *= scale;
    return f;
  }

  /** Held-out unit inputs (t × d) for predictHeldOut, set by the trainer that takes them. */
  heldOut: { x: Float64Array; count: number } | null = null;

  /** f on the held-out inputs at the current W (empty when none). */
  predictHeldOut(): Float64Array {
    return this.heldOut ? this.predictOn(this.heldOut.x, this.heldOut.count) : new Float64Array(0);
  }

  /** A copy of W (m × d). */
  materialize(): Matrix {
    return { rows: this.width, cols: this.dim, data: this.weights.slice() };
  }
}
