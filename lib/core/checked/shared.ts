/** The argument checks every checked op shares (sizes, strided ranges, row-major blocks). Trusted callers: the checked ops. */
import { MAX_ELEMENTS } from '../allocation.js';
import { checkInteger, invalidRange, invalidType } from '../errors.js';

/** An integer in [min, MAX_ELEMENTS] (a size, stride or offset). */
export function size(fn: string, name: string, v: unknown, min = 0): number {
  return checkInteger(fn, name, v, min, MAX_ELEMENTS);
}

/** A Float64Array or Float32Array holding n entries `stride` apart from `offset`. */
export function strided(fn: string, name: string, a: unknown, n: number, stride: unknown, offset: unknown, strideName: string, offsetName: string): void {
  if (!(a instanceof Float64Array || a instanceof Float32Array)) throw invalidType(fn, name, 'a Float64Array or Float32Array', a);
  const s = size(fn, strideName, stride, 1), o = size(fn, offsetName, offset);
  const end = n === 0 ? 0 : o + (n - 1) * s + 1;
  if (end > a.length) throw invalidRange(fn, `${name}.length`, `≥ ${end} (what n, ${strideName} and ${offsetName} reach)`, a.length);
}

/** A row-major block of `rows` rows of `cols` entries, `ld` apart from `offset`. */
export function block(fn: string, name: string, a: unknown, rows: number, cols: number, offset: unknown, ld: unknown, ldName: string, offsetName: string): void {
  if (!(a instanceof Float64Array || a instanceof Float32Array)) throw invalidType(fn, name, 'a Float64Array or Float32Array', a);
  const o = size(fn, offsetName, offset), l = checkInteger(fn, ldName, ld, cols, MAX_ELEMENTS);
  const end = rows === 0 || cols === 0 ? 0 : o + (rows - 1) * l + cols;
  if (end > a.length) throw invalidRange(fn, `${name}.length`, `≥ ${end} (what the shape, ${ldName} and ${offsetName} reach)`, a.length);
}
