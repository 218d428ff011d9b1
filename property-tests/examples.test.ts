/**
 * The Node scripts under examples/node run and print what they claim: every portable module's
 * example (the same programs the browser test runs in Chromium), the worker pool giving the same
 * answers as one thread, and the README's MNIST stream.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MODULE_EXAMPLES, type ExampleModule } from '../examples/modules/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const runScript = async (script: string): Promise<string> =>
  (await promisify(execFile)(process.execPath, ['--conditions=sublinear-source', '--import', 'tsx', script], { cwd: root, env: { ...process.env, NODE_OPTIONS: '' } })).stdout;

test('examples/node/modules.ts prints every portable module\'s lines, as its run() returns them', { timeout: 120_000 }, async () => {
  const out = await runScript('examples/node/modules.ts');
  const expected: string[] = [];
  for (const name of MODULE_EXAMPLES) {
    expected.push(`## ${name}`, ...(await ((await import(`../examples/modules/${name}.js`)) as ExampleModule).run()));
  }
  assert.deepEqual(out.trim().split('\n'), expected);
  assert.doesNotMatch(out, /DIFFERENT|DID NOT FALL/);
  assert.match(out, /300 weights vs a linear scan: same/);
  assert.match(out, /loadMnist: 10 digits/);
});

test('examples/node/pool.ts: the pool answers every query as one thread does', { timeout: 120_000 }, async () => {
  const out = await runScript('examples/node/pool.ts');
  assert.match(out, /^16 queries, [1-9]\d* hits: identical with and without the pool \(2 threads\)$/m);
  assert.match(out, /^matmul on the pool: \[\[2,1\],\[4,3\]\]$/m);
});

test('examples/node/mnist-stream.ts: five sparse Gauss–Newton steps on real digits, the loss falling', { timeout: 120_000 }, async () => {
  const out = await runScript('examples/node/mnist-stream.ts');
  const losses = [...out.matchAll(/^step (\d): loss (\S+),/gm)].map((m) => Number(m[2]));
  assert.equal(losses.length, 5, out);
  assert.ok(losses[4] < losses[0] / 100, `losses ${losses.join(', ')}`);
  assert.match(out, /^done$/m);
});
