/**
 * The shifted-ReLU network with implicit weights W = W₀ + C·X (C is m × n, W₀ regenerated from the
 * seed): a step changes C only where neuron r fired on input i, and moves the leaves
 * z_{j,r} = ⟨w_r, x_j⟩ by Σ_i Δc_{r,i} G_{ij}: O(n·|support|) per neuron, never O(d).
 * Shared by SparseGaussNewton and KroneckerSGD; trusted (the trainers validate).
 */
import { allocate, type FloatArray, type Matrix } from '../../core/matrix.js';
import type { TrainingInputs } from './inputs.js';
import type { LeafDtype } from './blocked-leaves.js';
import { withMoveFill, type MoveRows } from './leaf-moves.js';
import { buildLeavesOnPool, moveLeavesOnPool, poolable, queryOnPool } from './parallel.js';
import { sharedBuffer } from '../../core/shared-buffer.js';
import type { KernelPool } from '../../core/pool.js';
import { HeldOutProducts } from './held-out.js';
import type { IndexFactory, LeafIndex } from './leaf-index.js';
import type { NetworkStep, TrainerNetwork } from './network.js';
import { forEachInitialBlock, INIT_BLOCK_ROWS, outputSigns } from './shifted-relu.js';

export class ImplicitNetwork implements TrainerNetwork {
  readonly width: number;
  readonly count: number;
  readonly signs: Float64Array;
  /** G = X Xᵀ (n × n). */
  readonly gram: Float64Array;
  /** C's storage; steps since the last fold wait in `pending` (see `coefficients`). */
  private readonly stored: FloatArray;
  /** Each step's Δc not yet added to `stored`: per touched neuron (ascending) its inputs and values. */
  private pending: { neurons: Int32Array; start: Int32Array; cols: Int32Array; values: Float64Array }[] = [];
  private pendingEntries = 0;
  readonly index: LeafIndex;
  /** Active neurons per input from the latest `activate` (ascending), and their counts. */
  readonly active: Int32Array[];
  readonly activeCount: Int32Array;
  // Union workspace: slot of each neuron in the union (−1 when absent), the union, and CSR lists of the inputs each union neuron fired on.
  private readonly slotOf: Int32Array;
  private union = new Int32Array(64);
  private unionSize = 0;
  private memberStart = new Int32Array(65);
  private members = new Int32Array(64);

  /** Held-out inputs' products with W₀ and the training inputs, when given. */
  private readonly heldOut: HeldOutProducts | null;

  /**
   * Builds the initial leaves ⟨w₀_r, x_i⟩ (and, with `heldOut`, ⟨w₀_r, x'_j⟩ for the held-out inputs) from
   * W₀ generated block by block: O(m (n + t) d), W₀ never stored. `dtype` is the storage of the leaves and C.
   */
  constructor(readonly inputs: TrainingInputs, width: number, readonly threshold: number, readonly seed: number, makeIndex: IndexFactory, private readonly onProgress: ((done: number, total: number) => void) | null = null, options: { dtype?: LeafDtype; heldOut?: TrainingInputs | null; deferBuild?: boolean } = {}) {
    const n = inputs.count, dtype = options.dtype ?? 'float64', held = options.heldOut ?? null;
    this.width = width; this.count = n;
    this.signs = outputSigns(width, seed);
    this.gram = inputs.gram();
    this.stored = dtype === 'float32' ? new Float32Array(width * n) : new Float64Array(width * n);
    this.index = makeIndex(n, width, dtype);
    this.heldOut = held ? new HeldOutProducts(held, inputs, width, dtype) : null;
    this.active = Array.from({ length: n }, () => new Int32Array(16));
    this.activeCount = new Int32Array(n);
    this.slotOf = new Int32Array(width).fill(-1);
    if (!options.deferBuild) this.buildLeaves();
  }

  /**
   * The coefficients C (m × n): w_r = w₀_r + Σ_i C[r, i] x_i (float32 with dtype 'float32'). A step does
   * not write C (only the leaves need its change): it logs its Δc, and the logs are folded in here, on
   * the first read, or when they reach a quarter of C's entries — row by row (a merge of the logs by
   * neuron), every row's adds in step order, so each row is loaded once per fold instead of once per
   * step and C gets the bits of adding each step as it came.
   */
  get coefficients(): FloatArray {
    this.foldPending();
    return this.stored;
  }

