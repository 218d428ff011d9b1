/**
 * ThresholdSearch with `resident: true` (its copies, leaves and nodes in the wasm memory) and
 * dispose(): the same structure bit for bit as the default (on memory that held other data before),
 * resident inputs used in place with copy: false, dispose returning exactly the memory the structure
 * allocated (and never the caller's), a refused or failed init leaving no resident memory behind,
 * every method refusing after dispose.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isWasmResident, Rng, setBackend, wasmArray, wasmMemoryStatus, type Dtype, type FloatArray } from 'sublinear/core';
import { ThresholdSearch } from 'sublinear/maxtree';
import { propertyParameters } from 'sublinear/testing';

const backends = ['js', 'wasm'].filter((b) => { const ok = setBackend(b) === b; setBackend('auto'); return ok; });
const status = wasmMemoryStatus();
const skipResident = status.resident ? false : `no shared wasm memory here: ${status.reason}`;
after(() => setBackend('auto'));

const KEYS = ['data', 'weights', 'leaves', 'nodes'] as const;

function assertSameBuffers(a: ThresholdSearch, b: ThresholdSearch, label: string): void {
  for (const key of KEYS) {
    const x = a.buffers[key], y = b.buffers[key];
    assert.equal(x.length, y.length, `${label}: ${key} length`);
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) assert.fail(`${label}: ${key}[${i}] = ${x[i]}, default build ${y[i]}`);
  }
}

function inWasm(src: FloatArray): FloatArray {
  const a = wasmArray(src instanceof Float32Array ? 'float32' : 'float64', src.length);
  a.set(src);
  return a;
}

const shape = fc.record({
  n: fc.integer({ min: 1, max: 9 }), m: fc.integer({ min: 1, max: 700 }), d: fc.integer({ min: 1, max: 40 }),
  dtype: fc.constantFrom<Dtype>('float64', 'float32'), blockSize: fc.constantFrom(1, 4, 16, 64),
  residentInputs: fc.boolean(), seed: fc.nat(),
});

describe('ThresholdSearch resident: true and dispose()', () => {
  for (const backend of backends) {
    test(`${backend}: the same leaves, nodes, data and weights bit for bit as the default build, on memory a disposed structure filled with other values (padding −∞ included), and the same queries after updates; copy: false reads resident inputs in place`, { skip: skipResident }, () => {
      setBackend(backend);
      try {
        fc.assert(fc.property(shape, ({ n, m, d, dtype, blockSize, residentInputs, seed }) => {
          const rng = new Rng(seed), T = dtype === 'float32' ? Float32Array : Float64Array;
          const data = rng.fillGaussian(new T(n * d)), weights = rng.fillGaussian(new T(m * d));
          // leave garbage behind: a structure of another shape with other values, disposed
          ThresholdSearch.init({ data: rng.fillGaussian(new T(n * d)).map((v) => v * 1e3), weights: rng.fillGaussian(new T((m + 5) * d)), d, dtype, blockSize: 1, resident: true }).dispose();
          const reference = ThresholdSearch.init({ data, weights, d, dtype, blockSize });
          const options = residentInputs ? { data: inWasm(data), weights: inWasm(weights), copy: false } : { data, weights };
          const s = ThresholdSearch.init({ ...options, d, dtype, blockSize, resident: true });
          for (const key of ['leaves', 'nodes'] as const) assert.ok(isWasmResident(s.buffers[key]), key);
          if (residentInputs) { assert.equal(s.buffers.data, options.data); assert.equal(s.buffers.weights, options.weights); }
          else assert.ok(isWasmResident(s.buffers.weights) && s.buffers.weights !== weights);
          assertSameBuffers(s, reference, `${dtype} n=${n} m=${m} d=${d} blockSize=${blockSize}`);
          s.checkInvariants({ leavesMatchWeights: true });
          const z = rng.fillGaussian(new T(2 * d));
          for (const t of [s, reference]) { t.updateMany([m - 1, 0], z); t.moveLeavesAll([0], new Float64Array(n).fill(0.5)); }
          assertSameBuffers(s, reference, 'after updates');
          for (let i = 0; i < n; i++) assert.deepEqual(s.query(i, 0.1), reference.query(i, 0.1));
          s.dispose();
        }), propertyParameters({ numRuns: 60 }));
      } finally {
        setBackend('auto');
      }
    });
  }

  test('dispose returns exactly the memory the structure allocated, the next init of that size reuses it, and the caller\'s resident inputs (copy: false) stay allocated and untouched', { skip: skipResident }, () => {
    const rng = new Rng(5), [n, m, d] = [7, 3000, 33];
    const data = inWasm(rng.fillGaussian(new Float64Array(n * d))), weights = inWasm(rng.fillGaussian(new Float64Array(m * d)));
    const before = wasmMemoryStatus();
    const copied = ThresholdSearch.init({ data, weights, d, resident: true });
    const addresses = KEYS.map((k) => copied.buffers[k].byteOffset);
    assert.ok(wasmMemoryStatus().used >= before.used + 8 * (n * d + m * d + copied.buffers.leaves.length + copied.buffers.nodes.length));
    copied.dispose();
    assert.equal(wasmMemoryStatus().used, before.used);
    assert.equal(wasmMemoryStatus().arrays, before.arrays);
    const again = ThresholdSearch.init({ data, weights, d, resident: true });
    assert.deepEqual(KEYS.map((k) => again.buffers[k].byteOffset), addresses);
    again.dispose();
    const inPlace = ThresholdSearch.init({ data, weights, d, copy: false, resident: true });
    const snapshot = [data.slice(), weights.slice()];
    inPlace.dispose();
    assert.equal(wasmMemoryStatus().arrays, before.arrays);
    assert.ok(isWasmResident(data) && isWasmResident(weights));
    assert.deepEqual([data, weights], snapshot);
    inPlace.dispose(); // a second call does nothing
  });

  test('a refused or failed init with resident: true leaves no resident memory behind and the caller\'s data untouched', { skip: skipResident }, () => {
    const before = wasmMemoryStatus();
    const weights = new Float64Array(12).fill(0.5);
    weights[7] = NaN;
    assert.throws(() => ThresholdSearch.init({ data: [1, 2, 3], weights, d: 3, resident: true }), { name: 'RangeError', message: /options.weights\[2\]\[1\]/ });
    assert.throws(() => ThresholdSearch.init({ data: new Float64Array([1e200]), weights: new Float64Array([1e200]), d: 1, resident: true }), { name: 'RangeError', message: /⟨data\[0\], weights\[0\]⟩ must be finite/ });
    assert.throws(() => ThresholdSearch.init({ data: [1, 2], weights: [1, 2, 3], d: 2, resident: true }), { name: 'RangeError', message: /options.weights/ });
    assert.throws(() => ThresholdSearch.init({ data: [1], weights: [1], d: 1, resident: 'yes' as never }), { name: 'TypeError', message: /options.resident must be a boolean/ });
    assert.equal(wasmMemoryStatus().used, before.used);
    assert.equal(wasmMemoryStatus().arrays, before.arrays);
  });

  test('every method refuses after dispose with an Error naming it; a structure that is not resident disposes too', () => {
    for (const resident of [true, false]) {
      const s = ThresholdSearch.init({ data: [1, 2], weights: [3, 4, 5, 6], d: 2, resident });
      s.dispose();
      const calls: [string, () => unknown][] = [
        ['leaf', () => s.leaf(0, 0)], ['query', () => s.query(0, 1)], ['queryInto', () => s.queryInto(0, 1, new Int32Array(2))],
        ['count', () => s.count(0, 1)], ['queryAll', () => s.queryAll(1)], ['update', () => s.update(0, [1, 1])],
        ['updateMany', () => s.updateMany([0], [1, 1])], ['moveLeaves', () => s.moveLeaves(0, [0], [1])],
        ['moveLeavesAll', () => s.moveLeavesAll([0], [1])], ['checkInvariants', () => s.checkInvariants()],
      ];
      for (const [name, call] of calls) assert.throws(call, { name: 'Error', message: new RegExp(`ThresholdSearch.${name}: refused: this ThresholdSearch was disposed`) });
    }
  });
});
