/**
 * `createKernelPool`: a Piscina pool whose threads all run the one worker entry (kernel.worker).
 * Tasks are named; payloads carry SharedArrayBuffer references; results are written in place.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { checkInteger, checkOneOf, checkOptions, invalidRange, invalidType, type KernelPool, type KernelTaskOptions } from '../lib/core/index.js';
import { KernelTaskError, taskError } from './errors.js';
import type { TaskMessage } from './kernel.worker.js';
import { backendStatus } from '../lib/core/kernels/select.js';

/** Options of `createKernelPool`. */
export interface KernelPoolOptions {
  /** Threads that run tasks (default: the machine's available parallelism). */
  threads?: number;
  /**
   * How idle threads wait for work (default 'sync': lowest dispatch latency). Use 'async' when tasks
   * keep open handles (timers, native resources such as a CUDA context) that need the event loop.
   */
  atomics?: 'sync' | 'async';
  /** Extra task modules (paths or file URLs), each exporting `tasks: Record<string, (payload) => result>`. */
  taskModules?: readonly (string | URL)[];
  /** Called with errors from a thread that are not tied to any task (default: a process warning). */
  onError?: (error: Error) => void;
}

/** A running pool: `KernelPool` plus its lifecycle. */
export interface KernelPoolHandle extends KernelPool {
  /** True once `close` or `destroy` was called; `run` then rejects. */
  readonly closed: boolean;
  /** Tasks submitted and not yet settled (running or queued). */
  readonly pending: number;
  /**
   * Stops accepting tasks, waits for every submitted task (running or queued) to settle, then ends
   * the threads. With `timeout` (ms), tasks still unsettled by then are ended as by `destroy()`.
   */
  close(options?: { timeout?: number }): Promise<void>;
  /** Ends the threads now; running and queued tasks reject with reason 'closed'. */
  destroy(): Promise<void>;
}

/**
 * The worker entry next to this file: the compiled kernel.worker.js in dist/; from source, a small
 * .mjs bootstrap that registers tsx in the thread and imports kernel.worker.ts.
 */
function workerEntry(): string {
  const js = new URL('./kernel.worker.js', import.meta.url);
  return existsSync(fileURLToPath(js)) ? js.href : new URL('./kernel.worker.source.mjs', import.meta.url).href;
}

function moduleUrl(spec: string | URL, i: number): string {
  const name = `options.taskModules[${i}]`;
  if (!(spec instanceof URL) && typeof spec !== 'string') throw invalidType('createKernelPool', name, 'a path or file URL', spec);
  const url = spec instanceof URL ? spec.href : spec.startsWith('file:') ? spec : pathToFileURL(spec).href;
  if (url.startsWith('file:') && !existsSync(fileURLToPath(url))) throw invalidRange('createKernelPool', name, 'the path of an existing module file', spec instanceof URL ? spec.href : spec);
  return url;
}

function defaultOnError(error: Error): void {
  process.emitWarning(`a worker thread failed outside any task: ${error.message}`, { type: 'KernelPoolWarning' });
}

class PiscinaKernelPool implements KernelPoolHandle {
  readonly threads: number;
  #piscina: Piscina;
  #inFlight = new Set<Promise<unknown>>();
  #closed = false;

  constructor(threads: number, piscina: Piscina) {
    this.threads = threads;
    this.#piscina = piscina;
  }

