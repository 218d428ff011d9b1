/**
 * The same network with explicit weights W (m × d): every step computes all m·s inner products and
 * writes the change through d-dimensional rows, O(m s d). The baseline of the sparse trainers; it
 * starts from the same W₀ and signs for the same seed, so trajectories can be compared.
 */
import { gemm } from '../../core/kernels/ops.js';
import type { Matrix } from '../../core/matrix.js';
import type { NetworkStep, TrainerNetwork } from './network.js';
import { forEachInitialBlock, INIT_BLOCK_ROWS, outputSigns } from './shifted-relu.js';

export class DenseNetwork implements TrainerNetwork {
  readonly signs: Float64Array;
  readonly weights: Float64Array;
  /** Inner products of the latest `activate`, m × s (row r: neuron r against which[0..s)). */
  private z = new Float64Array(0);
  activeCount: Int32Array;

  /**
   * @param x - the n × d unit inputs. @param gram - G = X Xᵀ (n × n) for Gauss–Newton, null for SGD
   * (which never forms H).
   */
  constructor(readonly x: Float64Array, readonly count: number, readonly dim: number, readonly width: number, readonly threshold: number, seed: number, private readonly gram: Float64Array | null, onProgress: ((done: number, total: number) => void) | null = null) {
    this.signs = outputSigns(width, seed);
    this.weights = new Float64Array(width * dim);
    forEachInitialBlock(width, dim, seed, INIT_BLOCK_ROWS, (r0, rows, block) => { this.weights.set(block, r0 * dim); onProgress?.(r0 + rows, width); });
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
    const m = this.width, s = which.length, b = this.threshold;
    const t0 = performance.now();
    if (this.z.length !== m * s) this.z = new Float64Array(m * s);
    // Z = W X_whichᵀ through the active GEMM op (wasm SIMD by default), as a numpy user's W @ X.T: a fair baseline.
    const d = this.dim;
    gemm(false, true, m, s, d, this.weights, 0, d, this.rows(which), 0, d, this.z, 0, s, false);
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
    const m = this.width, s = which.length, d = this.dim, b = this.threshold, x = this.rows(which), w = this.weights;
    let touched = 0;
    for (let r = 0; r < m; r++) {
      const zr = r * s, wr = r * d, sign = this.signs[r];
      let any = false;
      for (let k = 0; k < s; k++) {
        if (this.z[zr + k] < b) continue;
        any = true;
        const c = sign * step[k], xk = k * d;
        for (let j = 0; j < d; j++) w[wr + j] += c * x[xk + j];
      }
      if (any) touched++;
    }
    return { touched, neurons: new Int32Array(0), coefficients: new Float64Array(0), leafMs: 0 };
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
