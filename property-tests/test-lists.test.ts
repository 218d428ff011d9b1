/**
 * npm test runs its test files from explicit lists in package.json (no shell glob: portable, and a
 * file is run because it is named). These lists must name every test file: a file left out of
 * `test` would never run, and one named but missing would fail late. test:js-backend's second pass
 * names only files that exist and that `test` also runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const listed = (script: string): string[] => [...(scripts[script] ?? '').matchAll(/(?<=\s)property-tests\/\S+\.test\.ts\b/g)].map((m) => m[0]);

test('npm test names every property-tests/*.test.ts file, once, and only files that exist', () => {
  const onDisk = readdirSync(join(root, 'property-tests')).filter((f) => f.endsWith('.test.ts')).map((f) => `property-tests/${f}`).sort();
  const named = listed('test');
  assert.ok(!/property-tests\/\*/.test(scripts.test), 'npm test uses a glob instead of an explicit list');
  assert.deepEqual(named.filter((f, i) => named.indexOf(f) !== i), [], 'named twice');
  assert.deepEqual(onDisk.filter((f) => !named.includes(f)), [], 'test files npm test does not run');
  assert.deepEqual(named.filter((f) => !existsSync(join(root, f))), [], 'named but missing');
});

test('test:js-backend names only existing files that npm test also runs', () => {
  const again = listed('test:js-backend'), named = new Set(listed('test'));
  assert.ok(again.length > 0, 'test:js-backend names no file');
  assert.deepEqual(again.filter((f) => !named.has(f) || !existsSync(join(root, f))), []);
});
