/**
 * The public face of the kernel backend registry (lib/core/kernels/registry.ts): registerBackend and
 * registerKernel check their whole argument before anything is registered, so a bad definition never
 * replaces a working backend or kernel.
 */
import { checkFinite, checkFunction, checkOneOf, invalidRange, invalidType } from './errors.js';
import { registerBackend as rawRegisterBackend, registerKernel as rawRegisterKernel, type BackendDefinition } from './kernels/registry.js';
import type { KernelTable, OpName } from './kernels/types.js';

const OPS: readonly OpName[] = ['gemm', 'dot', 'axpy', 'scal', 'nrm2', 'adam', 'rmsprop', 'fwht', 'sparseSketch', 'sparseSketchTranspose', 'logdetApply', 'gatherSum', 'blockMoves', 'heapSweep'];

/**
 * Registers a kernel backend (see the kernel registry): its definition is checked before anything
 * changes, so a bad one never replaces a working backend.
 * @param definition - { name, priority, load, loadAsync?, float32Accumulation, fallback? } (fallback: the
 * backend that runs the ops this one has no kernel for, or 'auto' for the best other one; default 'js').
 * @returns nothing. @throws {TypeError} fields of the wrong kind. @throws {RangeError} an empty name or fallback, a non-finite priority, an unknown accumulation dtype.
 * @example
 * ```ts
 * import { registerBackend, backendStatus } from 'sublinear/core';
 * registerBackend({ name: 'mine', priority: -1, float32Accumulation: 'float64', load: () => {} });
 * console.log(backendStatus().registered.includes('mine')); // true
 * ```
 */
export function registerBackend(definition: BackendDefinition): void {
  const fn = 'registerBackend';
  if (definition === null || typeof definition !== 'object') throw invalidType(fn, 'definition', 'an object { name, priority, load, float32Accumulation }', definition);
  if (typeof definition.name !== 'string') throw invalidType(fn, 'definition.name', 'a non-empty string', definition.name);
  if (definition.name.length === 0 || definition.name === 'auto') throw invalidRange(fn, 'definition.name', "a non-empty name other than 'auto'", definition.name);
  checkFinite(fn, 'definition.priority', definition.priority);
  checkFunction(fn, 'definition.load', definition.load);
  checkFunction(fn, 'definition.loadAsync', definition.loadAsync, true);
  checkOneOf(fn, 'definition.float32Accumulation', definition.float32Accumulation, ['float64', 'float32']);
  const { fallback } = definition;
  if (fallback !== undefined && typeof fallback !== 'string') throw invalidType(fn, 'definition.fallback', "a backend name or 'auto'", fallback);
  if (fallback === '') throw invalidRange(fn, 'definition.fallback', "a backend name or 'auto'", fallback);
  rawRegisterBackend(definition);
}

/**
 * Registers `kernelFunc` as backend `backendName`'s kernel for op `kernelName`, after checking all three.
 * @param config - { kernelName, backendName, kernelFunc }.
 * @returns nothing. @throws {TypeError} fields of the wrong kind. @throws {RangeError} an unknown op.
 * @example
 * ```ts
 * import { registerKernel } from 'sublinear/core';
 * registerKernel({ kernelName: 'nrm2', backendName: 'mine', kernelFunc: (n, x, s, o) => Math.hypot(...Array.from({ length: n }, (_, i) => x[o + i * s])) });
 * ```
 */
export function registerKernel<K extends OpName>(config: { kernelName: K; backendName: string; kernelFunc: KernelTable[K] }): void {
  const fn = 'registerKernel';
  if (config === null || typeof config !== 'object') throw invalidType(fn, 'config', 'an object { kernelName, backendName, kernelFunc }', config);
  checkOneOf(fn, 'config.kernelName', config.kernelName, OPS);
  if (typeof config.backendName !== 'string' || config.backendName.length === 0) throw invalidType(fn, 'config.backendName', 'a non-empty string', config.backendName);
  checkFunction(fn, 'config.kernelFunc', config.kernelFunc);
  rawRegisterKernel(config);
}
