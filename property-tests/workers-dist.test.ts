/**
 * The pool from the built package: compile to a private outDir with tsc, then run it with plain node
 * (no tsx, no source condition), so the threads load the compiled kernel.worker.js. The rest of the
 * workers tests run from source under tsx, which covers the other path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, '.tmp', 'dist-workers');

test('the built pool runs tasks in threads with plain node: products and ThresholdSearch match the sequential ones bit for bit, failures name the task', { timeout: 180_000 }, () => {
  rmSync(outDir, { recursive: true, force: true });
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: root, stdio: 'pipe' });
  assert.ok(existsSync(join(outDir, 'workers', 'kernel.worker.js')), 'the compiled worker entry is missing');
  const workers = pathToFileURL(join(outDir, 'workers', 'index.js')).href;
  const core = pathToFileURL(join(outDir, 'lib', 'core', 'index.js')).href;
  const maxtree = pathToFileURL(join(outDir, 'lib', 'maxtree', 'index.js')).href;
  const script = `
    const { createKernelPool, parallelMatmul } = await import(${JSON.stringify(workers)});
    const { matmul, Rng, zeros } = await import(${JSON.stringify(core)});
    const rng = new Rng(3);
    const A = zeros(37, 11), B = zeros(11, 23);
    rng.fillGaussian(A.data); rng.fillGaussian(B.data);
    const pool = createKernelPool({ threads: 2 });
    const C = await parallelMatmul(pool, A, B);
    const same = Buffer.from(C.data.buffer, C.data.byteOffset, C.data.byteLength).equals(Buffer.from(matmul(A, B).data.buffer));
    const { ThresholdSearch } = await import(${JSON.stringify(maxtree)});
    const options = { data: A.data.subarray(0, 5 * 11), weights: B.data.slice(0, 11 * 20), d: 11 };
    const pooled = await ThresholdSearch.init({ ...options, pool }), plain = ThresholdSearch.init(options);
    const forestSame = Buffer.from(pooled.buffers.nodes.buffer).equals(Buffer.from(plain.buffers.nodes.buffer))
      && JSON.stringify(await pooled.queryAll(0, { pool })) === JSON.stringify(plain.queryAll(0));
    const failure = await pool.run('no.such.task', null).then(() => 'resolved', (e) => e.message);
    await pool.close();
    console.log(JSON.stringify({ same, forestSame, failure, hooks: process.execArgv.filter((a) => /^--(import|require|loader|experimental-loader)/.test(a)) }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, encoding: 'utf8', timeout: 60_000,
  });
  const result = JSON.parse(out.trim().split('\n').pop()!) as { same: boolean; forestSame: boolean; failure: string; hooks: string[] };
  assert.deepEqual(result.hooks, [], 'the child must run without tsx or any loader');
  assert.equal(result.same, true);
  assert.equal(result.forestSame, true, 'ThresholdSearch built on the pool from dist differs');
  assert.match(result.failure, /^workers: task 'no\.such\.task' failed: no task named/);
});
