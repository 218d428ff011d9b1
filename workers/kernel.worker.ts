/**
 * The one worker entry. It imports the same kernels as the main thread (workers/tasks/ wraps the
 * trusted kernels of lib/), plus any `taskModules` the pool was created with, and runs tasks by
 * name: receive `{ task, payload }`, run the handler, respond with its small result.
 */
import { workerData } from 'node:worker_threads';
import { setBackend } from '../lib/core/kernels/select.js';
import { builtinTasks } from './tasks/index.js';
import type { KernelTask, KernelTaskSet } from './tasks/types.js';

/** What the pool posts for each task: its name, payload, and the kernel backend the caller selected. */
export interface TaskMessage { task: string; payload: unknown; backend?: string }

/** The backend selection last applied on this thread (the caller's `setBackend` request). */
let selected: string | undefined;

/** Selects the caller's backend here; one this thread does not have (a GPU backend registered only there) falls back to 'auto'. */
function followBackend(backend: string | undefined): void {
  if (backend === undefined || backend === selected) return;
  try {
    setBackend(backend);
  } catch {
    setBackend('auto');
  }
  selected = backend;
}

const tasks = new Map<string, KernelTask>(Object.entries(builtinTasks));
const modules = (workerData as { taskModules?: string[] } | undefined)?.taskModules ?? [];

/**
 * Why the task modules could not be loaded, or undefined. A module that is missing, throws or calls
 * process.exit while loading, or exports no `tasks`, must not take the thread down (the pool would
 * respawn it forever and tasks would never settle): the thread stays up and refuses every task with
 * this reason instead.
 */
let loadError: Error | undefined;
const exit = process.exit;
process.exit = ((code?: number) => { throw new Error(`it called process.exit(${code ?? ''}) while loading`); }) as typeof process.exit;
try {
  for (const url of modules) {
    let mod: { tasks?: KernelTaskSet };
    try {
      mod = (await import(url)) as { tasks?: KernelTaskSet };
    } catch (error) {
      throw new Error(`workers: task module ${url} failed to load: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (!mod.tasks || typeof mod.tasks !== 'object') throw new TypeError(`workers: task module ${url} must export an object 'tasks' of named functions`);
    for (const [name, fn] of Object.entries(mod.tasks)) {
      if (typeof fn !== 'function') throw new TypeError(`workers: task module ${url}: tasks.${name} must be a function`);
      tasks.set(name, fn);
    }
  }
} catch (error) {
  loadError = error instanceof Error ? error : new Error(String(error));
} finally {
  process.exit = exit;
}

export default function runTask({ task, payload, backend }: TaskMessage): unknown {
  if (loadError !== undefined) throw loadError;
  followBackend(backend);
  const handler = tasks.get(task);
  if (handler === undefined) throw new RangeError(`no task named '${task}' (known: ${[...tasks.keys()].sort().join(', ')})`);
  return (handler as (p: unknown) => unknown)(payload);
}
