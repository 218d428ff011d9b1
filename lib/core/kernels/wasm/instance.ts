/**
 * Loading the wasm backend's module (embedded as base64 in binary.ts, so neither fs nor fetch is
 * needed) and managing its linear memory: kernels copy their inputs into it, at 16-byte aligned
 * addresses reserved per call, and grow it as needed (it never shrinks).
 */
import { WASM_KERNELS_BASE64 } from './binary.js';

/** A WebAssembly linear memory (typed locally: the project's lib settings declare no WebAssembly global). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

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

/** Compiles and instantiates synchronously (Node; a browser's main thread may refuse a module this size). */
export function instantiateSync(): WasmExports {
  const reason = wasmUnsupportedReason();
  if (reason !== undefined) throw new Error(reason);
  const wasm = api() as WasmApi;
  return new wasm.Instance(new wasm.Module(wasmKernelBytes()), {}).exports as WasmExports;
}

/** Compiles and instantiates asynchronously (allowed everywhere). */
export async function instantiateAsync(): Promise<WasmExports> {
  const reason = wasmUnsupportedReason();
  if (reason !== undefined) throw new Error(reason);
  const { instance } = await (api() as WasmApi).instantiate(wasmKernelBytes(), {});
  return instance.exports as WasmExports;
}

const PAGE = 65536;
const ALIGN = 16;

/** Reserves consecutive 16-byte aligned blocks of the given byte sizes from address 0, growing the memory; returns their addresses. */
export function reserve(memory: WasmMemory, bytes: readonly number[]): number[] {
  const at: number[] = [];
  let end = 0;
  for (const b of bytes) { at.push(end); end += Math.ceil(b / ALIGN) * ALIGN; }
  const have = memory.buffer.byteLength;
  if (end > have) memory.grow(Math.ceil((end - have) / PAGE));
  return at;
}
