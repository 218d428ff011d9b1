/**
 * Loss curves as a standalone SVG file: one line per series on a log-scale loss axis, tick positions
 * and labels from d3-scale (`scaleLog`/`scaleLinear` `.ticks()` and `.tickFormat()`), at most
 * MAX_TICKS labelled ticks per axis, labelled axes and a legend. Any browser or GitHub renders it.
 */
import { scaleLinear, scaleLog } from 'd3-scale';

export interface LossSeries {
  name: string;
  /** [step, loss] points, steps increasing, losses > 0. */
  points: [number, number][];
}

/** The most labelled ticks on an axis. */
export const MAX_TICKS = 10;

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf'];
const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A tick label without float noise: 6 significant digits at most, exponent form below 1e-3 and from 1e5. */
export function tickLabel(v: number): string {
  const r = Number(v.toPrecision(6));
  if (r !== 0 && (Math.abs(r) < 1e-3 || Math.abs(r) >= 1e5)) return r.toExponential().replace('e+', 'e');
  return String(r);
}

/** Every k-th entry (k the smallest that leaves at most `max`), always keeping the first. */
function thin<T>(xs: T[], max: number): T[] {
  const k = Math.ceil(xs.length / max);
  return k <= 1 ? xs : xs.filter((_, i) => i % k === 0);
}

/**
 * Labelled ticks of a log axis over [lo, hi]. Less than a decade: d3's linear ticks (round steps,
 * e.g. 0.96, 0.98, 1, …), which read better there than sparse log ticks. Otherwise d3's log ticks,
 * kept where d3's tickFormat labels them (1, 2, 3 or 1, 2, 5 × 10^k when there is room, decades
 * when the range is wide), thinned to MAX_TICKS (powers of ten first).
 */
export function logTicks(lo: number, hi: number): number[] {
  if (hi / lo < 10) return scaleLinear().domain([lo, hi]).ticks(6);
  const scale = scaleLog().domain([lo, hi]);
  const label = scale.tickFormat(6, '~g'); // labels about 6 of d3's ticks: 1, 2, 3 (or 1, 2, 5) × 10^k, or decades
  let ticks = scale.ticks().filter((v) => label(v) !== '');
  if (ticks.length > MAX_TICKS) {
    const decades = ticks.filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
    ticks = decades.length >= 2 ? thin(decades, MAX_TICKS) : thin(ticks, MAX_TICKS);
  }
  return ticks;
}

/** Labelled ticks of the step axis over [0, max]: d3's linear ticks that are whole steps. */
export function stepTicks(max: number): number[] {
  return scaleLinear().domain([0, Math.max(1, max)]).ticks(8).filter(Number.isInteger);
}

/** An SVG document plotting `series` (loss against step on a log loss axis). */
export function lossCurvesSvg(series: LossSeries[], title: string, options: { width?: number; height?: number; yLabel?: string } = {}): string {
  const width = options.width ?? 860, height = options.height ?? 460;
  const legendWidth = Math.min(320, 60 + 7 * Math.max(8, ...series.map((s) => s.name.length)));
  const m = { left: 78, right: legendWidth + 16, top: 40, bottom: 54 };
  const pw = width - m.left - m.right, ph = height - m.top - m.bottom;
  const all = series.flatMap((s) => s.points).filter(([, v]) => v > 0 && Number.isFinite(v));
  const xMax = Math.max(1, ...all.map((p) => p[0]));
  let yLo = Math.min(...all.map((p) => p[1])), yHi = Math.max(...all.map((p) => p[1]));
  if (!(yLo > 0)) { yLo = 1; yHi = 10; }
  const y = scaleLog().domain(yHi / yLo >= 10 ? [yLo, yHi] : [yLo / 1.03, yHi * 1.03]).range([m.top + ph, m.top]);
  if (yHi / yLo >= 10) y.nice();
  const x = scaleLinear().domain([0, xMax]).range([m.left, m.left + pw]);
  const [dLo, dHi] = y.domain();
  const f = (v: number) => v.toFixed(1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text class="title" x="${f(m.left + pw / 2)}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escape(title)}</text>`,
    '<g class="y-axis">',
  ];
  for (const v of logTicks(dLo, dHi)) {
    const py = f(y(v));
    out.push(`<line x1="${m.left}" y1="${py}" x2="${m.left + pw}" y2="${py}" stroke="#e3e3e3"/>`,
      `<line x1="${m.left - 5}" y1="${py}" x2="${m.left}" y2="${py}" stroke="#333"/>`,
      `<text class="tick-label" x="${m.left - 8}" y="${py}" text-anchor="end" dominant-baseline="middle">${tickLabel(v)}</text>`);
  }
  out.push('</g>', '<g class="x-axis">');
  for (const v of stepTicks(xMax)) {
    const px = f(x(v));
    out.push(`<line x1="${px}" y1="${m.top}" x2="${px}" y2="${m.top + ph}" stroke="#f0f0f0"/>`,
      `<line x1="${px}" y1="${m.top + ph}" x2="${px}" y2="${m.top + ph + 5}" stroke="#333"/>`,
      `<text class="tick-label" x="${px}" y="${m.top + ph + 19}" text-anchor="middle">${tickLabel(v)}</text>`);
  }
  out.push('</g>', `<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`,
    `<text class="axis-label" x="${f(m.left + pw / 2)}" y="${height - 12}" text-anchor="middle" font-size="13">step</text>`,
    `<text class="axis-label" transform="translate(18 ${f(m.top + ph / 2)}) rotate(-90)" text-anchor="middle" font-size="13">${escape(options.yLabel ?? 'train loss')} (log scale)</text>`);
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = s.points.filter(([, v]) => v > 0 && Number.isFinite(v));
    out.push(`<polyline class="series" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round" points="${pts.map(([a, b]) => `${f(x(a))},${f(y(b))}`).join(' ')}"/>`);
    if (pts.length <= 40) for (const [a, b] of pts) out.push(`<circle cx="${f(x(a))}" cy="${f(y(b))}" r="2.8" fill="${color}"/>`);
  });
  const lx = m.left + pw + 16, ly = m.top;
  out.push(`<g class="legend"><rect x="${lx}" y="${ly}" width="${legendWidth}" height="${16 + 22 * series.length}" fill="white" stroke="#bbb"/>`);
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length], yy = ly + 19 + i * 22;
    out.push(`<line x1="${lx + 10}" y1="${yy}" x2="${lx + 38}" y2="${yy}" stroke="${color}" stroke-width="3"/>`, `<text x="${lx + 46}" y="${yy}" dominant-baseline="middle">${escape(s.name)}</text>`);
  });
  out.push('</g>', '</svg>');
  return out.join('\n') + '\n';
}

/** Moving average of `values` over `window` steps, sampled at about `maxPoints` points: [step, mean] with step = index + 1. */
export function smoothed(values: ArrayLike<number>, window: number, maxPoints = 300): [number, number][] {
  const out: [number, number][] = [];
  const every = Math.max(1, Math.floor(values.length / maxPoints));
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    if (i >= window) sum -= values[i - window];
    if ((i + 1) % every === 0 || i === values.length - 1) out.push([i + 1, sum / Math.min(i + 1, window)]);
  }
  return out;
}
