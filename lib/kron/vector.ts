/** Kronecker-structured vectors a_1 ⊗ … ⊗ a_K, kept as their factors (Σ p_k numbers for Π p_k entries). */
import { checkAllocation, checkAllocationOf } from '../core/allocation.js';
import { dot, nrm2 } from '../core/blas.js';
import { checkFiniteArray, checkOneOf, invalidRange, invalidType } from '../core/errors.js';
import { DTYPES, type Dtype, type FloatArray } from '../core/matrix.js';
import { MAX_LENGTH } from './validate.js';

/** The vector a_1 ⊗ … ⊗ a_K (row-major: entry (i_1, …, i_K) = Π_k a_k[i_k], i_1 slowest). */
export interface KronVector {
  /** The factors a_1 … a_K, copied at construction (do not mutate them). */
  readonly factors: readonly FloatArray[];
  /** Π_k length(a_k): the length of the vector the factors stand for. */
  readonly length: number;
  readonly dtype: Dtype;
}

/**
 * A Kronecker-structured vector from its factors (copied).
 *
 * @param factors - a non-empty list of finite vectors a_1 … a_K.
 * @param dtype - storage; default float32 when every factor is a Float32Array, float64 otherwise.
 * @returns the {@link KronVector}.
 * @throws {TypeError} not an array of numeric arrays. @throws {RangeError} an empty list, a non-finite entry, a length over 2³¹ − 1.
 * @example
 * ```ts
 * import { kronVector } from 'sublinear/kron';
 * const v = kronVector([[1, 2], [1, 0, -1]]);
 * console.log(v.length); // 6
 * ```
 */
export function kronVector(factors: readonly ArrayLike<number>[], dtype?: Dtype): KronVector {
  const fn = 'kronVector';
  if (!Array.isArray(factors)) throw invalidType(fn, 'factors', 'a non-empty array of vectors', factors);
  if (factors.length === 0) throw invalidRange(fn, 'factors.length', '≥ 1 (a non-empty array of vectors)', 0);
  factors.forEach((a, k) => checkFiniteArray(fn, `factors[${k}]`, a));
  const kind = dtype === undefined ? (factors.every((a) => a instanceof Float32Array) ? 'float32' : 'float64') : checkOneOf(fn, 'dtype', dtype, DTYPES);
  const length = factors.reduce((n, a) => n * a.length, 1);
  if (length > MAX_LENGTH) throw invalidRange(fn, 'factors', 'vectors whose Kronecker product has ≤ 2³¹ − 1 entries', `lengths ${factors.map((a) => a.length).join(', ')}`);
  const copies = factors.map((a) => (kind === 'float32' ? Float32Array.from(a) : Float64Array.from(a)));
  return Object.freeze({ factors: Object.freeze(copies), length, dtype: kind });
}

function checkKronVector(fn: string, name: string, v: unknown): KronVector {
  const u = v as Partial<KronVector> | null;
  let ok = u !== null && typeof u === 'object' && Array.isArray(u.factors) && u.factors.length > 0;
  for (let k = 0; ok && k < u!.factors!.length; k++) ok = u!.factors![k] instanceof Float64Array || u!.factors![k] instanceof Float32Array;
  if (!ok) throw invalidType(fn, name, 'a KronVector (from kronVector)', v);
  return u as KronVector;
}

/**
 * ⟨a_1 ⊗ … ⊗ a_K, b_1 ⊗ … ⊗ b_K⟩ = Π_k ⟨a_k, b_k⟩ in O(Σ p_k) instead of O(Π p_k).
 *
 * @param a - a KronVector.
 * @param b - a KronVector with the same factor lengths.
 * @returns the inner product (accumulated in float64).
 * @throws {TypeError} not KronVectors. @throws {RangeError} different factor counts or lengths.
 * @example
 * ```ts
 * import { kronDot, kronVector } from 'sublinear/kron';
 * console.log(kronDot(kronVector([[1, 2], [3, 4]]), kronVector([[1, 1], [1, -1]]))); // 3 · (−1) = −3
 * ```
 */
export function kronDot(a: KronVector, b: KronVector): number {
  const fn = 'kronDot';
  checkKronVector(fn, 'a', a);
  checkKronVector(fn, 'b', b);
  if (a.factors.length !== b.factors.length) throw invalidRange(fn, 'b.factors.length', `${a.factors.length} (a's factor count)`, b.factors.length);
  for (let k = 0; k < a.factors.length; k++) {
    const n = a.factors[k].length;
    if (b.factors[k].length !== n) throw invalidRange(fn, `b.factors[${k}].length`, `${n} (a.factors[${k}].length)`, b.factors[k].length);
  }
  let product = 1;
  for (let k = 0; k < a.factors.length; k++) product *= dot(a.factors[k].length, a.factors[k], 0, b.factors[k], 0);
  return product;
}

/**
 * ‖a_1 ⊗ … ⊗ a_K‖_ord = Π_k ‖a_k‖_ord, exact for every ord-norm (the entries are products).
 *
 * @param v - a KronVector.
 * @param ord - 2 (Euclidean, default), 1, or Infinity (largest magnitude).
 * @returns the norm.
 * @throws {TypeError} v not a KronVector, ord not a number. @throws {RangeError} ord not 1, 2 or Infinity.
 * @example
 * ```ts
 * import { kronNorm, kronVector } from 'sublinear/kron';
 * console.log(kronNorm(kronVector([[3, 4], [1, 0]]))); // 5
 * ```
 */
export function kronNorm(v: KronVector, ord: number = 2): number {
  checkKronVector('kronNorm', 'v', v);
  if (typeof ord !== 'number') throw invalidType('kronNorm', 'ord', '1, 2 or Infinity', ord);
  if (ord !== 1 && ord !== 2 && ord !== Infinity) throw invalidRange('kronNorm', 'ord', '1, 2 or Infinity', ord);
  let product = 1;
  for (const a of v.factors) {
    let norm = 0;
    if (ord === 2) norm = nrm2(a.length, a);
    else if (ord === 1) for (let i = 0; i < a.length; i++) norm += Math.abs(a[i]);
    else for (let i = 0; i < a.length; i++) norm = Math.max(norm, Math.abs(a[i]));
    product *= norm;
  }
  return product;
}

/**
 * The entries of a_1 ⊗ … ⊗ a_K, formed on request (Π p_k numbers: the memory this type avoids).
 *
 * @param v - a KronVector.
 * @returns a new array of v.dtype and length v.length, row-major (a_1's index slowest).
 * @throws {TypeError} v not a KronVector.
 * @example
 * ```ts
 * import { kronVector, materializeKronVector } from 'sublinear/kron';
 * console.log(materializeKronVector(kronVector([[1, 2], [1, 10]]))); // Float64Array [1, 10, 2, 20]
 * ```
 */
export function materializeKronVector(v: KronVector): FloatArray {
  checkKronVector('materializeKronVector', 'v', v);
  checkAllocationOf('materializeKronVector', 'v (its length)', v.factors.map((a) => a.length));
  let acc = Float64Array.of(1);
  for (const a of v.factors) {
    const next = new Float64Array(acc.length * a.length);
    for (let i = 0; i < acc.length; i++) for (let j = 0; j < a.length; j++) next[i * a.length + j] = acc[i] * a[j];
    acc = next;
  }
  return v.dtype === 'float32' ? Float32Array.from(acc) : acc;
}
