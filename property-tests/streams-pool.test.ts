/** The pool path of the streams: offloadToPool over a real Piscina pool (async tests, bounded waits). */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { firstValueFrom, from, lastValueFrom, Subject, take, toArray } from 'rxjs';
import { Rng } from 'sublinear/core';
import { BandedMatrix, bandedLogDetInverse } from 'sublinear/logdet';
import { offloadToPool, type GradientEvent } from 'sublinear/streams';
import { createKernelPool } from 'sublinear/workers';

const pool = createKernelPool({ threads: 2 });
after(() => pool.close());

const delay = (ms: number, signal: AbortSignal) => new Promise<void>((resolve, reject) => {
  const t = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason); }, { once: true });
});

describe('offloadToPool', () => {
  test('emits results in event order even when later tasks finish first', async () => {
    const out = await lastValueFrom(from([30, 1, 15, 2]).pipe(
      offloadToPool(pool, async (ms, p, signal) => { await delay(ms, signal); await p.run('core.noop', null, { signal }); return ms; }, { concurrency: 4 }),
      toArray(),
    ));
    assert.deepEqual(out, [30, 1, 15, 2]);
  });

  test('ordered: false emits results as they finish', async () => {
    const out = await lastValueFrom(from([40, 1]).pipe(offloadToPool(pool, async (ms, _p, signal) => { await delay(ms, signal); return ms; }, { concurrency: 2, ordered: false }), toArray()));
    assert.deepEqual(out, [1, 40]);
  });

  test('never runs more than `concurrency` tasks at once', async () => {
    let running = 0, peak = 0;
    await lastValueFrom(from([5, 5, 5, 5, 5, 5]).pipe(offloadToPool(pool, async (ms, _p, signal) => {
      running++; peak = Math.max(peak, running);
      try { await delay(ms, signal); } finally { running--; }
      return ms;
    }, { concurrency: 2 }), toArray()));
    assert.equal(peak, 2);
  });

  test('unsubscribing aborts the running and queued work', async () => {
    const aborted: number[] = [];
    const started: number[] = [];
    const source = new Subject<number>();
    const sub = source.pipe(offloadToPool(pool, async (i, _p, signal) => {
      started.push(i);
      signal.addEventListener('abort', () => aborted.push(i));
      await delay(10_000, signal);
      return i;
    }, { concurrency: 1 })).subscribe({ error: () => {} });
    source.next(0); source.next(1); source.next(2);
    await new Promise((r) => setTimeout(r, 20));
    sub.unsubscribe();
    assert.deepEqual(started, [0]);
    assert.deepEqual(aborted, [0]);
  });

  test('a task that throws in the worker errors the stream with the task name and cause; the pool keeps serving', async () => {
    await assert.rejects(
      firstValueFrom(from([1]).pipe(offloadToPool(pool, (_e, p, signal) => p.run('core.gemm', { not: 'a payload' }, { signal })))),
      (e: Error) => /core\.gemm/.test(e.message),
    );
    const ok = await firstValueFrom(from([7]).pipe(offloadToPool(pool, async (x, p, signal) => { await p.run('core.noop', null, { signal }); return x; })));
    assert.equal(ok, 7);
  });

  test('a SONew-style preconditioned gradient computed on the pool equals the sequential one bit for bit', async () => {
    const rng = new Rng(5), n = 257, band = 3;
    const H = BandedMatrix.zeros(n, band);
    for (let t = 0; t < 20; t++) BandedMatrix.emaOuter(H, rng.fillGaussian(new Float64Array(n)), 0.9);
    const X = bandedLogDetInverse(BandedMatrix.damped(H, { absolute: 1e-3 }));
    const events: GradientEvent<Float64Array>[] = [0, 1, 2].map((step) => ({ step, loss: 1, gradient: rng.fillGaussian(new Float64Array(n)) }));
    const preconditioned = await lastValueFrom(from(events).pipe(
      offloadToPool(pool, async (e, p, signal) => ({ ...e, gradient: (await X.apply(e.gradient, { pool: p, signal })) as Float64Array })),
      take(3), toArray(),
    ));
    for (let i = 0; i < 3; i++) assert.deepEqual(preconditioned[i].gradient, X.apply(events[i].gradient));
  });
});
