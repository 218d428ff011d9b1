import { defer, finalize, tap, type MonoTypeOperatorFunction } from 'rxjs';
import { checkInteger, checkOptions, invalidType } from '../lib/core/errors.js';
import type { GradientEvent } from './event.js';

/** Where progressBar draws: anything with write(), like process.stderr. */
export interface ProgressTarget {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** process.stderr under Node; elsewhere (a browser) no terminal, so nothing is drawn. */
function defaultTarget(): ProgressTarget {
  const stderr = (globalThis as { process?: { stderr?: ProgressTarget } }).process?.stderr;
  return stderr ?? { write: () => undefined, isTTY: false };
}

/**
 * Draws a one-line progress bar (steps done of `total`, the last loss, steps per second) as events
 * pass, like `tap`, and clears it when the stream ends. On a target that is not a terminal it draws
 * nothing, so logs stay clean.
 *
 * @example
 * ```ts
 * import { of } from 'rxjs';
 * import { progressBar } from 'sublinear/streams';
 * const lines: string[] = [];
 * of({ step: 0, loss: 2, gradient: new Float64Array(1) })
 *   .pipe(progressBar({ total: 1, target: { isTTY: true, write: (s) => lines.push(s) } }))
 *   .subscribe();
 * console.log(lines[0].includes('1/1')); // true
 * ```
 * @param options - `total` steps (an integer ≥ 1), `label`, `width` of the bar in characters (default 24),
 *   `target` (default process.stderr; in a browser, where there is no terminal, nothing is drawn).
 * @returns an operator that passes events through unchanged.
 * @throws {RangeError} total or width not a positive integer.
 */
export function progressBar<E extends GradientEvent>(options: { total: number; label?: string; width?: number; target?: ProgressTarget }): MonoTypeOperatorFunction<E> {
  const fn = 'progressBar';
  if (options === null || typeof options !== 'object') throw invalidType(fn, 'options', 'an object { total, label?, width?, target? }', options);
  checkOptions(fn, 'options', options, ['total', 'label', 'width', 'target']);
  const total = checkInteger(fn, 'options.total', options.total, 1);
  const width = checkInteger(fn, 'options.width', options.width ?? 24, 1, 1000);
  if (options.label !== undefined && typeof options.label !== 'string') throw invalidType(fn, 'options.label', 'a string', options.label);
  const target = options.target ?? defaultTarget();
  if (target === null || typeof target !== 'object' || typeof target.write !== 'function') throw invalidType(fn, 'options.target', 'a stream with write(text)', target);
  const label = options.label ? `${options.label} ` : '';
  if (!target.isTTY) return (source) => source;
  return (source) => defer(() => {
    const start = performance.now();
    let done = 0;
    return source.pipe(
      tap((event) => {
        done++;
        const filled = Math.min(width, Math.round((done / total) * width));
        const rate = done / ((performance.now() - start) / 1000);
        target.write(`\r${label}[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} loss ${event.loss.toExponential(3)} ${rate.toFixed(1)} steps/s\u001b[K`);
      }),
      finalize(() => target.write('\r\u001b[K')),
    );
  });
}
