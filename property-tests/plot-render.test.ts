/**
 * The loss-curves SVG as a person sees it: rendered by headless Chromium (Debian's `chromium`),
 * its tick labels measured by the browser's layout, and a PNG screenshot taken. Skips only when
 * Chromium is missing and cannot be installed here (.ci/run installs it before npm test).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { bandCurvesSvg } from '../app/band-curves-svg.js';
import { lossCurvesSvg, type LossSeries } from '../app/loss-curves-svg.js';
import { findChromium, measureSvgs, pngSize, svgToPng, type RenderedLabel } from '../app/render-svg.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = join(root, '.tmp', 'plot-render');
mkdirSync(tmp, { recursive: true });

/** Chromium, installed with apt-get when missing and this process may (root with apt-get); else the reason it is not there. */
function chromiumOrReason(): { chromium: string } | { reason: string } {
  const found = findChromium();
  if (found) return { chromium: found };
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' });
  if (apt.status !== 0 || process.getuid?.() !== 0) return { reason: 'chromium is not installed and cannot be installed here (needs apt-get as root): apt-get install -y chromium' };
  const r = spawnSync('sh', ['-c', 'apt-get update && apt-get install -y --no-install-recommends chromium'], { encoding: 'utf8', timeout: 600_000 });
  const after = findChromium();
  return after ? { chromium: after } : { reason: `chromium is not installed and apt-get could not install it: ${(r.stderr || r.stdout).slice(-400)}` };
}
const found = chromiumOrReason();
const skip = 'reason' in found ? found.reason : false;

const curve = (n: number, from: number, rate: number, every = 1): [number, number][] => Array.from({ length: n }, (_, i) => [i * every, from * Math.exp(-rate * i)]);
const CASES: Record<string, LossSeries[]> = {
  'two trainers, 8 steps, 2 decades': [{ name: 'sparse Gauss–Newton', points: curve(9, 30, 0.6) }, { name: 'dense Gauss–Newton', points: curve(4, 30.0003, 0.6) }],
  'inside one decade': [{ name: 'slow', points: curve(20, 0.2, 0.01) }],
  'twelve decades, 1000 steps': [{ name: 'adam', points: curve(101, 1e3, 0.28, 10) }, { name: 'sonew', points: curve(101, 1e3, 0.25, 10) }],
  'one step': [{ name: 'single', points: [[0, 0.5]] }],
  'flat loss': [{ name: 'flat', points: curve(5, 1.7e-4, 0) }],
};

function overlaps(a: RenderedLabel, b: RenderedLabel): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test('the loss-curves SVG in Chromium: 2–12 distinct tick labels per axis, no float noise, none overlapping, all inside the picture', { skip, timeout: 300_000 }, () => {
  const chromium = (found as { chromium: string }).chromium;
  const measured = measureSvgs(chromium, Object.entries(CASES).map(([name, series]) => lossCurvesSvg(series, name, { yLabel: 'loss' })));
  for (const [k, [name, series]] of Object.entries(CASES).entries()) {
    const { x, y } = measured[k];
    for (const [axis, labels] of [['x', x], ['y', y]] as const) {
      const texts = labels.map((l) => l.text);
      assert.ok(labels.length >= 1 && labels.length <= 12, `${name}: ${axis} axis has ${labels.length} tick labels: ${texts.join(' ')}`);
      assert.equal(new Set(texts).size, texts.length, `${name}: ${axis} labels repeat: ${texts.join(' ')}`);
      for (const t of texts) assert.match(t, /^(-?\d+(\.\d{1,6})?|\d(\.\d{1,5})?e-?\d+)$/, `${name}: ${axis} label '${t}' is not a short clean number`);
      for (let i = 0; i < labels.length; i++) {
        const l = labels[i];
        assert.ok(l.x >= 0 && l.y >= 0 && l.x + l.width <= 860 && l.y + l.height <= 460, `${name}: ${axis} label '${l.text}' is outside the picture`);
        for (let j = i + 1; j < labels.length; j++) assert.ok(!overlaps(l, labels[j]), `${name}: ${axis} labels '${l.text}' and '${labels[j].text}' overlap`);
      }
    }
    if (series[0].points.length > 1) assert.ok(y.length >= 2, `${name}: at least two y labels to read the scale by`);
  }
});

test('the SVG screenshots to a non-blank PNG of the picture\'s size', { skip, timeout: 120_000 }, () => {
  const chromium = (found as { chromium: string }).chromium;
  const svgFile = join(tmp, 'curves.svg'), pngFile = join(tmp, 'curves.png');
  writeFileSync(svgFile, lossCurvesSvg(CASES['two trainers, 8 steps, 2 decades'], 'render test', { yLabel: 'loss' }));
  svgToPng(chromium, svgFile, pngFile, 860, 460);
  assert.deepEqual(pngSize(pngFile), { width: 860, height: 460 });
  // Inflate the image data: a blank or failed render has a handful of distinct byte values, this one many.
  const png = readFileSync(pngFile), idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at), type = png.toString('ascii', at + 4, at + 8);
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const pixels = inflateSync(Buffer.concat(idat));
  assert.ok(new Set(pixels).size > 40, `only ${new Set(pixels).size} distinct byte values: a blank picture?`);
});

test('the optimizer benchmark\'s band plot labels its log axis with d3\'s ticks: at most 10, no float noise (1.5e-3, not 0.0015000000000000002)', () => {
  const panel = { title: 'held-out loss', yLabel: 'loss', series: [{ name: 'adam', steps: [0, 1, 2], median: [0.0013, 0.004, 0.03], min: [0.0011, 0.003, 0.02], max: [0.002, 0.005, 0.9] }] };
  const svg = bandCurvesSvg([panel], 'bands');
  const labels = [...svg.matchAll(/text-anchor="end" dominant-baseline="middle">([^<]*)</g)].map((m) => m[1]);
  assert.ok(labels.length >= 2 && labels.length <= 10, labels.join(' '));
  for (const label of labels) assert.match(label, /^\d(\.\d{1,3})?(e-?\d+)?$|^0\.0*\d{1,3}$/, `label ${label}`);
  assert.equal(new Set(labels).size, labels.length);
});
