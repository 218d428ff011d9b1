import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadMnist } from 'sublinear/data';
import { Mlp, trainMlp, type NamedTensors } from 'sublinear/nn';
import { adam, perTensor, sgd } from 'sublinear/optim';

type Flat = Float64Array | Float32Array;

const { images } = loadMnist({ count: 200, seed: 3 });
const data = { inputs: images, targets: images };

describe('trainMlp', () => {
  test('20 adam steps on a tiny MNIST autoencoder lower the whole-set loss, and the run is deterministic', () => {
    const net = new Mlp({ sizes: [784, 16, 4, 16, 784] });
    const before = net.loss(net.initParams(1), images, images);
    const a = trainMlp(net, net.initParams(1), data, adam({ lr: 1e-2 }), { steps: 20, batchSize: 25, seed: 5, evaluateEvery: 10 });
    const b = trainMlp(net, net.initParams(1), data, adam({ lr: 1e-2 }), { steps: 20, batchSize: 25, seed: 5 });
    assert.equal(a.diverged, false);
    assert.equal(a.batchLosses.length, 20);
    assert.deepEqual(a.evaluations.map((e) => e.step), [10, 20]);
    assert.ok(a.evaluations[1].loss < 0.8 * before, `loss ${before} → ${a.evaluations[1].loss}`);
    assert.deepEqual(a.params, b.params);
    assert.deepEqual(a.batchLosses, b.batchLosses);
    assert.ok(a.evaluations[0].loss > a.evaluations[1].loss);
  });

  test('layer tensors mode gives the optimizer named views and trains the same as flat', () => {
    const net = new Mlp({ sizes: [784, 8, 784] });
    const seen: string[][] = [];
    const inner = perTensor(adam({ lr: 0.01 }));
    const named = { init: (p: NamedTensors) => { seen.push(Object.keys(p)); return inner.init(p); }, update: inner.update };
    const a = trainMlp(net, net.initParams(2), data, named, { steps: 6, batchSize: 50, tensors: 'layers' });
    const b = trainMlp(net, net.initParams(2), data, adam({ lr: 0.01 }), { steps: 6, batchSize: 50 });
    assert.deepEqual(seen, [['layer0.weights', 'layer0.bias', 'layer1.weights', 'layer1.bias']]);
    assert.deepEqual(a.params, b.params); // adam is elementwise: per tensor equals flat, bit for bit
  });

  test('an update that overflows stops training with the last finite parameters', () => {
    const net = new Mlp({ sizes: [784, 4, 784] });
    const blowUp = { init: () => 0, update: (g: Flat, s: number): [Flat, number] => [g.map((v, i) => (s === 2 && i === 0 ? Infinity : 0)), s + 1] };
    const p = net.initParams(3), start = p.slice();
    const run = trainMlp(net, p, data, blowUp, { steps: 10 });
    assert.equal(run.diverged, true);
    assert.equal(run.batchLosses.length, 3);
    assert.deepEqual(p, start);
  });

  test('bad arguments are rejected before any step', () => {
    const net = new Mlp({ sizes: [784, 4, 784] }), p = net.initParams(), start = p.slice();
    assert.throws(() => trainMlp(net, p, data, sgd({ lr: 0.1 }), { steps: 0 }), RangeError);
    assert.throws(() => trainMlp(net, p, data, sgd({ lr: 0.1 }), { steps: 5, batchSize: 201 }), RangeError);
    assert.throws(() => trainMlp(net, p, data, {} as never, { steps: 5 }), TypeError);
    assert.throws(() => trainMlp(net, p, { inputs: images, targets: loadMnist({ count: 10 }).images }, sgd({ lr: 0.1 }), { steps: 5 }), /targets.rows/);
    assert.throws(() => trainMlp(net, p, data, sgd({ lr: 0.1 }), { steps: 5, tensors: 'named' as never }), RangeError);
    assert.deepEqual(p, start);
  });
});
