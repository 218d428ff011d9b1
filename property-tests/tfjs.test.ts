/** sublinear/tfjs with @tensorflow/tfjs-core and the cpu backend: conversions, the tf.Optimizer adapter (under tfjs-layers' model.fit too), and streams' fromTfjsModel. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { lastValueFrom, take, toArray } from 'rxjs';
import { Rng, matrix, type Matrix } from 'sublinear/core';
import { adam, chain, clipByGlobalNorm, cosineDecaySchedule, scaleByAdam, scaleByLearningRate, sonew, type GradientTransformation } from 'sublinear/optim';
import { applyTransform, fromTfjsModel, type GradientEvent, type TfjsGradientEvent } from 'sublinear/streams';
import { arrayToTensor, matrixToTensor, tensorToArray, tensorToMatrix, tfjsOptimizer, TFJS_OPTIMIZER_CLASS_NAME } from 'sublinear/tfjs';
import { assertClose, propertyParameters } from 'sublinear/testing';
import { tf } from './fixtures/tfjs.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const F32 = 2 ** -23;

/** A 4-8-1 ReLU network on 16 fixed points: its variables, and the mean squared error as a function of them. */
function model(seed: number, prefix: string) {
  const rng = new Rng(seed);
  const g = (n: number, s = 1) => Float32Array.from(rng.fillGaussian(new Float64Array(n)), (x) => x * s);
  const vars = {
    w1: tf.variable(tf.tensor(g(32, 0.5), [4, 8]), true, `${prefix}/w1`),
    b1: tf.variable(tf.tensor(g(8, 0.1), [8]), true, `${prefix}/b1`),
    w2: tf.variable(tf.tensor(g(8, 0.5), [8, 1]), true, `${prefix}/w2`),
  };
  const x = tf.tensor(g(64), [16, 4]), y = tf.tensor(g(16), [16, 1]);
  const loss = () => tf.mean(tf.square(tf.sub(tf.matMul(tf.relu(tf.add(tf.matMul(x, vars.w1), vars.b1)), vars.w2), y))) as tf.Scalar;
  return { vars, loss, list: Object.values(vars) };
}

/** The same steps by hand: gradients from tfjs, then each variable through its own copy of the transform. */
function handStep(t: GradientTransformation<any>, states: Map<string, unknown>, vars: tf.Variable[], loss: () => tf.Scalar): void {
  const { value, grads } = tf.variableGrads(loss, vars);
  for (const v of vars) {
    const p = Float32Array.from(v.dataSync() as Float32Array), g = grads[v.name].dataSync() as Float32Array;
    const [u, next] = t.update(g, states.get(v.name) ?? t.init(p), p);
    for (let i = 0; i < p.length; i++) p[i] += u[i];
    v.assign(tf.tensor(p, v.shape));
    states.set(v.name, next);
  }
  tf.dispose([value, ...Object.values(grads)]);
}

let id = 0;
const fresh = () => `m${id++}`;

