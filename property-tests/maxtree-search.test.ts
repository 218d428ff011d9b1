import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ThresholdSearch } from 'sublinear/maxtree';
import { addToLeaves, ancestorSchedule, applySchedule, buildHeaps, computeLeaves, queryTree, refreshLeaves } from '../lib/maxtree/kernels.js';
import { allocateForest } from '../lib/maxtree/layout.js';
import { Rng, type Dtype } from 'sublinear/core';
import {
  assertThresholdSearchMatches, bruteForceQuery, innerProductLeaves, propertyParameters, thresholdSearchInput,
} from 'sublinear/testing';

interface Model { data: number[]; weights: number[]; d: number; leaves: number[][]; round: (v: number) => number; dtype: Dtype }
type Cmd = fc.Command<Model, ThresholdSearch>;

/** Leaves equal the model bit for bit (−0 included), queries equal brute force, invariants hold. */
function checkAgainstModel(model: Model, search: ThresholdSearch, tau: number): void {
  assertThresholdSearchMatches(search, tau);
  for (let i = 0; i < search.n; i++) {
    for (let j = 0; j < search.m; j++) {
      if (!Object.is(search.leaf(i, j), model.leaves[i][j])) assert.fail(`leaf (${i}, ${j}) = ${search.leaf(i, j)}, model ${model.leaves[i][j]}`);
    }
    const want = bruteForceQuery(model.leaves[i], tau);
    assert.deepEqual(Array.from(search.query(i, tau)), want);
    const out = new Int32Array(search.m >> 1);
    assert.equal(search.queryInto(i, tau, out), want.length);
    assert.deepEqual(Array.from(out.subarray(0, Math.min(want.length, out.length))), want.slice(0, out.length));
  }
}

function refreshColumn(model: Model, j: number): void {
  const fresh = innerProductLeaves(model.data, model.weights.slice(j * model.d, (j + 1) * model.d), model.d, model.dtype);
  fresh.forEach((row, i) => { model.leaves[i][j] = row[0]; });
}

class UpdateCommand implements Cmd {
  constructor(readonly at: number[], readonly rows: number[][], readonly tau: number) {}
  check() { return true; }
  run(model: Model, search: ThresholdSearch) {
    const m = search.m, idx = this.at.map((a) => a % m), d = model.d;
    const Z = this.rows.flatMap((r) => r.slice(0, d).concat(Array(Math.max(0, d - r.length)).fill(0)));
    if (idx.length === 1 && this.tau > 0) search.update(idx[0], Z);
    else search.updateMany(idx, Z);
    idx.forEach((j, q) => { for (let k = 0; k < d; k++) model.weights[j * d + k] = Z[q * d + k]; });
    for (const j of idx) refreshColumn(model, j);
    checkAgainstModel(model, search, this.tau);
    if (!(model as { moved?: boolean }).moved) search.checkInvariants({ leavesMatchWeights: true });
  }
  toString() { return `updateMany([${this.at}], ${JSON.stringify(this.rows)})`; }
}

class MoveCommand implements Cmd {
  constructor(readonly tree: number, readonly at: number[], readonly deltas: number[], readonly all: boolean, readonly tau: number) {}
  check() { return true; }
  run(model: Model, search: ThresholdSearch) {
    const idx = [...new Set(this.at.map((a) => a % search.m))];
    const trees = this.all ? Array.from({ length: search.n }, (_, i) => i) : [this.tree % search.n];
    const deltas = trees.flatMap((_, r) => idx.map((_, q) => this.deltas[(r * idx.length + q) % this.deltas.length] ?? 0));
    if (this.all) search.moveLeavesAll(idx, deltas);
    else search.moveLeaves(trees[0], idx, deltas);
    trees.forEach((i, r) => idx.forEach((j, q) => { model.leaves[i][j] = model.round(model.leaves[i][j] + deltas[r * idx.length + q]); }));
    (model as { moved?: boolean }).moved = true;
    checkAgainstModel(model, search, this.tau);
  }
  toString() { return `move${this.all ? 'All' : `(${this.tree})`}([${this.at}], [${this.deltas}])`; }
}

