/**
 * The leaves z_{i,r} = ⟨w_r, x_i⟩ of all n inputs in a neuron-blocked layout: neurons come in blocks
 * of B (one 64-byte cache line: 8 float64 or 16 float32 leaves), and block b of every input lies
 * side by side, so leaf (i, r) sits at ((r >> log B)·n + i)·B + (r mod B). A query of input i reads
 * whole cache lines of its own leaves (as a per-input array would), while a step that moves neuron r
 * in all n inputs writes one contiguous region of n·B leaves per block instead of n lines m apart:
 * the moves of a step stream through memory in ascending block order instead of scattering over it.
 * Trusted: callers validate.
 */
import type { FloatArray } from '../../core/matrix.js';
import { residentArray } from '../../core/wasm-array.js';
import { leafArray, releaseLeafArray } from './leaf-memory.js';
import { blockMoves } from '../../core/kernels/ops.js';
import { lineMax } from '../../core/kernels/js/block-moves.js';

export type LeafDtype = 'float64' | 'float32';

/** Writes the moves of neurons c0 … c1 − 1: leaf (j, neurons[c])'s at out[(c − c0)·n + j], j < n. */
export type MoveFill = (c0: number, c1: number, out: Float64Array) => void;

/** Moves formed per `fill` call: about this many values (a chunk of neurons × n, in L2). */
export const MOVE_CHUNK_VALUES = 16384;

/** Where block maxima go: input j's maximum of block b at nodes[first + b + j·stride]. */
export interface HeapLeaves { nodes: FloatArray; stride: number; first: number }

export class BlockedLeaves {
  /** Leaves per block (a power of two) and its log. */
  readonly blockSize: number;
  readonly shift: number;
  /** Number of blocks ⌈m / B⌉. */
  readonly blocks: number;
  /** The leaves, blocks·n·B values; slots past m hold −∞. */
  readonly values: FloatArray;
  /** The moves of one chunk of neurons, made on the first move (resident in the wasm memory where there is one). */
  private scratch: Float64Array | null = null;

  /**
   * Fresh leaves (on shared memory where the runtime has it, so the pool's workers can move them), or a
   * view over `values` of an existing one (a worker's).
   */
  constructor(readonly inputs: number, readonly width: number, readonly dtype: LeafDtype, values?: FloatArray) {
    this.blockSize = dtype === 'float32' ? 16 : 8;
    this.shift = Math.log2(this.blockSize);
    this.blocks = Math.ceil(width / this.blockSize);
    const size = this.blocks * inputs * this.blockSize;
    if (values) { this.values = values; return; }
    // In the wasm memory where it has room (the block-moves op then moves them in place), else on shared memory.
    // Not zeroed: a reused block of that memory holds old bytes, but every leaf is written before it is read
    // (writeColumns for r < m, −∞ below for the padding).
    this.values = leafArray(dtype, size);
    if (width % this.blockSize !== 0) {
      const b = this.blocks - 1, from = width - b * this.blockSize;
      for (let i = 0; i < inputs; i++) this.values.fill(-Infinity, (b * inputs + i) * this.blockSize + from, (b * inputs + i + 1) * this.blockSize);
    }
  }

  /** Returns the leaves' (and the move scratch's) memory when resident; the leaves are unusable after. */
  dispose(): void {
    releaseLeafArray(this.values);
    if (this.scratch) { releaseLeafArray(this.scratch); this.scratch = null; }
  }

  /** Offset of leaf (i, r). */
  at(i: number, r: number): number {
    return (((r >> this.shift) * this.inputs + i) << this.shift) + (r & (this.blockSize - 1));
  }

  /** out[t] = z_{i, neurons[t]} for t < count. */
  gather(i: number, neurons: Int32Array, count: number, out: Float64Array): void {
    const n = this.inputs, shift = this.shift, mask = this.blockSize - 1, v = this.values;
    for (let t = 0; t < count; t++) { const r = neurons[t]; out[t] = v[((((r >> shift) * n) + i) << shift) + (r & mask)]; }
  }

  /** Writes z_{i, r0 + c} = values[i·rows + c] for every input i and c < rows (an n × rows block of initial leaves). */
  writeColumns(r0: number, rows: number, source: Float64Array): void {
    const n = this.inputs, v = this.values;
    for (let i = 0; i < n; i++) {
      const row = i * rows;
      for (let c = 0; c < rows; c++) v[this.at(i, r0 + c)] = source[row + c];
    }
  }

  /**
   * Moves the leaves of `neurons[0..count)` (strictly ascending) in every input: leaf (j, neurons[c]) +=
   * the value `fill` writes for it. Chunk by chunk of whole blocks: `fill` forms a chunk's moves (about
   * MOVE_CHUNK_VALUES of them) into a scratch, then the blockMoves op adds them block by block, each
   * block's n·B contiguous leaves in one place, and with `heap` writes each moved line's maximum to its
   * heap leaf (the lines are still in L1). The moved blocks go to `dirty` (ascending); returns how many.
   */
  move(neurons: Int32Array, count: number, fill: MoveFill, heap: HeapLeaves | null, dirty: Int32Array | null): number {
    const n = this.inputs, B = this.blockSize, shift = this.shift;
    const chunk = Math.max(1, Math.floor(MOVE_CHUNK_VALUES / n));
    // A chunk ends where a block does, so it can hold up to B − 1 neurons more than `chunk`.
    const scratch = (this.scratch ??= residentArray('float64', (chunk + B) * n) ?? new Float64Array((chunk + B) * n));
    let c0 = 0, moved = 0;
    while (c0 < count) {
      let c1 = Math.min(count, c0 + chunk);
      while (c1 < count && neurons[c1] >> shift === neurons[c1 - 1] >> shift) c1++;
      fill(c0, c1, scratch);
      moved += blockMoves(n, c1 - c0, neurons, c0, scratch, 0, this.values, heap ? heap.nodes : null, heap ? heap.stride : 0, heap ? heap.first : 0, dirty, moved);
      c0 = c1;
    }
    return moved;
  }

  /** Moves by a dense n × count array: leaf (j, neurons[c]) += deltas[j·count + c]. */
  moveDense(neurons: Int32Array, count: number, deltas: Float64Array, heap: HeapLeaves | null, dirty: Int32Array | null): number {
    const n = this.inputs;
    return this.move(neurons, count, (c0, c1, out) => {
      for (let c = c0; c < c1; c++) for (let j = 0; j < n; j++) out[(c - c0) * n + j] = deltas[j * count + c];
    }, heap, dirty);
  }

  /** Writes the maximum of block b of inputs j0 … j1 − 1 (default all) to nodes[first + b + j·stride]. */
  blockMaxima(b: number, heap: HeapLeaves, j0 = 0, j1 = this.inputs): void {
    const n = this.inputs, B = this.blockSize, v = this.values, { nodes, stride, first } = heap;
    for (let j = j0, base = (b * n + j0) * B, at = first + b + j0 * stride; j < j1; j++, base += B, at += stride) {
      nodes[at] = lineMax(v, base, B);
    }
  }
}
