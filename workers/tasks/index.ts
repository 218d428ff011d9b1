/** Every built-in task, by name. Module task sets are added here as their kernels land. */
import { coreTasks } from './core.js';
import { cudaTasks } from './cuda.js';
import { kronTasks } from './kron.js';
import { logdetTasks } from './logdet.js';
import { maxtreeTasks } from './maxtree.js';
import { nnTasks } from './nn.js';
import { sketchTasks } from './sketch.js';
import type { KernelTaskSet } from './types.js';

export const builtinTasks: KernelTaskSet = {
  ...coreTasks,
  ...cudaTasks,
  ...kronTasks,
  ...logdetTasks,
  ...maxtreeTasks,
  ...nnTasks,
  ...sketchTasks,
};
