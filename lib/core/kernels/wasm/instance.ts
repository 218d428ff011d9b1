/**
 * Loading the wasm backend's module (embedded as base64 in binary.ts, so neither fs nor fetch is
 * needed). The module imports its linear memory (`env.memory`, declared shared) from this thread's
 * heap (heap.ts); where that memory is a plain one (no SharedArrayBuffer), the module's import is
 * declared unshared before compiling. Kernels copy operands that do not already live in the memory
 * into scratch reserved per call (`reserve`).
 */
import { WASM_KERNELS_BASE64 } from './binary.js';
import { wasmHeap, type WasmHeap, type WasmMemory } from './heap.js';

export type { WasmMemory } from './heap.js';

/** The part of the WebAssembly namespace used here. */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
}

const api = (): WasmApi | undefined => (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** The exports of the compiled AssemblyScript module (see assembly/). */
export interface WasmExports {
  memory: WasmMemory;
  gemmBlockK(): number;
  gemmBlockN(dtypeBytes: number): number;
  gemmScratchBytes(dtypeBytes: number): number;
  pack32(kc: number, nc: number, b: number, sbp: number, sbj: number, dst: number): void;
  pack64(kc: number, nc: number, b: number, sbp: number, sbj: number, dst: number): void;
  sweep32(rows: number, nc: number, kc: number, a: number, sai: number, sap: number, pack: number, c: number, ldc: number, load: number): void;
  sweep64(rows: number, nc: number, kc: number, a: number, sai: number, sap: number, pack: number, c: number, ldc: number, load: number): void;
  dot32(n: number, x: number, sx: number, y: number, sy: number): number;
  dot64(n: number, x: number, sx: number, y: number, sy: number): number;
  axpy32(n: number, alpha: number, x: number, sx: number, y: number, sy: number): void;
  axpy64(n: number, alpha: number, x: number, sx: number, y: number, sy: number): void;
  scal32(n: number, alpha: number, x: number, sx: number): void;
  scal64(n: number, alpha: number, x: number, sx: number): void;
  nrm2_32(n: number, x: number, sx: number): number;
  nrm2_64(n: number, x: number, sx: number): number;
  adam32(n: number, p: number, g: number, mu: number, nu: number, negLr: number, beta1: number, beta2: number, eps: number, c1: number, c2: number): void;
  adam64(n: number, p: number, g: number, mu: number, nu: number, negLr: number, beta1: number, beta2: number, eps: number, c1: number, c2: number): void;
  adamSet32(n: number, p: number, g: number, mu: number, nu: number, negLr: number, beta1: number, beta2: number, eps: number, c1: number, c2: number): void;
  adamSet64(n: number, p: number, g: number, mu: number, nu: number, negLr: number, beta1: number, beta2: number, eps: number, c1: number, c2: number): void;
  rmsprop32(n: number, p: number, g: number, nu: number, negLr: number, decay: number, eps: number, acc: number): void;
  rmsprop64(n: number, p: number, g: number, nu: number, negLr: number, decay: number, eps: number, acc: number): void;
}

/** A minimal module using one SIMD128 instruction (i8x16.splat … i8x16.popcnt): validates only where SIMD does. */
const SIMD_PROBE = Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11);

/** Why this runtime cannot run the wasm backend, or undefined when it can. */
export function wasmUnsupportedReason(): string | undefined {
  const wasm = api();
  if (typeof wasm !== 'object' || wasm === null) return 'WebAssembly is not available in this runtime';
  try {
    if (!wasm.validate(SIMD_PROBE)) return 'WebAssembly SIMD128 does not validate in this runtime';
  } catch (e) {
    return `WebAssembly.validate failed: ${(e as Error).message}`;
  }
  return undefined;
}

