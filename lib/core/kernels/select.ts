/**
 * Choosing and inspecting the backend that runs the kernel ops (see ops.ts): setBackend, getBackend,
 * backendStatus, kernelsReady. The choice is global to the thread (each worker thread chooses its own,
 * 'auto' unless told otherwise).
 */
import './backends.js';
import { activeKernels, loadAsync, selectBackend, status, type BackendStatus } from './registry.js';

export type { BackendDefinition, BackendStatus } from './registry.js';
export { registerBackend, registerKernel } from './registry.js';

/**
 * Selects the backend of every kernel op: 'js' (scalar reference), 'wasm' (WebAssembly SIMD128), or
 * 'auto' (the default: wasm where SIMD validates, else js). A backend that fails to load is not an
 * error: the next one in priority order is used and the reason is kept (backendStatus().failures).
 *
 * @param name - 'auto', 'js', 'wasm', or the name of a backend added with registerBackend.
 * @returns the backend now active.
 * @throws {TypeError} name not a string. @throws {RangeError} an unknown backend name.
 * @example
 * ```ts
 * import { getBackend, setBackend } from 'sublinear/core';
 * setBackend('js');
 * console.log(getBackend()); // 'js'
 * setBackend('auto'); // wasm where WebAssembly SIMD works
 * ```
 */
export function setBackend(name: string): string {
  return selectBackend('setBackend', name);
}

/**
 * The backend the kernel ops run on now (loading the default selection on first use).
 * @returns 'wasm', 'js', or a registered backend's name.
 * @throws nothing.
 * @example
 * ```ts
 * import { getBackend } from 'sublinear/core';
 * console.log(getBackend()); // 'wasm' on Node 20 and current browsers
 * ```
 */
export function getBackend(): string {
  activeKernels();
  return status().active;
}

/**
 * Where the selection stands: requested and active backend, every registered one, why any failed to
 * load, and the precision of GEMM's running sums per dtype (wasm sums float32 data in float32).
 * @returns a fresh snapshot.
 * @throws nothing.
 * @example
 * ```ts
 * import { backendStatus } from 'sublinear/core';
 * const s = backendStatus();
 * console.log(s.active, s.failures, s.accumulation.float32); // 'wasm' {} 'float32'
 * ```
 */
export function backendStatus(): BackendStatus {
  return status();
}

/**
 * Loads, asynchronously, any backend that could not load synchronously (a browser's main thread may
 * refuse to compile the wasm module synchronously), then selects again. Node never needs it.
 * @returns a Promise of the active backend.
 * @throws nothing (failures are recorded in backendStatus).
 * @example
 * ```ts
 * import { kernelsReady } from 'sublinear/core';
 * console.log(await kernelsReady()); // 'wasm'
 * ```
 */
export function kernelsReady(): Promise<string> {
  return loadAsync();
}
