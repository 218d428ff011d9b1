/**
 * Renders an SVG in headless Chromium (the Debian package `chromium`): a PNG screenshot, and the
 * laid-out boxes of its tick labels as the browser measures them. Used by the README picture's
 * script and by the plot test. Chromium runs with a fresh profile and no network features.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The Chromium binary: $CHROMIUM, /usr/bin/chromium or chromium-browser on the PATH; null when there is none. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((c): c is string => !!c && existsSync(c)) ?? null;
}

function runChromium(chromium: string, args: string[], timeoutMs = 60_000): string {
  const profile = mkdtempSync(join(tmpdir(), 'sublinear-chromium-'));
  try {
    const r = spawnSync(chromium, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--hide-scrollbars', `--user-data-dir=${profile}`, ...args,
    ], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`chromium exited with ${r.status ?? r.signal}: ${r.stderr.slice(-2000)}`);
    return r.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Screenshots `svgFile` at width × height CSS pixels into `pngFile`. */
export function svgToPng(chromium: string, svgFile: string, pngFile: string, width: number, height: number): void {
  runChromium(chromium, [`--window-size=${width},${height}`, `--screenshot=${resolve(pngFile)}`, pathToFileURL(resolve(svgFile)).href]);
  if (!existsSync(pngFile)) throw new Error(`chromium wrote no ${pngFile}`);
}

/** A tick label as Chromium lays it out. */
export interface RenderedLabel { text: string; x: number; y: number; width: number; height: number }

/** What Chromium's layout (getBBox) measures in one SVG: the tick labels of each axis, and every text. */
export interface SvgMeasurements { x: RenderedLabel[]; y: RenderedLabel[]; texts: RenderedLabel[] }

/**
 * The tick labels of each axis (`.x-axis .tick-label`, `.y-axis .tick-label`) and every text's box in
 * each of `svgs`, measured by Chromium's layout (getBBox) of the SVGs inlined in one page (one launch).
 */
export function measureSvgs(chromium: string, svgs: string[]): SvgMeasurements[] {
  const dir = mkdtempSync(join(tmpdir(), 'sublinear-measure-'));
  try {
    const page = join(dir, 'page.html');
    const script = `const box = (t) => { const b = t.getBBox(); return { text: t.textContent, x: b.x, y: b.y, width: b.width, height: b.height }; };
const r = [...document.querySelectorAll('div.case')].map((c) => ({ x: [...c.querySelectorAll('.x-axis .tick-label')].map(box), y: [...c.querySelectorAll('.y-axis .tick-label')].map(box), texts: [...c.querySelectorAll('svg text')].map(box) }));
const out = document.createElement('pre'); out.id = 'measured'; out.textContent = JSON.stringify(r); document.body.appendChild(out);`;
    writeFileSync(page, `<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0">${svgs.map((svg) => `<div class="case">${svg}</div>`).join('')}<script>${script}</script></body></html>`);
    const dom = runChromium(chromium, ['--dump-dom', pathToFileURL(page).href]);
    const m = /<pre id="measured">([\s\S]*?)<\/pre>/.exec(dom);
    if (!m) throw new Error('chromium returned no measurements');
    return JSON.parse(m[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Width and height of a PNG file, from its IHDR chunk. */
export function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  if (b.readUInt32BE(0) !== 0x89504e47 || b.toString('ascii', 12, 16) !== 'IHDR') throw new Error(`${file} is not a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}
