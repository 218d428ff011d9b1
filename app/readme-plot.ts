/**
 * Makes the README's picture of the main job: runs it with its defaults (the `npm start` run) into
 * docs/images/loss-curves.svg, then renders that to docs/images/loss-curves.png in headless
 * Chromium (Debian's `chromium`). `npm run plot:readme [-- main-job options]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, svgToPng } from './render-svg.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'docs', 'images');
mkdirSync(dir, { recursive: true });
const svg = join(dir, 'loss-curves.svg'), png = join(dir, 'loss-curves.png');
const chromium = findChromium();
if (!chromium) {
  console.error('needs chromium (apt-get install -y chromium, or set CHROMIUM to its path)');
  process.exit(1);
}
const run = spawnSync(process.execPath, ['--conditions=sublinear-source', '--import', 'tsx', join(root, 'app', 'main.ts'), '--quiet', '--svg', svg, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);
svgToPng(chromium, svg, png, 860, 460);
console.log(`wrote ${svg} and ${png}`);
