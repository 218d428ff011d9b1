/**
 * Specialized main loops of the fused SONew step, one per band 2 … 8: the same arithmetic as
 * sonewColumnsGeneric (sonew-kernels.ts) on the columns j < n − 2·band (where the band of j and of the look-ahead column j + band exist),
 * with every loop over the band unrolled into straight-line code on local variables. The clique
 * solve is an LDLᵀ factorization of Ĥ_II (no square roots), with the same prefix rule: row k is kept
 * only while its pivot exceeds δ·Ĥ_kk and the Schur complement stays above δ·Ĥ_jj.
 *
 * The source is generated from the band and compiled once per band and thread with `new Function`;
 * where that is not allowed (a strict content-security policy), the generic loop runs instead. The
 * property tests check the two against each other and against bandedLogDetInverse.
 */
import type { FloatArray } from '../core/matrix.js';

/** A specialized main loop: columns [0, n − 2·band) of the fused step, carrying `pend` in and out. */
export type UnrolledSonewKernel = (
  n: number, g: FloatArray, mu: FloatArray, h: FloatArray, out: FloatArray, c1: number, c2: number,
  beta1: number, beta2: number, eps: number, adamEps: number, floor: number, delta: number, stats: Float64Array, pend: Float64Array,
) => void;

/** The largest band with a specialized kernel. */
export const MAX_UNROLLED_BAND = 8;

/** JavaScript source of the body of the specialized kernel for `band` ≥ 2. */
export function unrolledSource(band: number): string {
  const b = band, w = b + 1, L: string[] = [];
  const sum = (terms: string[]) => (terms.length ? ' - ' + terms.join(' - ') : '');
  L.push('const a1 = 1 - beta1, a2 = 1 - beta2;');
  L.push('let uu = 0, aa = 0, dropped = 0, minRatio = stats[3];');
  for (let k = 0; k < b; k++) L.push(`let p${k} = pend[${k}];`);
  // Columns j < n − 2·band: the look-ahead column j + band has its whole band too.
  L.push(`for (let j = 0, end = n - ${2 * b}; j < end; j++) {`);
  // Statistics and moment of column j + band (ahead of the factor), unrolled.
  L.push(`  { const a = j + ${b}, ga = g[a], hb = a * ${w}, ag = a2 * ga; mu[a] = beta1 * mu[a] + a1 * ga;`);
  for (let k = 0; k <= b; k++) L.push(`    h[hb + ${k}] = beta2 * h[hb + ${k}] + ag * g[a + ${k}];`);
  L.push('  }');
  L.push(`  const base = j * ${w}, hRaw = h[base];`);
  L.push('  let hjj = hRaw * c2 + eps; if (!(hjj >= floor)) hjj = floor;');
  L.push('  let s = hjj, mEff = 0;');
  for (let k = 0; k < b; k++) L.push(`  let z${k} = 0;`);
  for (let k = 1; k < b; k++) for (let i = 0; i < k; i++) L.push(`  let l${k}_${i} = 0;`);
  L.push('  col: {');
  for (let k = 0; k < b; k++) {
    L.push(`    let d${k} = h[base + ${(k + 1) * w}] * c2 + eps; if (!(d${k} >= floor)) d${k} = floor;`);
    L.push(`    const lim${k} = delta * d${k};`);
    for (let i = 0; i < k; i++) {
      const terms = Array.from({ length: i }, (_, q) => `l${i}_${q} * t${k}_${q}`);
      L.push(`    const t${k}_${i} = h[base + ${(1 + i) * w + (k - i)}] * c2${sum(terms)};`);
      L.push(`    l${k}_${i} = t${k}_${i} * r${i};`);
    }
    if (k > 0) L.push(`    d${k} -= ${Array.from({ length: k }, (_, i) => `l${k}_${i} * t${k}_${i}`).join(' + ')};`);
    L.push(`    if (!(d${k} > lim${k})) break col;`);
    L.push(`    const r${k} = 1 / d${k};`);
    L.push(`    const y${k} = h[base + ${k + 1}] * c2${sum(Array.from({ length: k }, (_, q) => `l${k}_${q} * y${q}`))};`);
    L.push(`    const s${k} = s - y${k} * y${k} * r${k};`);
    L.push(`    if (!(s${k} > delta * hjj)) break col;`);
    L.push(`    s = s${k}; z${k} = y${k} * r${k}; mEff = ${k + 1};`);
  }
  L.push('  }');
  // ψ = L⁻ᵀ z (z is zero past the kept prefix, so ψ is too).
  for (let k = b - 1; k >= 0; k--) {
    L.push(`  const q${k} = z${k}${sum(Array.from({ length: b - 1 - k }, (_, d) => `l${k + 1 + d}_${k} * q${k + 1 + d}`))};`);
  }
  L.push('  dropped += ' + b + ' - mEff;');
  L.push('  if (s < minRatio * hjj) minRatio = s / hjj;');
  L.push('  const mj = mu[j], mh = mj * c1;');
  L.push(`  const u = c1 * (mj - ${Array.from({ length: b }, (_, k) => `q${k} * mu[j + ${k + 1}]`).join(' - ')}) / s;`);
  L.push('  const o = u + p0;');
  for (let k = 0; k < b - 1; k++) L.push(`  p${k} = p${k + 1} - q${k} * u;`);
  L.push(`  p${b - 1} = -q${b - 1} * u;`);
  L.push('  out[j] = o; uu += o * o;');
  L.push('  const adam = mh / (Math.sqrt(hRaw * c2) + adamEps); aa += adam * adam;');
  L.push('}');
  for (let k = 0; k < b; k++) L.push(`pend[${k}] = p${k};`);
  L.push('stats[0] += uu; stats[1] += aa; stats[2] += dropped; stats[3] = minRatio;');
  return L.join('\n');
}

const PARAMETERS = ['n', 'g', 'mu', 'h', 'out', 'c1', 'c2', 'beta1', 'beta2', 'eps', 'adamEps', 'floor', 'delta', 'stats', 'pend'];
const compiled = new Map<number, UnrolledSonewKernel | null>();

/** The specialized kernel for `band`, compiled on first use; null outside 2 … 8 or where code generation is not allowed. */
export function unrolledKernel(band: number): UnrolledSonewKernel | null {
  let kernel = compiled.get(band);
  if (kernel === undefined) {
    kernel = null;
    if (band >= 2 && band <= MAX_UNROLLED_BAND) {
      try {
        kernel = new Function(...PARAMETERS, unrolledSource(band)) as UnrolledSonewKernel;
      } catch {
        kernel = null;
      }
    }
    compiled.set(band, kernel);
  }
  return kernel;
}
