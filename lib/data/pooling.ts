import { allocate, checkInteger, checkMatrix, dtypeOf, invalidRange, type Matrix } from '../core/index.js';

/**
 * Average pooling of square images stored one per row: each `factor × factor` tile of a `side × side`
 * image becomes its mean, so 28 × 28 digits become 14 × 14 (factor 2) or 7 × 7 (factor 4). Fewer
 * pixels p make the degree-2 features vec(x xᵀ) (d = p²) of a digit smaller by factor⁴.
 *
 * @param images - count × side² pixels, row-major images (any dtype; the result has the same one).
 * @param factor - the tile size, an integer ≥ 1 that divides the side.
 * @param side - the image side; default √(images.cols), which must then be an integer.
 * @returns a count × (side/factor)² matrix, freshly allocated.
 * @throws {TypeError} images not a Matrix, factor or side not a number.
 * @throws {RangeError} side not an integer with side² = images.cols, factor not an integer in [1, side] dividing side.
 * @example
 * ```ts
 * import { matrix } from 'sublinear/core';
 * import { averagePool } from 'sublinear/data';
 * const image = matrix([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]]); // one 4 × 4 image
 * console.log(averagePool(image, 2).data); // Float64Array [3.5, 5.5, 11.5, 13.5]
 * ```
 */
export function averagePool(images: Matrix, factor: number, side?: number): Matrix {
  const fn = 'averagePool';
  checkMatrix(fn, 'images', images);
  const s = side === undefined ? Math.round(Math.sqrt(images.cols)) : checkInteger(fn, 'side', side, 1);
  if (s * s !== images.cols) throw invalidRange(fn, side === undefined ? 'images.cols' : 'side', `a square number of pixels per image (side² = images.cols = ${images.cols})`, side ?? images.cols);
  checkInteger(fn, 'factor', factor, 1, s);
  if (s % factor !== 0) throw invalidRange(fn, 'factor', `a divisor of the image side ${s}`, factor);
  const t = s / factor, count = images.rows, src = images.data, scale = 1 / (factor * factor);
  const out = allocate(count * t * t, dtypeOf(images.data));
  const acc = new Float64Array(t * t);
  for (let i = 0; i < count; i++) {
    acc.fill(0);
    const base = i * s * s;
    for (let y = 0; y < s; y++) {
      const row = ((y / factor) | 0) * t;
      for (let x = 0; x < s; x++) acc[row + ((x / factor) | 0)] += src[base + y * s + x];
    }
    for (let k = 0; k < t * t; k++) out[i * t * t + k] = acc[k] * scale;
  }
  return { rows: count, cols: t * t, data: out };
}
