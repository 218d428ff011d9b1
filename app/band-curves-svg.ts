/**
 * Loss curves with spread as a hand-written SVG: panels side by side, each with one median line and a
 * shaded min–max band per series, on a log-scale loss axis whose ticks and labels are loss-curves-svg.ts's
 * (d3-scale: at most MAX_TICKS, no float noise).
 */
import { logTicks, tickLabel } from './loss-curves-svg.js';

export interface BandSeries {
  name: string;
  /** Steps, increasing; median, min and max have one value per step. */
  steps: number[]; median: number[]; min: number[]; max: number[];
}

export interface BandPanel { title: string; yLabel: string; series: BandSeries[] }

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf', '#e377c2'];
const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Median, min and max across runs at each index (runs of equal length). */
export function spread(runs: number[][]): { median: number[]; min: number[]; max: number[] } {
  const len = Math.min(...runs.map((r) => r.length));
  const median: number[] = [], min: number[] = [], max: number[] = [];
  for (let i = 0; i < len; i++) {
    const v = runs.map((r) => r[i]).sort((a, b) => a - b);
    median.push(v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2);
    min.push(v[0]); max.push(v[v.length - 1]);
  }
  return { median, min, max };
}

/** An SVG document with the panels side by side and one shared legend. */
export function bandCurvesSvg(panels: BandPanel[], title: string): string {
  const pw = 380, ph = 330, m = { left: 64, right: 24, top: 44, bottom: 48 }, legend = 230;
  const width = panels.length * (m.left + pw + m.right) + legend, height = m.top + ph + m.bottom;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14">${escape(title)}</text>`,
  ];
  panels.forEach((panel, p) => {
    const x0 = p * (m.left + pw + m.right) + m.left, y0 = m.top;
    const finite = panel.series.flatMap((s) => [...s.min, ...s.max]).filter((v) => Number.isFinite(v) && v > 0);
    const xMax = Math.max(1, ...panel.series.flatMap((s) => s.steps));
    const yLo = Math.min(...finite) * 0.97, yHi = Math.max(...finite) * 1.03;
    const x = (v: number): number => x0 + (v / xMax) * pw;
    const y = (v: number): number => y0 + ph - ((Math.log(Math.min(Math.max(v, yLo), yHi)) - Math.log(yLo)) / (Math.log(yHi) - Math.log(yLo))) * ph;
    out.push(`<text x="${x0 + pw / 2}" y="${y0 - 8}" text-anchor="middle">${escape(panel.title)}</text>`, `<rect x="${x0}" y="${y0}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
    for (let i = 0; i <= 5; i++) {
      const v = Math.round((xMax * i) / 5), px = x(v).toFixed(1);
      out.push(`<line x1="${px}" y1="${y0 + ph}" x2="${px}" y2="${y0 + ph + 5}" stroke="#333"/>`, `<text x="${px}" y="${y0 + ph + 18}" text-anchor="middle">${v}</text>`);
    }
    for (const v of logTicks(yLo, yHi)) {
      const py = y(v).toFixed(1);
      out.push(`<line x1="${x0}" y1="${py}" x2="${x0 + pw}" y2="${py}" stroke="#ddd"/>`, `<text x="${x0 - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">${tickLabel(v)}</text>`);
    }
    out.push(`<text x="${x0 + pw / 2}" y="${height - 10}" text-anchor="middle">step</text>`);
    out.push(`<text transform="translate(${x0 - 50} ${y0 + ph / 2}) rotate(-90)" text-anchor="middle">${escape(panel.yLabel)}</text>`);
    panel.series.forEach((s, i) => {
      const color = COLORS[i % COLORS.length];
      const upper = s.steps.map((st, k) => `${x(st).toFixed(1)},${y(s.max[k]).toFixed(1)}`);
      const lower = s.steps.map((st, k) => `${x(st).toFixed(1)},${y(s.min[k]).toFixed(1)}`).reverse();
      out.push(`<polygon fill="${color}" fill-opacity="0.18" stroke="none" points="${[...upper, ...lower].join(' ')}"/>`);
      out.push(`<polyline fill="none" stroke="${color}" stroke-width="1.6" points="${s.steps.map((st, k) => `${x(st).toFixed(1)},${y(s.median[k]).toFixed(1)}`).join(' ')}"/>`);
    });
  });
  const lx = panels.length * (m.left + pw + m.right) + 8;
  (panels[0]?.series ?? []).forEach((s, i) => {
    const color = COLORS[i % COLORS.length], ly = m.top + 14 + i * 20;
    out.push(`<rect x="${lx}" y="${ly - 6}" width="26" height="12" fill="${color}" fill-opacity="0.18"/>`, `<line x1="${lx}" y1="${ly}" x2="${lx + 26}" y2="${ly}" stroke="${color}" stroke-width="2.5"/>`, `<text x="${lx + 32}" y="${ly}" dominant-baseline="middle">${escape(s.name)}</text>`);
  });
  out.push(`<text x="${lx}" y="${m.top + 14 + (panels[0]?.series.length ?? 0) * 20 + 10}" font-size="11" fill="#555">line: median over seeds; band: min–max</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
