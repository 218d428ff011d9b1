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
import { sharedBuffer } from '../../core/shared-buffer.js';
import { residentArray } from '../../core/wasm-array.js';

export type LeafDtype = 'float64' | 'float32';

/** Writes the moves of neurons c0 … c1 − 1: leaf (j, neurons[c])'s at out[(c − c0)·n + j], j < n. */
export type MoveFill = (c0: number, c1: number, out: Float64Array) => void;

/** Moves formed per `fill` call: about this many values (a chunk of neurons × n, in L2). */
const MOVE_CHUNK_VALUES = 16384;

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
    this.values = dtype === 'float32' ? new Float32Array(sharedBuffer(4 * size)) : new Float64Array(sharedBuffer(8 * size));
    if (width % this.blockSize !== 0) {
      const b = this.blocks - 1, from = width - b * this.blockSize;
      for (let i = 0; i < inputs; i++) this.values.fill(-Infinity, (b * inputs + i) * this.blockSize + from, (b * inputs + i + 1) * this.blockSize);
    }
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
   * MOVE_CHUNK_VALUES of them) into a scratch, then each block's moves are added in one pass over its
   * n·B contiguous leaves, input by input; with `heap`, each input's block maximum is written to its heap
   * leaf in the same pass (the line is in registers). The moved blocks go to `dirty` (ascending); returns how many.
   */
  move(neurons: Int32Array, count: number, fill: MoveFill, heap: HeapLeaves | null, dirty: Int32Array | null): number {
    const n = this.inputs, B = this.blockSize, shift = this.shift, mask = B - 1, v = this.values;
    const nodes = heap ? heap.nodes : null, nodeStride = heap ? heap.stride : 0, first = heap ? heap.first : 0;
    const chunk = Math.max(1, Math.floor(MOVE_CHUNK_VALUES / n));
    // A chunk ends where a block does, so it can hold up to B − 1 neurons more than `chunk`.
    const scratch = (this.scratch ??= residentArray('float64', (chunk + B) * n) ?? new Float64Array((chunk + B) * n));
    let c0 = 0, moved = 0;
    while (c0 < count) {
      let c1 = Math.min(count, c0 + chunk);
      while (c1 < count && neurons[c1] >> shift === neurons[c1 - 1] >> shift) c1++;
      fill(c0, c1, scratch);
      let c = c0;
      while (c < c1) {
        const b = neurons[c] >> shift;
        let e = c + 1;
        while (e < c1 && neurons[e] >> shift === b) e++;
        let base = b * n * B;
        const row = (c - c0) * n;
        if (nodes && e - c === 1) {
          // One neuron in the block (the common case): add its move, then the line's maximum.
          const lane = neurons[c] & mask;
          if (B === 8) {
            // lineMax inlined for the float64 line (the hot loop of a step): the same comparisons.
            for (let j = 0, at = first + b; j < n; j++, base += B, at += nodeStride) {
              v[base + lane] += scratch[row + j];
              const x0 = v[base], x1 = v[base + 1], x2 = v[base + 2], x3 = v[base + 3], x4 = v[base + 4], x5 = v[base + 5], x6 = v[base + 6], x7 = v[base + 7];
              const p = x0 > x1 ? x0 : x1, q = x2 > x3 ? x2 : x3, r = x4 > x5 ? x4 : x5, t = x6 > x7 ? x6 : x7;
              const u = p > q ? p : q, w = r > t ? r : t;
              nodes[at] = u > w ? u : w;
            }
          } else {
            for (let j = 0, at = first + b; j < n; j++, base += B, at += nodeStride) {
              v[base + lane] += scratch[row + j];
              nodes[at] = lineMax(v, base, B);
            }
          }
        } else if (nodes && B === 8) {
          // Every neuron's moves first (each input's line in L1 after the first), then the block maxima with lineMax's comparisons inlined.
          for (let q = c; q < e; q++) {
            const lane = neurons[q] & mask, src = (q - c0) * n;
            for (let j = 0, at = base + lane; j < n; j++, at += B) v[at] += scratch[src + j];
          }
          for (let j = 0, at = first + b; j < n; j++, base += B, at += nodeStride) {
            const x0 = v[base], x1 = v[base + 1], x2 = v[base + 2], x3 = v[base + 3], x4 = v[base + 4], x5 = v[base + 5], x6 = v[base + 6], x7 = v[base + 7];
            const p = x0 > x1 ? x0 : x1, q = x2 > x3 ? x2 : x3, r = x4 > x5 ? x4 : x5, t = x6 > x7 ? x6 : x7;
            const u = p > q ? p : q, w = r > t ? r : t;
            nodes[at] = u > w ? u : w;
          }
        } else if (nodes) {
          for (let j = 0, at = first + b; j < n; j++, base += B, at += nodeStride) {
            for (let q = c; q < e; q++) v[base + (neurons[q] & mask)] += scratch[(q - c0) * n + j];
            nodes[at] = lineMax(v, base, B);
          }
        } else {
          for (let j = 0; j < n; j++, base += B) for (let q = c; q < e; q++) v[base + (neurons[q] & mask)] += scratch[(q - c0) * n + j];
        }
        if (dirty) dirty[moved] = b;
        moved++;
        c = e;
      }
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

/** max(v[base … base + B)) for B = 8 or 16, as a balanced tree of comparisons (no loop-carried chain). */
function lineMax(v: FloatArray, base: number, B: number): number {
  let a = v[base] > v[base + 1] ? v[base] : v[base + 1];
  let b = v[base + 2] > v[base + 3] ? v[base + 2] : v[base + 3];
  let c = v[base + 4] > v[base + 5] ? v[base + 4] : v[base + 5];
  let d = v[base + 6] > v[base + 7] ? v[base + 6] : v[base + 7];
  if (B === 16) {
    const e = v[base + 8] > v[base + 9] ? v[base + 8] : v[base + 9], f = v[base + 10] > v[base + 11] ? v[base + 10] : v[base + 11];
    const g = v[base + 12] > v[base + 13] ? v[base + 12] : v[base + 13], h = v[base + 14] > v[base + 15] ? v[base + 14] : v[base + 15];
    a = a > e ? a : e; b = b > f ? b : f; c = c > g ? c : g; d = d > h ? d : h;
  }
  a = a > b ? a : b; c = c > d ? c : d;
  return a > c ? a : c;
}