class QueryAllCommand implements Cmd {
  constructor(readonly tau: number) {}
  check() { return true; }
  run(model: Model, search: ThresholdSearch) {
    const { offsets, indices } = search.queryAll(this.tau);
    for (let i = 0; i < search.n; i++) {
      assert.deepEqual(Array.from(indices.subarray(offsets[i], offsets[i + 1])), bruteForceQuery(model.leaves[i], this.tau));
      assert.equal(search.count(i, this.tau), offsets[i + 1] - offsets[i]);
    }
  }
  toString() { return `queryAll(${this.tau})`; }
}

/** A rejected call throws and leaves data, weights, leaves and nodes exactly as they were. */
class RejectedCommand implements Cmd {
  constructor(readonly kind: number, readonly at: number) {}
  check() { return true; }
  run(model: Model, search: ThresholdSearch) {
    const { m, n, d } = search, j = this.at % m;
    const before = Object.values(search.buffers).map((a) => Array.from(a as ArrayLike<number>));
    const row = Array(d).fill(1);
    const calls: (() => unknown)[] = [
      () => search.update(m, row), () => search.update(j, row.slice(1)), () => search.update(j, [...row.slice(1), NaN]),
      () => search.update(j, [...row.slice(1), -Infinity]), () => search.updateMany([j, j], [...row, ...row.slice(1)]),
      () => search.updateMany([j, m], [...row, ...row]), () => search.updateMany([j], [...row, ...row]),
      () => search.moveLeaves(n, [j], [1]), () => search.moveLeaves(0, [j, j], [1, 1]),
      () => search.moveLeaves(0, [j, m], [1, 1]), () => search.moveLeaves(0, [j], [NaN]), () => search.moveLeaves(0, [j], [1, 2]),
      () => search.moveLeavesAll([j], Array(n + 1).fill(1)), () => search.query(0, NaN), () => search.query(n, 0),
      () => search.queryAll(NaN), () => search.queryInto(0, 0, [] as never), () => search.queryInto(0, NaN, new Int32Array(1)), () => search.leaf(0, m), () => search.update(j, { rows: 1, cols: d + 1, data: new Float64Array(d + 1) } as never),
    ];
    assert.throws(calls[this.kind % calls.length], (e: Error) => e instanceof RangeError || e instanceof TypeError);
    const after = Object.values(search.buffers).map((a) => Array.from(a as ArrayLike<number>));
    assert.deepEqual(after, before, 'a rejected call changed the structure');
    checkAgainstModel(model, search, 0);
  }
  toString() { return `rejected#${this.kind}(${this.at})`; }
}

function commands() {
  const at = fc.nat(1000), entry = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(-0, 0.5));
  const tau = fc.oneof(fc.integer({ min: -6, max: 6 }), fc.constantFrom(-0, 0.25, -Infinity, Infinity));
  return fc.commands([
    fc.tuple(fc.array(at, { minLength: 1, maxLength: 6 }), tau).chain(([as, t]) =>
      fc.array(fc.array(entry, { minLength: 5, maxLength: 5 }), { minLength: as.length, maxLength: as.length }).map((rows) => new UpdateCommand(as, rows, t))),
    fc.tuple(fc.nat(10), fc.array(at, { maxLength: 8 }), fc.array(entry, { minLength: 1, maxLength: 8 }), fc.boolean(), tau)
      .map(([i, as, ds, all, t]) => new MoveCommand(i, as, ds, all, t)),
    tau.map((t) => new QueryAllCommand(t)),
    fc.tuple(fc.nat(), at).map(([k, a]) => new RejectedCommand(k, a)),
  ], { maxCommands: 15 });
}

