import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MaxTree } from 'sublinear/maxtree';
import { Rng, type Dtype } from 'sublinear/core';
import {
  assertMaxTreeMatches, bruteForceQuery, bruteForceTopK, propertyParameters, thresholdFor, treeValue, treeValues,
} from 'sublinear/testing';

interface Model { values: number[]; round: (v: number) => number }
type Cmd = fc.Command<Model, MaxTree>;

/** After every command: invariants hold and every query, count, get, max and argmax equal brute force. */
function checkAgainstModel(model: Model, tree: MaxTree, tau: number): void {
  assertMaxTreeMatches(tree, model.values, tau);
}

class SetCommand implements Cmd {
  constructor(readonly at: number, readonly value: number, readonly tau: number) {}
  check() { return true; }
  run(model: Model, tree: MaxTree) {
    const j = this.at % model.values.length;
    tree.set(j, this.value);
    model.values[j] = model.round(this.value);
    checkAgainstModel(model, tree, this.tau);
  }
  toString() { return `set(${this.at}, ${Object.is(this.value, -0) ? '-0' : this.value})`; }
}

class SetManyCommand implements Cmd {
  constructor(readonly at: number[], readonly values: number[], readonly tau: number) {}
  check() { return true; }
  run(model: Model, tree: MaxTree) {
    const idx = this.at.map((a) => a % model.values.length);
    tree.setMany(idx, this.values);
    idx.forEach((j, q) => { model.values[j] = model.round(this.values[q]); });
    checkAgainstModel(model, tree, this.tau);
  }
  toString() { return `setMany([${this.at}], [${this.values}])`; }
}

/** Repeated updates of one index, the last of which wins. */
class HammerCommand implements Cmd {
  constructor(readonly at: number, readonly values: number[], readonly tau: number) {}
  check() { return true; }
  run(model: Model, tree: MaxTree) {
    const j = this.at % model.values.length;
    for (const v of this.values) tree.set(j, v);
    tree.setMany(this.values.map(() => j), this.values);
    model.values[j] = model.round(this.values[this.values.length - 1]);
    checkAgainstModel(model, tree, this.tau);
  }
  toString() { return `hammer(${this.at}, [${this.values}])`; }
}

class QueryCommand implements Cmd {
  constructor(readonly pick: number, readonly k: number, readonly tau: number) {}
  check() { return true; }
  run(model: Model, tree: MaxTree) {
    const tau = this.pick < 0 ? this.tau : model.values[this.pick % model.values.length]; // often a tie at τ
    checkAgainstModel(model, tree, tau);
    const out = new Int32Array(this.k);
    const got = tree.query(tau, out);
    assert.deepEqual(Array.from(got), bruteForceQuery(model.values, tau));
    if (got.length <= this.k) assert.equal(got.buffer, out.buffer, 'a large enough out is used, not copied');
    const into = new Int32Array(this.k);
    const K = tree.queryInto(tau, into);
    assert.equal(K, got.length, 'queryInto returns K even when out is short');
    assert.deepEqual(Array.from(into.subarray(0, Math.min(K, this.k))), Array.from(got).slice(0, this.k));
    assert.deepEqual(Array.from(tree.topK(this.k)), bruteForceTopK(model.values, this.k));
  }
  toString() { return `query(${this.pick < 0 ? this.tau : `value ${this.pick}`}, out ${this.k})`; }
}

/** A rejected call (bad index, NaN, ±Infinity, length mismatch) throws and changes nothing. */
class RejectedCommand implements Cmd {
  constructor(readonly kind: number, readonly at: number) {}
  check() { return true; }
  run(model: Model, tree: MaxTree) {
    const m = model.values.length, j = this.at % m;
    const calls: (() => unknown)[] = [
      () => tree.set(m, 1), () => tree.set(-1, 1), () => tree.set(j, NaN), () => tree.set(j, Infinity), () => tree.set(0.5, 1),
      () => tree.setMany([j, m], [1, 2]), () => tree.setMany([j, j], [1, NaN]), () => tree.setMany([j], [1, 2]),
      () => tree.query(NaN), () => tree.count(NaN), () => tree.topK(-1), () => tree.get(m),
      () => tree.set(j, '1' as unknown as number), () => tree.query(0, [] as unknown as Int32Array),
    ];
    assert.throws(calls[this.kind % calls.length], (e: Error) => e instanceof RangeError || e instanceof TypeError);
    checkAgainstModel(model, tree, 0);
  }
  toString() { return `rejected#${this.kind}(${this.at})`; }
}

