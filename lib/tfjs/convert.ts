import { checkFiniteArray, checkInteger, checkOptions, invalidRange, invalidType } from '../core/errors.js';
import { checkMatrix, type Matrix } from '../core/matrix.js';
import { checkKnownKeys, checkTensor, checkTf, type TfNamespace, type TfTensor } from './tf-types.js';

/** Options of the conversions: `copy` (default false) always gives a fresh array or tensor. */
export interface ConvertOptions {
  /** true: never share memory with the source (default false: share where tfjs allows). */
  copy?: boolean;
}

function copyOption(fn: string, options: ConvertOptions | undefined): boolean {
  const o = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, 'options', o, ['copy']);
  const copy = o.copy ?? false;
  if (typeof copy !== 'boolean') throw invalidType(fn, 'options.copy', 'a boolean', copy);
  return copy;
}

/**
 * The values of a float32 tensor as a Float32Array, row-major. **Copies or not, by backend**: on the
 * cpu backend the array is the tensor's own storage (no copy: do not write it, tensors are
 * immutable); the wasm, webgl and webgpu backends copy the values out. `{ copy: true }` always gives
 * a fresh array.
 * @param tensor a float32 tf.Tensor of any rank.
 * @param options `copy` (default false).
 * @returns the values.
 * @throws {TypeError} not a live tensor, a dtype other than float32 (cast it with tf.cast first).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { tensorToArray } from 'sublinear/tfjs';
 * const values = tensorToArray(tf.tensor([1, 2, 3, 4], [2, 2]), { copy: true }); // Float32Array [1, 2, 3, 4]
 * ```
 */
export function tensorToArray(tensor: TfTensor, options?: ConvertOptions): Float32Array {
  const fn = 'tensorToArray';
  const t = checkTensor(fn, 'tensor', tensor);
  const copy = copyOption(fn, options);
  if (t.dtype !== 'float32') throw invalidType(fn, 'tensor.dtype', "'float32' (cast with tf.cast(t, 'float32'))", t.dtype);
  const data = t.dataSync() as Float32Array;
  return copy ? data.slice() : data;
}

/**
 * A rank-2 float32 tensor as a `Matrix` (`{ rows, cols, data }`, row-major, as tfjs stores it).
 * Shares or copies as tensorToArray does: on the cpu backend `data` is the tensor's storage.
 * @param tensor a float32 tf.Tensor2D.
 * @param options `copy` (default false).
 * @returns the matrix.
 * @throws {TypeError} not a live float32 tensor. @throws {RangeError} a rank other than 2.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { tensorToMatrix } from 'sublinear/tfjs';
 * const A = tensorToMatrix(tf.tensor([[1, 2, 3], [4, 5, 6]])); // { rows: 2, cols: 3, data: Float32Array(6) }
 * ```
 */
export function tensorToMatrix(tensor: TfTensor, options?: ConvertOptions): Matrix<Float32Array> {
  const t = checkTensor('tensorToMatrix', 'tensor', tensor);
  if (t.shape.length !== 2) throw invalidRange('tensorToMatrix', 'tensor.shape', 'of rank 2 ([rows, cols])', `[${t.shape.join(', ')}]`);
  const data = tensorToArray(t, options);
  return { rows: t.shape[0], cols: t.shape[1], data };
}

/**
 * A float32 tensor of `shape` holding `data`. **Copies or not**: a Float32Array is handed to tfjs
 * as it is, and the cpu backend keeps it as the tensor's storage (no copy: do not write the array
 * while the tensor lives, or pass `{ copy: true }`); a Float64Array, a plain array and the wasm,
 * webgl and webgpu backends always copy (float64 values are rounded to float32).
 * @param tf the tfjs namespace. @param data the values, row-major (finite).
 * @param shape the tensor's shape (integers ≥ 0 whose product is data.length).
 * @param options `copy` (default false).
 * @returns the tensor (dispose it when done, as with any tfjs tensor).
 * @throws {TypeError} tf not the tfjs namespace, data not an array of numbers, shape not an array.
 * @throws {RangeError} a NaN or ±Infinity in data, a shape whose size differs from data.length.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { arrayToTensor } from 'sublinear/tfjs';
 * const t = arrayToTensor(tf, new Float64Array([1, 2, 3, 4, 5, 6]), [3, 2]); // a 3 × 2 float32 tensor
 * t.dispose();
 * ```
 */
export function arrayToTensor(tf: TfNamespace, data: ArrayLike<number>, shape: readonly number[], options?: ConvertOptions): TfTensor {
  return toTensor('arrayToTensor', 'data', tf, data, shape, options);
}

function toTensor(fn: string, name: string, tf: TfNamespace, data: ArrayLike<number>, shape: readonly number[], options?: ConvertOptions): TfTensor {
  checkTf(fn, tf);
  const values = checkFiniteArray(fn, name, data);
  if (!Array.isArray(shape)) throw invalidType(fn, 'shape', 'an array of dimension sizes', shape);
  let size = 1;
  shape.forEach((d, i) => { size *= checkInteger(fn, `shape[${i}]`, d); });
  if (size !== values.length) throw invalidRange(fn, 'shape', `dimensions whose product is data.length (${values.length})`, `[${shape.join(', ')}]`);
  const copy = copyOption(fn, options);
  const f32 = values instanceof Float32Array && !copy ? values : Float32Array.from(values);
  return tf.tensor(f32, [...shape], 'float32');
}

/**
 * A `Matrix` as a float32 tensor of shape [rows, cols], sharing or copying as arrayToTensor does
 * (a Float32Array matrix is shared on the cpu backend; a Float64Array matrix is rounded into a copy).
 * @param tf the tfjs namespace. @param matrix the matrix (finite entries).
 * @param options `copy` (default false).
 * @returns the tensor.
 * @throws {TypeError} tf not the tfjs namespace, not a Matrix. @throws {RangeError} a NaN or ±Infinity entry.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { matrix } from 'sublinear/core';
 * import { matrixToTensor } from 'sublinear/tfjs';
 * const t = matrixToTensor(tf, matrix([[1, 2], [3, 4]])); // shape [2, 2]
 * t.dispose();
 * ```
 */
export function matrixToTensor(tf: TfNamespace, matrix: Matrix, options?: ConvertOptions): TfTensor {
  checkTf('matrixToTensor', tf);
  const A = checkMatrix('matrixToTensor', 'matrix', matrix);
  return toTensor('matrixToTensor', 'matrix.data', tf, A.data, [A.rows, A.cols], options);
}
