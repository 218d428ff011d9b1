/**
 * The kronecker-digits plot: held-out accuracy against CPU seconds (log axis), one polyline per
 * configuration, dashed where the curve is derived (dense SGD on explicit pairwise features: the
 * KroneckerSGD iterates at that dense configuration's measured build and step cost).
 */
import { scaleLinear, scaleLog } from 'd3-scale';

export interface AccuracySeries {
  name: string;
  /** [CPU seconds, accuracy] points, time increasing. */
  points: [number, number][];
  dashed?: boolean;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf', '#e377c2', '#7f7f7f'];
const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A standalone SVG document of the series. */
export function accuracySvg(series: AccuracySeries[], title: string): string {
  const width = 940, height = 480, m = { left: 64, right: 330, top: 36, bottom: 48 };
  const pw = width - m.left - m.right, ph = height - m.top - m.bottom;
  const all = series.flatMap((s) => s.points).filter(([t]) => t > 0);
  const x = scaleLog().domain([Math.min(...all.map((p) => p[0])) * 0.9, Math.max(...all.map((p) => p[0])) * 1.1]).range([m.left, m.left + pw]);
  const y = scaleLinear().domain([Math.min(0.4, ...all.map((p) => p[1])), 1]).range([m.top + ph, m.top]);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escape(title)}</text>`,
    `<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`,
  ];
  for (const v of x.ticks(8)) {
    const px = x(v).toFixed(1), label = x.tickFormat(8, '~g')(v);
    out.push(`<line x1="${px}" y1="${m.top}" x2="${px}" y2="${m.top + ph}" stroke="#eee"/>`);
    if (label) out.push(`<text x="${px}" y="${m.top + ph + 18}" text-anchor="middle">${label}</text>`);
  }
  for (const v of y.ticks(6)) {
    const py = y(v).toFixed(1);
    out.push(`<line x1="${m.left}" y1="${py}" x2="${m.left + pw}" y2="${py}" stroke="#ddd"/>`, `<text x="${m.left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">${v.toFixed(2)}</text>`);
  }
  out.push(`<text x="${m.left + pw / 2}" y="${height - 10}" text-anchor="middle">CPU seconds, build included (log scale)</text>`);
  out.push(`<text transform="translate(16 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">held-out accuracy (parity)</text>`);
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length], dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    const pts = s.points.filter(([t]) => t > 0).map(([t, a]) => `${x(t).toFixed(1)},${y(a).toFixed(1)}`).join(' ');
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="1.8"${dash} points="${pts}"/>`);
    const ly = m.top + 14 + i * 20;
    out.push(`<line x1="${m.left + pw + 14}" y1="${ly}" x2="${m.left + pw + 40}" y2="${ly}" stroke="${color}" stroke-width="2.5"${dash}/>`, `<text x="${m.left + pw + 46}" y="${ly}" dominant-baseline="middle">${escape(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