function commands(dtype: Dtype) {
  const at = fc.nat(1000), v = treeValue(dtype), tau = fc.oneof(treeValue(dtype), fc.constantFrom(-Infinity, Infinity));
  return fc.commands([
    fc.tuple(at, v, tau).map(([a, x, t]) => new SetCommand(a, x, t)),
    fc.tuple(fc.array(at, { minLength: 0, maxLength: 12 }), tau).chain(([as, t]) =>
      fc.array(v, { minLength: as.length, maxLength: as.length }).map((xs) => new SetManyCommand(as, xs, t))),
    fc.tuple(at, fc.array(v, { minLength: 1, maxLength: 4 }), tau).map(([a, xs, t]) => new HammerCommand(a, xs, t)),
    fc.tuple(fc.integer({ min: -1, max: 1000 }), fc.nat(90), tau).map(([p, k, t]) => new QueryCommand(p, k, t)),
    fc.tuple(fc.nat(), at).map(([k, a]) => new RejectedCommand(k, a)),
  ], { maxCommands: 25 });
}

describe('MaxTree', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    test(`${dtype}: random command sequences agree with a plain array (queries = brute force, invariants after every command)`, () => {
      fc.assert(fc.property(treeValues({ dtype }), fc.constantFrom(1, 2, 4, 16, 32), commands(dtype), (values, blockSize, cmds) => {
        const round = dtype === 'float32' ? Math.fround : (x: number) => x;
        const model = { values: values.map(round), round };
        fc.modelRun(() => ({ model, real: MaxTree.from(values, { dtype, blockSize }) }), cmds);
      }), propertyParameters({ numRuns: 120 }));
    });
  }

  test('every query at a value present in the tree includes all its ties (threshold picked from the values)', () => {
    fc.assert(fc.property(treeValues().chain((vs) => fc.tuple(fc.constant(vs), thresholdFor(vs))), ([values, tau]) => {
      const tree = MaxTree.from(values);
      assert.deepEqual(Array.from(tree.query(tau)), bruteForceQuery(values, tau));
    }), propertyParameters());
  });

  test('m = 1, −0 and ±0 thresholds: −0 ≥ 0 and 0 ≥ −0 both hold', () => {
    const tree = MaxTree.from([-0]);
    assert.deepEqual(Array.from(tree.query(0)), [0]);
    assert.deepEqual(Array.from(tree.query(-0)), [0]);
    assert.ok(Object.is(tree.max(), -0));
    assert.equal(tree.argmax(), 0);
    tree.set(0, 0);
    assert.ok(Object.is(tree.get(0), 0));
    assert.deepEqual(Array.from(tree.query(Number.MIN_VALUE)), []);
    assert.deepEqual(Array.from(tree.query(-Infinity)), [0]);
    assert.deepEqual(Array.from(tree.query(Infinity)), []);
  });

  test('large random trees at every density answer like a scan (sparse walk, block-max scan, streaming scan; full and short out)', () => {
    const rng = new Rng(5);
    for (const m of [1000, 4097, 20000, 300_001]) { // the last exceeds STREAM_ABOVE_BYTES
      const values = rng.fillGaussian(new Float64Array(m));
      const tree = MaxTree.from(values);
      for (const tau of [-10, -1, 0, 0.5, 1.5, 2, 2.2, 2.5, 3.5, 10]) {
        const want = bruteForceQuery(values, tau);
        assert.deepEqual(Array.from(tree.query(tau)), want, `m ${m} tau ${tau}`);
        assert.deepEqual(Array.from(tree.query(tau, new Int32Array(10))), want, `m ${m} tau ${tau}, short out`);
        assert.equal(tree.count(tau), want.length);
      }
      tree.checkInvariants();
    }
  });

  test('a too-short out gives a new exact array; no out gives a fresh copy each call', () => {
    const tree = MaxTree.from([5, 1, 5, 5]);
    const short = new Int32Array(2);
    const got = tree.query(5, short);
    assert.notEqual(got.buffer, short.buffer);
    assert.deepEqual(Array.from(got), [0, 2, 3]);
    const a = tree.query(5), b = tree.query(5);
    assert.notEqual(a.buffer, b.buffer);
    a[0] = 99;
    assert.deepEqual(Array.from(b), [0, 2, 3]);
  });

  test('float32 storage rounds values and rejects values beyond float32 range', () => {
    const tree = MaxTree.from([0.1, 1e30], { dtype: 'float32' });
    assert.equal(tree.get(0), Math.fround(0.1));
    assert.throws(() => tree.set(0, 1e39), { name: 'RangeError', message: /value must be a number finite in float32/ });
    assert.equal(tree.get(0), Math.fround(0.1));
  });

  test('bad construction arguments are named in the error', () => {
    assert.throws(() => MaxTree.from([]), { name: 'RangeError', message: /values.length must be at least 1/ });
    assert.throws(() => MaxTree.from([1, NaN]), { name: 'RangeError', message: /MaxTree.from: invalid argument. values\[1\] must be a finite number. Value: NaN./ });
    assert.throws(() => MaxTree.from([1], { blockSize: 3 }), { name: 'RangeError', message: /blockSize must be a power of two/ });
    assert.throws(() => MaxTree.from([1], { dtype: 'int8' as Dtype }), { name: 'RangeError', message: /dtype/ });
    assert.throws(() => MaxTree.from('12' as unknown as number[]), TypeError);
  });
});
