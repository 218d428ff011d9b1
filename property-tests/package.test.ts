/**
 * The built package: `npm run build` emits dist/ with .d.ts, and every subpath in package.json's
 * exports map imports with plain node (no tsx, no source condition).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, { types: string; default: string }> };

test('npm run build emits JavaScript and declarations for every export, and each imports with plain node', { timeout: 180_000 }, () => {
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    assert.ok(existsSync(join(root, target.types)), `${subpath}: ${target.types} missing`);
    assert.ok(existsSync(join(root, target.default)), `${subpath}: ${target.default} missing`);
    const specifier = subpath === '.' ? 'sublinear' : `sublinear/${subpath.slice(2)}`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', `const m = await import('${specifier}'); console.log(Object.keys(m).length);`], {
      cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, encoding: 'utf8',
    });
    assert.ok(Number(out.trim()) > 0, `${specifier} exports nothing`);
  }
});
