/**
 * The wasm backend's linear memory and its allocator, one per thread. The memory is created here (a
 * shared `WebAssembly.Memory` where the runtime has SharedArrayBuffer, else a plain one) and the
 * module imports it, so arrays can live in it: `alloc` hands out 64-byte aligned blocks (first fit
 * over a free list, neighbours merged on release), and the kernels' per-call scratch is one more
 * block, reused across calls and replaced by a larger one when a call needs more.
 *
 * Growth: `memory.grow` never moves a shared memory, and the SharedArrayBuffer objects handed out
 * before a grow keep their length and stay valid, so views on them survive; every buffer object the
 * memory has had is remembered, which is how `addressOf` recognizes an array that lives here. A plain
 * (unshared) memory detaches its ArrayBuffer on grow, so no array is ever handed out on it: only
 * scratch, whose views the kernels make after reserving.
 */
import { sharedMemoryAvailable } from '../../shared-buffer.js';

/** A WebAssembly linear memory (typed locally: the project's lib settings declare no WebAssembly global). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

type MemoryCtor = new (descriptor: { initial: number; maximum: number; shared?: boolean }) => WasmMemory;

export const PAGE = 65536;
/** The most pages the module's memory may have (the wasm32 limit: 4 GiB). */
export const MAX_PAGES = 65536;
/** Alignment of every block: a cache line (and a multiple of every element size and of v128). */
export const ALIGN = 64;

const roundUp = (bytes: number) => Math.ceil(Math.max(bytes, 1) / ALIGN) * ALIGN;

/** One thread's wasm memory and the blocks in use in it. */
export class WasmHeap {
  /** Whether the memory is a shared one (its buffer a SharedArrayBuffer; arrays may live in it). */
  readonly shared: boolean;
  private readonly buffers = new WeakSet<object>();
  /** Free blocks [at, at + bytes), sorted by address, never adjacent. */
  private readonly free: { at: number; bytes: number }[] = [];
  /** Blocks in use: address → bytes. */
  private readonly live = new Map<number, number>();
  /** End of the highest block ever handed out (everything above is untouched memory). */
  private top = 0;
  private scratchAt = -1;
  private scratchBytes = 0;

  constructor(readonly memory: WasmMemory) {
    this.shared = sharedMemoryAvailable() && memory.buffer instanceof SharedArrayBuffer;
    this.buffers.add(memory.buffer);
  }

  /** Bytes the memory has now. */
  get size(): number {
    return this.memory.buffer.byteLength;
  }

  /** Bytes in blocks in use (arrays and scratch). */
  get used(): number {
    let s = 0;
    for (const b of this.live.values()) s += b;
    return s;
  }

  /** Number of blocks in use, the scratch block included. */
  get blocks(): number {
    return this.live.size;
  }

  /** Whether a scratch block is allocated. */
  get hasScratch(): boolean {
    return this.scratchAt >= 0;
  }

  /** A block of at least `bytes` (64-byte aligned), growing the memory as needed; undefined when the memory cannot hold it. */
  alloc(bytes: number): number | undefined {
    const need = roundUp(bytes);
    for (let i = 0; i < this.free.length; i++) {
      const f = this.free[i];
      if (f.bytes < need) continue;
      const at = f.at;
      if (f.bytes === need) this.free.splice(i, 1);
      else { f.at += need; f.bytes -= need; }
      this.live.set(at, need);
      return at;
    }
    const at = this.top, end = at + need;
    if (!this.ensure(end)) return undefined;
    this.top = end;
    this.live.set(at, need);
    return at;
  }

  /** Returns a block to the free list (merging it with free neighbours); false when `at` is not a block in use. */
  release(at: number): boolean {
    const bytes = this.live.get(at);
    if (bytes === undefined) return false;
    this.live.delete(at);
    if (at === this.scratchAt) { this.scratchAt = -1; this.scratchBytes = 0; }
    let lo = 0, hi = this.free.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.free[mid].at < at) lo = mid + 1; else hi = mid; }
    const block = { at, bytes };
    const prev = this.free[lo - 1], next = this.free[lo];
    if (next !== undefined && at + bytes === next.at) { block.bytes += next.bytes; this.free.splice(lo, 1); }
    if (prev !== undefined && prev.at + prev.bytes === at) prev.bytes += block.bytes;
    else this.free.splice(lo, 0, block);
    // a free block that reaches the top goes back to untouched memory
    const last = this.free[this.free.length - 1];
    if (last !== undefined && last.at + last.bytes === this.top) { this.top = last.at; this.free.pop(); }
    return true;
  }

  /** The size of the block in use at `at`, or undefined. */
  blockBytes(at: number): number | undefined {
    return this.live.get(at);
  }

  /**
   * Consecutive 64-byte aligned regions of the given byte sizes inside the scratch block (replaced by
   * a larger one when needed); valid until the next call. Undefined when the memory cannot hold them.
   */
  scratch(bytes: readonly number[]): number[] | undefined {
    let total = 0;
    for (const b of bytes) total += roundUp(b);
    if (total > this.scratchBytes) {
      if (this.scratchAt >= 0) this.release(this.scratchAt);
      const want = Math.max(total, Math.min(2 * this.scratchBytes, MAX_PAGES * PAGE / 4));
      const at = this.alloc(want) ?? this.alloc(total);
      if (at === undefined) return undefined;
      this.scratchAt = at; this.scratchBytes = this.live.get(at) as number;
    }
    const out: number[] = [];
    let at = this.scratchAt;
    for (const b of bytes) { out.push(at); at += roundUp(b); }
    return out;
  }

  /** The byte address of `array`'s first element when it is a view on this (shared) memory, else −1. */
  addressOf(array: ArrayBufferView): number {
    if (!this.shared) return -1;
    const buffer = array.buffer;
    if (!this.buffers.has(buffer)) {
      if (buffer !== this.memory.buffer) return -1;
      this.buffers.add(buffer);
    }
    return array.byteOffset;
  }

  /** Grows the memory so that it holds `end` bytes; false when it cannot. */
  private ensure(end: number): boolean {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return true;
    if (end > MAX_PAGES * PAGE) return false;
    try {
      this.memory.grow(Math.ceil((end - have) / PAGE));
    } catch {
      return false;
    }
    this.buffers.add(this.memory.buffer);
    return true;
  }
}

let heap: WasmHeap | undefined;
let heapFailure: string | undefined;

/** Creates the memory: shared where SharedArrayBuffer exists, else plain; throws with the reason when neither can be made. */
function createMemory(): WasmMemory {
  const Memory = (globalThis as { WebAssembly?: { Memory?: MemoryCtor } }).WebAssembly?.Memory;
  if (typeof Memory !== 'function') throw new Error('WebAssembly is not available in this runtime');
  if (sharedMemoryAvailable()) {
    try {
      return new Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    } catch {
      // a runtime with SharedArrayBuffer but without shared wasm memories (or address space for one): plain memory
    }
  }
  return new Memory({ initial: 1, maximum: MAX_PAGES });
}

/** This thread's heap (created on first use), or undefined when no WebAssembly memory can be made here. */
export function wasmHeap(): WasmHeap | undefined {
  if (heap === undefined && heapFailure === undefined) {
    try {
      heap = new WasmHeap(createMemory());
    } catch (e) {
      heapFailure = e instanceof Error ? e.message : String(e);
    }
  }
  return heap;
}

/** Why no heap could be made here, or undefined. */
export function wasmHeapFailure(): string | undefined {
  wasmHeap();
  return heapFailure;
}
