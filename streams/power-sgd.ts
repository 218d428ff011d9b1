import { defer, map, type OperatorFunction } from 'rxjs';
import { checkInteger, checkOptions, invalidRange, invalidType } from '../lib/core/errors.js';
import { Rng } from '../lib/core/rng.js';
import { emptyLike, type GradientEvent } from './event.js';

/** Where one matrix lives in the flat gradient: rows × cols entries, row-major, from `offset`. */
export interface PowerSgdMatrix { offset: number; rows: number; cols: number }

/** Options of powerSgd. */
export interface PowerSgdOptions {
  /** r, the rank of each approximation (an integer ≥ 1; capped at min(rows, cols) per matrix). */
  rank: number;
  /** The matrices in the gradient (non-overlapping); entries outside them (biases) pass through uncompressed. An event carries a flat gradient and no shape, so the layout is given here. */
  matrices: readonly PowerSgdMatrix[];
  /** Events passed through uncompressed first (no error feedback during warm-up), as the reference's start iteration (default 0). */
  warmupSteps?: number;
  /** Seed of the initial Q (and of any column re-drawn after it collapsed) (default 0). */
  seed?: number;
}

/** The event powerSgd emits: the compressed gradient, what error feedback carries to the next event, and the diagnostics. */
export type PowerSgdEvent<E extends GradientEvent> = E & { readonly residual: Float64Array; readonly diagnostics: Readonly<Record<string, number>> };

const KEYS = ['rank', 'matrices', 'warmupSteps', 'seed'];

/**
 * Replaces each matrix of each gradient by its rank-r PowerSGD approximation with error feedback
 * (Vogels, Karimireddy & Jaggi 2019): M = G + E, P = orth(M Q), Q ← Mᵀ P, emitted P Qᵀ, E ← M − P Qᵀ.
 * Like `scan` with (E, Q) as the accumulator: both are private to each subscription, and Q is warm-
 * started from the previous event (a column that collapses to zero is re-drawn from the seeded RNG so
 * the rank never shrinks for good). Adds `powerSgdCompression` (numbers in the gradient / numbers sent,
 * r(rows + cols) per matrix plus the uncompressed rest) and `powerSgdRelativeError` (‖M − P Qᵀ‖/‖M‖
 * over the matrices) to the diagnostics, and the residual E (gradient length, zero outside matrices).
 *
 * @example
 * ```ts
 * import { of } from 'rxjs';
 * import { powerSgd } from 'sublinear/streams';
 * const g = new Float64Array(12).map((_, i) => Math.sin(i)); // a 3 × 4 matrix
 * of({ step: 0, loss: 1, gradient: g })
 *   .pipe(powerSgd({ rank: 1, matrices: [{ offset: 0, rows: 3, cols: 4 }], seed: 1 }))
 *   .subscribe((e) => console.log(e.diagnostics)); // compression 12 / 7, relative error < 1
 * ```
 * @param options - rank, matrices, warmupSteps, seed.
 * @returns an operator on gradient events.
 * @throws {TypeError} options of the wrong kind. @throws {RangeError} a value out of range, overlapping matrices, an unknown option key. The stream errors with a RangeError for a gradient too short for the matrices or with NaN/±Infinity in a matrix (the residual is left as it was).
 */
