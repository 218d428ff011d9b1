/**
 * One documented cap on allocations sized by a caller, checked before anything is allocated, so a
 * huge size is refused with a RangeError naming the function and the argument instead of reaching
 * the engine ("Array buffer allocation failed", "Invalid typed array length") or paging the machine.
 */
import { invalidRange } from './errors.js';

/**
 * The most elements one array sized by a caller may have: 2³¹ − 1 (the largest length every
 * engine's typed arrays and Int32 indices support).
 */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/**
 * The most bytes one array sized by a caller may take: 4 GiB. Larger requests are refused with a
 * RangeError before anything is allocated (an engine would fail with "Array buffer allocation failed"
 * or stall the machine paging), so a size typo costs an error, not the process.
 */
export const MAX_ALLOCATION_BYTES = 2 ** 32;

/**
 * Throws a RangeError naming `fn` and `name` unless an array of `elements` entries of
 * `bytesPerElement` bytes fits the documented caps (MAX_ELEMENTS, MAX_ALLOCATION_BYTES). Call it
 * before every allocation whose size comes from the caller.
 * @param fn - the public function. @param name - the argument that sized it. @param elements - entries.
 * @param bytesPerElement - 8 for float64 (default), 4 for float32 and int32.
 * @returns `elements`.
 * @throws {RangeError} not a safe integer ≥ 0, or past a cap (nothing is allocated).
 * @example
 * ```ts
 * import { checkAllocation } from 'sublinear/core';
 * checkAllocation('zeros', 'rows·cols', 1024 * 1024); // ok: 8 MiB
 * try { checkAllocation('zeros', 'rows·cols', 2 ** 40); } catch (e) { console.log((e as Error).message); }
 * ```
 */
export function checkAllocation(fn: string, name: string, elements: number, bytesPerElement = 8): number {
  if (!(Number.isSafeInteger(elements) && elements >= 0)) {
    throw invalidRange(fn, name, `a size that can be allocated (an integer in [0, ${MAX_ELEMENTS}])`, elements);
  }
  if (elements > MAX_ELEMENTS || elements * bytesPerElement > MAX_ALLOCATION_BYTES) {
    const what = `${elements} elements of ${bytesPerElement} bytes`;
    throw new RangeError(`${fn}: invalid argument. ${name} must be a size that can be allocated (at most ${MAX_ELEMENTS} elements and ${MAX_ALLOCATION_BYTES / 2 ** 30} GiB per array). Value: ${what} (${formatBytes(elements * bytesPerElement)}).`);
  }
  return elements;
}

function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toPrecision(3)} GiB` : `${bytes} bytes`;
}

/**
 * checkAllocation for a product of sizes (rows × cols …): refuses as soon as the running product
 * passes MAX_ELEMENTS, so 2⁴⁰ × 0 is refused too (such a shape would loop 2⁴⁰ times elsewhere).
 * @param fn - the public function. @param name - the arguments. @param sizes - the factors. @param bytesPerElement - as checkAllocation.
 * @returns the product. @throws {RangeError} past a cap.
 * @example
 * ```ts
 * import { checkAllocationOf } from 'sublinear/core';
 * console.log(checkAllocationOf('sharedMatrix', 'rows·cols', [3, 4])); // 12
 * ```
 */
export function checkAllocationOf(fn: string, name: string, sizes: readonly number[], bytesPerElement = 8): number {
  let product = 1;
  for (const s of sizes) {
    product *= s;
    if (product > MAX_ELEMENTS) break;
  }
  return checkAllocation(fn, name, product, bytesPerElement);
}
