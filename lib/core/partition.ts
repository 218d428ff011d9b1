/**
 * Splitting work into blocks and running one task per block. Work is split by whole items (trees,
 * rows, columns), never inside one, so every item is computed by the same kernel code in the same
 * order whatever the number of threads: results are bit-identical to the single-threaded ones.
 */
import { checkInteger, invalidRange } from './errors.js';
import type { KernelPool, KernelTaskOptions } from './pool.js';

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
 * @throws the first failure, in block order, once all tasks have settled.
 */
export async function runBlocks<T>(
  pool: KernelPool, task: string, blocks: readonly Block[], payloadOf: (block: Block) => unknown, options?: KernelTaskOptions,
): Promise<T[]> {
  const settled = await Promise.allSettled(blocks.map((block) => pool.run<T>(task, payloadOf(block), options)));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
