import { invalidType, type KernelPool } from '../../lib/core/index.js';

/** Throws a TypeError unless `pool` has the KernelPool shape ({ threads, run }). */
export function checkPool(fn: string, pool: unknown): KernelPool {
  const p = pool as KernelPool | null;
  if (p === null || typeof p !== 'object' || typeof p.run !== 'function' || !Number.isInteger(p.threads) || p.threads < 1) {
    throw invalidType(fn, 'pool', 'a KernelPool (see createKernelPool)', pool);
  }
  return p;
}
