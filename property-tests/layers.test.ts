/**
 * The folder tree is the layer diagram (docs/architecture.md): an import only goes down. Ranks:
 * lib/core 0; the four modules 1 (standalone: they never import each other); lib/cuda, lib/data,
 * lib/testing 2; lib/optim 3; lib/nn and lib/tfjs 4; streams and workers 5 (independent of each
 * other: a stream gets a pool through lib/core's KernelPool interface); the app, the examples and the
 * root entries 6. Folders of equal rank may not import each other, and no file may take part in an
 * import cycle. lib and streams are portable: no static import of a Node built-in or a Node-only
 * package (they bundle for browsers; see property-tests/browser.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const RANKS: Record<string, number> = {
  'lib/core': 0,
  'lib/maxtree': 1, 'lib/sketch': 1, 'lib/kron': 1, 'lib/logdet': 1,
  'lib/cuda': 2, 'lib/data': 2, 'lib/testing': 2,
  'lib/optim': 3,
  'lib/nn': 4, 'lib/tfjs': 4,
  streams: 5, workers: 5,
  app: 6, examples: 6, 'index.ts': 6, 'index.browser.ts': 6,
};

/** Folders that must load in a browser, and what they may not import statically (type-only and dynamic imports are fine). */
const PORTABLE = ['lib', 'streams'];
const NODE_ONLY = /^(node:|piscina$|koffi$|mnist(\/|$))/;
/** Build scripts (the lib/ files package.json's scripts run under Node, e.g. build:cuda, build:wasm; imported by no module) are exempt. */
const SCRIPTS = Object.values((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts).join(' ');
const BUILD_FILES = new Set([...SCRIPTS.matchAll(/\blib\/\S+\.ts\b/g)].map((m) => m[0]));
const BUILD_SCRIPT = { test: (file: string) => BUILD_FILES.has(file) };

/** Packages only the upper layers may load. */
const UPPER_ONLY: Record<string, number> = { piscina: 5, rxjs: 5 };

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const rel = join(dir, name);
    if (name === 'node_modules' || name === 'assembly') continue;
    if (statSync(join(root, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** The layer folder of a repository path: lib/<module>, or the top-level folder or file. */
function folderOf(path: string): string {
  const parts = path.split('/');
  return parts[0] === 'lib' ? `lib/${parts[1]}` : parts[0];
}

interface Import { from: string; to: string; spec: string; typeOnly: boolean; dynamic: boolean }

function importsOf(file: string): Import[] {
  const text = readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: Import[] = [];
  const pattern = /(?:^|[\s;])(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(pattern)) {
    const spec = m[3] ?? m[4];
    const to = spec.startsWith('.') ? normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mjs') : spec;
    found.push({ from: file, to, spec, typeOnly: m[2] !== undefined, dynamic: m[4] !== undefined });
  }
  return found;
}

const files = ['index.ts', 'index.browser.ts', ...['lib', 'workers', 'streams', 'app', 'examples'].flatMap(sourceFiles)];
const imports = files.flatMap(importsOf);

test('every source folder has a layer', () => {
  const unknown = [...new Set(files.map(folderOf))].filter((f) => !(f in RANKS));
  assert.deepEqual(unknown, [], `assign these folders a rank in property-tests/layers.test.ts: ${unknown.join(', ')}`);
});

test('imports only go down the layers (lib never imports workers, streams, benchmarks or the app)', () => {
  const upward: string[] = [];
  for (const { from, to, spec } of imports) {
    const a = folderOf(from);
    if (spec.startsWith('.')) {
      const b = folderOf(relative(root, join(root, to)));
      if (a !== b && !(RANKS[b] < RANKS[a])) upward.push(`${from} → ${spec} (${a} rank ${RANKS[a]}, ${b} rank ${RANKS[b] ?? 'none'})`);
    } else {
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (pkg in UPPER_ONLY && RANKS[a] < UPPER_ONLY[pkg]) upward.push(`${from} → ${spec} (only rank ≥ ${UPPER_ONLY[pkg]} may load ${pkg})`);
    }
  }
  assert.deepEqual(upward, []);
});

test('portable folders (lib, streams) import no Node built-in or Node-only package at module load', () => {
  const found = imports.filter((i) => PORTABLE.includes(i.from.split('/')[0]) && !BUILD_SCRIPT.test(i.from) && !i.typeOnly && !i.dynamic && NODE_ONLY.test(i.spec));
  assert.deepEqual(found.map((i) => `${i.from} → ${i.spec}`), []);
  const intoScripts = imports.filter((i) => i.spec.startsWith('.') && BUILD_SCRIPT.test(i.to) && !BUILD_SCRIPT.test(i.from));
  assert.deepEqual(intoScripts.map((i) => `${i.from} → ${i.spec}`), [], 'a build script is imported by a module');
});

test('no file takes part in an import cycle', () => {
  const graph = new Map<string, string[]>();
  for (const { from, to, spec } of imports) if (spec.startsWith('.')) graph.set(from, [...(graph.get(from) ?? []), to]);
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const stack: string[] = [];
  const visit = (file: string): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') { cycles.push([...stack.slice(stack.indexOf(file)), file].join(' → ')); return; }
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) visit(next);
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) visit(file);
  assert.deepEqual(cycles, []);
});

test('the layering check itself sees an upward import and a cycle', () => {
  assert.ok(imports.length > 100, `found only ${imports.length} imports: the parser is broken`);
  const fake = importsOf('property-tests/layers.test.ts');
  assert.ok(fake.some((i) => i.spec === 'node:test' && !i.typeOnly && !i.dynamic), 'the parser missed a plain import');
  assert.ok(NODE_ONLY.test('node:fs') && NODE_ONLY.test('piscina') && !NODE_ONLY.test('rxjs'), 'the Node-only pattern is wrong');
  assert.ok(BUILD_SCRIPT.test('lib/cuda/build-ptx.ts'), `package.json's build scripts not found: ${[...BUILD_FILES].join(', ')}`);
  assert.ok(importsOf('lib/core/node-builtins.ts').every((i) => i.typeOnly), 'type-only imports must be told apart');
  assert.equal(folderOf('lib/maxtree/parallel.ts'), 'lib/maxtree');
  assert.ok(!(RANKS.workers < RANKS['lib/maxtree']), 'a lib module must rank below workers');
});

test('the browser root entry has every namespace of the Node root entry except workers (the two lists are kept by hand)', async () => {
  const node = Object.keys(await import('../index.js')).sort(), browser = Object.keys(await import('../index.browser.js')).sort();
  assert.deepEqual(browser, node.filter((k) => k !== 'workers'));
  assert.ok(node.includes('workers'));
});
