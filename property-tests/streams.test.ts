import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { asyncScheduler, EMPTY, map, NEVER, Observable, of, take, throwError, type OperatorFunction } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { clipByNorm, emaGradient, failOnNonFinite, metrics, NonFiniteError, powerSgd, trainingLoop, vectorNorm, type GradientEvent } from 'sublinear/streams';
import { propertyParameters } from 'sublinear/testing';
import type { GradientTransformation } from 'sublinear/optim';

const ev = (step: number, g: number[], loss = 1): GradientEvent<Float64Array> => ({ step, loss, gradient: Float64Array.from(g) });

function scheduler() {
  return new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
}

/** The shared spec every pure operator must meet (RxJS's own operator specs: empty, never and erroring sources, early unsubscribe, take(3) on a firehose). */
function operatorContract(name: string, make: () => OperatorFunction<GradientEvent<Float64Array>, GradientEvent<Float64Array>>) {
  describe(`${name}: the RxJS operator contract`, () => {
    test('an empty source completes without emitting', () => {
      scheduler().run(({ cold, expectObservable }) => {
        expectObservable(cold<GradientEvent<Float64Array>>('|').pipe(make())).toBe('|');
      });
    });
    test('a never source never emits and is unsubscribed at the end', () => {
      scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const src = cold<GradientEvent<Float64Array>>('-');
        expectObservable(src.pipe(make()), '^ 9ms !').toBe('-');
        expectSubscriptions(src.subscriptions).toBe('^ 9ms !');
      });
    });
    test('an erroring source passes its error downstream', () => {
      scheduler().run(({ cold, expectObservable }) => {
        expectObservable(cold<GradientEvent<Float64Array>>('a#', { a: ev(0, [1]) }, new Error('boom')).pipe(make(), map((e) => e.step)))
          .toBe('a#', { a: 0 }, new Error('boom'));
      });
    });
    test('early unsubscribe tears down the source subscription once', () => {
      scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const src = cold('a-b-c-d', { a: ev(0, [1]), b: ev(1, [2]), c: ev(2, [3]), d: ev(3, [4]) });
        expectObservable(src.pipe(make(), map((e) => e.step)), '^--!').toBe('a-b', { a: 0, b: 1 });
        expectSubscriptions(src.subscriptions).toBe('^--!');
      });
    });
    test('a synchronous firehose stops after take(3)', () => {
      let produced = 0;
      const firehose = new Observable<GradientEvent<Float64Array>>((sub) => {
        for (let i = 0; i < 1e6 && !sub.closed; i++) { produced++; sub.next(ev(i, [i, 1])); }
        sub.complete();
      });
      const seen: number[] = [];
      firehose.pipe(make(), take(3)).subscribe((e) => seen.push(e.step));
      assert.deepEqual(seen, [0, 1, 2]);
      assert.ok(produced <= 4, `source kept producing: ${produced}`);
    });
    test('input events are never mutated', () => {
      const input = [ev(0, [3, 4]), ev(1, [6, 8])];
      const before = input.map((e) => Array.from(e.gradient));
      of(...input).pipe(make()).subscribe();
      assert.deepEqual(input.map((e) => Array.from(e.gradient)), before);
    });
  });
}

operatorContract('clipByNorm', () => clipByNorm(1));
operatorContract('emaGradient', () => emaGradient(0.9));
operatorContract('failOnNonFinite', () => failOnNonFinite({ checkGradient: true }));
operatorContract('powerSgd', () => powerSgd({ rank: 1, matrices: [{ offset: 0, rows: 1, cols: 1 }] }));
operatorContract('metrics', () => metrics() as unknown as OperatorFunction<GradientEvent<Float64Array>, GradientEvent<Float64Array>>);

describe('clipByNorm', () => {
  test('the clipped gradient has norm min(‖g‖, maxNorm) and the direction of g', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 20 }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (g, maxNorm) => {
      let out!: GradientEvent<Float64Array>;
      of(ev(0, g)).pipe(clipByNorm(maxNorm)).subscribe((e) => { out = e; });
      const n = vectorNorm(Float64Array.from(g));
      assert.ok(Math.abs(vectorNorm(out.gradient) - Math.min(n, maxNorm)) <= 1e-9 * Math.max(1, n));
      for (let i = 0; i < g.length; i++) assert.ok(Math.sign(out.gradient[i]) === Math.sign(g[i]) || out.gradient[i] === 0);
    }), propertyParameters());
  });
  test('a bad maxNorm is a RangeError naming it', () => {
    assert.throws(() => clipByNorm(0), { name: 'RangeError', message: /maxNorm/ });
    assert.throws(() => clipByNorm(NaN), RangeError);
  });
});

