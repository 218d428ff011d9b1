/** The main job (`npm start`) on small options: it trains both trainers, compares them and writes the SVG. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const node = (args: string[]) => spawnSync(process.execPath, ['--conditions=sublinear-source', '--import', 'tsx', 'app/main.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

test('npm start trains sparse and dense Gauss–Newton on MNIST, their losses agree, and the SVG has both curves', { timeout: 150_000 }, () => {
  const svg = join(tmp, 'main-test.svg');
  const out = execFileSync(process.execPath, ['--conditions=sublinear-source', '--import', 'tsx', 'app/main.ts', '-m', '2048', '-n', '24', '-s', '4', '--dense-steps', '3', '--svg', svg], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const [, sparseText, denseText] = out.split(/(?:sparse|dense) Gauss–Newton: built/);
  const losses = (text: string) => [...text.matchAll(/step +\d+ +loss ([0-9.e+-]+)/g)].map((m) => Number(m[1]));
  const sparse = losses(sparseText), dense = losses(denseText);
  assert.equal(sparse.length, 4);
  assert.equal(dense.length, 3);
  for (let t = 0; t < 3; t++) assert.ok(Math.abs(sparse[t] - dense[t]) <= 1e-6 * dense[t], `step ${t}: ${sparse[t]} vs ${dense[t]}`);
  assert.ok(sparse[3] < sparse[0], 'the loss went down');
  assert.match(out, /per-step time, dense \/ sparse: [0-9.]+×/);
  const file = readFileSync(svg, 'utf8');
  assert.match(file, /^<svg/);
  assert.equal((file.match(/<polyline/g) ?? []).length, 2);
});

test('npm start -- --help prints the options; a bad option value exits 2 naming it', () => {
  const help = node(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--width N/);
  const bad = node(['--width', 'lots']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--width must be an integer/);
  assert.match(help.stdout, /--backend B/);
});