export function powerSgd<E extends GradientEvent>(options: PowerSgdOptions): OperatorFunction<E, PowerSgdEvent<E>> {
  const fn = 'powerSgd';
  const o = checkOptions(fn, 'options', options);
  for (const key of Object.keys(o)) if (!KEYS.includes(key)) throw invalidRange(fn, `options.${key}`, `one of the known options (${KEYS.join(', ')})`, key);
  const rank = checkInteger(fn, 'options.rank', o.rank, 1);
  const warmup = checkInteger(fn, 'options.warmupSteps', o.warmupSteps ?? 0);
  const seed = checkInteger(fn, 'options.seed', o.seed ?? 0);
  if (!Array.isArray(o.matrices)) throw invalidType(fn, 'options.matrices', 'an array of { offset, rows, cols }', o.matrices);
  const mats = o.matrices.map((m, i) => {
    if (m === null || typeof m !== 'object') throw invalidType(fn, `options.matrices[${i}]`, 'an object { offset, rows, cols }', m);
    const offset = checkInteger(fn, `options.matrices[${i}].offset`, m.offset), rows = checkInteger(fn, `options.matrices[${i}].rows`, m.rows, 1), cols = checkInteger(fn, `options.matrices[${i}].cols`, m.cols, 1);
    return { offset, rows, cols, r: Math.min(rank, rows, cols) };
  });
  const sorted = [...mats].sort((a, b) => a.offset - b.offset);
  sorted.forEach((m, i) => { if (i > 0 && m.offset < sorted[i - 1].offset + sorted[i - 1].rows * sorted[i - 1].cols) throw invalidRange(fn, 'options.matrices', 'non-overlapping matrices', `a matrix at ${m.offset} inside the one at ${sorted[i - 1].offset}`); });
  const end = Math.max(0, ...mats.map((m) => m.offset + m.rows * m.cols));
  const sent = mats.reduce((s, m) => s + m.r * (m.rows + m.cols), 0), covered = mats.reduce((s, m) => s + m.rows * m.cols, 0);
  return (source) => defer(() => {
    const rng = new Rng(seed), Qs = mats.map((m) => rng.fillGaussian(new Float64Array(m.cols * m.r)));
    let residual: Float64Array | null = null, seen = 0;
    return source.pipe(map((event) => {
      const g = event.gradient, n = g.length;
      if (n < end) throw invalidRange(fn, 'event.gradient.length', `at least ${end} (the end of the last matrix)`, n);
      for (const m of mats) for (let i = m.offset; i < m.offset + m.rows * m.cols; i++) if (!Number.isFinite(g[i])) throw invalidRange(fn, `event.gradient[${i}]`, 'a finite number', g[i]);
      if (residual !== null && residual.length !== n) throw invalidRange(fn, 'event.gradient.length', `${residual.length} (the length of earlier gradients)`, n);
      const E = residual ?? new Float64Array(n);
      residual = E;
      const out = emptyLike(g);
      out.set(g);
      seen++;
      if (seen <= warmup) return { ...event, gradient: out, residual: E.slice(), diagnostics: { ...event.diagnostics, powerSgdCompression: 1, powerSgdRelativeError: 0 } } as PowerSgdEvent<E>;
      let err2 = 0, norm2 = 0;
      mats.forEach((m, k) => {
        const { offset, rows, cols, r } = m, Q = Qs[k];
        const M = new Float64Array(rows * cols);
        for (let i = 0; i < rows * cols; i++) { M[i] = g[offset + i] + E[offset + i]; norm2 += M[i] * M[i]; }
        const P = new Float64Array(rows * r);
        for (let i = 0; i < rows; i++) for (let j = 0; j < r; j++) { let s = 0; for (let c = 0; c < cols; c++) s += M[i * cols + c] * Q[c * r + j]; P[i * r + j] = s; }
        const kept = orthonormalizeColumns(rows, r, P);
        for (let j = 0; j < r; j++) for (let c = 0; c < cols; c++) { let s = 0; for (let i = 0; i < rows; i++) s += M[i * cols + c] * P[i * r + j]; Q[c * r + j] = s; }
        for (let i = 0; i < rows; i++) {
          for (let c = 0; c < cols; c++) {
            let s = 0;
            for (let j = 0; j < r; j++) s += P[i * r + j] * Q[c * r + j];
            const e = M[i * cols + c] - s;
            out[offset + i * cols + c] = s; E[offset + i * cols + c] = e; err2 += e * e;
          }
        }
        // A collapsed column (M Q had no component there) would stay zero forever: draw it afresh.
        for (let j = 0; j < r; j++) if (!kept[j]) for (let c = 0; c < cols; c++) Q[c * r + j] = rng.gaussian();
      });
      const relativeError = norm2 > 0 ? Math.sqrt(err2 / norm2) : 0;
      return { ...event, gradient: out, residual: E.slice(), diagnostics: { ...event.diagnostics, powerSgdCompression: n / (sent + n - covered), powerSgdRelativeError: relativeError } } as PowerSgdEvent<E>;
    }));
  });
}

/** Modified Gram–Schmidt, twice, on the r columns of P (rows × r, in place); a column left with under 1e-10 of its norm is zeroed. Returns which were kept. */
function orthonormalizeColumns(rows: number, r: number, P: Float64Array): boolean[] {
  const kept: boolean[] = [];
  for (let j = 0; j < r; j++) {
    let before = 0;
    for (let i = 0; i < rows; i++) before += P[i * r + j] ** 2;
    for (let pass = 0; pass < 2; pass++) {
      for (let q = 0; q < j; q++) {
        if (!kept[q]) continue;
        let d = 0;
        for (let i = 0; i < rows; i++) d += P[i * r + j] * P[i * r + q];
        for (let i = 0; i < rows; i++) P[i * r + j] -= d * P[i * r + q];
      }
    }
    let after = 0;
    for (let i = 0; i < rows; i++) after += P[i * r + j] ** 2;
    kept[j] = before > 0 && after > 1e-20 * before;
    const s = kept[j] ? 1 / Math.sqrt(after) : 0;
    for (let i = 0; i < rows; i++) P[i * r + j] *= s;
  }
  return kept;
}
