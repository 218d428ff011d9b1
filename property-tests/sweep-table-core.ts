/**
 * Sweep entries of sublinear/core and sublinear/workers (see sweep-kit.ts for what an entry means).
 */
import * as core from 'sublinear/core';
import type { Entry } from './sweep-kit.js';

const { matrix, Rng } = core;
export const HUGE = 2 ** 40;
/** A pool that must never be asked to run anything: bad input is refused before any task. */
export const fakePool = { threads: 2, run: () => Promise.reject(new Error('fake pool: a task ran although the input was bad')) };
export const m22 = () => matrix([[4, 1], [1, 3]]);
export const f64 = (...v: number[]) => Float64Array.from(v);
const S = 'string', N = 'number', A = 'array', M = 'matrix', O = 'options', B = 'boolean', F = 'function', T = 'typed';
type K = typeof S | typeof N | typeof A | typeof M | typeof O | typeof B | typeof F | typeof T;
const args = (...a: [string, K][]) => a;

/** A validator of the error template: `check*(fn, name, bad)` throws `error` naming fn and name. */
function validator(bad: unknown[], error: string, extra: unknown[] = []): Entry {
  return { probes: () => bad.map((v, i) => ({ label: `bad value #${i}`, args: () => ['callerFn', 'theArg', v, ...extra], error, fn: 'callerFn', arg: 'theArg' })) };
}

