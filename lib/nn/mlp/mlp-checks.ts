/** Validation of the Mlp's public methods (private to the module: index.ts does not export it). */
import { checkFiniteArray, checkMatrix, invalidRange, invalidType, type Dtype, type FloatArray, type Matrix } from '../../core/index.js';

/** What the checks need to know about a net. */
interface Net { readonly dtype: Dtype; readonly parameterCount: number; readonly sizes: readonly number[] }

/** A TypeError unless `params` is a float array of the net's dtype, a RangeError unless it has parameterCount entries. */
export function checkParams(net: Net, fn: string, name: string, params: unknown): void {
  const ok = net.dtype === 'float32' ? params instanceof Float32Array : params instanceof Float64Array;
  if (!ok) throw invalidType(fn, name, `a ${net.dtype === 'float32' ? 'Float32Array' : 'Float64Array'} (the net's dtype)`, params);
  const p = params as FloatArray;
  if (p.length !== net.parameterCount) throw invalidRange(fn, `${name}.length`, `parameterCount = ${net.parameterCount}`, p.length);
}

/** Checks finite parameters and a finite batch X with sizes[0] columns and at least one row. */
export function checkBatch(net: Net, fn: string, params: FloatArray, X: Matrix): void {
  checkParams(net, fn, 'params', params);
  checkFiniteArray(fn, 'params', params);
  checkMatrix(fn, 'X', X);
  if (X.cols !== net.sizes[0]) throw invalidRange(fn, 'X.cols', `sizes[0] = ${net.sizes[0]}`, X.cols);
  if (X.rows < 1) throw invalidRange(fn, 'X.rows', 'at least 1', X.rows);
}

/** Checks targets Y: as many rows as X, the output width, every entry in [0, 1]. */
export function checkTargets(net: Net, fn: string, X: Matrix, Y: Matrix): void {
  checkMatrix(fn, 'Y', Y);
  const outputs = net.sizes[net.sizes.length - 1];
  if (Y.rows !== X.rows) throw invalidRange(fn, 'Y.rows', `X.rows = ${X.rows}`, Y.rows);
  if (Y.cols !== outputs) throw invalidRange(fn, 'Y.cols', `the output width ${outputs}`, Y.cols);
  for (let i = 0; i < Y.data.length; i++) if (!(Y.data[i] >= 0 && Y.data[i] <= 1)) throw invalidRange(fn, `Y.data[${i}]`, 'a target in [0, 1]', Y.data[i]);
}