describe('sublinear/tfjs', () => {
  test('a tfjs model trained by tfjsOptimizer(sonew) matches sonew applied by hand, step for step, within float32 rounding', () => {
    for (const make of [() => sonew({ lr: 0.1, band: 2 }), () => chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(cosineDecaySchedule({ init: 0.1, decaySteps: 12 })))]) {
      const a = model(5, fresh()), b = model(5, fresh());
      const opt = tfjsOptimizer(tf, make()), byHand = make(), states = new Map<string, unknown>();
      const first = a.loss().dataSync()[0];
      for (let step = 0; step < 12; step++) {
        opt.minimize(a.loss, false, a.list);
        handStep(byHand, states, b.list, b.loss);
        for (const k of ['w1', 'b1', 'w2'] as const) assertClose(a.vars[k].dataSync(), b.vars[k].dataSync(), 4 * F32, 4 * F32, `${k} at step ${step}`);
      }
      assert.equal(opt.iterations, 12);
      assert.ok(a.loss().dataSync()[0] < 0.8 * first, `the loss went down: ${first} → ${a.loss().dataSync()[0]}`);
      assert.deepEqual(Object.keys(opt.getState()).map((n) => n.split('/')[1]), ['w1', 'b1', 'w2']);
      tf.dispose([...a.list, ...b.list]);
    }
  });

  test('the optimizer state is plain data: getWeights/setWeights and a structured clone through setState both continue identically; a recipe round-trips through its registered config', async () => {
    const a = model(9, fresh());
    const opt = tfjsOptimizer(tf, { recipe: 'sonew', options: { lr: 0.01, band: 1, weightDecay: { kind: 'constant', value: 1e-3 } } });
    for (let k = 0; k < 3; k++) opt.minimize(a.loss, false, a.list);
    assert.equal(opt.getClassName(), TFJS_OPTIMIZER_CLASS_NAME);
    const config = opt.getConfig();
    const Cls = tf.serialization.SerializationMap.getMap().classNameMap[TFJS_OPTIMIZER_CLASS_NAME];
    assert.ok(Cls, 'registered with tf.serialization');
    const viaConfig = (Cls[1] as (c: unknown, conf: unknown) => ReturnType<typeof tfjsOptimizer>)(Cls[0], config);
    await viaConfig.setWeights(await opt.getWeights());
    const viaClone = tfjsOptimizer(tf, sonew({ lr: 0.01, band: 1, weightDecay: 1e-3 }));
    viaClone.setState(structuredClone(opt.getState()));
    const start = a.list.map((v) => v.clone());
    const runFrom = (o: typeof opt) => {
      a.list.forEach((v, i) => v.assign(start[i]));
      for (let k = 0; k < 3; k++) o.minimize(a.loss, false, a.list);
      return a.list.map((v) => Array.from(v.dataSync()));
    };
    const want = runFrom(opt);
    assert.deepEqual(runFrom(viaConfig), want);
    assert.deepEqual(runFrom(viaClone), want);
    assert.equal(viaConfig.iterations, 6);
    tf.dispose([...a.list, ...start]);
  });

  test('fromTfjsModel with applyTransform(sonew) trains a one-variable model exactly as tfjsOptimizer(sonew) does; its events are GradientEvents', async () => {
    const a = model(3, fresh()), b = model(3, fresh());
    const events = await lastValueFrom(fromTfjsModel(tf, { loss: a.loss, variables: [a.vars.w1], steps: 6, pipeline: applyTransform(sonew({ lr: 0.03, band: 3 })) }).pipe(toArray()));
    const opt = tfjsOptimizer(tf, sonew({ lr: 0.03, band: 3 }));
    events.forEach((e, step) => {
      const before = Float32Array.from(b.vars.w1.dataSync());
      assert.deepEqual(e.params.length, 32);
      assert.equal(e.step, step);
      assert.ok(Math.abs(e.loss - b.loss().dataSync()[0]) <= 8 * F32 * e.loss, `loss at ${step}`);
      opt.minimize(b.loss, false, [b.vars.w1]);
      assertClose(e.params, b.vars.w1.dataSync(), 4 * F32, 4 * F32, `params after step ${step}`);
      assert.notDeepEqual(before, e.params);
    });
    assertClose(a.vars.w1.dataSync(), b.vars.w1.dataSync(), 4 * F32, 4 * F32, 'the variable itself');
    const typed: GradientEvent<Float32Array> = events[0]; // compile-time: the stream operators take these events
    assert.equal(typed.gradient, events[0].gradient);
    assert.deepEqual(events[0].layout, [{ name: a.vars.w1.name, shape: [4, 8], offset: 0, size: 32 }]);
    tf.dispose([...a.list, ...b.list]);
  });

  test('fromTfjsModel without a pipeline only observes (variables unchanged, gradients of all trainable variables in layout order); take(3) stops it; a NaN loss errors the stream', async () => {
    const a = model(4, fresh());
    const before = a.list.map((v) => Array.from(v.dataSync()));
    let calls = 0;
    const loss = () => { calls++; return a.loss(); };
    const events: TfjsGradientEvent[] = await lastValueFrom(fromTfjsModel(tf, { loss, variables: a.list, steps: 1000 }).pipe(take(3), toArray()));
    assert.equal(events.length, 3);
    assert.equal(calls, 3);
    assert.deepEqual(a.list.map((v) => Array.from(v.dataSync())), before);
    const { grads } = tf.variableGrads(a.loss, a.list);
    const flat = Float32Array.from(a.list.flatMap((v) => Array.from(grads[v.name].dataSync())));
    assert.deepEqual(events[2].gradient, flat);
    assert.deepEqual(events[0].layout.map((s) => [s.offset, s.size]), [[0, 32], [32, 8], [40, 8]]);
    await assert.rejects(lastValueFrom(fromTfjsModel(tf, { loss: () => tf.mul(a.loss(), NaN) as tf.Scalar, variables: a.list, steps: 2 })), { name: 'NonFiniteError', message: /training diverged at step 0: loss is NaN/ });
    tf.dispose([...a.list, ...Object.values(grads)]);
  });

  test('tensors and matrices round-trip (float32 exactly, float64 rounded to float32), sharing memory on the cpu backend unless copy is asked for', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.nat(), (rows, cols, seed) => {
      const rng = new Rng(seed);
      const d64 = rng.fillGaussian(new Float64Array(rows * cols));
      const A: Matrix = { rows, cols, data: d64 };
      const t = matrixToTensor(tf, A);
      const back = tensorToMatrix(t, { copy: true });
      assert.deepEqual([back.rows, back.cols], [rows, cols]);
      assert.deepEqual(back.data, Float32Array.from(d64));
      const B = { rows, cols, data: Float32Array.from(d64) };
      const shared = matrixToTensor(tf, B);
      assert.deepEqual(tensorToMatrix(shared), B);
      B.data[0] = 42; // the cpu backend kept B.data as the tensor's storage
      assert.equal(shared.dataSync()[0], 42);
      const copied = matrixToTensor(tf, B, { copy: true });
      B.data[0] = 7;
      assert.equal(copied.dataSync()[0], 42);
      const view = tensorToArray(copied);
      assert.equal(view.buffer, (copied.dataSync() as Float32Array).buffer, 'no copy out of the cpu backend');
      assert.notEqual(tensorToArray(copied, { copy: true }).buffer, view.buffer);
      const v = arrayToTensor(tf, Array.from(d64), [rows * cols]);
      assert.deepEqual(tensorToArray(v), Float32Array.from(d64));
      tf.dispose([t, shared, copied, v]);
    }), propertyParameters({ numRuns: 30 }));
    const m = matrix([[1, 2, 3], [4, 5, 6]], 'float32');
    const t = matrixToTensor(tf, m);
    assert.deepEqual(t.shape, [2, 3]);
    assert.deepEqual(Array.from(tensorToArray(tf.matMul(t, tf.transpose(t)))), [14, 32, 32, 77]);
  });

  test('bad input gets a clear error naming the function and argument, before anything is written', () => {
    const t3 = tf.zeros([2, 2, 2]), i32 = tf.tensor([1, 2], [2], 'int32'), gone = tf.zeros([2]);
    gone.dispose();
    assert.throws(() => tensorToMatrix(t3), { name: 'RangeError', message: /tensorToMatrix: invalid argument. tensor.shape must be of rank 2 \(\[rows, cols\]\). Value: "\[2, 2, 2\]"/ });
    assert.throws(() => tensorToArray(i32), { name: 'TypeError', message: /tensorToArray: invalid argument. tensor.dtype must be 'float32'/ });
    assert.throws(() => tensorToArray(gone), { name: 'TypeError', message: /tensor must be a live tf.Tensor \(this one is disposed\)/ });
    assert.throws(() => tensorToArray(new Float32Array(2) as never), { name: 'TypeError', message: /tensor must be a tf.Tensor/ });
    assert.throws(() => tensorToArray(t3, { copy: 'yes' as never }), { name: 'TypeError', message: /options.copy must be a boolean/ });
    assert.throws(() => arrayToTensor(tf, [1, NaN], [2]), { name: 'RangeError', message: /arrayToTensor: invalid argument. data\[1\] must be a finite number. Value: NaN./ });
    assert.throws(() => arrayToTensor(tf, [1, 2, 3], [2, 2]), { name: 'RangeError', message: /shape must be dimensions whose product is data.length \(3\)/ });
    assert.throws(() => arrayToTensor({} as never, [1], [1]), { name: 'TypeError', message: /arrayToTensor: invalid argument. tf must be the tfjs namespace/ });
    assert.throws(() => matrixToTensor(tf, { rows: 2, cols: 2, data: new Float64Array(3) }), { name: 'RangeError', message: /matrixToTensor: invalid argument. matrix.data.length must be rows·cols = 4/ });
    assert.throws(() => matrixToTensor(tf, { rows: 1, cols: 1, data: Float64Array.of(Infinity) }), { name: 'RangeError', message: /matrix\[0\]\[0\] must be a finite number/ });
    assert.throws(() => tfjsOptimizer(tf, { init: 1 } as never), { name: 'TypeError', message: /tfjsOptimizer: invalid argument. transform must be a GradientTransformation/ });
    assert.throws(() => tfjsOptimizer(tf, { recipe: 'lion', options: {} } as never), { name: 'RangeError', message: /transform.recipe must be one of 'sgd'/ });
    assert.throws(() => tfjsOptimizer(tf, { recipe: 'adam', options: { lr: -1 } }), { name: 'RangeError', message: /adam: invalid argument. options.lr must be a finite number > 0/ });
    assert.throws(() => fromTfjsModel(tf, { loss: 3 as never }), { name: 'TypeError', message: /fromTfjsModel: invalid argument. options.loss must be a function/ });
    // tf is checked for exactly the members its declared type (TfjsLike) names: one missing is refused, those five suffice
    const { engine, variableGrads, dispose, tidy, tensor } = tf;
    assert.throws(() => fromTfjsModel({ engine, variableGrads, dispose, tidy } as never, { loss: () => tf.scalar(0) }), { name: 'TypeError', message: /fromTfjsModel: invalid argument. tf must be the tfjs namespace/ });
    assert.doesNotThrow(() => fromTfjsModel({ engine, variableGrads, dispose, tidy, tensor }, { loss: () => tf.scalar(0), steps: 0 }));
    assert.throws(() => fromTfjsModel(tf, { loss: () => tf.scalar(0), steps: -1 }), { name: 'RangeError', message: /options.steps must be an integer ≥ 0/ });
    assert.throws(() => fromTfjsModel(tf, { loss: () => tf.scalar(0), step: 3 } as never), { name: 'RangeError', message: /fromTfjsModel: invalid argument. options.step must be absent: the options are loss, variables, steps, pipeline/ });
    assert.throws(() => tensorToArray(t3, { cpy: true } as never), { name: 'RangeError', message: /options.cpy must be absent/ });
    const w = tf.variable(tf.ones([3]), true, fresh()), opt = tfjsOptimizer(tf, adam({ lr: 0.1 }));
    const before = Array.from(w.dataSync());
    assert.throws(() => opt.applyGradients({ [w.name]: tf.ones([3]), nope: tf.ones([1]) }), { name: 'RangeError', message: /applyGradients: invalid argument. variableGradients\['nope'\] must be the gradient of a registered tf.Variable/ });
    assert.throws(() => opt.applyGradients({ [w.name]: tf.ones([4]) }), { name: 'RangeError', message: /variableGradients\['.*'\].shape must be \[3\]/ });
    assert.deepEqual(Array.from(w.dataSync()), before, 'a refused step changed nothing');
    assert.deepEqual(opt.getState(), {});
    tf.dispose([t3, i32, w]);
  });

  test('tfjs-layers: a model compiled with tfjsOptimizer(tf, sonew(…)) trains under model.fit (docs/tfjs.md), its loss falling, and a no-op transform leaves it where it was', async () => {
    const tfl = await import('@tensorflow/tfjs-layers');
    const rng = new Rng(11);
    const g = (n: number) => Float32Array.from(rng.fillGaussian(new Float64Array(n)));
    const x = tf.tensor(g(64 * 8), [64, 8]), y = tf.tensor(g(64), [64, 1]);
    const fit = async (transform: GradientTransformation<any>) => {
      const net = tfl.sequential({ layers: [
        tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [8], kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
        tfl.layers.dense({ units: 1, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
      ] });
      net.compile({ optimizer: tfjsOptimizer(tf, transform), loss: 'meanSquaredError' });
      const before = (net.evaluate(x, y) as tf.Scalar).dataSync()[0];
      const history = await net.fit(x, y, { epochs: 20, batchSize: 16, shuffle: false, verbose: 0 });
      const after = (net.evaluate(x, y) as tf.Scalar).dataSync()[0];
      net.dispose();
      return { before, after, epochs: history.history.loss.length };
    };
    const trained = await fit(sonew({ lr: 1e-2, band: 4 }));
    assert.equal(trained.epochs, 20);
    assert.ok(Number.isFinite(trained.after) && trained.after < 0.8 * trained.before, `loss ${trained.before} → ${trained.after}`);
    const zero: GradientTransformation<null, Float32Array> = { init: () => null, update: (grads) => [new Float32Array(grads.length), null] };
    const still = await fit(zero);
    assert.equal(still.after, still.before, 'a zero learning rate moved the weights');
    x.dispose(); y.dispose();
  });

  test('sublinear/tfjs and sublinear/streams load without tfjs installed: no run-time import of @tensorflow/* (every tfjs function takes the namespace)', () => {
    const hook = `data:text/javascript,${encodeURIComponent(`export async function resolve(s, c, next) { if (s.startsWith('@tensorflow/')) throw new Error('tfjs is not installed'); return next(s, c); }`)}`;
    const code = `import { register } from 'node:module'; register(${JSON.stringify(hook)}); const m = await import('sublinear/tfjs'); const s = await import('sublinear/streams'); console.log(Object.keys(m).sort().join(','), typeof s.fromTfjsModel);`;
    const r = spawnSync(process.execPath, ['--conditions=sublinear-source', '--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /arrayToTensor,matrixToTensor,tensorToArray,tensorToMatrix,tfjsOptimizer function/);
  });
});