describe('ThresholdSearch', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    test(`${dtype}: random update/move/query sequences agree with a plain-array model (leaves bit-exact, queries = brute force, invariants after every command)`, () => {
      fc.assert(fc.property(thresholdSearchInput({ dtype }), fc.constantFrom(1, 4, 16), commands(), (input, blockSize, cmds) => {
        const round = dtype === 'float32' ? Math.fround : (x: number) => x;
        const model: Model = { ...input, data: input.data.map(round), weights: input.weights.map(round), leaves: innerProductLeaves(input.data, input.weights, input.d, dtype), round };
        fc.modelRun(() => ({ model, real: ThresholdSearch.init({ ...input, blockSize }) }), cmds);
      }), propertyParameters({ numRuns: 80 }));
    });
  }

  test('the blocked init kernel equals the ordered inner product to the last bit at every remainder (n, m around tiles of 16 × 4)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 37 }), fc.integer({ min: 1, max: 23 }), fc.integer({ min: 1, max: 9 }), fc.nat(), fc.constantFrom<Dtype>('float64', 'float32'), (n, m, d, seed, dtype) => {
      const rng = new Rng(seed);
      const data = rng.fillGaussian(new Float64Array(n * d)), weights = rng.fillGaussian(new Float64Array(m * d));
      const search = ThresholdSearch.init({ data, weights, d, dtype });
      const expected = innerProductLeaves(data, weights, d, dtype);
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) assert.ok(Object.is(search.leaf(i, j), expected[i][j]), `leaf (${i}, ${j})`);
      search.checkInvariants({ leavesMatchWeights: true });
    }), propertyParameters({ numRuns: 60 }));
  });

  test('the kernels over split tree and weight ranges (as workers run them) give the same buffers as the public methods', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 90 }), fc.integer({ min: 1, max: 6 }), fc.nat(), fc.constantFrom<Dtype>('float64', 'float32'), (n, m, d, seed, dtype) => {
      const rng = new Rng(seed);
      const data = rng.fillGaussian(new Float64Array(n * d)), weights = rng.fillGaussian(new Float64Array(m * d));
      const search = ThresholdSearch.init({ data, weights, d, dtype });
      const { layout } = search;
      const { leaves, nodes } = allocateForest(layout);
      const tSplit = rng.uniformInt(n + 1), jSplit = rng.uniformInt(m + 1);
      for (const [t0, t1] of [[0, tSplit], [tSplit, n]]) {
        for (const [j0, j1] of [[0, jSplit], [jSplit, m]]) computeLeaves(search.buffers.data, search.buffers.weights, leaves, layout, t0, t1, j0, j1);
        buildHeaps(leaves, nodes, layout, t0, t1);
      }
      assert.deepEqual(Array.from(leaves), Array.from(search.buffers.leaves));
      assert.deepEqual(Array.from(nodes), Array.from(search.buffers.nodes));
      // updateMany = write the weights, then per tree range: refreshLeaves + applySchedule
      const idx = Array.from(rng.sample(m, Math.min(m, 3))), Z = rng.fillGaussian(new Float64Array(idx.length * d));
      search.updateMany(idx, Z);
      const weights2 = search.buffers.weights.slice();
      const other = ThresholdSearch.fromBuffers(layout, { data: search.buffers.data, weights: weights2, leaves, nodes });
      const schedule = ancestorSchedule(layout, idx, idx.length);
      for (const [t0, t1] of [[0, tSplit], [tSplit, n]]) {
        refreshLeaves(search.buffers.data, weights2, leaves, layout, idx, idx.length, t0, t1);
        applySchedule(leaves, nodes, layout, schedule, t0, t1);
      }
      other.checkInvariants({ leavesMatchWeights: true });
      assert.deepEqual(Array.from(leaves), Array.from(search.buffers.leaves));
      assert.deepEqual(Array.from(nodes), Array.from(search.buffers.nodes));
      // moveLeavesAll = addToLeaves + applySchedule per tree range, deltas n × k
      const deltas = rng.fillGaussian(new Float64Array(n * idx.length));
      search.moveLeavesAll(idx, deltas);
      for (const [t0, t1] of [[0, tSplit], [tSplit, n]]) {
        addToLeaves(leaves, layout, idx, idx.length, deltas, t0 * idx.length, idx.length, t0, t1);
        applySchedule(leaves, nodes, layout, schedule, t0, t1);
      }
      assert.deepEqual(Array.from(leaves), Array.from(search.buffers.leaves));
      assert.deepEqual(Array.from(nodes), Array.from(search.buffers.nodes));
      const out = new Int32Array(m);
      for (let i = 0; i < n; i++) {
        const K = queryTree(leaves, nodes, layout, i, 0, out);
        assert.deepEqual(Array.from(out.subarray(0, K)), Array.from(search.query(i, 0)));
      }
    }), propertyParameters({ numRuns: 60 }));
  });

  test('queryAll over a forest larger than the cache threshold (streaming regime) equals brute force per tree', () => {
    const rng = new Rng(9), n = 8, m = 40_000, d = 2; // 8 · 40000 · 8 bytes > STREAM_ABOVE_BYTES
    const search = ThresholdSearch.init({ data: rng.fillGaussian(new Float64Array(n * d)), weights: rng.fillGaussian(new Float64Array(m * d)), d });
    for (const tau of [-Infinity, -1, 0, 0.5, 1, 1.5, 2.5, 4]) {
      const { offsets, indices } = search.queryAll(tau);
      for (let i = 0; i < n; i++) {
        const leaves = Array.from({ length: m }, (_, j) => search.leaf(i, j));
        assert.deepEqual(Array.from(indices.subarray(offsets[i], offsets[i + 1])), bruteForceQuery(leaves, tau), `tree ${i}, tau ${tau}`);
      }
    }
  });

  test('fromBuffers shares memory with the original and rejects an inconsistent layout or wrong arrays', () => {
    const a = ThresholdSearch.init({ data: [1, 2, 3, 4], weights: [1, 0, 0, 1, 1, 1], d: 2 });
    const b = ThresholdSearch.fromBuffers(a.layout, a.buffers);
    a.update(2, [5, 5]);
    assert.equal(b.leaf(1, 2), 35);
    assert.deepEqual(Array.from(b.query(1, 10)), [2]);
    for (const buf of Object.values(a.buffers)) assert.ok((buf as Float64Array).buffer instanceof SharedArrayBuffer);
    assert.throws(() => ThresholdSearch.fromBuffers({ ...a.layout, heapLeaves: 2 }, a.buffers), { name: 'RangeError', message: /layout.heapLeaves/ });
    assert.throws(() => ThresholdSearch.fromBuffers(a.layout, { ...a.buffers, nodes: new Float32Array(2) }), { name: 'TypeError', message: /buffers.nodes/ });
    assert.throws(() => ThresholdSearch.fromBuffers(a.layout, { ...a.buffers, leaves: new Float64Array(3) }), { name: 'RangeError', message: /buffers.leaves.length/ });
  });

  test('a move whose result overflows is rejected, as is an update whose inner product overflows, and changes nothing (float64 and float32)', () => {
    const s = ThresholdSearch.init({ data: [1e10, 1], weights: [1, 2], d: 1 });
    s.moveLeaves(0, [1], [Number.MAX_VALUE]);
    const before = Array.from(s.buffers.leaves);
    assert.throws(() => s.moveLeavesAll([0, 1], [0, Number.MAX_VALUE, 0, 0]), { name: 'RangeError', message: /leaf \(0, 1\) \+ deltas\[1\] must be finite in float64. Value: Infinity/ });
    assert.deepEqual(Array.from(s.buffers.leaves), before);
    assert.throws(() => s.updateMany([0, 1], [3, 1e300]), { name: 'RangeError', message: /⟨data\[0\], Z\[1\]⟩ must be finite in float64/ });
    assert.deepEqual(Array.from(s.buffers.leaves), before);
    const f = ThresholdSearch.init({ data: [1], weights: [1], d: 1, dtype: 'float32' });
    assert.throws(() => f.moveLeaves(0, [0], [1e39]), { name: 'RangeError', message: /finite in float32/ });
    assert.equal(f.leaf(0, 0), 1);
    f.checkInvariants({ leavesMatchWeights: true });
  });

  test('query writes into a reusable out and returns a view of it', () => {
    const s = ThresholdSearch.init({ data: [1], weights: [3, 1, 2, 3], d: 1 });
    const out = new Int32Array(4);
    const hits = s.query(0, 2, out);
    assert.equal(hits.buffer, out.buffer);
    assert.deepEqual(Array.from(hits), [0, 2, 3]);
  });

  test('init names the bad argument: d mismatch, NaN, ±Infinity, empty data, overflowing products', () => {
    assert.throws(() => ThresholdSearch.init({ data: [1, 2, 3], weights: [1, 2], d: 2 }), { name: 'RangeError', message: /options.data.length must be a multiple of d = 2/ });
    assert.throws(() => ThresholdSearch.init({ data: [1, 2], weights: [1, NaN], d: 2 }), { name: 'RangeError', message: /options.weights\[0\]\[1\] must be a finite number. Value: NaN/ });
    assert.throws(() => ThresholdSearch.init({ data: [Infinity], weights: [1], d: 1 }), { name: 'RangeError', message: /options.data\[0\]\[0\]/ });
    assert.throws(() => ThresholdSearch.init({ data: [], weights: [1], d: 1 }), { name: 'RangeError', message: /options.data.length/ });
    assert.throws(() => ThresholdSearch.init({ data: [1e200], weights: [1e200], d: 1 }), { name: 'RangeError', message: /⟨data\[0\], weights\[0\]⟩ must be finite/ });
    assert.throws(() => ThresholdSearch.init({ data: { rows: 1, cols: 3, data: new Float64Array(3) }, weights: [1, 2], d: 2 }), { name: 'RangeError', message: /options.data.cols must be d = 2/ });
    assert.throws(() => ThresholdSearch.init({ data: { rows: 3, cols: 2, data: new Float64Array(4) }, weights: [1, 2], d: 2 }), { name: 'RangeError', message: /options.data.rows must be data.length \/ cols = 2/ });
    assert.equal(ThresholdSearch.init({ data: { rows: 2, cols: 2, data: new Float32Array([1, 2, 3, 4]) }, weights: [1, 1], d: 2 }).leaf(1, 0), 7);
    assert.throws(() => ThresholdSearch.init({ data: [1], weights: [1], d: 0 }), { name: 'RangeError', message: /options.d/ });
    assert.throws(() => ThresholdSearch.init(null as never), TypeError);
  });

  test('init on typed arrays (checked only when a leaf is not finite) names the same bad entry, on every dtype and on a pool-free and shared input', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      for (const [bad, at] of [[NaN, 5], [Infinity, 0], [-Infinity, 11], [dtype === 'float32' ? 1e39 : NaN, 7]] as const) {
        const weights = new Float64Array(12).fill(0.5), data = Float32Array.of(1, 0, 0, 2, 0, 0);
        weights[at] = bad;
        const message = new RegExp(`options.weights\\[${Math.floor(at / 3)}\\]\\[${at % 3}\\] must be a (number )?finite`);
        assert.throws(() => ThresholdSearch.init({ data, weights, d: 3, dtype }), { name: 'RangeError', message });
        const shared = new Float64Array(new SharedArrayBuffer(6 * 8)).fill(1);
        shared[4] = bad;
        assert.throws(() => ThresholdSearch.init({ data: shared, weights: new Float64Array(3), d: 3, dtype, copy: false }), { name: 'RangeError', message: /options.data\[1\]\[1\]/ });
        assert.deepEqual(Array.from(data), [1, 0, 0, 2, 0, 0]);
      }
    }
    assert.throws(() => ThresholdSearch.init({ data: new Float64Array([1e200]), weights: new Float64Array([1e200]), d: 1 }), { name: 'RangeError', message: /⟨data\[0\], weights\[0\]⟩ must be finite/ });
    assert.throws(() => ThresholdSearch.init({ data: [1], weights: [1], d: 1, copy: 'no' as never }), { name: 'TypeError', message: /options.copy must be a boolean/ });
  });

  test('copy: false uses a shared typed array of the dtype in place; other inputs are copied as before', () => {
    const weights = new Float64Array(new SharedArrayBuffer(4 * 8)).fill(1), data = new Float64Array(new SharedArrayBuffer(2 * 8)).fill(2);
    const s = ThresholdSearch.init({ data, weights, d: 2, copy: false });
    assert.equal(s.buffers.weights, weights);
    assert.equal(s.buffers.data, data);
    s.update(1, [3, 4]);
    assert.deepEqual(Array.from(weights), [1, 1, 3, 4]);
    assert.equal(s.leaf(0, 1), 14);
    const copied = ThresholdSearch.init({ data, weights, d: 2 });
    assert.notEqual(copied.buffers.weights, weights);
    copied.update(0, [5, 5]);
    assert.deepEqual(Array.from(weights), [1, 1, 3, 4]);
    const f32 = ThresholdSearch.init({ data, weights, d: 2, dtype: 'float32', copy: false });
    assert.notEqual(f32.buffers.weights, weights);
    assert.ok(f32.buffers.weights instanceof Float32Array);
    const plain = ThresholdSearch.init({ data: [2, 2], weights: new Float64Array(4), d: 2, copy: false });
    assert.ok(plain.buffers.weights.buffer instanceof SharedArrayBuffer);
  });
});
