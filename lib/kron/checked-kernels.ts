/**
 * The `kernels` namespace of sublinear/kron: the trusted kernels (kernels.ts, gram-kernel.ts,
 * leaves.ts) with their sizes, array kinds and lengths checked once per call (O(factors), never a pass
 * over the data), so a bad argument is a TypeError or RangeError naming the kernel instead of garbage
 * or an out-of-bounds write. Worker tasks and the validated layer call the unchecked kernels directly.
 */
import { MAX_ELEMENTS } from '../core/allocation.js';
import { checkBoolean, checkInteger, checkNumericArray, invalidRange, invalidType } from '../core/errors.js';
import type { FloatArray } from '../core/matrix.js';
import { hadamardGramInPlace as gramKernel } from './gram-kernel.js';
import * as k from './kernels.js';
import { kronLeafValuesKernel as leavesKernel } from './leaves.js';

export type { KronPlan, KronStep } from './kernels.js';
/** A float typed array or a plain array of numbers (read only by the kernel). */
export type Readable = FloatArray | number[];

function size(fn: string, name: string, v: unknown, min = 0): number {
  return checkInteger(fn, name, v, min, MAX_ELEMENTS);
}

function reads(fn: string, name: string, a: unknown, needed: number): void {
  const arr = checkNumericArray(fn, name, a);
  if (arr.length < needed) throw invalidRange(fn, `${name}.length`, `≥ ${needed} (what the sizes reach)`, arr.length);
}

function writes(fn: string, name: string, a: unknown, needed: number, float64Only = false): void {
  const ok = float64Only ? a instanceof Float64Array : a instanceof Float64Array || a instanceof Float32Array;
  if (!ok) throw invalidType(fn, name, float64Only ? 'a Float64Array' : 'a Float64Array or Float32Array', a);
  if ((a as FloatArray).length < needed) throw invalidRange(fn, `${name}.length`, `≥ ${needed} (what the sizes reach)`, (a as FloatArray).length);
}

function dims(fn: string, name: string, v: unknown): number[] {
  if (!Array.isArray(v)) throw invalidType(fn, name, 'an array of sizes', v);
  v.forEach((d, i) => size(fn, `${name}[${i}]`, d, 1));
  return v as number[];
}

/**
 * One mode product out[l, i, r] = Σ_j op(A)[i, j]·x[l, j, r] (see the unchecked kernel's notes).
 * @throws {TypeError} wrong kinds. @throws {RangeError} sizes out of range, arrays shorter than the sizes reach.
 * @example
 * ```ts
 * import { kernels } from 'sublinear/kron';
 * const out = new Float64Array(2);
 * kernels.modeProduct(1, 2, 2, 1, [1, 2, 3, 4], false, [1, 1], out); // out = [3, 7]
 * ```
 */
export function modeProduct(L: number, p: number, q: number, R: number, a: Readable, transposeA: boolean, x: Readable, out: FloatArray, lStart = 0, lEnd = L): FloatArray {
  const fn = 'kernels.modeProduct';
  size(fn, 'L', L); size(fn, 'p', p); size(fn, 'q', q); size(fn, 'R', R);
  checkBoolean(fn, 'transposeA', transposeA);
  checkInteger(fn, 'lStart', lStart, 0, L);
  checkInteger(fn, 'lEnd', lEnd, lStart, L);
  reads(fn, 'a', a, p * q);
  reads(fn, 'x', x, L * q * R);
  writes(fn, 'out', out, L * p * R);
  if (out === x) throw invalidRange(fn, 'out', 'an array other than x (no aliasing)', out);
  return k.modeProduct(L, p, q, R, a, transposeA, x, out, lStart, lEnd);
}

/**
 * Plans (⊗_k op(A_k)) X. @throws {TypeError} wrong kinds. @throws {RangeError} an empty or mismatched
 * shape list, a size < 1, intermediates past 2³¹ − 1 entries.
 * @example
 * ```ts
 * import { kernels } from 'sublinear/kron';
 * console.log(kernels.kronPlan([2, 3], [4, 3], false).workLength); // 6
 * ```
 */
export function kronPlan(rows: readonly number[], cols: readonly number[], transpose: boolean, rhs = 1): k.KronPlan {
  const fn = 'kernels.kronPlan';
  dims(fn, 'rows', rows); dims(fn, 'cols', cols);
  if (rows.length === 0) throw invalidRange(fn, 'rows.length', '≥ 1', 0);
  if (cols.length !== rows.length) throw invalidRange(fn, 'cols.length', `rows.length (${rows.length})`, cols.length);
  checkBoolean(fn, 'transpose', transpose);
  size(fn, 'rhs', rhs, 1);
  const rp = rows.reduce((s, v) => s * v, rhs), cp = cols.reduce((s, v) => s * v, rhs);
  if (rp > MAX_ELEMENTS || cp > MAX_ELEMENTS) throw invalidRange(fn, 'rows', 'shapes whose product has ≤ 2³¹ − 1 entries', `${rows.join('·')} × ${cols.join('·')}`);
  const plan = k.kronPlan(rows, cols, transpose, rhs);
  if (plan.workLength > MAX_ELEMENTS) throw invalidRange(fn, 'rows', 'shapes whose intermediates have ≤ 2³¹ − 1 entries', `${rows.join('·')} × ${cols.join('·')}`);
  return plan;
}