  get closed(): boolean { return this.#closed; }
  get pending(): number { return this.#inFlight.size; }

  run<T = unknown>(task: string, payload: unknown, options?: KernelTaskOptions): Promise<T> {
    if (typeof task !== 'string' || task.length === 0) return Promise.reject(invalidType('KernelPool.run', 'task', 'a task name', task));
    if (options !== undefined) {
      try {
        const { signal } = checkOptions('KernelPool.run', 'options', options, ['signal']);
        if (signal !== undefined && !(signal instanceof AbortSignal)) throw invalidType('KernelPool.run', 'options.signal', 'an AbortSignal', signal);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    if (this.#closed) return Promise.reject(new KernelTaskError(task, 'closed', `workers: task '${task}' was not run: the pool is closed`, undefined));
    const signal = options?.signal;
    // The worker runs the task on the kernel backend this thread asked for (setBackend), as the caller would.
    const message: TaskMessage = { task, payload, backend: backendStatus().requested };
    const running: Promise<T> = this.#piscina.run(message, signal ? { signal } : {}).catch((e: unknown) => {
      throw taskError(task, e);
    });
    const tracked = running.then(() => {}, () => {}).finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
    return running;
  }

  async close(options?: { timeout?: number }): Promise<void> {
    const o = checkOptions('KernelPool.close', 'options', options, ['timeout']);
    const timeout = o.timeout ?? Infinity;
    if (typeof timeout !== 'number') throw invalidType('KernelPool.close', 'options.timeout', 'a number of milliseconds ≥ 0', timeout);
    if (!(timeout >= 0)) throw invalidRange('KernelPool.close', 'options.timeout', 'a number of milliseconds ≥ 0', timeout);
    this.#closed = true;
    const settled = Promise.allSettled([...this.#inFlight]).then(() => true);
    let timer: NodeJS.Timeout | undefined;
    const expired = timeout === Infinity ? new Promise<never>(() => {}) : new Promise<false>((resolve) => { timer = setTimeout(resolve, timeout, false); });
    const finished = await Promise.race([settled, expired]);
    clearTimeout(timer);
    if (finished) await this.#piscina.close();
    else await this.#piscina.destroy();
  }

  async destroy(): Promise<void> {
    this.#closed = true;
    await this.#piscina.destroy();
  }
}

/**
 * Starts a pool of threads running sublinear's kernel tasks (and any `taskModules`). Every thread
 * imports the same kernels as the main thread. Works from source under tsx (threads inherit tsx's
 * hooks through `execArgv`) and from the built package with plain node.
 *
 * @param options - threads, atomics, taskModules, onError.
 * @returns the pool; `close()` it when done (idle threads do not keep the process alive).
 * @throws {RangeError} threads not an integer in [1, 1024]; atomics not 'sync' or 'async'.
 * @throws {TypeError} options not an object; a task module not a path or URL; onError not a function.
 * @example
 * ```ts
 * import { createKernelPool } from 'sublinear/workers';
 * import { matmul, matrix } from 'sublinear/core';
 * const pool = createKernelPool({ threads: 1 });
 * const C = await matmul(matrix([[1, 2], [3, 4]]), matrix([[1, 0], [0, 1]]), { pool });
 * console.log(C.data); // Float64Array [1, 2, 3, 4], computed in place on shared memory
 * await pool.close();
 * ```
 */
export function createKernelPool(options?: KernelPoolOptions): KernelPoolHandle {
  const o = checkOptions('createKernelPool', 'options', options, ['threads', 'atomics', 'taskModules', 'onError']);
  const threads = checkInteger('createKernelPool', 'options.threads', o.threads ?? availableParallelism(), 1, 1024);
  const atomics = checkOneOf('createKernelPool', 'options.atomics', o.atomics ?? 'sync', ['sync', 'async']);
  if (o.taskModules !== undefined && !Array.isArray(o.taskModules)) throw invalidType('createKernelPool', 'options.taskModules', 'an array of paths or file URLs', o.taskModules);
  const taskModules = (o.taskModules ?? []).map(moduleUrl);
  const onError = o.onError ?? defaultOnError;
  if (typeof onError !== 'function') throw invalidType('createKernelPool', 'options.onError', 'a function', onError);
  if (typeof SharedArrayBuffer !== 'function') throw invalidRange('createKernelPool', 'SharedArrayBuffer', 'available', undefined);
  const piscina = new Piscina({
    filename: workerEntry(),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Infinity,
    atomics,
    workerData: { taskModules },
    // execArgv is left to Node's default (inherit the parent's): that is how tsx's hooks and the
    // 'sublinear-source' condition reach the threads when running from source.
  });
  piscina.on('error', (e: unknown) => onError(e instanceof Error ? e : new Error(String(e))));
  return new PiscinaKernelPool(threads, piscina);
}
