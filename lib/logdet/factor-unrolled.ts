/**
 * Specialized factor kernels for bands 2 … 8: factorBandedColumns (kernels.ts) on columns whose whole
 * band exists (j + band < n), with the loops over the band unrolled into straight-line code on local
 * variables and the clique solve done as an LDLᵀ factorization (no square roots) under the same prefix
 * rule. A column whose L would not fit the storage is redone by the generic kernel (`fallback`).
 * Compiled once per band and thread with `new Function`; null where code generation is not allowed.
 */
import type { FloatArray } from '../core/matrix.js';

/** The generic kernel's signature (factorBandedColumns), used for fallback columns. */
export type FactorKernel = (
  n: number, band: number, h: FloatArray, f: FloatArray, start: number, end: number,
  scale: number, shift: number, floor: number, delta: number, outScale: number, maxEntry: number,
  work: Float64Array, stats: Float64Array,
) => void;

/** A specialized kernel: columns [start, end) with end ≤ n − band. */
export type UnrolledFactorKernel = (
  n: number, h: FloatArray, f: FloatArray, start: number, end: number, scale: number, shift: number, floor: number,
  delta: number, outScale: number, maxEntry: number, stats: Float64Array, fallback: FactorKernel, work: Float64Array,
) => void;

/** JavaScript source of the specialized factor kernel for `band` ≥ 2. */
export function factorUnrolledSource(band: number): string {
  const b = band, w = b + 1, L: string[] = [];
  const minus = (terms: string[]) => (terms.length ? ' - ' + terms.join(' - ') : '');
  const range = (m: number) => Array.from({ length: m }, (_, i) => i);
  L.push('let dropped = 0, raised = 0, minRatio = stats[2];');
  L.push('for (let j = start; j < end; j++) {');
  L.push(`  const base = j * ${w};`);
  L.push('  let hjj = scale * h[base] + shift, up = 0; if (!(hjj >= floor)) { hjj = floor; up = 1; }');
  L.push('  let s = hjj, mEff = 0;');
  for (const k of range(b)) L.push(`  let z${k} = 0;`);
  for (let k = 1; k < b; k++) for (const i of range(k)) L.push(`  let l${k}_${i} = 0;`);
  L.push('  col: {');
  for (const k of range(b)) {
    L.push(`    let d${k} = scale * h[base + ${(k + 1) * w}] + shift; if (!(d${k} >= floor)) d${k} = floor;`);
    L.push(`    const lim${k} = delta * d${k};`);
    for (const i of range(k)) {
      L.push(`    const t${k}_${i} = scale * h[base + ${(1 + i) * w + (k - i)}]${minus(range(i).map((q) => `l${i}_${q} * t${k}_${q}`))};`);
      L.push(`    l${k}_${i} = t${k}_${i} * r${i};`);
    }
    if (k > 0) L.push(`    d${k} -= ${range(k).map((i) => `l${k}_${i} * t${k}_${i}`).join(' + ')};`);
    L.push(`    if (!(d${k} > lim${k})) break col;`);
    L.push(`    const r${k} = 1 / d${k};`);
    L.push(`    const y${k} = scale * h[base + ${k + 1}]${minus(range(k).map((q) => `l${k}_${q} * y${q}`))};`);
    L.push(`    const s${k} = s - y${k} * y${k} * r${k};`);
    L.push(`    if (!(s${k} > delta * hjj)) break col;`);
    L.push(`    s = s${k}; z${k} = y${k} * r${k}; mEff = ${k + 1};`);
  }
  L.push('  }');
  for (let k = b - 1; k >= 0; k--) {
    L.push(`  const q${k} = z${k}${minus(range(b - 1 - k).map((d) => `l${k + 1 + d}_${k} * q${k + 1 + d}`))};`);
  }
  L.push(`  if (!(${range(b).map((k) => `Math.abs(q${k}) <= maxEntry`).join(' && ')})) {`);
  L.push('    stats[0] += dropped; stats[1] += raised; stats[2] = minRatio;');
  L.push('    fallback(n, ' + b + ', h, f, j, j + 1, scale, shift, floor, delta, outScale, maxEntry, work, stats);');
  L.push('    dropped = 0; raised = 0; minRatio = stats[2];');
  L.push('    continue;');
  L.push('  }');
  L.push(`  raised += up; dropped += ${b} - mEff;`);
  L.push('  if (s < minRatio * hjj) minRatio = s / hjj;');
  L.push('  const d = outScale / s; f[base] = d < maxEntry ? d : maxEntry;');
  for (const k of range(b)) L.push(`  f[base + ${k + 1}] = -q${k};`);
  L.push('}');
  L.push('stats[0] += dropped; stats[1] += raised; stats[2] = minRatio;');
  return L.join('\n');
}

const PARAMETERS = ['n', 'h', 'f', 'start', 'end', 'scale', 'shift', 'floor', 'delta', 'outScale', 'maxEntry', 'stats', 'fallback', 'work'];
const compiled = new Map<number, UnrolledFactorKernel | null>();

/** The specialized factor kernel for `band`, compiled on first use; null outside 2 … 8 or without code generation. */
export function unrolledFactorKernel(band: number): UnrolledFactorKernel | null {
  let kernel = compiled.get(band);
  if (kernel === undefined) {
    kernel = null;
    if (band >= 2 && band <= 8) {
      try {
        kernel = new Function(...PARAMETERS, factorUnrolledSource(band)) as UnrolledFactorKernel;
      } catch {
        kernel = null;
      }
    }
    compiled.set(band, kernel);
  }
  return kernel;
}
