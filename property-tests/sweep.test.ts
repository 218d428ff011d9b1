/**
 * The reliability sweep: every public export of every subpath, enumerated at runtime from the index
 * modules, is called with wrong kinds, non-finite values, wrong shapes, out-of-range and huge sizes
 * and unknown option keys (property-tests/sweep-table-*.ts; an export without an entry fails). Each
 * probe must throw the right class with a message naming the called function and the argument,
 * within its time bound (huge sizes: < 50 ms, no allocation jump), leaving its inputs and structures
 * byte-identical. The sweep runs in a worker thread with a watchdog, so a probe that hangs is ended
 * and named instead of hanging the suite. Then fault tests: pools whose task modules fail to load,
 * overlapping pooled calls on one ThresholdSearch, runBlocks waiting for every block, and refused
 * optimizer updates leaving their state alone.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { runBlocks, type KernelPool } from 'sublinear/core';
import { ThresholdSearch } from 'sublinear/maxtree';
import { adamw, chain, addDecayedWeights, scaleByAdam, trace, scaleByLearningRate } from 'sublinear/optim';
import { createKernelPool, type KernelPoolHandle } from 'sublinear/workers';
import { checkProbe, snapshot, type Probe } from './sweep-kit.js';

const pools: KernelPoolHandle[] = [];
after(async () => { await Promise.all(pools.map((p) => p.destroy())); });

/** Silence between two probe reports after which the running probe counts as hung. */
const WATCHDOG_MS = 10_000;

interface Done { probes: number; exports: number; failures: string[] }

function runSweepInWorker(): Promise<Done> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./sweep-worker.mjs', import.meta.url));
    let current = '(starting)', since = performance.now();
    const slow: [number, string][] = [];
    let timer = setTimeout(() => {}, 0);
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`sweep: probe "${current}" did not finish within ${WATCHDOG_MS} ms (a hang)`));
      }, WATCHDOG_MS);
    };
    arm();
    worker.on('message', (m: { type: string; label?: string } & Partial<Done>) => {
      if (m.type === 'start') { const now = performance.now(); slow.push([now - since, current]); since = now; current = m.label!; arm(); }
      if (m.type === 'done') {
        clearTimeout(timer); void worker.terminate();
        if (process.env.SWEEP_PROFILE) console.log(slow.sort((a, b) => b[0] - a[0]).slice(0, 15).map(([ms, l]) => `${ms.toFixed(0)} ms ${l}`).join('\n'));
        resolve(m as Done);
      }
    });
    worker.on('error', (e) => { clearTimeout(timer); reject(e); });
    worker.on('exit', (code) => { clearTimeout(timer); reject(new Error(`sweep worker exited (code ${code}) during "${current}"`)); });
  });
}

describe('reliability sweep', () => {
  test('every export of every subpath refuses bad input with the right class and message, in bounded time, leaving its inputs alone', { timeout: 120_000 }, async () => {
    const { probes, exports, failures } = await runSweepInWorker();
    console.log(`sweep: ${probes} probes over ${exports} exports, ${failures.length} failures`);
    assert.ok(exports >= 170, `only ${exports} exports enumerated`);
    assert.equal(failures.length, 0, `sweep failures:\n${failures.join('\n')}`);
  });
});

describe('reliability sweep: its checks can fail', () => {
  const base = { label: 'control', error: 'RangeError', fn: 'ctl', arg: 'x' };
  const cases: [string, Probe, RegExp][] = [
    ['a call that accepts bad input', { ...base, call: () => 1 }, /accepted/],
    ['the wrong class', { ...base, call: () => { throw new TypeError('ctl: x'); } }, /threw TypeError/],
    ['a message without the function', { ...base, call: () => { throw new RangeError('x is bad'); } }, /does not name ctl/],
    ['a message without the argument', { ...base, call: () => { throw new RangeError('ctl: bad'); } }, /does not name x/],
    ['a refused call that wrote its input', (() => { const a = new Float64Array(4); return { ...base, inputs: () => [a], call: () => { a[0] = 1; throw new RangeError('ctl: x'); } }; })(), /changed/],
    ['a huge size refused after allocating', { ...base, huge: true, call: () => { const big = new Float64Array(2 ** 23).fill(1); throw new RangeError(`ctl: x ${big.length}`); } }, /grew|took/],
    ['a huge size refused slowly', { ...base, huge: true, call: () => { const t = performance.now(); while (performance.now() - t < 80); throw new RangeError('ctl: x'); } }, /took/],
    ['a Promise that never settles', { ...base, call: () => new Promise(() => {}) }, /never settled/],
  ];
  for (const [what, probe, why] of cases) {
    test(`flags ${what}`, { timeout: 10_000 }, async () => {
      assert.match((await checkProbe(probe)) ?? 'passed', why);
    });
  }
});