describe('emaGradient', () => {
  test('a constant gradient stream is a fixed point (bias correction is exact)', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 0.99, noNaN: true }), fc.double({ min: -10, max: 10, noNaN: true }), (decay, g) => {
      const out: number[] = [];
      of(ev(0, [g]), ev(1, [g]), ev(2, [g])).pipe(emaGradient(decay)).subscribe((e) => out.push(e.gradient[0]));
      for (const v of out) assert.ok(Math.abs(v - g) <= 1e-12 * Math.max(1, Math.abs(g)));
    }), propertyParameters());
  });
  test('matches the hand-computed average', () => {
    const out: number[] = [];
    of(ev(0, [1]), ev(1, [3])).pipe(emaGradient(0.5)).subscribe((e) => out.push(e.gradient[0]));
    assert.deepEqual(out, [1, (0.25 * 1 + 0.5 * 3) / 0.75]);
  });
  test('a gradient of a new length errors the stream', () => {
    let error: unknown;
    of(ev(0, [1]), ev(1, [1, 2])).pipe(emaGradient(0.5)).subscribe({ error: (e) => { error = e; } });
    assert.ok(error instanceof RangeError && /gradient\.length/.test(error.message));
  });
});

describe('failOnNonFinite', () => {
  test('a NaN loss arrives as a stream error with its step', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const src = cold('ab', { a: ev(0, [1]), b: ev(1, [1], NaN) });
      expectObservable(src.pipe(failOnNonFinite(), map((e) => e.step))).toBe('a#', { a: 0 }, new NonFiniteError(1, 'loss', NaN));
    });
  });
});

describe('metrics', () => {
  test('attaches norms, the best loss and time between events from the given clock', () => {
    let t = 0;
    const out: number[][] = [];
    of(ev(0, [3, 4], 5), ev(1, [0, 1], 2), ev(2, [0, 0], 7)).pipe(metrics({ now: () => (t += 10) }))
      .subscribe((e) => out.push([e.metrics.gradientNorm, e.metrics.bestLoss, e.metrics.msSinceLast, e.metrics.count]));
    assert.deepEqual(out, [[5, 5, NaN, 1], [1, 2, 10, 2], [0, 2, 10, 3]]);
  });
  test('each subscription keeps its own running figures', () => {
    const src = of(ev(0, [1], 3)).pipe(metrics());
    const counts: number[] = [];
    src.subscribe((e) => counts.push(e.metrics.count));
    src.subscribe((e) => counts.push(e.metrics.count));
    assert.deepEqual(counts, [1, 1]);
  });
});

