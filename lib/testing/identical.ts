/** Bit-level equality of numeric arrays: what "the same result with or without a pool" means. */
import { invalidType } from '../core/errors.js';

/**
 * Throws an Error naming `label` and the first differing index unless `actual` and `expected` have
 * the same type, length and bytes (so −0 ≠ +0 and NaN payloads count; a tolerance hides nothing).
 *
 * @param actual - the array to check.
 * @param expected - the reference.
 * @param label - names the arrays in the error.
 * @returns nothing.
 * @throws {Error} the arrays differ in type, length or any bit. @throws {TypeError} an argument that is not a typed array (or label not a string).
 * @example
 * ```ts
 * import { assertBitIdentical } from 'sublinear/testing';
 * assertBitIdentical(new Float64Array([1, 2]), new Float64Array([1, 2])); // passes
 * ```
 */
export function assertBitIdentical(actual: ArrayBufferView, expected: ArrayBufferView, label = 'value'): void {
  // Plain arrays have no bytes to compare: refuse them rather than pass vacuously.
  if (!ArrayBuffer.isView(actual)) throw invalidType('assertBitIdentical', 'actual', 'a typed array or DataView', actual);
  if (!ArrayBuffer.isView(expected)) throw invalidType('assertBitIdentical', 'expected', 'a typed array or DataView', expected);
  if (typeof label !== 'string') throw invalidType('assertBitIdentical', 'label', 'a string', label);
  if (actual.constructor !== expected.constructor) {
    throw new Error(`${label}: ${actual.constructor.name} is not a ${expected.constructor.name}`);
  }
  if (actual.byteLength !== expected.byteLength) throw new Error(`${label}: ${actual.byteLength} bytes, expected ${expected.byteLength}`);
  const a = new Uint8Array(actual.buffer, actual.byteOffset, actual.byteLength);
  const b = new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      const width = 'BYTES_PER_ELEMENT' in actual ? (actual as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT : 1;
      const k = Math.floor(i / width);
      const at = (x: ArrayBufferView) => (x as unknown as ArrayLike<number>)[k];
      throw new Error(`${label}: differs at index ${k}: ${at(actual)} (expected ${at(expected)}, bit-identical)`);
    }
  }
}