describe('reliability faults', () => {
  const T = { timeout: 60_000 };
  for (const [fixture, why] of [['throws-on-import.mjs', /boom on import/], ['exits-on-import.mjs', /process\.exit\(3\)/], ['no-tasks.mjs', /must export an object 'tasks'/]] as const) {
    test(`a pool whose task module fails to load (${fixture}) rejects every run clearly, none hangs`, T, async () => {
      const pool = createKernelPool({ threads: 1, taskModules: [new URL(`./fixtures/${fixture}`, import.meta.url)], onError: () => {} });
      pools.push(pool);
      const runs = Array.from({ length: 5 }, () => pool.run('core.noop', null));
      const settled = await Promise.race([
        Promise.allSettled(runs),
        new Promise<'hang'>((resolve) => setTimeout(resolve, 45_000, 'hang')),
      ]);
      assert.notEqual(settled, 'hang', 'a run never settled');
      for (const s of settled as PromiseSettledResult<unknown>[]) {
        assert.equal(s.status, 'rejected');
        assert.match((s as PromiseRejectedResult).reason.message, why);
      }
      await assert.rejects(pool.run('core.noop', null), why); // and later runs too
    });
  }

  test('overlapping pooled updates of one ThresholdSearch: the second is refused while the first is pending, and nothing is lost', T, async () => {
    const pool = createKernelPool({ threads: 2 });
    pools.push(pool);
    const s = ThresholdSearch.init({ data: [1, 2, 3, 4], weights: [1, 0, 0, 1, 1, 1], d: 2 });
    const first = s.moveLeavesAll([0], [10, 20], { pool });
    await assert.rejects(s.moveLeavesAll([0], [1, 1], { pool }), { message: /ThresholdSearch.moveLeavesAll: refused: a pooled ThresholdSearch.moveLeavesAll .* has not settled/ });
    await assert.rejects(s.updateMany([1], [5, 5], { pool }), { message: /ThresholdSearch.updateMany: refused/ });
    assert.throws(() => s.update(1, [5, 5]), { message: /ThresholdSearch.update: refused/ });
    assert.throws(() => s.moveLeaves(0, [1], [1]), { message: /ThresholdSearch.moveLeaves: refused/ });
    await first;
    assert.equal(s.leaf(0, 0), 1 + 10);
    assert.equal(s.leaf(1, 0), 3 + 20);
    s.checkInvariants();
    await s.updateMany([1], [5, 5], { pool }); // once settled, updates run again
    await assert.rejects(pool.close('now' as never), { name: 'TypeError', message: /KernelPool.close: invalid argument. options must be an object/ });
    await assert.rejects(pool.close({ timeout: 'soon' as never }), { name: 'TypeError', message: /KernelPool.close: invalid argument. options.timeout/ });
    await assert.rejects(pool.close({ timeot: 5 } as never), { name: 'RangeError', message: /KernelPool.close: .*unknown key "timeot"/ });
    assert.equal(pool.closed, false, 'a refused close leaves the pool open');
    s.checkInvariants({ leavesMatchWeights: false });
    assert.equal(s.leaf(0, 1), 1 * 5 + 2 * 5);
  });

  test('runBlocks waits for every block to settle before it rejects, also when building a payload throws', T, async () => {
    let running = 0, finished = 0;
    const slow: KernelPool = {
      threads: 2,
      run: <R>() => { running++; return new Promise<R>((resolve) => setTimeout(() => { finished++; resolve(null as R); }, 200)); },
    };
    const start = performance.now();
    await assert.rejects(runBlocks(slow, 't', [[0, 1], [1, 2], [2, 3]], ([s]) => { if (s === 1) throw new Error('bad payload'); return {}; }), /bad payload/);
    assert.equal(running, 2);
    assert.equal(finished, 2, 'rejected while a block was still running');
    assert.ok(performance.now() - start >= 150);
  });

  test('a refused optimizer update leaves the caller state byte-identical (adamw, chains with and without params)', () => {
    const cases = [
      () => adamw({ lr: 0.1 }),
      () => chain(scaleByAdam(), addDecayedWeights(0.1)),
      () => chain(trace(), addDecayedWeights(0.1), scaleByLearningRate(0.1)),
    ];
    for (const make of cases) {
      const t = make() as unknown as { init(p: Float64Array): unknown; update(g: Float64Array, s: unknown, p?: Float64Array): unknown };
      const state = t.init(Float64Array.of(1, 2));
      const before = snapshot(state);
      assert.throws(() => t.update(Float64Array.of(1, 1), state), { name: 'TypeError', message: /params/ });
      assert.deepEqual(snapshot(state), before);
      // A user transformation without validate: the chain works on a copy, so its throw changes nothing either.
      const custom = { init: () => ({ n: 0 }), update: () => { throw new Error('custom refused'); } };
      const c = chain(scaleByAdam(), custom as never);
      const cs = c.init(Float64Array.of(1, 2));
      const cBefore = snapshot(cs);
      assert.throws(() => c.update(Float64Array.of(1, 1), cs), /custom refused/);
      assert.deepEqual(snapshot(cs), cBefore);
    }
  });
});
