/**
 * The one worker entry. It imports the same kernels as the main thread (workers/tasks/ wraps the
 * trusted kernels of lib/), plus any `taskModules` the pool was created with, and runs tasks by
 * name: receive `{ task, payload }`, run the handler, respond with its small result.
 */
import { workerData } from 'node:worker_threads';
import { builtinTasks } from './tasks/index.js';
import type { KernelTask, KernelTaskSet } from './tasks/types.js';

/** What the pool posts for each task. */
export interface TaskMessage { task: string; payload: unknown }

const tasks = new Map<string, KernelTask>(Object.entries(builtinTasks));
const modules = (workerData as { taskModules?: string[] } | undefined)?.taskModules ?? [];
for (const url of modules) {
  const mod = (await import(url)) as { tasks?: KernelTaskSet };
  if (!mod.tasks || typeof mod.tasks !== 'object') throw new TypeError(`workers: task module ${url} must export an object 'tasks' of named functions`);
  for (const [name, fn] of Object.entries(mod.tasks)) tasks.set(name, fn);
}

export default function runTask({ task, payload }: TaskMessage): unknown {
  const handler = tasks.get(task);
  if (handler === undefined) throw new RangeError(`no task named '${task}' (known: ${[...tasks.keys()].sort().join(', ')})`);
  return (handler as (p: unknown) => unknown)(payload);
}