  private foldPending(): void {
    const logs = this.pending, K = logs.length;
    if (K === 0) return;
    const n = this.count, C = this.stored, at = new Int32Array(K);
    // A K-way merge by neuron (each log's neurons ascend): row r gets the entries of every log that
    // touched it, logs in step order, so each entry of C receives its adds in step order.
    for (;;) {
      let r = Infinity;
      for (let j = 0; j < K; j++) { const c = at[j], log = logs[j]; if (c < log.neurons.length && log.neurons[c] < r) r = log.neurons[c]; }
      if (r === Infinity) break;
      const row = r * n;
      for (let j = 0; j < K; j++) {
        const c = at[j], log = logs[j];
        if (c >= log.neurons.length || log.neurons[c] !== r) continue;
        for (let q = log.start[c], end = log.start[c + 1]; q < end; q++) C[row + log.cols[q]] += log.values[q];
        at[j] = c + 1;
      }
    }
    this.pending = [];
    this.pendingEntries = 0;
  }

  /** The initial leaves, one block of W₀ at a time straight into the index's layout (W₀ is never stored), then the heaps. */
  private buildLeaves(): void {
    forEachInitialBlock(this.width, this.inputs.dim, this.seed, INIT_BLOCK_ROWS, (r0, rows, block) => {
      this.index.writeColumns(r0, rows, this.inputs.leafValues(block, rows));
      this.heldOut?.addInitialBlock(r0, rows, block);
      this.onProgress?.(r0 + rows, this.width);
    });
    this.index.build();
  }

  /**
   * The build of a network made with `deferBuild` (dense inputs only) on a pool: this thread draws W₀
   * block by block (one seeded stream) while the workers form each block's leaves (and held-out
   * products) and write them into the shared layout; then the heaps, split by inputs. The same leaves and
   * heaps as the sequential build, bit for bit.
   */
  async buildLeavesOnPool(pool: KernelPool): Promise<void> {
    if (!poolable(this.index) || this.inputs.initialLeaves) { this.buildLeaves(); return; }
    await buildLeavesOnPool(pool, this.index, this.inputs, this.width, this.seed, this.heldOut?.sharedParts() ?? null, this.onProgress);
  }

  /**
   * Queries the active sets of the listed inputs and returns f_i for each (same order), summed by the
   * query as it finds them (leaf-query.ts); adds the phase times to `timings` (the forward pass is the
   * final scaling only). `which` holds distinct inputs (every caller's does: all inputs, or a
   * minibatch drawn without replacement), since each input's list is written in place.
   */
  activate(which: Int32Array, timings: { query: number; forward: number }): Float64Array {
    const s = which.length, sums = new Float64Array(s), counts = new Int32Array(s), t0 = performance.now();
    const lists = Array.from(which, (i) => this.active[i]);
    this.index.queryMany(which, 0, s, this.threshold, lists, counts, sums, this.signs);
    for (let k = 0; k < s; k++) { this.active[which[k]] = lists[k]; this.activeCount[which[k]] = counts[k]; }
    return this.outputs(sums, timings, t0);
  }

  /** `activate` with the queries split by inputs over a pool's threads: the same active sets and f, bit for bit. */
  async activateOnPool(which: Int32Array, timings: { query: number; forward: number }, pool: KernelPool): Promise<Float64Array> {
    if (!poolable(this.index)) return this.activate(which, timings);
    const t0 = performance.now(), sums = new Float64Array(which.length);
    let k = 0;
    for (const part of await queryOnPool(pool, this.index, which, this.threshold, this.signs)) {
      for (let q = 0, at = 0; q < part.counts.length; q++, k++) {
        const i = which[k], count = part.counts[q];
        if (this.active[i].length < count) this.active[i] = new Int32Array(2 * count);
        this.active[i].set(part.lists.subarray(at, at + count));
        this.activeCount[i] = count; sums[k] = part.sums[q];
        at += count;
      }
    }
    return this.outputs(sums, timings, t0);
  }

  /** f_k = sums[k]/√m; the query phase began at t0. */
  private outputs(sums: Float64Array, timings: { query: number; forward: number }, t0: number): Float64Array {
    const t1 = performance.now(), scale = 1 / Math.sqrt(this.width);
    for (let k = 0; k < sums.length; k++) sums[k] *= scale;
    timings.query += t1 - t0;
    timings.forward += performance.now() - t1;
    return sums;
  }