/**
 * Runs a plan of kronPlan. @throws {TypeError} wrong kinds. @throws {RangeError} factors, input or work
 * buffers shorter than the plan needs.
 * @example
 * ```ts
 * import { kernels } from 'sublinear/kron';
 * const plan = kernels.kronPlan([1, 2], [1, 2], false);
 * const work: [Float64Array, Float64Array] = [new Float64Array(plan.workLength), new Float64Array(plan.workLength)];
 * console.log(kernels.kronApply(plan, [[2], [0, 1, 1, 0]], false, [1, 2], work)); // Float64Array [4, 2]
 * ```
 */
export function kronApply(plan: k.KronPlan, a: readonly Readable[], transpose: boolean, x: Readable, work: readonly [Float64Array, Float64Array]): Float64Array {
  const fn = 'kernels.kronApply';
  if (plan === null || typeof plan !== 'object' || !Array.isArray(plan.steps)) throw invalidType(fn, 'plan', 'a KronPlan from kernels.kronPlan', plan);
  size(fn, 'plan.inputLength', plan.inputLength); size(fn, 'plan.workLength', plan.workLength);
  if (!Array.isArray(a)) throw invalidType(fn, 'a', 'an array of factor data', a);
  checkBoolean(fn, 'transpose', transpose);
  plan.steps.forEach((s, i) => {
    if (s === null || typeof s !== 'object') throw invalidType(fn, `plan.steps[${i}]`, 'a KronStep', s);
    size(fn, `plan.steps[${i}].factor`, s.factor);
    if (s.factor >= a.length) throw invalidRange(fn, `plan.steps[${i}].factor`, `< a.length (${a.length})`, s.factor);
    for (const key of ['L', 'p', 'q', 'R'] as const) size(fn, `plan.steps[${i}].${key}`, s[key]);
    if (s.L * s.p * s.R > plan.workLength) throw invalidRange(fn, 'plan.workLength', `≥ ${s.L * s.p * s.R} (step ${i}'s output)`, plan.workLength);
    reads(fn, `a[${s.factor}]`, a[s.factor], s.p * s.q);
  });
  reads(fn, 'x', x, plan.inputLength);
  if (!Array.isArray(work) || work.length !== 2) throw invalidType(fn, 'work', 'two Float64Array work buffers', work);
  writes(fn, 'work[0]', work[0], plan.workLength, true);
  writes(fn, 'work[1]', work[1], plan.steps.length > 1 ? plan.workLength : 0, true);
  return k.kronApply(plan, a, transpose, x, work);
}

/**
 * g ← g ∘ (A Aᵀ)^∘power for the n×p rows of A. @throws {TypeError} wrong kinds. @throws {RangeError} arrays shorter than their shapes, power < 1.
 * @example
 * ```ts
 * import { kernels } from 'sublinear/kron';
 * const g = new Float64Array(4).fill(1);
 * kernels.hadamardGramInPlace(2, 1, [1, 2], g); // g = [1, 2, 2, 4]
 * ```
 */
export function hadamardGramInPlace(n: number, p: number, a: Readable, g: Float64Array, power = 1): void {
  const fn = 'kernels.hadamardGramInPlace';
  size(fn, 'n', n); size(fn, 'p', p); size(fn, 'power', power, 1);
  reads(fn, 'a', a, n * p);
  writes(fn, 'g', g, n * n, true);
  gramKernel(n, p, a, g, power);
}

/**
 * out[i·m + r] = ⟨w_r, x_i⟩ for Kronecker-structured x_i (factor k of point i: a[k][i·p_k …]).
 * @throws {TypeError} wrong kinds. @throws {RangeError} sizes out of range, arrays shorter than their shapes.
 * @example
 * ```ts
 * import { kernels } from 'sublinear/kron';
 * const out = new Float64Array(2);
 * kernels.kronLeafValuesKernel(1, 2, [2, 2], Float64Array.of(1, 0, 0, 1), [Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 2, 3, 4)], out);
 * console.log(out); // Float64Array [5, 25]
 * ```
 */
export function kronLeafValuesKernel(m: number, n: number, p: readonly number[], w: FloatArray, a: readonly FloatArray[], out: FloatArray, rStart = 0, rEnd = m): FloatArray {
  const fn = 'kernels.kronLeafValuesKernel';
  size(fn, 'm', m); size(fn, 'n', n);
  dims(fn, 'p', p);
  if (p.length === 0) throw invalidRange(fn, 'p.length', '≥ 1', 0);
  const d = p.reduce((s, v) => s * v, 1);
  if (d > MAX_ELEMENTS) throw invalidRange(fn, 'p', 'sizes whose product is ≤ 2³¹ − 1', p.join('·'));
  checkInteger(fn, 'rStart', rStart, 0, m);
  checkInteger(fn, 'rEnd', rEnd, rStart, m);
  writes(fn, 'w', w, m * d);
  if (!Array.isArray(a) || a.length !== p.length) throw invalidType(fn, 'a', `an array of ${p.length} factor arrays (one per entry of p)`, a);
  a.forEach((f, i) => writes(fn, `a[${i}]`, f, n * p[i]));
  writes(fn, 'out', out, n * m);
  return leavesKernel(m, n, p, w, a, out, rStart, rEnd);
}
