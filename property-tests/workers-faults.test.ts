/**
 * Fault handling of the kernel pool: failing, dying, aborted and closing tasks. Every wait is
 * bounded (Atomics.wait timeouts in the tasks, test timeouts here) and every pool is closed in after().
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createKernelPool, KernelTaskError, sharedArray, arrayRef, type KernelPoolHandle } from 'sublinear/workers';
import { getBackend, setBackend } from 'sublinear/core';

const faultTasks = new URL('./fixtures/fault-tasks.ts', import.meta.url);
const pools: KernelPoolHandle[] = [];
function pool(threads: number, extra: Parameters<typeof createKernelPool>[0] = {}): KernelPoolHandle {
  const p = createKernelPool({ threads, taskModules: [faultTasks], ...extra });
  pools.push(p);
  return p;
}
after(async () => { await Promise.all(pools.map((p) => p.destroy())); });

const T = { timeout: 20_000 };

function flag() {
  const f = sharedArray('int32', 1);
  return { f, ref: arrayRef(f), release: () => { Atomics.store(f, 0, 1); Atomics.notify(f, 0); } };
}

describe('workers: faults', () => {
  test('a task that throws rejects with the task name and the cause, and the pool keeps serving', T, async () => {
    const p = pool(1);
    const error = await p.run('test.throw', { message: 'bad block 3' }).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof KernelTaskError);
    assert.equal(error.task, 'test.throw');
    assert.equal(error.reason, 'threw');
    assert.match(error.message, /task 'test\.throw' failed: bad block 3/);
    assert.ok(error.cause instanceof Error && /bad block 3/.test(error.cause.message));
    assert.equal(typeof await p.run('test.threadId', null), 'number');
  });

  test('an unknown task name rejects with the list of known tasks', T, async () => {
    const p = pool(1);
    await assert.rejects(p.run('no.such.task', null), /task 'no\.such\.task' failed: no task named 'no\.such\.task' \(known: .*core\.gemm/);
  });

  test('a task module path that does not exist is refused at creation (no pool, no hang)', T, () => {
    assert.throws(() => createKernelPool({ threads: 1, taskModules: [new URL('./fixtures/no-such-module.mjs', import.meta.url)], onError: () => {} }),
      { name: 'RangeError', message: /createKernelPool: invalid argument. options.taskModules\[0\] must be the path of an existing module file/ });
  });

  test('a worker that exits mid-task is replaced, and its task rejects saying the thread exited', T, async () => {
    const p = pool(1);
    const before = await p.run<number>('test.threadId', null);
    const error = await p.run('test.exit', { code: 7 }).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof KernelTaskError);
    assert.equal(error.reason, 'exited');
    assert.match(error.message, /task 'test\.exit' failed: its worker thread exited \(code 7\) before finishing; the pool replaced the thread/);
    const afterId = await p.run<number>('test.threadId', null);
    assert.notEqual(afterId, before);
  });

  test('an AbortSignal cancels a queued task before it runs; the running task finishes', T, async () => {
    const p = pool(1);
    const { ref, release } = flag();
    const counter = sharedArray('int32', 1);
    const running = p.run<boolean>('test.block', { flag: ref, ms: 10_000 });
    const controller = new AbortController();
    const queued = p.run('test.count', { counter: arrayRef(counter) }, { signal: controller.signal });
    controller.abort();
    const error = await queued.then(() => null, (e: unknown) => e);
    assert.ok(error instanceof KernelTaskError);
    assert.equal(error.name, 'AbortError');
    assert.equal(error.reason, 'aborted');
    assert.equal(error.task, 'test.count');
    release();
    assert.equal(await running, true);
    assert.equal(Atomics.load(counter, 0), 0, 'the aborted task never ran');
    assert.equal(await p.run('test.count', { counter: arrayRef(counter) }), 1);
  });

  test("an error outside any task reaches the pool's 'error' handler, and the pool keeps serving", T, async () => {
    const errors: Error[] = [];
    let notify: () => void = () => {};
    const seen = new Promise<void>((resolve) => { notify = resolve; });
    const p = pool(1, { atomics: 'async', onError: (e) => { errors.push(e); notify(); } });
    await p.run('test.throwLater', { message: 'late failure' });
    let timer: NodeJS.Timeout | undefined;
    // A ref'd timer: idle pool threads do not keep the event loop alive while we wait.
    await Promise.race([seen, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('no error event within 10 s')), 10_000); })]);
    clearTimeout(timer);
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /late failure/);
    assert.equal(typeof await p.run('test.threadId', null), 'number');
  });

  test('close() waits for running and queued tasks, then rejects new ones', T, async () => {
    const p = pool(1);
    const { ref, release } = flag();
    const counter = sharedArray('int32', 1);
    const order: string[] = [];
    const running = p.run('test.block', { flag: ref, ms: 10_000 }).then((r) => { order.push('task'); return r; });
    const queued = p.run('test.count', { counter: arrayRef(counter) }).then((r) => { order.push('queued'); return r; });
    const closing = p.close().then(() => { order.push('closed'); });
    assert.equal(p.closed, true);
    await assert.rejects(p.run('test.threadId', null), (e: unknown) => e instanceof KernelTaskError && e.reason === 'closed' && /pool is closed/.test(e.message));
    setTimeout(release, 50);
    await closing;
    assert.deepEqual(order, ['task', 'queued', 'closed']);
    assert.equal(await running, true);
    assert.equal(await queued, 1);
  });

  test('close({ timeout }) ends tasks that outlive the timeout, which reject with reason closed', T, async () => {
    const p = pool(1);
    const { ref } = flag();
    const stuck = p.run('test.block', { flag: ref, ms: 15_000 });
    await new Promise((r) => setTimeout(r, 50));
    await p.close({ timeout: 100 });
    await assert.rejects(stuck, (e: unknown) => e instanceof KernelTaskError && e.reason === 'closed');
  });

  test('destroy() rejects running tasks with reason closed', T, async () => {
    const p = pool(1);
    const { ref } = flag();
    const running = p.run('test.block', { flag: ref, ms: 10_000 });
    await new Promise((r) => setTimeout(r, 50));
    await p.destroy();
    await assert.rejects(running, (e: unknown) => e instanceof KernelTaskError && e.task === 'test.block');
  });
});

describe('workers: kernel backend', () => {
  test('every task runs on the backend this thread selected with setBackend, as it changes', T, async () => {
    const p = pool(2);
    const all = async () => new Set(await Promise.all(Array.from({ length: 6 }, () => p.run<string>('test.backend', null))));
    const before = getBackend();
    try {
      setBackend('js');
      assert.deepEqual([...await all()], ['js']);
      setBackend('auto');
      assert.deepEqual([...await all()], [getBackend()]);
    } finally {
      setBackend(before === 'js' ? 'js' : 'auto');
    }
  });
});