  /** Builds the union of the active sets of `which` with, per union neuron, the positions k in `which` where it fired. */
  private buildUnion(which: Int32Array): void {
    let size = 0, total = 0;
    for (const i of which) total += this.activeCount[i];
    if (this.union.length < total) { this.union = new Int32Array(total); this.memberStart = new Int32Array(total + 1); this.members = new Int32Array(total); }
    const degree = this.memberStart; degree.fill(0, 0, total + 1);
    for (let k = 0; k < which.length; k++) {
      const list = this.active[which[k]], count = this.activeCount[which[k]];
      for (let t = 0; t < count; t++) {
        const r = list[t];
        let s = this.slotOf[r];
        if (s < 0) { s = size++; this.slotOf[r] = s; this.union[s] = r; }
        degree[s + 1]++;
      }
    }
    for (let s = 0; s < size; s++) degree[s + 1] += degree[s];
    const fill = new Int32Array(size);
    for (let k = 0; k < which.length; k++) {
      const list = this.active[which[k]], count = this.activeCount[which[k]];
      for (let t = 0; t < count; t++) { const s = this.slotOf[list[t]]; this.members[this.memberStart[s] + fill[s]++] = k; }
    }
    this.unionSize = size;
  }

  /** Builds the union of the active sets of `which` without forming H (for the sketched solver). */
  prepareStep(which: Int32Array): void { this.buildUnion(which); }

  /** The built union: neuron of each slot, and the CSR lists (positions in `which`) of the inputs it fired on. */
  unionView(): { size: number; neurons: Int32Array; memberStart: Int32Array; members: Int32Array } {
    return { size: this.unionSize, neurons: this.union, memberStart: this.memberStart, members: this.members };
  }

  private clearUnion(): void {
    for (let s = 0; s < this.unionSize; s++) this.slotOf[this.union[s]] = -1;
  }

  /**
   * H_{kl} = G_{ij} |S_i ∩ S_j| / m for i = which[k], j = which[l] (the Gauss–Newton Gram J Jᵀ), by
   * counting, for each fired neuron, the pairs of inputs it fired on. Leaves the union built.
   */
  gaussNewtonGram(which: Int32Array): Float64Array {
    this.buildUnion(which);
    const s = which.length, n = this.count, H = new Float64Array(s * s), counts = new Int32Array(s * s), members = this.members, memberStart = this.memberStart;
    // |S_k ∩ S_l| for k ≤ l only (each neuron's members ascend), then mirrored: half the pairs.
    for (let u = 0; u < this.unionSize; u++) {
      const lo = memberStart[u], hi = memberStart[u + 1];
      for (let p = lo; p < hi; p++) { const rowK = members[p] * s; for (let q = p; q < hi; q++) counts[rowK + members[q]]++; }
    }
    for (let k = 0; k < s; k++) {
      for (let l = k; l < s; l++) {
        const c = counts[k * s + l];
        H[k * s + l] = c * (this.gram[which[k] * n + which[l]] / this.width);
        H[l * s + k] = c * (this.gram[which[l] * n + which[k]] / this.width);
      }
    }
    return H;
  }

  /**
   * Applies Δc_{r,i} = a_r·step[k] for every r ∈ S_i, i = which[k], then moves every touched leaf:
   * z_{j,r} += Σ_k Δc_{r,which[k]} G_{which[k], j}. Returns the touched neurons and their Δc (touched × s),
   * fresh arrays. Builds the union unless `prepared`.
   */
  applyStep(which: Int32Array, step: Float64Array, prepared: boolean): NetworkStep {
    const moves = this.beginStep(which, step, prepared), t0 = performance.now();
    withMoveFill(moves.rows, (fill) => this.index.moveBy(moves.rows.neurons, moves.rows.neurons.length, fill));
    return moves.finish(performance.now() - t0);
  }

  /** applyStep with the leaf moves and heap repairs split over a pool's threads: the same leaves, heaps and result, bit for bit. */
  async applyStepOnPool(which: Int32Array, step: Float64Array, prepared: boolean, pool: KernelPool): Promise<NetworkStep> {
    const moves = this.beginStep(which, step, prepared, true), t0 = performance.now();
    await moveLeavesOnPool(pool, this.index, moves.rows, moves.rows.neurons.length);
    return moves.finish(performance.now() - t0);
  }

