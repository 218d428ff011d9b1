/**
 * A step's leaf moves on a pool's threads running the wasm kernels in place: when the leaves (and
 * heaps) are float64 arrays resident in this thread's wasm memory and the wasm backend is active, the
 * step's moves (Gram rows, CSR lists, signs, neurons) are copied into that memory too, and each worker
 * instantiates the kernel module on it (instanceOnMemory) and runs the same gatherSum and blockMoves
 * kernels as this thread's ops on its block-aligned range, into its own scratch there. The leaves and
 * heaps come out bit for bit as one thread's. Trusted.
 */
import { getBackend } from '../../core/kernels/select.js';
import type { WasmExports, WasmMemory } from '../../core/kernels/wasm/instance.js';
import type { BlockMovesExports } from '../../core/kernels/wasm/block-moves.js';
import type { GatherSumExports } from '../../core/kernels/wasm/gather-sum.js';
import { wasmHeap } from '../../core/kernels/wasm/heap.js';
import { freeWasmArray, residentArray } from '../../core/wasm-array.js';
import { MOVE_CHUNK_VALUES, type BlockedLeaves, type HeapLeaves } from './blocked-leaves.js';
import { moveScales, type MoveRows } from './leaf-moves.js';

/** Byte addresses, in `memory`, of what a worker's share of the moves reads and writes. */
export interface ResidentMoves {
  memory: WasmMemory; n: number; values: number; heap: number; nodes: number; stride: number; first: number;
  scaled: number; positions: number; start: number; scales: number; neurons: number; dirty: number;
  /** One scratch of (chunk + 8)·n float64 per range, in range order. */
  scratch: number[];
}

/**
 * The resident copies for `ranges` workers, or null when the wasm path does not apply (another
 * backend, float32 leaves, leaves or heaps outside the wasm memory, or no room); `release` frees them.
 */
export function residentMoves(leaves: BlockedLeaves, heap: HeapLeaves | null, rows: MoveRows, count: number, ranges: number): { moves: ResidentMoves; dirty: Int32Array; release: () => void } | null {
  const mem = wasmHeap();
  if (mem === undefined || !mem.shared || getBackend() !== 'wasm' || leaves.dtype !== 'float64') return null;
  const values = mem.addressOf(leaves.values), nodes = heap ? mem.addressOf(heap.nodes) : 0;
  if (values < 0 || nodes < 0) return null;
  const n = rows.n, chunk = Math.max(1, Math.floor(MOVE_CHUNK_VALUES / n));
  const made: (Float64Array | Int32Array)[] = [];
  const release = () => { for (const a of made) freeWasmArray(a); };
  const copy = <T extends Float64Array | Int32Array>(a: T): T | undefined => {
    const r = residentArray(a instanceof Int32Array ? 'int32' : 'float64', Math.max(1, a.length)) as T | undefined;
    if (r) { r.set(a); made.push(r); }
    return r;
  };
  const scales = moveScales(rows.neurons, rows.signs, count);
  const parts = [copy(rows.scaled), copy(rows.positions), copy(rows.start), copy(scales), copy(rows.neurons.subarray(0, count)), copy(new Int32Array(count))];
  const scratch: number[] = [];
  for (let q = 0; q < ranges; q++) { const s = copy(new Float64Array((chunk + 8) * n)); if (s) scratch.push(mem.addressOf(s)); }
  if (parts.some((p) => p === undefined) || scratch.length < ranges) { release(); return null; }
  const [scaled, positions, start, sc, neurons, dirty] = parts as [Float64Array, Int32Array, Int32Array, Float64Array, Int32Array, Int32Array];
  const at = (a: Float64Array | Int32Array) => mem.addressOf(a);
  return {
    moves: {
      memory: mem.memory, n, values, heap: heap ? 1 : 0, nodes, stride: heap?.stride ?? 0, first: heap?.first ?? 0,
      scaled: at(scaled), positions: at(positions), start: at(start), scales: at(sc), neurons: at(neurons), dirty: at(dirty), scratch,
    },
    dirty, release,
  };
}

/**
 * Moves neurons c0 … c1 − 1 (whole blocks) with the kernels `x` on the owner's memory, as
 * BlockedLeaves.move does chunk by chunk; the moved blocks go to dirty[c0 …]. Returns how many.
 */
export function moveResidentRange(x: WasmExports, p: ResidentMoves, scratch: number, c0: number, c1: number): number {
  const k = x as WasmExports & GatherSumExports & BlockMovesExports, n = p.n, chunk = Math.max(1, Math.floor(MOVE_CHUNK_VALUES / n));
  const neurons = new Int32Array(p.memory.buffer, p.neurons, c1);
  let c = c0, moved = 0;
  while (c < c1) {
    let e = Math.min(c1, c + chunk);
    while (e < c1 && neurons[e] >> 3 === neurons[e - 1] >> 3) e++;
    k.gatherSum64(e - c, n, p.start + 4 * c, p.positions, p.scaled, 8 * n, p.scales + 8 * c, scratch, 8 * n);
    moved += k.blockMoves64(n, e - c, p.neurons + 4 * c, scratch, p.values, p.heap, p.nodes, p.stride, p.first, p.dirty + 4 * (c0 + moved));
    c = e;
  }
  return moved;
}
