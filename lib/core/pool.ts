/**
 * The contract between library structures and a worker pool, with no dependency on any pool
 * implementation: a structure that accepts a `KernelPool` runs named kernel tasks on it and never
 * imports piscina. `sublinear/workers` provides the implementation (`createKernelPool`).
 */
import { invalidType } from './errors.js';

/** Options for one task. */
export interface KernelTaskOptions {
  /** Aborting rejects the task with an AbortError; a queued task never starts. */
  signal?: AbortSignal;
}

/**
 * A pool of threads that run named kernel tasks. A task's payload carries SharedArrayBuffers with
 * offsets and shapes; the task writes its results into them and resolves with small metadata.
 */
export interface KernelPool {
  /** How many threads run tasks at once: the number of blocks worth splitting work into. */
  readonly threads: number;
  /** Runs the task named `task` on some thread; rejects with an Error naming the task and its cause. */
  run<T = unknown>(task: string, payload: unknown, options?: KernelTaskOptions): Promise<T>;
}

/**
 * The options of every call that can run on a pool: a function takes `{ pool }` (with its other
 * options) and then returns a Promise of the same result, bit-identical to the call without a pool.
 */
export interface PoolOptions extends KernelTaskOptions {
  /** The pool to run on (see `createKernelPool` in `sublinear/workers`). */
  pool: KernelPool;
}

/** Throws a TypeError unless `pool` has the KernelPool shape ({ threads, run }); returns it. */
export function checkPool(fn: string, pool: unknown, name = 'pool'): KernelPool {
  const p = pool as KernelPool | null;
  if (p === null || typeof p !== 'object' || typeof p.run !== 'function' || !Number.isInteger(p.threads) || p.threads < 1) {
    throw invalidType(fn, name, 'a KernelPool (see createKernelPool)', pool);
  }
  return p;
}

/** True when `options` asks for a pool (`{ pool }` present), so the call answers with a Promise. */
export function wantsPool(options: unknown): boolean {
  return options !== null && typeof options === 'object' && (options as { pool?: unknown }).pool !== undefined;
}

/**
 * Runs `call` now; when `pooled`, a throw becomes a rejected Promise, so a pooled call reports bad
 * input the same way it reports a failed task. Validation still happens before this returns.
 */
export function settle<T>(pooled: boolean, call: () => T | Promise<T>): T | Promise<T> {
  if (!pooled) return call();
  try {
    return Promise.resolve(call());
  } catch (error) {
    return Promise.reject(error);
  }
}
