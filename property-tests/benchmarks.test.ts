/**
 * The benchmark runner and docs/benchmarks.md: a quick run writes to a scratch folder and leaves
 * benchmarks/results/ byte-identical, logs carry no terminal escape codes when stdout is not a
 * terminal, bad command lines exit 2 with the usage, and every file docs/benchmarks.md cites exists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = join(root, 'benchmarks', 'results');
const bench = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, ['--conditions=sublinear-source', '--import', 'tsx', 'benchmarks/run.ts', ...args], {
  cwd: root, encoding: 'utf8', timeout: 240_000, env: { ...process.env, BENCH_QUICK: '', BENCH_RESULTS_DIR: '', ...env },
});

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => { const p = join(dir, name); return statSync(p).isDirectory() ? files(p) : [p]; });
}
function snapshot(dir: string): Map<string, string> {
  return new Map(files(dir).map((f) => [relative(dir, f), createHash('sha256').update(readFileSync(f)).digest('hex')]));
}

test('npm run bench -- --quick writes to .tmp/bench (or --out DIR), leaves benchmarks/results byte-identical, and logs no escape codes off a terminal', { timeout: 300_000 }, () => {
  const before = snapshot(results), started = Date.now();
  const r = bench(['--quick', 'mlp']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /results go to .*\.tmp\/bench\/ \(quick run: scratch folder\)/);
  const out = join(root, '.tmp', 'bench', 'mlp.json');
  assert.ok(existsSync(out) && statSync(out).mtimeMs >= started - 1000, 'the quick run wrote .tmp/bench/mlp.json');
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).machine.quick, true);
  assert.doesNotMatch(r.stdout + r.stderr, /\u001b/, 'no terminal escape codes in a piped log');
  const elsewhere = join(root, '.tmp', 'bench-out');
  const o = bench(['--quick', '--out', elsewhere, 'mlp']);
  assert.equal(o.status, 0, o.stderr);
  assert.ok(existsSync(join(elsewhere, 'mlp.md')), '--out DIR chose the folder');
  assert.deepEqual(snapshot(results), before, 'benchmarks/results is unchanged');
});

test('a quick run refuses BENCH_RESULTS_DIR=benchmarks/results; bad command lines exit 2 with the usage', () => {
  const refused = bench(['mlp'], { BENCH_QUICK: '1', BENCH_RESULTS_DIR: results });
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /must not write to .*benchmarks\/results/);
  for (const args of [['--bogus', 'mlp'], ['no-such-suite'], [], ['--quick=3', 'mlp'], ['--out'], ['--quick', '--out', 'benchmarks/results', 'mlp']]) {
    const r = bench(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /usage: npm run bench -- \[--quick\] \[--out DIR\] <suite>/, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  const list = bench(['--list']);
  assert.equal(list.status, 0);
  assert.match(list.stdout, /suites: .*mlp/);
});

/** Every file path docs/benchmarks.md mentions: links, `code`, and bare names with a file extension. */
function citedPaths(markdown: string): string[] {
  const found = new Set<string>();
  for (const m of markdown.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) if (!/^[a-z]+:/.test(m[1])) found.add(m[1]);
  for (const m of markdown.matchAll(/[A-Za-z0-9_.*/-]+\.(?:json|md|svg|log|txt|ts|py|png|sh|mjs|js)\b/g)) {
    if (!/^https?:|^\.+$/.test(m[0]) && !m[0].includes('://')) found.add(m[0]);
  }
  return [...found];
}

/** Files matching a path with `*` wildcards in its last segment. */
function matches(path: string): boolean {
  if (!path.includes('*')) return existsSync(path);
  const dir = dirname(path), pattern = new RegExp(`^${basename(path).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return existsSync(dir) && readdirSync(dir).some((f) => pattern.test(f));
}

test('every file docs/benchmarks.md cites exists (relative to docs/, the repository root or benchmarks/results/)', () => {
  const doc = join(root, 'docs', 'benchmarks.md');
  const cited = citedPaths(readFileSync(doc, 'utf8'));
  assert.ok(cited.length > 20, `found ${cited.length} citations`);
  // Made by a command the page shows (e.g. `benchmarks/cuda-device-pack.sh .gpu`), in ignored folders: not files of the repository.
  const generated = /^(\.gpu|\.tmp|dist)\//;
  const missing = cited.filter((p) => !generated.test(p) && ![join(root, 'docs'), root, results].some((base) => matches(join(base, p))));
  assert.deepEqual(missing, [], `docs/benchmarks.md cites files that do not exist: ${missing.join(', ')}`);
});
