/**
 * The kernel registry, tfjs style: backends register by name with a priority and a loader, kernels
 * are registered per (op, backend), and one global selection (setBackend / getBackend) decides which
 * kernel every op runs. A backend that fails to load is skipped with its reason recorded, and the next
 * one in priority order is used; js, the reference, always loads and fills any op a backend lacks.
 */
import { checkOneOf, invalidType } from '../errors.js';
import type { Dtype } from '../matrix.js';
import type { KernelTable, OpName } from './types.js';

/** A backend: how to load it, its priority for 'auto' (highest first) and how its GEMM sums float32 data. */
export interface BackendDefinition {
  name: string;
  priority: number;
  /** Loads synchronously and registers the backend's kernels (registerKernel); throws when it cannot. */
  load(): void;
  /** The same, asynchronously (for runtimes that refuse synchronous WebAssembly compilation). */
  loadAsync?(): Promise<void>;
  /** The precision of GEMM's running sums for float32 data ('float64' when it sums as the js reference does). */
  float32Accumulation: Dtype;
}

/** Where the selection stands: see backendStatus. */
export interface BackendStatus {
  /** What setBackend asked for ('auto' by default). */
  requested: string;
  /** The backend whose kernels the ops run. */
  active: string;
  /** Every registered backend, highest priority first. */
  registered: string[];
  /** Why a backend could not load, by name (empty when all loaded or were not tried). */
  failures: Record<string, string>;
  /** The precision of the active GEMM's running sums, per storage dtype. */
  accumulation: Record<Dtype, Dtype>;
}

const definitions = new Map<string, BackendDefinition>();
const kernels = new Map<string, Partial<KernelTable>>();
const failures = new Map<string, string>();
const loaded = new Set<string>();
/** The first selection: the SUBLINEAR_BACKEND environment variable where the runtime has one (Node), else 'auto'. */
const initial = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.SUBLINEAR_BACKEND;
let requested = initial !== undefined && initial !== '' ? initial : 'auto';
let active: string | undefined;
let table: KernelTable | undefined;

/** Registers (or replaces) a backend definition; the selection is resolved again on next use. */
export function registerBackend(definition: BackendDefinition): void {
  definitions.set(definition.name, definition);
  loaded.delete(definition.name);
  failures.delete(definition.name);
  table = undefined;
}

/** Registers `kernelFunc` as `backendName`'s kernel for op `kernelName`. */
export function registerKernel<K extends OpName>(config: { kernelName: K; backendName: string; kernelFunc: KernelTable[K] }): void {
  const set = kernels.get(config.backendName) ?? {};
  set[config.kernelName] = config.kernelFunc;
  kernels.set(config.backendName, set);
  if (config.backendName === active) table = undefined;
}

function byPriority(): BackendDefinition[] {
  return [...definitions.values()].sort((a, b) => b.priority - a.priority);
}

function tryLoad(name: string): boolean {
  if (loaded.has(name)) return true;
  const def = definitions.get(name);
  if (def === undefined) return false;
  try {
    def.load();
    loaded.add(name);
    failures.delete(name);
    return true;
  } catch (e) {
    failures.set(name, e instanceof Error ? e.message : String(e));
    return false;
  }
}

function resolve(): KernelTable {
  const order = byPriority().map((d) => d.name);
  const wanted = requested === 'auto' ? order : [requested, ...order.filter((n) => n !== requested)];
  if (requested !== 'auto' && !definitions.has(requested)) failures.set(requested, `no backend named '${requested}' is registered (SUBLINEAR_BACKEND?)`);
  active = wanted.find(tryLoad) ?? 'js';
  const own = kernels.get(active) ?? {}, reference = kernels.get('js') as KernelTable;
  table = { ...reference, ...own };
  return table;
}

/** The kernels of the active backend (resolving the selection on first use). */
export function activeKernels(): KernelTable {
  return table ?? resolve();
}

/** Selects a backend by name, or 'auto' (the highest-priority one that loads). Returns the active backend. */
export function selectBackend(fn: string, name: unknown): string {
  if (typeof name !== 'string') throw invalidType(fn, 'name', `one of 'auto', ${byPriority().map((d) => `'${d.name}'`).join(', ')}`, name);
  requested = checkOneOf(fn, 'name', name, ['auto', ...byPriority().map((d) => d.name)]);
  resolve();
  return active as string;
}

/** Retries, asynchronously, the backends that failed to load synchronously, then resolves the selection again. */
export async function loadAsync(): Promise<string> {
  for (const def of byPriority()) {
    if (loaded.has(def.name) || def.loadAsync === undefined) continue;
    try {
      await def.loadAsync();
      loaded.add(def.name);
      failures.delete(def.name);
    } catch (e) {
      failures.set(def.name, e instanceof Error ? e.message : String(e));
    }
  }
  resolve();
  return active as string;
}

/** A snapshot of the selection. */
export function status(): BackendStatus {
  activeKernels();
  const def = definitions.get(active as string);
  return {
    requested,
    active: active as string,
    registered: byPriority().map((d) => d.name),
    failures: Object.fromEntries(failures),
    accumulation: { float32: def?.float32Accumulation ?? 'float64', float64: 'float64' },
  };
}
