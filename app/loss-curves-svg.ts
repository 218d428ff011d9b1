/**
 * Loss curves as a hand-written SVG: one polyline per series on a log-scale loss axis, axes with
 * ticks, a legend. No dependency; the output is a standalone file any browser or GitHub renders.
 */

export interface LossSeries {
  name: string;
  /** [step, loss] points, steps increasing. */
  points: [number, number][];
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf'];
const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Round tick values on a log axis between lo and hi: 1, 2, 5 × powers of ten. */
function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 1.5, 2, 3, 5, 7]) { const v = m * 10 ** e; if (v >= lo && v <= hi) ticks.push(v); }
  }
  return ticks;
}

/** An SVG document plotting `series` (loss against step, log loss axis). */
export function lossCurvesSvg(series: LossSeries[], title: string, options: { width?: number; height?: number; yLabel?: string } = {}): string {
  const width = options.width ?? 860, height = options.height ?? 460;
  const m = { left: 64, right: 250, top: 36, bottom: 48 };
  const pw = width - m.left - m.right, ph = height - m.top - m.bottom;
  const all = series.flatMap((s) => s.points);
  const xMax = Math.max(...all.map((p) => p[0]));
  const yLo = Math.min(...all.map((p) => p[1])) * 0.97, yHi = Math.max(...all.map((p) => p[1])) * 1.03;
  const x = (v: number): number => m.left + (v / xMax) * pw;
  const y = (v: number): number => m.top + ph - ((Math.log(v) - Math.log(yLo)) / (Math.log(yHi) - Math.log(yLo))) * ph;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escape(title)}</text>`,
    `<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const v = Math.round((xMax * i) / 5), px = x(v).toFixed(1);
    out.push(`<line x1="${px}" y1="${m.top + ph}" x2="${px}" y2="${m.top + ph + 5}" stroke="#333"/>`, `<text x="${px}" y="${m.top + ph + 18}" text-anchor="middle">${v}</text>`);
  }
  for (const v of logTicks(yLo, yHi)) {
    const py = y(v).toFixed(1);
    out.push(`<line x1="${m.left}" y1="${py}" x2="${m.left + pw}" y2="${py}" stroke="#ddd"/>`, `<text x="${m.left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">${v}</text>`);
  }
  out.push(`<text x="${m.left + pw / 2}" y="${height - 10}" text-anchor="middle">step</text>`);
  out.push(`<text transform="translate(16 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">${escape(options.yLabel ?? 'train loss (log scale)')}</text>`);
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = s.points.map(([a, b]) => `${x(a).toFixed(1)},${y(b).toFixed(1)}`).join(' ');
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="1.6" points="${pts}"/>`);
    const ly = m.top + 14 + i * 20;
    out.push(`<line x1="${m.left + pw + 14}" y1="${ly}" x2="${m.left + pw + 40}" y2="${ly}" stroke="${color}" stroke-width="2.5"/>`, `<text x="${m.left + pw + 46}" y="${ly}" dominant-baseline="middle">${escape(s.name)}</text>`);
  });
  out.push('</svg>');
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