describe('trainingLoop', () => {
  const quadratic = (x: Float64Array) => ({ loss: 0.5 * (x[0] - 3) ** 2, gradient: Float64Array.from([x[0] - 3]) });
  const halfStep = map((e: GradientEvent<Float64Array>) => ({ ...e, update: e.gradient.map((g) => -0.5 * g) }));

  test('feeds each update back: gradient descent on a quadratic quarters the loss every step', () => {
    const losses: number[] = [];
    trainingLoop({ params: new Float64Array([0]), lossAndGradient: quadratic, pipeline: halfStep, steps: 10 }).subscribe((e) => losses.push(e.loss));
    assert.equal(losses.length, 10);
    for (let i = 1; i < losses.length; i++) assert.ok(Math.abs(losses[i] - losses[i - 1] / 4) <= 1e-12);
  });
  test('until stops after the first event it accepts; steps bounds the rest', () => {
    const steps: number[] = [];
    trainingLoop({ params: new Float64Array([0]), lossAndGradient: quadratic, pipeline: halfStep, steps: 100, until: (e) => e.loss < 1e-3 }).subscribe((e) => steps.push(e.step));
    // loss_k = 4.5 / 4^k first drops below 1e-3 at k = 7 (4.5/16384): steps 0…7 are emitted.
    assert.deepEqual(steps, [0, 1, 2, 3, 4, 5, 6, 7]);
  });
  test('a synchronous loop of 50,000 steps runs in constant stack depth (the trampoline loops instead of recursing)', () => {
    let count = 0, error: unknown;
    trainingLoop({ params: new Float64Array([0]), lossAndGradient: quadratic, pipeline: halfStep, steps: 50_000 }).subscribe({ next: () => { count++; }, error: (e) => { error = e; } });
    assert.equal(error, undefined);
    assert.equal(count, 50_000);
  });
  test('a synchronous loop stops computing as soon as take(3) unsubscribes', () => {
    let calls = 0;
    trainingLoop({ params: new Float64Array([0]), lossAndGradient: (x) => { calls++; return quadratic(x); }, steps: 1_000_000 }).pipe(take(3)).subscribe();
    assert.equal(calls, 3);
  });
  test('a NaN loss errors the stream with its cause and stops the loop', () => {
    let calls = 0, error: unknown;
    trainingLoop({ params: new Float64Array([0]), lossAndGradient: (_x, step) => { calls++; return { loss: step === 2 ? NaN : 1, gradient: new Float64Array(1) }; }, steps: 10 })
      .subscribe({ error: (e) => { error = e; } });
    assert.equal(calls, 3);
    assert.ok(error instanceof RangeError && /step 2: loss is NaN/.test(error.message));
  });
  test('an asynchronous pipeline drives the loop one step at a time, and unsubscribe stops it', async () => {
    let calls = 0;
    const events: GradientEvent<Float64Array>[] = await new Promise((resolve, reject) => {
      const got: GradientEvent<Float64Array>[] = [];
      trainingLoop({ params: new Float64Array([0]), lossAndGradient: (x) => { calls++; return quadratic(x); }, pipeline: halfStep, steps: 1000, scheduler: asyncScheduler })
        .pipe(take(4)).subscribe({ next: (e) => got.push(e), error: reject, complete: () => resolve(got) });
    });
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(events.map((e) => e.step), [0, 1, 2, 3]);
    assert.equal(calls, 4);
  });
  test('emitted arrays are owned by the event, never reused', () => {
    const shared = new Float64Array(1);
    const events: GradientEvent<Float64Array>[] = [];
    trainingLoop({ params: new Float64Array([0]), lossAndGradient: (x) => { shared[0] = x[0] - 3; return { loss: 1, gradient: shared }; }, pipeline: halfStep, steps: 3 })
      .subscribe((e) => events.push(e));
    assert.deepEqual(events.map((e) => e.gradient[0]), [-3, -1.5, -0.75]);
    assert.deepEqual(events.map((e) => e.params![0]), [1.5, 2.25, 2.625]);
  });
  test('a pipeline without updates, and bad options, are clear errors', () => {
    let error: unknown;
    trainingLoop({ params: new Float64Array([0]), lossAndGradient: quadratic, pipeline: map((e) => e), steps: 3 }).subscribe({ error: (e) => { error = e; } });
    assert.ok(error instanceof RangeError && /update/.test(error.message));
    assert.throws(() => trainingLoop({ params: [0] as unknown as Float64Array, lossAndGradient: quadratic }), { name: 'TypeError', message: /options\.params/ });
    assert.throws(() => trainingLoop({ params: new Float64Array([NaN]), lossAndGradient: quadratic }), { name: 'RangeError', message: /options\.params\[0\]/ });
    assert.throws(() => trainingLoop({ params: new Float64Array(1), lossAndGradient: quadratic, steps: -1 }), { name: 'RangeError', message: /options\.steps/ });
  });
  test('empty, never and erroring pipelines end the loop the same way', () => {
    const done: string[] = [];
    trainingLoop({ params: new Float64Array(1), lossAndGradient: quadratic, pipeline: () => EMPTY }).subscribe({ complete: () => done.push('empty completes') });
    const sub = trainingLoop({ params: new Float64Array(1), lossAndGradient: quadratic, pipeline: () => NEVER }).subscribe({ next: () => done.push('never emits') });
    sub.unsubscribe();
    trainingLoop({ params: new Float64Array(1), lossAndGradient: quadratic, pipeline: () => throwError(() => new Error('x')) }).subscribe({ error: () => done.push('error errors') });
    assert.deepEqual(done, ['empty completes', 'error errors']);
  });
});