export const coreEntries: Record<string, Entry> = {
  DTYPES: { value: (v) => { if (!(Array.isArray(v) && v.join() === 'float64,float32')) throw new Error('DTYPES changed'); } },
  MAX_ELEMENTS: { value: (v) => { if (v !== 2 ** 31 - 1) throw new Error('MAX_ELEMENTS'); } },
  MAX_ALLOCATION_BYTES: { value: (v) => { if (v !== 2 ** 32) throw new Error('MAX_ALLOCATION_BYTES'); } },
  Rng: {
    construct: true, valid: () => [1, 0], args: args(['seed', N], ['stream', N]),
    probes: () => [
      { label: 'negative seed', args: () => [-1], error: 'RangeError', arg: 'seed' },
      { label: 'uniformInt wrong kind', call: () => new Rng(1).uniformInt('1' as unknown as number), error: 'TypeError', fn: 'Rng.uniformInt', arg: 'n' },
      { label: 'uniformInt 0', call: () => new Rng(1).uniformInt(0), error: 'RangeError', fn: 'Rng.uniformInt', arg: 'n' },
      { label: 'fillGaussian null', args: () => [new Rng(1)], call: (r) => r.fillGaussian(null), error: 'TypeError', fn: 'Rng.fillGaussian', arg: 'out' },
      { label: 'fillGaussian NaN mean leaves out and the stream alone', args: () => [new Rng(1), new Float64Array(2)], call: (r, out) => r.fillGaussian(out, NaN), error: 'RangeError', fn: 'Rng.fillGaussian', arg: 'mean' },
      { label: 'fillUniform reversed', call: () => new Rng(1).fillUniform(new Float64Array(2), 1, 0), error: 'RangeError', fn: 'Rng.fillUniform', arg: 'high' },
      { label: 'fillUniform wrong kind', call: () => new Rng(1).fillUniform(new Float64Array(2), '0' as unknown as number), error: 'TypeError', fn: 'Rng.fillUniform', arg: 'low' },
      { label: 'shuffle a number', args: () => [new Rng(1)], call: (r) => r.shuffle(5), error: 'TypeError', fn: 'Rng.shuffle', arg: 'array' },
      { label: 'sample k > n', call: () => new Rng(1).sample(3, 4), error: 'RangeError', fn: 'Rng.sample', arg: 'k' },
      { label: 'sample huge n', call: () => new Rng(1).sample(HUGE, 1), error: 'RangeError', fn: 'Rng.sample', arg: 'n', huge: true },
    ],
  },
  allocate: {
    valid: () => [4, 'float64', false], args: args(['length', N], ['dtype', S], ['shared', B]),
    probes: () => [
      { label: 'huge length', args: () => [HUGE], error: 'RangeError', arg: 'length', huge: true },
      { label: 'just past the cap', args: () => [2 ** 29 + 1], error: 'RangeError', arg: 'length', huge: true },
      { label: 'negative', args: () => [-1], error: 'RangeError', arg: 'length' },
      { label: 'unknown dtype', args: () => [1, 'int8'], error: 'RangeError', arg: 'dtype' },
    ],
  },
  arrayRef: {
    valid: () => [core.sharedArray('float64', 2)], args: args(['array', T]),
    probes: () => [{ label: 'not shared', args: () => [new Float64Array(2)], error: 'TypeError', arg: 'array' }],
  },
  axpy: {
    valid: () => [2, 1, [1, 2], 0, [0, 0], 0], args: args(['n', N], ['alpha', N], ['x', A], ['xo', N], ['y', A], ['yo', N]),
    probes: () => [
      { label: 'past x', args: () => [3, 1, [1, 2], 0, [0, 0, 0], 0], error: 'RangeError', arg: 'x.length' },
      { label: 'NaN alpha', args: () => [2, NaN, [1, 2], 0, [0, 0], 0], error: 'RangeError', arg: 'alpha' },
      { label: 'huge n', args: () => [HUGE, 1, [1], 0, [1], 0], error: 'RangeError', arg: 'n', huge: true },
    ],
  },
  checkAllocation: {
    valid: () => ['f', 'n', 10, 8],
    probes: () => [
      { label: 'past the cap', args: () => ['callerFn', 'theArg', 2 ** 30, 8], error: 'RangeError', fn: 'callerFn', arg: 'theArg', huge: true },
      { label: 'not an integer', args: () => ['callerFn', 'theArg', 1.5, 8], error: 'RangeError', fn: 'callerFn', arg: 'theArg' },
    ],
  },
  checkAllocationOf: {
    valid: () => ['f', 'n', [10, 10], 8],
    probes: () => [{ label: 'product past the cap', args: () => ['callerFn', 'theArg', [HUGE, 0], 8], error: 'RangeError', fn: 'callerFn', arg: 'theArg', huge: true }],
  },
  checkBoolean: validator(['no', 1, null], 'TypeError'),
  checkFinite: { ...validator(['1', null], 'TypeError'), probes: () => [...validator(['1'], 'TypeError').probes!(), ...validator([NaN, Infinity], 'RangeError').probes!()] },
  checkFiniteArray: { probes: () => [...validator(['abc', 5], 'TypeError').probes!(), ...validator([[1, NaN], f64(Infinity)], 'RangeError').probes!()] },
  checkFunction: validator([1, 'f', null], 'TypeError'),
  checkInteger: { probes: () => [...validator(['1'], 'TypeError').probes!(), ...validator([1.5, -1, NaN], 'RangeError').probes!()] },
  checkKnownKeys: { probes: () => [{ label: 'unknown key', args: () => ['callerFn', 'theArg', { widht: 1 }, ['width']], error: 'RangeError', fn: 'callerFn', arg: 'widht' }] },
  checkMatrix: { probes: () => [...validator([42, { rows: 1, cols: 1, data: [1] }], 'TypeError').probes!(), ...validator([{ rows: 1, cols: 1, data: f64(NaN) }, { rows: HUGE, cols: 0, data: f64() }], 'RangeError').probes!()] },
  checkNumericArray: validator(['abc', 5, null, new BigInt64Array(1)], 'TypeError'),
  checkOneOf: { probes: () => [...validator([1], 'TypeError', [['a']]).probes!(), ...validator(['b'], 'RangeError', [['a']]).probes!()] },
  checkOptions: {
    probes: () => [
      ...validator([42, null, [], 'x'], 'TypeError').probes!(),
      { label: 'unknown key', args: () => ['callerFn', 'theArg', { cout: 1 }, ['count']], error: 'RangeError', fn: 'callerFn', arg: 'cout' },
    ],
  },
  checkPositive: { probes: () => [...validator(['1'], 'TypeError').probes!(), ...validator([0, -1, NaN], 'RangeError').probes!()] },
  cholesky: {
    valid: () => [m22()], args: args(['A', M]),
    probes: () => [
      { label: 'not positive definite', args: () => [matrix([[1, 2], [2, 1]])], error: 'RangeError', arg: 'A' },
      { label: 'NaN entry', args: () => [matrix([[1]]) && { rows: 1, cols: 1, data: f64(NaN) }], error: 'RangeError', arg: 'A[0][0]' },
      { label: 'huge rows', args: () => [{ rows: HUGE, cols: 0, data: f64() }], error: 'RangeError', arg: 'A.rows', huge: true },
    ],
  },
  choleskyInPlace: {
    valid: () => [2, f64(4, 0, 0, 4)], args: args(['n', N], ['a', T]),
    probes: () => [{ label: 'short a', args: () => [3, f64(4, 0, 0, 4)], error: 'RangeError', arg: 'a.length' }, { label: 'huge n', args: () => [HUGE, f64()], error: 'RangeError', arg: 'n', huge: true }],
  },
  choleskySolve: {
    valid: () => [m22(), [1, 2]], args: args(['A', M], ['b', A]),
    probes: () => [
      { label: 'not positive definite names choleskySolve', args: () => [matrix([[0]]), [1]], error: 'RangeError', arg: 'A' },
      { label: 'b of the wrong length', args: () => [m22(), [1]], error: 'RangeError', arg: 'b.length' },
      { label: 'NaN in b', args: () => [m22(), [1, NaN]], error: 'RangeError', arg: 'b[1]' },
    ],
  },
  describeValue: { valid: () => [Symbol('s')] },
  dot: {
    valid: () => [2, [1, 2], 0, [3, 4], 0], args: args(['n', N], ['x', A], ['xo', N], ['y', A], ['yo', N]),
    probes: () => [{ label: 'offset past y', args: () => [2, [1, 2], 0, [3, 4], 1], error: 'RangeError', arg: 'y.length' }, { label: 'huge n', args: () => [HUGE, [1], 0, [1], 0], error: 'RangeError', arg: 'n', huge: true }],
  },
  dtypeOf: { valid: () => [f64(1)], args: args(['data', T]), probes: () => [{ label: 'a string', args: () => ['abc'], error: 'TypeError', arg: 'data' }, { label: 'an Int32Array', args: () => [new Int32Array(1)], error: 'TypeError', arg: 'data' }] },
  gemmNN: {
    valid: () => [1, 1, 2, [1, 2], [3, 4], new Float64Array(1)], args: args(['m', N], ['n', N], ['k', N], ['A', A], ['B', A], ['C', A]),
    probes: () => [{ label: 'short B', args: () => [1, 2, 2, [1, 2], [3, 4], new Float64Array(2)], error: 'RangeError', arg: 'B.length' }, { label: 'NaN beta', args: () => [1, 1, 2, [1, 2], [3, 4], new Float64Array(1), NaN], error: 'RangeError', arg: 'beta' }],
  },
  gemmNT: {
    valid: () => [1, 1, 2, [1, 2], [3, 4], new Float64Array(1)], args: args(['m', N], ['n', N], ['k', N], ['A', A], ['B', A], ['C', A]),
    probes: () => [{ label: 'short C', args: () => [2, 1, 1, [1, 2], [3], new Float64Array(1)], error: 'RangeError', arg: 'C.length' }],
  },
  gemmTN: {
    valid: () => [1, 1, 2, [1, 2], [3, 4], new Float64Array(1)], args: args(['m', N], ['n', N], ['k', N], ['A', A], ['B', A], ['C', A]),
    probes: () => [{ label: 'huge m', args: () => [HUGE, 1, 1, [1], [1], new Float64Array(1)], error: 'RangeError', arg: 'm', huge: true }],
  },
  gemv: {
    valid: () => [1, 2, [1, 2], [3, 4], new Float64Array(1)], args: args(['m', N], ['n', N], ['A', A], ['x', A], ['y', A], ['transpose', B]),
    probes: () => [{ label: 'transpose not a boolean', args: () => [1, 2, [1, 2], [3, 4], new Float64Array(2), 'no'], error: 'TypeError', arg: 'transpose' }],
  },
  invalidRange: { valid: () => ['f', 'x', 'expected', 1] },
  invalidType: { valid: () => ['f', 'x', 'expected', 1] },
  isShared: { valid: () => [f64(1)], args: args(['array', T]), probes: () => [{ label: 'null', args: () => [null], error: 'TypeError', arg: 'array' }] },
  matmul: {
    valid: () => [m22(), m22(), {}], args: args(['A', M], ['B', M], ['options', O]), options: 2,
    probes: () => [
      { label: "transposeB: 'no'", args: () => [m22(), m22(), { transposeB: 'no' }], error: 'TypeError', arg: 'options.transposeB' },
      { label: 'inner dimensions differ', args: () => [m22(), matrix([[1, 2, 3]]), {}], error: 'RangeError', arg: 'B.rows' },
      { label: 'NaN entry', args: () => [m22(), { rows: 2, cols: 1, data: f64(1, NaN) }], error: 'RangeError', arg: 'B[1][0]' },
      { label: 'pooled, unknown key', args: () => [m22(), m22(), { pool: fakePool, bogus: 1 }], error: 'RangeError', arg: 'bogus' },
      { label: 'pooled, transposeA', args: () => [m22(), m22(), { pool: fakePool, transposeA: true }], error: 'RangeError', arg: 'options.transposeA' },
      { label: 'pooled, not a pool', args: () => [m22(), m22(), { pool: {} }], error: 'TypeError', arg: 'options.pool' },
    ],
  },
  matrix: {
    valid: () => [[[1, 2]], 'float64'], args: args(['values', A], ['dtype', S]),
    probes: () => [
      { label: 'float32 overflow', args: () => [[[1e39]], 'float32'], error: 'RangeError', arg: 'values[0][0]' },
      { label: 'NaN', args: () => [[[1, NaN]]], error: 'RangeError', arg: 'values[0]' },
      { label: 'ragged', args: () => [[[1, 2], [3]]], error: 'RangeError', arg: 'values[1].length' },
    ],
  },
  matrixOf: {
    valid: () => [core.matrixRef(core.sharedMatrix(1, 2))], args: args(['ref', 'object' as K]),
    probes: () => [
      { label: 'null', args: () => [null], error: 'TypeError', arg: 'ref' },
      { label: 'past its buffer', args: () => [{ ...core.matrixRef(core.sharedMatrix(1, 2)), rows: HUGE }], error: 'RangeError', arg: 'ref', huge: true },
    ],
  },
  matrixRef: { valid: () => [core.sharedMatrix(1, 1)], args: args(['A', M]), probes: () => [{ label: 'not shared', args: () => [m22()], error: 'TypeError', arg: 'A.data' }] },
  matvec: {
    valid: () => [m22(), [1, 1], false], args: args(['A', M], ['x', A], ['transpose', B]),
    probes: () => [{ label: 'wrong length', args: () => [m22(), [1]], error: 'RangeError', arg: 'x.length' }, { label: 'Infinity', args: () => [m22(), [1, Infinity]], error: 'RangeError', arg: 'x[1]' }],
  },
  norm2: { valid: () => [[3, 4]], args: args(['x', A]), probes: () => [{ label: 'NaN', args: () => [[NaN]], error: 'RangeError', arg: 'x[0]' }] },
  nrm2: {
    valid: () => [2, [3, 4]], args: args(['n', N], ['x', A]),
    probes: () => [{ label: 'stride past x', args: () => [2, [3, 4], 0, 2], error: 'RangeError', arg: 'x.length' }, { label: 'zero stride', args: () => [2, [3, 4], 0, 0], error: 'RangeError', arg: 'stride' }],
  },
  qr: {
    valid: () => [matrix([[1, 0], [0, 1], [1, 1]])], args: args(['A', M]),
    probes: () => [
      { label: 'wide', args: () => [matrix([[1, 2]])], error: 'RangeError', arg: 'A.rows' },
      { label: 'solve wrong length', call: () => core.qr(m22()).solve([1]), error: 'RangeError', fn: 'qr.applyQt', arg: 'b.length' },
      { label: 'solve rank-deficient', call: () => core.qr(matrix([[1, 1], [1, 1]])).solve([1, 1]), error: 'RangeError', fn: 'qr.solve', arg: 'A' },
      { label: 'applyQ NaN', call: () => core.qr(m22()).applyQ([NaN, 1]), error: 'RangeError', fn: 'qr.applyQ', arg: 'b[0]' },
    ],
  },
  qrApplyQInPlace: {
    valid: () => [2, 1, f64(3, 4), new Float64Array(1), [1, 0]], args: args(['m', N], ['n', N], ['a', T], ['tau', T], ['b', A]),
    probes: () => [{ label: 'short b', args: () => [2, 1, f64(3, 4), new Float64Array(1), [1]], error: 'RangeError', arg: 'b.length' }],
  },
  qrApplyQtInPlace: {
    valid: () => [2, 1, f64(3, 4), new Float64Array(1), [1, 0]], args: args(['m', N], ['n', N], ['a', T], ['tau', T], ['b', A]),
    probes: () => [{ label: 'm < n', args: () => [1, 2, f64(3, 4), new Float64Array(2), [1]], error: 'RangeError', arg: 'm' }],
  },
  qrInPlace: {
    valid: () => [2, 1, f64(3, 4), new Float64Array(1)], args: args(['m', N], ['n', N], ['a', T], ['tau', T]),
    probes: () => [{ label: 'short tau', args: () => [2, 2, f64(1, 2, 3, 4), new Float64Array(1)], error: 'RangeError', arg: 'tau.length' }],
  },
  runBlocks: {
    valid: undefined, args: [],
    probes: () => [
      { label: 'null pool', args: () => [null, 't', [[0, 1]], () => ({})], error: 'TypeError', arg: 'pool' },
      { label: 'blocks not an array', args: () => [fakePool, 't', 5, () => ({})], error: 'TypeError', arg: 'blocks' },
      { label: 'payloadOf not a function', args: () => [fakePool, 't', [[0, 1]], 5], error: 'TypeError', arg: 'payloadOf' },
      { label: 'task not a string', args: () => [fakePool, 5, [[0, 1]], () => ({})], error: 'TypeError', arg: 'task' },
      { label: 'options unknown key', args: () => [fakePool, 't', [[0, 1]], () => ({}), { sigal: 1 }], error: 'RangeError', arg: 'sigal' },
    ],
  },
  sharedArray: {
    valid: () => ['float64', 2], args: args(['dtype', S], ['length', N]),
    probes: () => [{ label: 'huge', args: () => ['float64', HUGE], error: 'RangeError', arg: 'length', huge: true }, { label: 'unknown dtype', args: () => ['int64', 1], error: 'RangeError', arg: 'dtype' }],
  },
  wasmArray: {
    valid: () => ['float32', 3], args: args(['dtype', S], ['length', N]),
    probes: () => [{ label: 'huge', args: () => ['float64', HUGE], error: 'RangeError', arg: 'length', huge: true }, { label: 'unknown dtype', args: () => ['int64', 1], error: 'RangeError', arg: 'dtype' }],
  },
  freeWasmArray: {
    valid: () => [core.wasmArray('float64', 2)], args: args(['array', T]),
    probes: () => [{ label: 'an ordinary array', args: () => [f64(1, 2)], error: 'TypeError', arg: 'array' }],
  },
  isWasmResident: { valid: () => [f64(1)], args: args(['array', T]), probes: () => [{ label: 'null', args: () => [null], error: 'TypeError', arg: 'array' }] },
  wasmMemoryStatus: { valid: () => [] },
  sharedMatrix: {
    valid: () => [1, 2, 'float32'], args: args(['rows', N], ['cols', N], ['dtype', S]),
    probes: () => [{ label: 'huge', args: () => [HUGE, HUGE], error: 'RangeError', arg: 'rows·cols', huge: true }],
  },
  solveTriangular: {
    valid: () => [m22(), [1, 2], { lower: true }], args: args(['T', M], ['b', A], ['options', O]), options: 2,
    probes: () => [
      { label: "lower: 'no'", args: () => [m22(), [1, 2], { lower: 'no' }], error: 'TypeError', arg: 'options.lower' },
      { label: 'singular', args: () => [matrix([[0, 0], [1, 1]]), [1, 2]], error: 'RangeError', arg: 'T' },
      { label: 'overflowing solution', args: () => [matrix([[1e-300, 0], [1, 1e-300]]), [1e300, 1]], error: 'RangeError', arg: 'the system' },
    ],
  },
  splitRange: {
    valid: () => [0, 10, 3, 1], args: args(['start', N], ['end', N], ['parts', N], ['grain', N]),
    probes: () => [{ label: 'end < start', args: () => [5, 1, 2], error: 'RangeError', arg: 'end' }, { label: 'zero parts', args: () => [0, 1, 0], error: 'RangeError', arg: 'parts' }],
  },
  toRows: {
    valid: () => [m22()], args: args(['A', M]),
    probes: () => [{ label: '2^40 × 0', args: () => [{ rows: HUGE, cols: 0, data: f64() }], error: 'RangeError', arg: 'A.rows', huge: true }, { label: 'null', args: () => [null], error: 'TypeError', arg: 'A' }],
  },
  toShared: { valid: () => [f64(1)], args: args(['array', T]), probes: () => [{ label: 'BigInt64Array', args: () => [new BigInt64Array(1)], error: 'TypeError', arg: 'array' }] },
  toSharedMatrix: { valid: () => [m22()], args: args(['A', M]), probes: () => [{ label: 'bad length', args: () => [{ rows: 2, cols: 2, data: f64(1) }], error: 'RangeError', arg: 'A.data.length' }] },
  transpose: { valid: () => [m22()], args: args(['A', M]), probes: () => [{ label: '2^40 × 0', args: () => [{ rows: HUGE, cols: 0, data: f64() }], error: 'RangeError', arg: 'A.rows', huge: true }] },
  triangularSolveInPlace: {
    valid: () => [1, f64(2), [4], true, false], args: args(['n', N], ['t', A], ['b', A], ['lower', B], ['transpose', B]),
    probes: () => [{ label: 'ld < n', args: () => [2, f64(1, 0, 0, 1), [1, 1], true, false, 1], error: 'RangeError', arg: 'ld' }],
  },
  viewOf: {
    valid: () => [core.arrayRef(core.sharedArray('int32', 2))], args: args(['ref', 'object' as K]),
    probes: () => [
      { label: 'null', args: () => [null], error: 'TypeError', arg: 'ref' },
      { label: 'length past the buffer', args: () => [{ ...core.arrayRef(core.sharedArray('int32', 2)), length: HUGE }], error: 'RangeError', arg: 'ref', huge: true },
      { label: 'unknown dtype', args: () => [{ ...core.arrayRef(core.sharedArray('int32', 2)), dtype: 'int8' }], error: 'RangeError', arg: 'ref.dtype' },
    ],
  },
  backendStatus: { valid: () => [] },
  sharedMemoryAvailable: { valid: () => [] },
  fromMlMatrix: { probes: () => [{ label: 'not a matrix', args: () => [42], error: 'TypeError', arg: 'm' }] },
  toMlMatrix: { probes: () => [{ label: 'not a Matrix', args: () => [42, class {}], error: 'TypeError', arg: 'matrix' }] },
  getBackend: { valid: () => [] },
  kernelsReady: { valid: () => [] },
  setBackend: {
    valid: () => [core.getBackend()], args: args(['name', S]),
    probes: () => [{ label: 'unknown backend', args: () => ['gpu'], error: 'RangeError', arg: 'name' }],
  },
  registerBackend: {
    args: [], probes: () => [
      { label: 'null', args: () => [null], error: 'TypeError', arg: 'definition' },
      { label: 'load not a function', args: () => [{ name: 'x', priority: 0, float32Accumulation: 'float64', load: 5 }], error: 'TypeError', arg: 'definition.load' },
      { label: "name 'auto'", args: () => [{ name: 'auto', priority: 0, float32Accumulation: 'float64', load: () => {} }], error: 'RangeError', arg: 'definition.name' },
      { label: 'NaN priority', args: () => [{ name: 'x', priority: NaN, float32Accumulation: 'float64', load: () => {} }], error: 'RangeError', arg: 'definition.priority' },
      { label: 'fallback not a string', args: () => [{ name: 'x', priority: 0, float32Accumulation: 'float64', load: () => {}, fallback: 1 }], error: 'TypeError', arg: 'definition.fallback' },
    ],
  },
  registerKernel: {
    args: [], probes: () => [
      { label: 'null', args: () => [null], error: 'TypeError', arg: 'config' },
      { label: 'unknown op', args: () => [{ kernelName: 'fft', backendName: 'js', kernelFunc: () => 0 }], error: 'RangeError', arg: 'config.kernelName' },
      { label: 'kernelFunc not a function', args: () => [{ kernelName: 'dot', backendName: 'js', kernelFunc: 5 }], error: 'TypeError', arg: 'config.kernelFunc' },
    ],
  },
  ops: { value: (v) => { for (const k of ['gemm', 'dot', 'axpy', 'scal', 'nrm2', 'adam', 'rmsprop', 'fwht', 'sparseSketch', 'sparseSketchTranspose', 'logdetApply', 'gatherSum', 'blockMoves', 'heapSweep']) if (typeof (v as Record<string, unknown>)[k] !== 'function') throw new Error(`ops.${k} missing`); } },
  'ops.gemm': {
    fn: 'ops.gemm', valid: () => [false, false, 1, 1, 2, f64(1, 2), 0, 2, f64(3, 4), 0, 1, new Float64Array(1), 0, 1, false],
    args: args(['transA', B], ['transB', B], ['m', N], ['n', N], ['k', N], ['A', T], ['offsetA', N], ['lda', N], ['B', T], ['offsetB', N], ['ldb', N], ['C', T], ['offsetC', N], ['ldc', N], ['accumulate', B]),
    probes: () => [
      { label: 'lda < k', args: () => [false, false, 1, 1, 2, f64(1, 2), 0, 1, f64(3, 4), 0, 1, new Float64Array(1), 0, 1, false], error: 'RangeError', arg: 'lda' },
      { label: 'C too short', args: () => [false, false, 2, 1, 1, f64(1, 2), 0, 1, f64(3), 0, 1, new Float64Array(1), 0, 1, false], error: 'RangeError', arg: 'C.length' },
      { label: 'huge m', args: () => [false, false, HUGE, 1, 1, f64(1), 0, 1, f64(1), 0, 1, new Float64Array(1), 0, 1, false], error: 'RangeError', arg: 'm', huge: true },
    ],
  },
  'ops.dot': {
    fn: 'ops.dot', valid: () => [2, f64(1, 9, 2), 2, 0, f64(3, 4), 1, 0], args: args(['n', N], ['x', T], ['strideX', N], ['offsetX', N], ['y', T], ['strideY', N], ['offsetY', N]),
    probes: () => [{ label: 'stride past x', args: () => [2, f64(1, 9), 2, 0, f64(3, 4), 1, 0], error: 'RangeError', arg: 'x.length' }, { label: 'stride 0', args: () => [2, f64(1, 9), 0, 0, f64(3, 4), 1, 0], error: 'RangeError', arg: 'strideX' }],
  },
  'ops.axpy': {
    fn: 'ops.axpy', valid: () => [2, 2, f64(1, 2), 1, 0, f64(1, 1), 1, 0], args: args(['n', N], ['alpha', N], ['x', T], ['strideX', N], ['offsetX', N], ['y', T], ['strideY', N], ['offsetY', N]),
    probes: () => [{ label: 'NaN alpha', args: () => [2, NaN, f64(1, 2), 1, 0, f64(1, 1), 1, 0], error: 'RangeError', arg: 'alpha' }, { label: 'offset past y', args: () => [2, 2, f64(1, 2), 1, 0, f64(1, 1), 1, 1], error: 'RangeError', arg: 'y.length' }],
  },
  'ops.scal': {
    fn: 'ops.scal', valid: () => [2, 3, f64(1, 2), 1, 0], args: args(['n', N], ['alpha', N], ['x', T], ['strideX', N], ['offsetX', N]),
    probes: () => [{ label: 'n past x', args: () => [3, 3, f64(1, 2), 1, 0], error: 'RangeError', arg: 'x.length' }],
  },
  'ops.nrm2': {
    fn: 'ops.nrm2', valid: () => [2, f64(3, 4), 1, 0], args: args(['n', N], ['x', T], ['strideX', N], ['offsetX', N]),
    probes: () => [{ label: 'huge n', args: () => [HUGE, f64(3, 4), 1, 0], error: 'RangeError', arg: 'n', huge: true }],
  },
  'ops.adam': {
    fn: 'ops.adam', valid: () => [1, 0.1, 0.9, 0.999, 1e-8, 1, f64(1), 0, f64(1), 0, f64(0), 0, f64(0), 0],
    args: args(['n', N], ['lr', N], ['beta1', N], ['beta2', N], ['eps', N], ['count', N], ['params', T], ['offsetParams', N], ['grads', T], ['offsetGrads', N], ['mu', T], ['offsetMu', N], ['nu', T], ['offsetNu', N]),
    probes: () => [
      { label: 'beta1 1', args: () => [1, 0.1, 1, 0.999, 1e-8, 1, f64(1), 0, f64(1), 0, f64(0), 0, f64(0), 0], error: 'RangeError', arg: 'beta1' },
      { label: 'short nu leaves params alone', args: () => [2, 0.1, 0.9, 0.999, 1e-8, 1, f64(1, 1), 0, f64(1, 1), 0, f64(0, 0), 0, f64(0), 0], error: 'RangeError', arg: 'nu.length' },
    ],
  },
  'ops.fwht': {
    fn: 'ops.fwht', valid: () => [2, 2, f64(1, 2, 3, 4), 1, 2, 0], args: args(['n', N], ['count', N], ['x', T], ['stride', N], ['batchStride', N], ['offset', N]),
    probes: () => [
      { label: 'n not a power of two', args: () => [3, 1, f64(1, 2, 3), 1, 1, 0], error: 'RangeError', arg: 'n' },
      { label: 'batch past x', args: () => [2, 3, f64(1, 2, 3, 4), 1, 2, 0], error: 'RangeError', arg: 'x.length' },
      { label: 'stride 0', args: () => [2, 1, f64(1, 2), 0, 1, 0], error: 'RangeError', arg: 'stride' },
    ],
  },
  'ops.sparseSketch': {
    fn: 'ops.sparseSketch', valid: () => [2, 1, 1, 1, Int32Array.of(0, 0), f64(1, -1), 0, f64(3, 1), 0, 1, new Float64Array(1), 0, 1],
    args: args(['n', N], ['s', N], ['nnz', N], ['width', N], ['rows', T], ['values', T], ['offsetRows', N], ['A', T], ['offsetA', N], ['lda', N], ['out', T], ['offsetOut', N], ['ldo', N]),
    probes: () => [
      { label: 'row index past s leaves out alone', args: () => [2, 1, 1, 1, Int32Array.of(0, 1), f64(1, -1), 0, f64(3, 1), 0, 1, new Float64Array(1), 0, 1], error: 'RangeError', arg: 'rows[1]' },
      { label: 'values short', args: () => [2, 1, 1, 1, Int32Array.of(0, 0), f64(1), 0, f64(3, 1), 0, 1, new Float64Array(1), 0, 1], error: 'RangeError', arg: 'values.length' },
    ],
  },
  'ops.sparseSketchTranspose': {
    fn: 'ops.sparseSketchTranspose', valid: () => [2, 1, 1, 1, Int32Array.of(0, 0), f64(1, -1), 0, f64(3), 0, 1, new Float64Array(2), 0, 1],
    args: args(['n', N], ['s', N], ['nnz', N], ['width', N], ['rows', T], ['values', T], ['offsetRows', N], ['Y', T], ['offsetY', N], ['ldy', N], ['out', T], ['offsetOut', N], ['ldo', N]),
    probes: () => [
      { label: 'negative row index', args: () => [2, 1, 1, 1, Int32Array.of(0, -1), f64(1, -1), 0, f64(3), 0, 1, new Float64Array(2), 0, 1], error: 'RangeError', arg: 'rows[1]' },
      { label: 'out short', args: () => [2, 1, 1, 1, Int32Array.of(0, 0), f64(1, -1), 0, f64(3), 0, 1, new Float64Array(1), 0, 1], error: 'RangeError', arg: 'out.length' },
    ],
  },
  'ops.logdetApply': {
    fn: 'ops.logdetApply', valid: () => [2, 1, f64(2, 0.5, 3, 0), 0, f64(1, 1), 0, new Float64Array(2), 0, 0, 2],
    args: args(['n', N], ['band', N], ['f', T], ['offsetF', N], ['v', T], ['offsetV', N], ['out', T], ['offsetOut', N], ['start', N], ['end', N]),
    probes: () => [
      { label: 'end past n', args: () => [2, 1, f64(2, 0.5, 3, 0), 0, f64(1, 1), 0, new Float64Array(2), 0, 0, 3], error: 'RangeError', arg: 'end' },
      { label: 'factor short', args: () => [2, 1, f64(2, 0.5, 3), 0, f64(1, 1), 0, new Float64Array(2), 0, 0, 2], error: 'RangeError', arg: 'f.length' },
    ],
  },
  'ops.gatherSum': {
    fn: 'ops.gatherSum', valid: () => [1, 2, 1, Int32Array.of(0, 2), 0, Int32Array.of(0, 1), f64(3, 4), 0, 1, f64(-1), 0, new Float64Array(1), 0, 1],
    args: args(['count', N], ['s', N], ['width', N], ['start', T], ['offsetStart', N], ['rows', T], ['Y', T], ['offsetY', N], ['ldy', N], ['scale', T], ['offsetScale', N], ['out', T], ['offsetOut', N], ['ldo', N]),
    probes: () => [
      { label: 'row index past s', args: () => [1, 2, 1, Int32Array.of(0, 2), 0, Int32Array.of(0, 2), f64(3, 4), 0, 1, f64(-1), 0, new Float64Array(1), 0, 1], error: 'RangeError', arg: 'rows[1]' },
      { label: 'starts decrease', args: () => [1, 2, 1, Int32Array.of(2, 0), 0, Int32Array.of(0, 1), f64(3, 4), 0, 1, f64(-1), 0, new Float64Array(1), 0, 1], error: 'RangeError', arg: 'start[1]' },
      { label: 'out short', args: () => [1, 2, 1, Int32Array.of(0, 2), 0, Int32Array.of(0, 1), f64(3, 4), 0, 1, f64(-1), 0, new Float64Array(0), 0, 1], error: 'RangeError', arg: 'out.length' },
    ],
  },
  'ops.blockMoves': {
    fn: 'ops.blockMoves', valid: () => [1, 2, Int32Array.of(3, 9), 0, f64(5, -2), 0, new Float64Array(16), new Float64Array(2), 1, 0, new Int32Array(2), 0],
    // nodes and dirty take null, so their wrong kinds are probed below (a float32 nodes for float64 values)
    args: args(['n', N], ['count', N], ['neurons', T], ['offsetNeurons', N], ['moves', T], ['offsetMoves', N], ['values', T]),
    probes: () => [
      { label: 'neurons not ascending', args: () => [1, 2, Int32Array.of(9, 3), 0, f64(5, -2), 0, new Float64Array(16), null, 0, 0, null, 0], error: 'RangeError', arg: 'neurons[1]' },
      { label: 'neuron past the layout', args: () => [1, 1, Int32Array.of(16), 0, f64(5), 0, new Float64Array(16), null, 0, 0, null, 0], error: 'RangeError', arg: 'neurons[0]' },
      { label: 'nodes short', args: () => [1, 2, Int32Array.of(3, 9), 0, f64(5, -2), 0, new Float64Array(16), new Float64Array(1), 1, 0, null, 0], error: 'RangeError', arg: 'nodes.length' },
      { label: 'nodes of float32 for float64 values', args: () => [1, 1, Int32Array.of(3), 0, f64(5), 0, new Float64Array(16), new Float32Array(2), 1, 0, null, 0], error: 'TypeError', arg: 'nodes' },
    ],
  },
  'ops.heapSweep': {
    fn: 'ops.heapSweep', valid: () => [1, 2, f64(0, 0, 1, 5), 0, 4],
    args: args(['count', N], ['L', N], ['nodes', T], ['offset', N], ['stride', N]),
    probes: () => [
      { label: 'L = 3', args: () => [1, 3, f64(0, 0, 0, 0, 0, 0), 0, 6], error: 'RangeError', arg: 'L' },
      { label: 'stride below 2L', args: () => [2, 2, f64(0, 0, 1, 5, 0, 0, 1, 5), 0, 3], error: 'RangeError', arg: 'stride' },
      { label: 'nodes short', args: () => [2, 2, f64(0, 0, 1, 5, 0, 0, 1), 0, 4], error: 'RangeError', arg: 'nodes.length' },
    ],
  },
  zeros: {
    valid: () => [2, 2, 'float64'], args: args(['rows', N], ['cols', N], ['dtype', S]),
    probes: () => [{ label: '2^40 × 1', args: () => [HUGE, 1], error: 'RangeError', arg: 'rows', huge: true }, { label: '2^20 × 2^20', args: () => [2 ** 20, 2 ** 20], error: 'RangeError', arg: 'rows·cols', huge: true }],
  },
};
