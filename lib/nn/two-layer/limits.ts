/** The sizes the two-layer trainers accept, as a function a caller can check against up front. */
import { checkInteger } from '../../core/errors.js';
import { MAX_INPUTS, MAX_WIDTH } from './inputs.js';
import { MAX_CELLS } from './trainer-common.js';

/**
 * The largest hidden width m the trainers accept for n inputs: min(2^24, ⌊2^28/n⌋) (the leaves and
 * coefficients are n × m), and for the dense baselines also ⌊2^28/d⌋ (they hold W, m × d). Check a
 * user's width against it before building anything.
 * @param inputs n, an integer in [1, 4096].
 * @param options `dim` d of the inputs, with `dense: true` for DenseGaussNewton and DenseSGD.
 * @returns the limit (the smallest width is 2).
 * @throws {RangeError} inputs or dim out of range.
 * @example
 * ```ts
 * import { maxWidth } from 'sublinear/nn';
 * console.log(maxWidth(256), maxWidth(256, { dim: 784, dense: true })); // 1048576 342392
 * ```
 */
export function maxWidth(inputs: number, options: { dim?: number; dense?: boolean } = {}): number {
  const n = checkInteger('maxWidth', 'inputs', inputs, 1, MAX_INPUTS);
  let limit = Math.max(2, Math.min(MAX_WIDTH, Math.floor(MAX_CELLS / n)));
  if (options.dense) limit = Math.min(limit, Math.floor(MAX_CELLS / checkInteger('maxWidth', 'options.dim', options.dim, 1)));
  return limit;
}
