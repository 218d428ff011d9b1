/**
 * Splitting work into blocks and running one task per block. Work is split by whole items (trees,
 * rows, columns), never inside one, so every item is computed by the same kernel code in the same
 * order whatever the number of threads: results are bit-identical to the single-threaded ones.
 */
import { checkFunction, checkInteger, checkOptions, invalidRange, invalidType } from './errors.js';
import { checkPool, type KernelPool, type KernelTaskOptions } from './pool.js';

/** A half-open range of items [start, end). */
export type Block = readonly [start: number, end: number];

/**
 * Splits [start, end) into at most `parts` contiguous blocks of near-equal size, each (but the last)
 * a multiple of `grain` items; empty blocks are dropped.
 *
 * @param start - first item.
 * @param end - one past the last item.
 * @param parts - the most blocks wanted (usually `pool.threads`).
 * @param grain - block sizes are multiples of this (e.g. a cache line's worth of rows); default 1.
 * @returns the blocks in order; they cover [start, end) exactly once.
 * @throws {RangeError} negative or non-integer bounds, end < start, parts or grain < 1.
 * @example
 * ```ts
 * import { splitRange } from 'sublinear/workers';
 * splitRange(0, 10, 3); // [[0, 4], [4, 7], [7, 10]]
 * ```
 */
export function splitRange(start: number, end: number, parts: number, grain = 1): Block[] {
  checkInteger('splitRange', 'start', start);
  checkInteger('splitRange', 'end', end);
  if (end < start) throw invalidRange('splitRange', 'end', `an integer ≥ start (${start})`, end);
  checkInteger('splitRange', 'parts', parts, 1);
  checkInteger('splitRange', 'grain', grain, 1);
  const units = Math.ceil((end - start) / grain);
  const count = Math.min(parts, units);
  const blocks: Block[] = [];
  for (let b = 0, at = start; b < count; b++) {
    const size = Math.floor(units / count) + (b < units % count ? 1 : 0);
    const stop = Math.min(end, at + size * grain);
    blocks.push([at, stop]);
    at = stop;
  }
  return blocks;
}

/**
 * Runs `task` once per block, all at once, and waits for every one to settle before it resolves or
 * rejects, so no task is still writing when the caller commits or discards its scratch memory.
 *
 * @param pool - the pool to run on.
 * @param task - the task name.
 * @param blocks - the ranges to run (see `splitRange`).
 * @param payloadOf - the payload for one block.
 * @param options - an AbortSignal for every task.
 * @returns each block's metadata, in block order.
 * @throws {TypeError} a pool, task name, block list, payloadOf or options of the wrong kind (before any task runs).
 * @throws the first failure, in block order, once all tasks have settled (a payloadOf or pool.run that
 * throws counts as that block's failure: the other blocks still run and are waited for).
 */
export async function runBlocks<T>(
  pool: KernelPool, task: string, blocks: readonly Block[], payloadOf: (block: Block) => unknown, options?: KernelTaskOptions,
): Promise<T[]> {
  const fn = 'runBlocks';
  checkPool(fn, pool);
  if (typeof task !== 'string' || task.length === 0) throw invalidType(fn, 'task', 'a task name (a non-empty string)', task);
  if (!Array.isArray(blocks)) throw invalidType(fn, 'blocks', 'an array of [start, end] blocks (see splitRange)', blocks);
  blocks.forEach((b, i) => {
    if (!Array.isArray(b) || b.length !== 2) throw invalidType(fn, `blocks[${i}]`, 'a [start, end] pair', b);
    checkInteger(fn, `blocks[${i}][0]`, b[0]);
    checkInteger(fn, `blocks[${i}][1]`, b[1], b[0]);
  });
  checkFunction(fn, 'payloadOf', payloadOf);
  const { signal } = checkOptions(fn, 'options', options, ['signal']);
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw invalidType(fn, 'options.signal', 'an AbortSignal', signal);
  const start = (block: Block): Promise<T> => {
    try {
      return pool.run<T>(task, payloadOf(block), options);
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const settled = await Promise.allSettled(blocks.map(start));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