describe('applyTransform', () => {
  test('equals running the transform by hand, state carried across events', async () => {
    const { adam, sgd, momentum } = await import('sublinear/optim');
    const { applyTransform } = await import('sublinear/streams');
    const transforms: GradientTransformation<unknown, Float64Array>[] = [adam({ lr: 0.01 }), sgd({ lr: 0.1 }), momentum({ lr: 0.1, beta: 0.9 })] as never;
    for (const t of transforms) {
      const grads = [[1, -2], [0.5, 0.5], [-1, 3]];
      const params = new Float64Array([0.3, -0.1]);
      const viaStream: number[][] = [];
      of(...grads.map((g, step) => ({ step, loss: 0, gradient: Float64Array.from(g), params }))).pipe(applyTransform(t)).subscribe((e) => viaStream.push(Array.from(e.update)));
      let state = t.init(params);
      const byHand = grads.map((g) => { const [u, s] = t.update(Float64Array.from(g), state, params); state = s; return Array.from(u); });
      assert.deepEqual(viaStream, byHand);
    }
  });
  test('adam through the training loop drives a quadratic to its minimum', async () => {
    const { adam } = await import('sublinear/optim');
    const { applyTransform } = await import('sublinear/streams');
    let last = Infinity;
    trainingLoop({
      params: new Float64Array([0, 0]),
      lossAndGradient: (x) => ({ loss: (x[0] - 1) ** 2 + (x[1] + 2) ** 2, gradient: new Float64Array([2 * (x[0] - 1), 2 * (x[1] + 2)]) }),
      pipeline: applyTransform(adam({ lr: 0.05 })),
      steps: 400,
    }).subscribe((e) => { last = e.loss; });
    assert.ok(last < 1e-4, `final loss ${last}`);
  });
  test('a transform that throws errors the stream', async () => {
    const { applyTransform } = await import('sublinear/streams');
    let error: unknown;
    of(ev(0, [1])).pipe(applyTransform({ init: () => ({}), update: () => { throw new Error('bad state'); } })).subscribe({ error: (e) => { error = e; } });
    assert.ok(error instanceof Error && error.message === 'bad state');
    assert.throws(() => applyTransform({} as never), { name: 'TypeError', message: /transform/ });
  });
});

