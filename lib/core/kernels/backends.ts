/**
 * Registers the built-in backends: js (the scalar reference, priority 1) and wasm (WebAssembly
 * SIMD128, priority 2, so 'auto' picks it wherever SIMD validates and the module compiles).
 */
import { jsKernels } from './js/index.js';
import { registerBackend, registerKernel } from './registry.js';
import type { KernelTable, OpName } from './types.js';
import { wasmHeap, type WasmHeap } from './wasm/heap.js';
import { instantiateAsync, instantiateSync, type WasmExports } from './wasm/instance.js';
import { wasmKernels } from './wasm/vector.js';

function registerTable(backendName: string, table: KernelTable): void {
  for (const kernelName of Object.keys(table) as OpName[]) {
    registerKernel({ kernelName, backendName, kernelFunc: table[kernelName] as never });
  }
}

let wasm: WasmExports | undefined;

/** The wasm backend's instance once loaded (for benchmarks that time its kernels on resident data). */
export function wasmInstance(): WasmExports | undefined {
  return wasm;
}

registerBackend({ name: 'js', priority: 1, float32Accumulation: 'float64', load: () => registerTable('js', jsKernels) });
registerBackend({
  name: 'wasm',
  priority: 2,
  float32Accumulation: 'float32',
  load() {
    wasm ??= instantiateSync();
    registerTable('wasm', wasmKernels(wasm, wasmHeap() as WasmHeap));
  },
  async loadAsync() {
    wasm ??= await instantiateAsync();
    registerTable('wasm', wasmKernels(wasm, wasmHeap() as WasmHeap));
  },
});
