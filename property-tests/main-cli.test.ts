/**
 * The main job as a person meets it: `npx sublinear-train`, every bad command line refused with the
 * usage and exit status 2 before anything runs, --json and --quiet output, and a progress line that
 * is cleared before any log line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Reporter } from '../app/reporter.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = join(root, '.tmp', 'main-cli');
mkdirSync(tmp, { recursive: true });
const launcher = join(root, 'bin', 'sublinear-train.js');

function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [launcher, ...args], { cwd: root, env: { ...process.env, NODE_OPTIONS: '' } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

const BAD: [string, string[], RegExp][] = [
  ['negative steps', ['--steps', '-1'], /--steps/],
  ['negative steps (= form)', ['--steps=-1'], /--steps must be an integer in \[1, 10000\], got '-1'/],
  ['zero steps', ['-s', '0'], /--steps must be an integer in \[1, 10000\], got '0'/],
  ['negative dense steps', ['--dense-steps', '-1'], /--dense-steps/],
  ['negative dense steps (= form)', ['--dense-steps=-1'], /--dense-steps must be an integer in \[0, 10000\]/],
  ['negative seed', ['--seed=-1'], /--seed must be an integer in \[0, 2147483648\]/],
  ['negative seed, separate', ['--seed', '-1'], /--seed/],
  ['unknown flag', ['--bogus'], /Unknown option '--bogus'/],
  ['missing value', ['--width'], /Option '-m, --width <value>' argument missing/],
  ['stray positional', ['extra'], /Unexpected argument 'extra'/],
  ['width past the trainers\' limit', ['--width', '2097152'], /--width must be an integer in \[2, 342392\] \(the trainers' limit for n = 256 with the dense baseline/],
  ['width past the sparse limit', ['--width', '2097152', '--trainer', 'sparse'], /--width must be an integer in \[2, 1048576\]/],
  ['width not a number', ['--width', '1e5'], /--width must be an integer/],
  ['svg folder missing', ['--svg', join('no-such-folder', 'x.svg')], /--svg .*x\.svg: the folder .*no-such-folder does not exist/],
  ['unknown trainer', ['--trainer', 'adam'], /--trainer must be one of sparse, dense, both/],
  ['zero threads', ['--threads', '0'], /--threads must be an integer in \[1, 64\], got '0'/],
];

test('every bad command line exits 2 with the reason and the usage on stderr, no stack trace, before training starts', { timeout: 120_000 }, async () => {
  const results: Awaited<ReturnType<typeof run>>[] = [];
  for (let i = 0; i < BAD.length; i += 4) results.push(...await Promise.all(BAD.slice(i, i + 4).map(([, args]) => run(args))));
  BAD.forEach(([name, , reason], i) => {
    const r = results[i];
    assert.equal(r.status, 2, `${name}: exit ${r.status}\n${r.stderr}`);
    assert.match(r.stderr, reason, name);
    assert.match(r.stderr, /usage: sublinear-train \[options\]/, `${name}: usage`);
    assert.doesNotMatch(r.stderr, /\n\s+at |Error:/, `${name}: no stack trace`);
    assert.equal(r.stdout, '', `${name}: nothing on stdout (training never started)`);
  });
});

test('npx sublinear-train --help prints the usage and exits 0', { timeout: 60_000 }, () => {
  const r = spawnSync('npx', ['--offline', 'sublinear-train', '--help'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /usage: sublinear-train \[options\]/);
  assert.match(r.stdout, /--json/);
});

test('--json prints only JSON lines: one per step of each trainer and a summary; --quiet prints only the summary', { timeout: 180_000 }, async () => {
  const svg = join(tmp, 'json.svg');
  rmSync(svg, { force: true });
  const small = ['-m', '2048', '-n', '16', '-s', '3', '--dense-steps', '2'];
  const [json, quiet, oneThread] = await Promise.all([
    run([...small, '--json', '--threads', '2', '--svg', svg]), run([...small, '--quiet', '--svg', join(tmp, 'quiet.svg')]),
    run([...small, '--json', '--threads', '1', '--svg', join(tmp, 'one.svg')]),
  ]);
  assert.equal(json.status, 0, json.stderr);
  const lines = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  // Two worker threads or none: the same losses, bit for bit (the pooled build and steps are exact).
  const losses = (out: string) => out.trim().split('\n').map((l) => JSON.parse(l) as { type: string; loss?: number }).filter((l) => l.type === 'step').map((l) => l.loss);
  assert.equal(oneThread.status, 0, oneThread.stderr);
  assert.deepEqual(losses(json.stdout), losses(oneThread.stdout));
  assert.deepEqual(lines.map((l) => `${l.type}:${l.trainer ?? ''}`), ['step:sparse', 'step:sparse', 'step:sparse', 'step:dense', 'step:dense', 'summary:']);
  const summary = lines.at(-1)!;
  assert.equal(summary.svg, svg);
  assert.ok(typeof summary.denseOverSparse === 'number' && (summary.maxRelativeGap as number) < 1e-6);
  assert.ok(existsSync(svg) && readFileSync(svg, 'utf8').startsWith('<svg'));
  assert.equal(json.stderr, '', 'no progress output when stderr is not a terminal');
  assert.equal(quiet.status, 0, quiet.stderr);
  assert.doesNotMatch(quiet.stdout, /step +\d+ +loss/);
  assert.match(quiet.stdout, /sparse Gauss–Newton: 3 steps, loss .* → /);
  assert.match(quiet.stdout, /per-step time, dense \/ sparse/);
  assert.equal(quiet.stderr, '');
});

test('the progress line is cleared on stderr before every stdout line, and never drawn off a terminal or with --quiet', () => {
  const log: string[] = [];
  const out = { write: (s: string) => log.push(`out:${s}`) }, err = { isTTY: true, write: (s: string) => log.push(`err:${s}`) };
  const r = new Reporter({ json: false, quiet: false }, out, err);
  r.progress('building 50%');
  r.line('built');
  r.line('next'); // nothing to clear
  const bar = r.progressTarget();
  bar.write('\r[###---] 1/2\u001b[K');
  r.summary('done');
  assert.deepEqual(log, ['err:\rbuilding 50%\u001b[K', 'err:\r\u001b[K', 'out:built\n', 'out:next\n', 'err:\r[###---] 1/2\u001b[K', 'err:\r\u001b[K', 'out:done\n']);
  const quietLog: string[] = [];
  const q = new Reporter({ json: false, quiet: true }, { write: (s: string) => quietLog.push(s) }, { isTTY: true, write: (s: string) => quietLog.push(s) });
  q.progress('x'); q.line('per step'); q.summary('summary');
  assert.deepEqual(quietLog, ['summary\n']);
  assert.equal(q.progressTarget().isTTY, false);
  const piped: string[] = [];
  new Reporter({ json: false, quiet: false }, { write: () => {} }, { isTTY: false, write: (s: string) => piped.push(s) }).progress('x');
  assert.deepEqual(piped, []);
});
