import { checkAllocation } from './allocation.js';
import { checkFinite, checkInteger, checkPositive, invalidRange, invalidType } from './errors.js';
import type { FloatArray } from './matrix.js';

/** splitmix32 step: spreads a 32-bit state into a well-mixed 32-bit output. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return [next, (z ^ (z >>> 15)) >>> 0];
}

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_53 = 1 / 9007199254740992;

/**
 * A seeded pseudo-random generator: xoshiro128** seeded by splitmix32, in 32-bit integer arithmetic
 * only (`Math.imul`, shifts), so the same `(seed, stream)` gives the same sequence on every machine,
 * every thread and every worker. Gaussians use the Marsaglia polar method (`Math.log`, `Math.sqrt`).
 *
 * @example
 * ```ts
 * import { Rng } from 'sublinear/core';
 * const a = new Rng(42), b = new Rng(42);
 * console.log(a.uniform() === b.uniform()); // true
 * const worker3 = new Rng(42, 3); // an independent stream for worker 3
 * console.log(worker3.gaussian());
 * ```
 */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare = NaN;

  /**
   * @param seed - a safe integer ≥ 0.
   * @param stream - an integer ≥ 0 selecting an independent stream for the same seed (one per worker).
   * @throws {TypeError} a seed or stream that is not a number. @throws {RangeError} not a safe integer ≥ 0.
   */
  constructor(seed: number, stream = 0) {
    checkInteger('Rng', 'seed', seed);
    checkInteger('Rng', 'stream', stream);
    let state = (seed % TWO_POW_32) ^ Math.imul(Math.floor(seed / TWO_POW_32), 0x85ebca6b);
    state = (state ^ Math.imul(stream + 1, 0x27d4eb2f)) | 0;
    let out: number;
    [state, out] = splitmix32(state); this.s0 = out;
    [state, out] = splitmix32(state); this.s1 = out;
    [state, out] = splitmix32(state); this.s2 = out;
    [state, out] = splitmix32(state); this.s3 = out;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    for (let i = 0; i < 8; i++) this.nextUint32();
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    let n2 = s2 ^ s0, n3 = s3 ^ s1;
    const n1 = s1 ^ n2, n0 = s0 ^ n3;
    n2 ^= t;
    n3 = (n3 << 11) | (n3 >>> 21);
    this.s0 = n0; this.s1 = n1; this.s2 = n2; this.s3 = n3;
    return result;
  }

  /** A double uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5, lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) * TWO_POW_MINUS_53;
  }

  /**
   * An integer uniform on [0, n), without modulo bias.
   * @throws {RangeError} n not an integer in [1, 2^32].
   */
  uniformInt(n: number): number {
    if (typeof n !== 'number') throw invalidType('Rng.uniformInt', 'n', 'an integer in [1, 2^32]', n);
    if (!(Number.isInteger(n) && n >= 1 && n <= TWO_POW_32)) throw invalidRange('Rng.uniformInt', 'n', 'an integer in [1, 2^32]', n);
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x: number;
    do x = this.nextUint32(); while (x >= limit);
    return x % n;
  }

  /** +1 or −1 with equal probability. */
  sign(): number {
    return (this.nextUint32() & 1) === 0 ? 1 : -1;
  }

  /** A standard normal sample (mean 0, variance 1). */
  gaussian(): number {
    if (!Number.isNaN(this.spare)) {
      const v = this.spare;
      this.spare = NaN;
      return v;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  /** Fills `out` with N(mean, std²) samples and returns it. */
  fillGaussian<T extends FloatArray | number[]>(out: T, mean = 0, std = 1): T {
    checkWritable('Rng.fillGaussian', out);
    checkFinite('Rng.fillGaussian', 'mean', mean);
    checkPositive('Rng.fillGaussian', 'std', std, true);
    const length = out.length;
    let i = 0;
    if (i < length && !Number.isNaN(this.spare)) out[i++] = mean + std * this.gaussian();
    // The polar method with the generator's state in locals (the same draws as gaussian(), about 2× faster).
    let s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
    for (; i + 1 < length; i += 2) {
      let u: number, v: number, s: number;
      do {
        let x = Math.imul(s1, 5), t = s1 << 9;
        const a = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = (s3 << 11) | (s3 >>> 21);
        x = Math.imul(s1, 5); t = s1 << 9;
        const b = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = (s3 << 11) | (s3 >>> 21);
        x = Math.imul(s1, 5); t = s1 << 9;
        const c = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = (s3 << 11) | (s3 >>> 21);
        x = Math.imul(s1, 5); t = s1 << 9;
        const d = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = (s3 << 11) | (s3 >>> 21);
        u = 2 * (((a >>> 5) * 67108864 + (b >>> 6)) * TWO_POW_MINUS_53) - 1;
        v = 2 * (((c >>> 5) * 67108864 + (d >>> 6)) * TWO_POW_MINUS_53) - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      out[i] = mean + std * (u * f);
      out[i + 1] = mean + std * (v * f);
    }
    this.s0 = s0; this.s1 = s1; this.s2 = s2; this.s3 = s3;
    if (i < length) out[i] = mean + std * this.gaussian();
    return out;
  }

  /** Fills `out` with uniform samples on [low, high) and returns it. */
  fillUniform<T extends FloatArray | number[]>(out: T, low = 0, high = 1): T {
    checkWritable('Rng.fillUniform', out);
    checkFinite('Rng.fillUniform', 'low', low);
    checkFinite('Rng.fillUniform', 'high', high);
    if (!(Number.isFinite(low) && Number.isFinite(high) && low <= high && Number.isFinite(high - low))) {
      throw invalidRange('Rng.fillUniform', 'high', `a finite number ≥ low (${low})`, high);
    }
    for (let i = 0; i < out.length; i++) out[i] = low + (high - low) * this.uniform();
    return out;
  }

  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    if (!(Array.isArray(array) || (ArrayBuffer.isView(array) && !(array instanceof DataView)))) {
      throw invalidType('Rng.shuffle', 'array', 'an array or typed array', array);
    }
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.uniformInt(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  /** `k` distinct integers from [0, n), in random order (Floyd's algorithm when k ≪ n). */
  sample(n: number, k: number): Int32Array {
    checkInteger('Rng.sample', 'n', n, 0, 2 ** 31 - 1);
    checkInteger('Rng.sample', 'k', k, 0, n);
    checkAllocation('Rng.sample', 'n', k * 4 > n ? n : k, 4);
    const out = new Int32Array(k);
    if (k * 4 > n) {
      const all = new Int32Array(n);
      for (let i = 0; i < n; i++) all[i] = i;
      for (let i = 0; i < k; i++) {
        const j = i + this.uniformInt(n - i);
        const t = all[i]; all[i] = all[j]; all[j] = t;
        out[i] = all[i];
      }
      return out;
    }
    const seen = new Set<number>();
    for (let j = n - k, i = 0; j < n; j++, i++) {
      const t = this.uniformInt(j + 1);
      const pick = seen.has(t) ? j : t;
      seen.add(pick);
      out[i] = pick;
    }
    return this.shuffle(out);
  }
}

/** A TypeError unless `out` is a plain array or a Float64Array / Float32Array (what the fills write). */
function checkWritable(fn: string, out: unknown): void {
  if (!(Array.isArray(out) || out instanceof Float64Array || out instanceof Float32Array)) {
    throw invalidType(fn, 'out', 'a Float64Array, Float32Array or array', out);
  }
}
