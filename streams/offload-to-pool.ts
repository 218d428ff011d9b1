import { defer, mergeMap, Observable, type OperatorFunction } from 'rxjs';
import { checkBoolean, checkInteger, checkOptions, invalidType } from '../lib/core/errors.js';
import type { KernelPool } from '../lib/core/pool.js';

/** The work of one event on the pool: resolve with the event to emit; honour `signal`. */
export type PoolWork<E, R> = (event: E, pool: KernelPool, signal: AbortSignal) => Promise<R>;

/**
 * Runs `work` for each event on a worker pool, at most `concurrency` at a time (default: the pool's
 * thread count), and emits the results in the order the events came (`ordered`, the default) or as
 * they finish. Like `mergeMap`, but each inner task gets an AbortSignal that is aborted when the
 * subscriber unsubscribes or the stream errors, so queued pool tasks never start and the workers are
 * freed. A task that rejects errors the stream with its cause (the pool names the task).
 *
 * @example
 * ```ts
 * import { from, lastValueFrom, toArray } from 'rxjs';
 * import { createKernelPool } from 'sublinear/workers';
 * import { offloadToPool } from 'sublinear/streams';
 * const pool = createKernelPool({ threads: 2 });
 * const steps = await lastValueFrom(from([0, 1, 2]).pipe(
 *   offloadToPool(pool, async (step, p, signal) => { await p.run('core.noop', null, { signal }); return step; }),
 *   toArray(),
 * ));
 * console.log(steps); // [0, 1, 2]
 * await pool.close();
 * ```
 * @param pool - a KernelPool (from `createKernelPool`).
 * @param work - the pool work of one event.
 * @param options - `concurrency` (integer ≥ 1, default pool.threads), `ordered` (default true).
 * @returns an operator from events to the results of their work.
 * @throws {TypeError} pool without run(), work not a function.
 * @throws {RangeError} concurrency not an integer ≥ 1.
 */
export function offloadToPool<E, R>(pool: KernelPool, work: PoolWork<E, R>, options?: { concurrency?: number; ordered?: boolean }): OperatorFunction<E, R> {
  const fn = 'offloadToPool';
  if (pool === null || typeof pool !== 'object' || typeof pool.run !== 'function') throw invalidType(fn, 'pool', 'a KernelPool', pool);
  if (typeof work !== 'function') throw invalidType(fn, 'work', 'a function', work);
  const o = checkOptions(fn, 'options', options, ['concurrency', 'ordered']);
  const concurrency = checkInteger(fn, 'options.concurrency', o.concurrency ?? Math.max(1, pool.threads), 1);
  const ordered = checkBoolean(fn, 'options.ordered', o.ordered, true);

  const runOne = (event: E) => new Observable<R>((subscriber) => {
    const controller = new AbortController();
    work(event, pool, controller.signal).then(
      (result) => { subscriber.next(result); subscriber.complete(); },
      (error) => subscriber.error(error),
    );
    return () => controller.abort();
  });
  if (!ordered) return mergeMap(runOne, concurrency);

  return (source) => defer(() => {
    // Results come back in any order; hold each until every earlier one has been emitted.
    const pending = new Map<number, R>();
    let nextToEmit = 0;
    return source.pipe(
      mergeMap((event, index) => new Observable<R>((subscriber) => runOne(event).subscribe({
        next: (result) => {
          pending.set(index, result);
          while (pending.has(nextToEmit)) {
            const r = pending.get(nextToEmit)!;
            pending.delete(nextToEmit++);
            subscriber.next(r);
          }
        },
        error: (e) => subscriber.error(e),
        complete: () => subscriber.complete(),
      })), concurrency),
    );
  });
}