/** The module's bytes, decoded from the embedded base64. */
export function wasmKernelBytes(): Uint8Array {
  const text = atob(WASM_KERNELS_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * The module's bytes for `heap`: as built (memory import declared shared) for a shared memory; with
 * the import's limits flag changed from shared (0x03) to unshared (0x01) for a plain one.
 */
export function moduleBytesFor(heap: WasmHeap): Uint8Array {
  const bytes = wasmKernelBytes();
  if (heap.shared) return bytes;
  const at = memoryLimitsOffset(bytes);
  if (bytes[at] !== 3) throw new Error(`the wasm module's memory import is not declared shared (limits flag ${bytes[at]})`);
  bytes[at] = 1;
  return bytes;
}

/** The byte offset of the limits flag of the module's first imported memory (throws if it has none). */
function memoryLimitsOffset(bytes: Uint8Array): number {
  let p = 8;
  const leb = () => { let v = 0, shift = 0, b; do { b = bytes[p++]; v += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80); return v; };
  const name = () => { const len = leb(); p += len; };
  while (p < bytes.length) {
    const id = bytes[p++], size = leb(), end = p + size;
    if (id !== 2) { p = end; continue; }
    for (let count = leb(), i = 0; i < count; i++) {
      name(); name();
      const kind = bytes[p++];
      if (kind === 2) return p;
      if (kind === 0) leb(); // function: type index
      else if (kind === 1) { p++; const flags = leb(); leb(); if (flags & 1) leb(); } // table: reftype, limits
      else if (kind === 3) p += 2; // global: valtype, mutability
      else break;
    }
    break;
  }
  throw new Error('the wasm module imports no memory');
}

function heapOrThrow(): WasmHeap {
  const heap = wasmHeap();
  if (heap === undefined) throw new Error('no WebAssembly memory can be created in this runtime');
  return heap;
}

/** Compiles and instantiates synchronously (Node; a browser's main thread may refuse a module this size). */
export function instantiateSync(): WasmExports {
  const reason = wasmUnsupportedReason();
  if (reason !== undefined) throw new Error(reason);
  const wasm = api() as WasmApi, heap = heapOrThrow();
  return new wasm.Instance(new wasm.Module(moduleBytesFor(heap)), { env: { memory: heap.memory } }).exports as WasmExports;
}

/** Compiles and instantiates asynchronously (allowed everywhere). */
export async function instantiateAsync(): Promise<WasmExports> {
  const reason = wasmUnsupportedReason();
  if (reason !== undefined) throw new Error(reason);
  const heap = heapOrThrow();
  const { instance } = await (api() as WasmApi).instantiate(moduleBytesFor(heap), { env: { memory: heap.memory } });
  return instance.exports as WasmExports;
}

/**
 * Reserves consecutive 64-byte aligned scratch regions of the given byte sizes in the module's memory
 * (the heap's scratch block, which never overlaps an array allocated there); valid until the next
 * call. Throws a RangeError when the memory (4 GiB at most) cannot hold them.
 */
export function reserve(memory: WasmMemory, bytes: readonly number[]): number[] {
  const heap = wasmHeap();
  if (heap === undefined || heap.memory !== memory) throw new Error('reserve: the memory is not this thread\'s wasm heap');
  const at = heap.scratch(bytes);
  if (at === undefined) throw new RangeError(`reserve: the wasm memory cannot hold ${bytes.reduce((a, b) => a + b, 0)} more bytes of scratch`);
  return at;
}

let sharedModule: object | undefined;

/**
 * The module's kernels on another thread's shared memory (a pool worker working in place on arrays
 * its caller made resident): a second instance of the same module, importing that memory. The module
 * has no data segments, globals or start function, so instantiating writes nothing into the memory;
 * addresses are the owner's, and the caller must hand the kernels regions nobody else writes meanwhile.
 */
export function instanceOnMemory(memory: WasmMemory): WasmExports {
  const wasm = api();
  if (wasm === undefined) throw new Error('WebAssembly is not available in this runtime');
  sharedModule ??= new wasm.Module(wasmKernelBytes());
  return new wasm.Instance(sharedModule, { env: { memory } }).exports as WasmExports;
}
