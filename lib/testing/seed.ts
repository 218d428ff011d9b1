import type { Parameters } from 'fast-check';
import { invalidType } from '../core/errors.js';

/**
 * The fixed seed of every property test in this package. Override with the environment variable
 * `FC_SEED` to replay a failure: fast-check prints the seed and the shrink path of any failing run.
 */
export const DEFAULT_SEED = 20261123;

/** The seed in force: `FC_SEED` when set (an integer), else DEFAULT_SEED. */
export function propertySeed(): number {
  const env = typeof process !== 'undefined' ? process.env.FC_SEED : undefined;
  const parsed = env === undefined ? NaN : Number(env);
  return Number.isInteger(parsed) ? parsed : DEFAULT_SEED;
}

/**
 * fast-check parameters with a fixed seed (see propertySeed) and the failing seed and path in the
 * error message, merged with `overrides`.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { propertyParameters } from 'sublinear/testing';
 * fc.assert(fc.property(fc.integer(), (n) => n + 0 === n), propertyParameters({ numRuns: 50 }));
 * ```
 */
export function propertyParameters<T>(overrides: Parameters<T> = {}): Parameters<T> {
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) throw invalidType('propertyParameters', 'overrides', 'an object of fast-check parameters', overrides);
  return { seed: propertySeed(), numRuns: 100, ...overrides };
}