  /** The coefficient update and the step's leaf moves as rows (on shared memory for a pool); `finish` forms the result. */
  private beginStep(which: Int32Array, step: Float64Array, prepared: boolean, shared = false): { rows: MoveRows; finish: (leafMs: number) => NetworkStep } {
    if (!prepared) this.buildUnion(which);
    const n = this.count, s = which.length, size = this.unionSize;
    const i32 = (length: number) => (shared ? new Int32Array(sharedBuffer(4 * length)) : new Int32Array(length));
    const f64 = (length: number) => (shared ? new Float64Array(sharedBuffer(8 * length)) : new Float64Array(length));
    // Ascending neuron order (column c for slot u): the leaf moves then walk memory forward. The step's
    // Δc in compact form, per touched neuron c its inputs' positions k and values (start[c] … start[c + 1]).
    const neurons = i32(size);
    neurons.set(this.union.subarray(0, size));
    neurons.sort();
    const total = this.memberStart[size], start = i32(size + 1), positions = i32(total), values = new Float64Array(total), cols = new Int32Array(total);
    for (let c = 0, q = 0; c < size; c++) {
      const r = neurons[c], u = this.slotOf[r], a = this.signs[r];
      for (let p = this.memberStart[u]; p < this.memberStart[u + 1]; p++, q++) {
        const k = this.members[p];
        positions[q] = k; values[q] = a * step[k]; cols[q] = which[k];
      }
      start[c + 1] = q;
    }
    // C's change is logged, folded in later (see `coefficients`).
    this.pending.push({ neurons: neurons.slice(), start, cols, values }); // the step's result hands `neurons` to the caller
    this.pendingEntries += total;
    if (this.pendingEntries > Math.max(1024, (this.width * n) >> 2)) this.foldPending();
    // Leaf (j, r) moves by Σ_k Δc_{r,which[k]} G_{which[k], j}: for each touched neuron an n-vector, a
    // combination of the rows step[k]·G_{k,·} formed once here (see leaf-moves.ts), handed to the index block by block.
    const gram = this.gram, scaled = f64(s * n);
    for (let k = 0; k < s; k++) { const g = which[k] * n, v = step[k]; for (let j = 0; j < n; j++) scaled[k * n + j] = v * gram[g + j]; }
    const rows: MoveRows = { n, scaled, positions, start, neurons, signs: this.signs };
    const finish = (leafMs: number): NetworkStep => {
      this.clearUnion();
      // The dense touched × s form of the result is formed only if someone reads it.
      const dense = (): Float64Array => {
        const out = new Float64Array(size * s);
        for (let c = 0; c < size; c++) for (let q = start[c]; q < start[c + 1]; q++) out[c * s + positions[q]] = values[q];
        return out;
      };
      return { touched: size, neurons, coefficients: dense, leafMs };
    };
    return { rows, finish };
  }

  /** Returns the index's resident memory (see TwoLayerTrainer.dispose). */
  dispose(): void { this.index.dispose(); }

  /** Forgets a built union without stepping (a step that was refused). */
  discardStep(): void { this.clearUnion(); }

  /**
   * f on the held-out inputs at the current weights: ⟨w_r, x'_j⟩ = ⟨w₀_r, x'_j⟩ + Σ_i C[r, i] ⟨x_i, x'_j⟩, from
   * the products kept at build and C: O(m n + nnz(C)·t), no W₀. Empty without held-out inputs.
   */
  predictHeldOut(): Float64Array {
    return this.heldOut ? this.heldOut.outputs(this.coefficients, this.count, this.signs, this.threshold) : new Float64Array(0);
  }

  /** W = W₀ + C·X as an explicit m × d matrix: O(m n d), on request only. */
  materialize(): Matrix {
    const d = this.inputs.dim, W = allocate(this.width * d) as Float64Array, C = this.coefficients;
    forEachInitialBlock(this.width, d, this.seed, INIT_BLOCK_ROWS, (r0, rows, block) => {
      W.set(block, r0 * d);
      for (let r = r0; r < r0 + rows; r++) {
        const row = C instanceof Float64Array ? C : Float64Array.from(C.subarray(r * this.count, (r + 1) * this.count));
        this.inputs.addCombination(row, row === C ? r * this.count : 0, W.subarray(r * d, (r + 1) * d));
      }
    });
    return { rows: this.width, cols: d, data: W };
  }
}