describe('progressBar', () => {
  test('draws one line per event on a terminal, clears at the end, and passes events through', async () => {
    const { progressBar } = await import('sublinear/streams');
    const writes: string[] = [];
    const steps: number[] = [];
    of(ev(0, [1], 4), ev(1, [1], 2)).pipe(progressBar({ total: 2, label: 'train', target: { isTTY: true, write: (s) => writes.push(s) } })).subscribe((e) => steps.push(e.step));
    assert.deepEqual(steps, [0, 1]);
    assert.equal(writes.length, 3);
    assert.match(writes[0], /train \[#+-+\] 1\/2 loss 4\.000e\+0/);
    assert.match(writes[1], /\[#+\] 2\/2 loss 2\.000e\+0/);
    assert.equal(writes[2], '\r\u001b[K');
  });
  test('draws nothing when the target is not a terminal', async () => {
    const { progressBar } = await import('sublinear/streams');
    const writes: string[] = [];
    of(ev(0, [1])).pipe(progressBar({ total: 1, target: { write: (s) => writes.push(s) } })).subscribe();
    assert.deepEqual(writes, []);
  });
});

describe('sketchGradient', () => {
  test('emits S g, and sketched inner products track the originals within the sketch distortion', async () => {
    const { createSketch, embeddingDistortion } = await import('sublinear/sketch');
    const { sketchGradient } = await import('sublinear/streams');
    const { Rng } = await import('sublinear/core');
    const N = 512, rng = new Rng(9);
    const S = createSketch({ kind: 'gaussian', rows: 256, cols: N, seed: 4 });
    const g = rng.fillGaussian(new Float64Array(N));
    let out!: GradientEvent;
    of(ev(0, Array.from(g))).pipe(sketchGradient(S)).subscribe((e) => { out = e; });
    assert.deepEqual(Array.from(out.gradient), Array.from(S.applyVector(g)));
    const eps = embeddingDistortion(S, { rows: N, cols: 1, data: g });
    assert.ok(Math.abs(vectorNorm(out.gradient) ** 2 / vectorNorm(g) ** 2 - 1) <= eps + 1e-12);
  });
  test('a gradient of the wrong length errors the stream', async () => {
    const { createSketch } = await import('sublinear/sketch');
    const { sketchGradient } = await import('sublinear/streams');
    let error: unknown;
    of(ev(0, [1, 2, 3])).pipe(sketchGradient(createSketch({ kind: 'countsketch', rows: 2, cols: 4, seed: 1 }))).subscribe({ error: (e) => { error = e; } });
    assert.ok(error instanceof RangeError && /gradient\.length/.test(error.message));
  });
});

describe('fromTrainer', () => {
  const makeTrainer = async () => {
    const { Rng } = await import('sublinear/core');
    const { SparseGaussNewton } = await import('sublinear/nn');
    const rng = new Rng(21), n = 8, d = 16;
    const X = { rows: n, cols: d, data: rng.fillGaussian(new Float64Array(n * d)) };
    return () => new SparseGaussNewton(X, rng.fillGaussian(new Float64Array(n)).map((_, i) => (i % 2 ? 1 : -1)), { width: 2048, seed: 5 });
  };
  test('emits exactly what stepping the trainer by hand gives: loss, f − y, diagnostics', async () => {
    const { fromTrainer } = await import('sublinear/streams');
    const make = await makeTrainer();
    const viaStream: TrainerEventLike[] = [];
    fromTrainer(make(), { steps: 4 }).subscribe((e) => viaStream.push(e));
    const byHand = make();
    for (let t = 0; t < 4; t++) {
      const r = byHand.step();
      assert.equal(viaStream[t].loss, r.loss);
      assert.deepEqual(viaStream[t].gradient, r.residual);
      assert.equal(viaStream[t].diagnostics?.touched, r.touched);
      assert.ok(Math.abs(0.5 * r.residual.reduce((a, v) => a + v * v, 0) - r.loss) <= 1e-12 * Math.max(1, r.loss));
    }
  });
  test('take(2) steps the trainer exactly twice', async () => {
    const { fromTrainer } = await import('sublinear/streams');
    const trainer = (await makeTrainer())();
    fromTrainer(trainer, { steps: 100 }).pipe(take(2)).subscribe();
    assert.equal(trainer.steps, 2);
  });
  test('a refused step errors the stream with its message, or is emitted with onRefused: emit; a NaN loss is a NonFiniteError', async () => {
    const { fromTrainer, TrainerStepError } = await import('sublinear/streams');
    const base = { step: 1, loss: 1, residual: new Float64Array(1), active: { mean: 0, min: 0, max: 0, predicted: 0, expected: 0 }, touched: 0, timings: { query: 0, forward: 0, gram: 0, solve: 0, update: 0, leaves: 0, total: 0 }, solverIterations: 0, update: { neurons: new Int32Array(0), inputs: new Int32Array(0), coefficients: new Float64Array(0) } };
    const refused = { step: () => ({ ...base, status: 'singular' as const, message: 'H is singular at input 0' }) };
    let error: unknown;
    fromTrainer(refused, { steps: 3 }).subscribe({ error: (e) => { error = e; } });
    assert.ok(error instanceof TrainerStepError && /singular at input 0/.test(error.message));
    const emitted: string[] = [];
    fromTrainer(refused, { steps: 2, onRefused: 'emit' }).subscribe((e) => emitted.push(e.result.status));
    assert.deepEqual(emitted, ['singular', 'singular']);
    fromTrainer({ step: () => ({ ...base, status: 'stepped' as const, loss: NaN }) }, { steps: 2 }).subscribe({ error: (e) => { error = e; } });
    assert.ok(error instanceof NonFiniteError);
    assert.throws(() => fromTrainer({} as never), { name: 'TypeError', message: /trainer/ });
  });
  test('with a scheduler the steps run as tasks and unsubscribe stops them', async () => {
    const { fromTrainer } = await import('sublinear/streams');
    const trainer = (await makeTrainer())();
    const got: number[] = await new Promise((resolve, reject) => {
      const seen: number[] = [];
      fromTrainer(trainer, { steps: 50, scheduler: asyncScheduler }).pipe(take(3)).subscribe({ next: (e) => seen.push(e.step), error: reject, complete: () => resolve(seen) });
    });
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(got, [0, 1, 2]);
    assert.equal(trainer.steps, 3);
  });
});
type TrainerEventLike = GradientEvent<Float64Array> & { diagnostics?: Readonly<Record<string, number>> };
