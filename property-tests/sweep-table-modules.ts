/**
 * Sweep entries of the four modules (maxtree, sketch, kron, logdet), cuda and data.
 */
import { matrix, sharedArray } from 'sublinear/core';
import * as cuda from 'sublinear/cuda';
import * as kron from 'sublinear/kron';
import * as logdet from 'sublinear/logdet';
import * as maxtree from 'sublinear/maxtree';
import * as sketch from 'sublinear/sketch';
import type { Entry } from './sweep-kit.js';
import { f64, fakePool, HUGE, m22 } from './sweep-table-core.js';

const { BandedMatrix } = logdet;
const { MaxTree, ThresholdSearch } = maxtree;
const banded = () => ({ n: 2, band: 1, data: f64(2, 1, 2, 0) });
const search = () => ThresholdSearch.init({ data: [1, 2], weights: [1, 0, 0, 1, 1, 1], d: 2 });
const srht = () => sketch.createSketch({ kind: 'srht', rows: 2, cols: 4, seed: 1 });
const constant = (expected: unknown) => ({ value: (v: unknown) => { if (v !== expected) throw new Error(`constant changed: ${String(v)}`); } });

export const moduleEntries: Record<string, Record<string, Entry>> = {
  maxtree: {
    DEFAULT_BLOCK_SIZE: constant(16),
    MaxTree: {
      fn: 'MaxTree.from', call: (...a: never[]) => (MaxTree.from as (...x: unknown[]) => unknown)(...a), valid: () => [[1, 2, 3], { dtype: 'float64' }], args: [['values', 'array'], ['options', 'options']], options: 1,
      probes: () => {
        const t = () => [MaxTree.from([1, 2, 3])];
        return [
          { label: 'empty', args: () => [[]], error: 'RangeError', arg: 'values.length' },
          { label: 'NaN', args: () => [[1, NaN]], error: 'RangeError', arg: 'values' },
          { label: 'float32 overflow', args: () => [[1e39], { dtype: 'float32' }], error: 'RangeError', arg: 'values' },
          { label: 'set out of range', args: t, call: (m) => m.set(3, 1), error: 'RangeError', fn: 'MaxTree.set', arg: 'j' },
          { label: 'set NaN', args: t, call: (m) => m.set(0, NaN), error: 'RangeError', fn: 'MaxTree.set', arg: 'value' },
          { label: 'setMany length mismatch', args: t, call: (m) => m.setMany([0, 1], [1]), error: 'RangeError', fn: 'MaxTree.setMany' },
          { label: 'query NaN', args: t, call: (m) => m.query(NaN), error: 'RangeError', fn: 'MaxTree.query', arg: 'tau' },
          { label: 'topK negative', args: t, call: (m) => m.topK(-1), error: 'RangeError', fn: 'MaxTree.topK', arg: 'k' },
          { label: 'queryInto not Int32Array', args: t, call: (m) => m.queryInto(0, []), error: 'TypeError', fn: 'MaxTree.queryInto', arg: 'out' },
        ];
      },
    },
    ThresholdSearch: {
      fn: 'ThresholdSearch.init', call: (...a: never[]) => (ThresholdSearch.init as (...x: unknown[]) => unknown)(...a), valid: () => [{ data: [1, 2], weights: [1, 0, 0, 1], d: 2 }], args: [['options', 'options']], options: 0,
      probes: () => [
        { label: 'd = 0', args: () => [{ data: [1], weights: [1], d: 0 }], error: 'RangeError', arg: 'options.d' },
        { label: 'a forest past the cap (2^15 × 2^15 leaves)', args: () => [{ data: new Float64Array(2 ** 15), weights: new Float64Array(2 ** 15), d: 1 }], error: 'RangeError', arg: 'the forest', huge: true },
        { label: 'NaN weight', args: () => [{ data: [1], weights: [NaN], d: 1 }], error: 'RangeError', arg: 'options.weights' },
        { label: 'update wrong length', args: () => [search()], call: (s) => s.update(0, [1]), error: 'RangeError', fn: 'ThresholdSearch.update', arg: 'z' },
        { label: 'updateMany bad index', args: () => [search()], call: (s) => s.updateMany([5], [1, 1]), error: 'RangeError', fn: 'ThresholdSearch.updateMany', arg: 'indices' },
        { label: 'moveLeaves repeated index', args: () => [search()], call: (s) => s.moveLeaves(0, [1, 1], [1, 1]), error: 'RangeError', fn: 'ThresholdSearch.moveLeaves', arg: 'indices' },
        { label: 'moveLeavesAll Infinity', args: () => [search()], call: (s) => s.moveLeavesAll([0], [Infinity, 1]), error: 'RangeError', fn: 'ThresholdSearch.moveLeavesAll', arg: 'deltas' },
        { label: 'pooled moveLeavesAll unknown key', args: () => [search()], call: (s) => s.moveLeavesAll([0], [1, 1], { pool: fakePool, sigal: 1 }), error: 'RangeError', fn: 'ThresholdSearch.moveLeavesAll', arg: 'sigal' },
        { label: 'pooled updateMany NaN', args: () => [search()], call: (s) => s.updateMany([0], [NaN, 1], { pool: fakePool }), error: 'RangeError', fn: 'ThresholdSearch.updateMany', arg: 'Z' },
        { label: 'queryAll NaN', call: () => search().queryAll(NaN), error: 'RangeError', fn: 'ThresholdSearch.queryAll', arg: 'tau' },
        { label: 'init resident flag kind', call: () => ThresholdSearch.init({ data: [1], weights: [1], d: 1, resident: 1 as never }), error: 'TypeError', fn: 'ThresholdSearch.init', arg: 'options.resident' },
        { label: 'checkInvariants flag kind', call: () => search().checkInvariants({ leavesMatchWeights: 'yes' as never }), error: 'TypeError', fn: 'ThresholdSearch.checkInvariants', arg: 'options.leavesMatchWeights' },
        { label: 'fromBuffers null', call: () => ThresholdSearch.fromBuffers(null as never, null as never), error: 'TypeError', fn: 'ThresholdSearch.fromBuffers', arg: 'layout' },
      ],
    },
    treeLayout: {
      valid: () => [2, 10, 3, 'float64', 16], args: [['n', 'number'], ['m', 'number'], ['d', 'number'], ['dtype', 'string'], ['blockSize', 'number']],
      probes: () => [
        { label: 'm = Infinity (looped forever)', args: () => [1, Infinity, 1, 'float64'], error: 'RangeError', arg: 'm', huge: true },
        { label: 'blockSize 3', args: () => [1, 4, 1, 'float64', 3], error: 'RangeError', arg: 'blockSize' },
      ],
    },
  },
  sketch: {
    SKETCH_KINDS: { value: (v) => { if (!(Array.isArray(v) && v.length === 4)) throw new Error('SKETCH_KINDS changed'); } },
    createSketch: {
      valid: () => [{ kind: 'srht', rows: 2, cols: 4, seed: 1 }], args: [['spec', 'options']], options: 0,
      probes: () => [
        { label: 'srht 2^30 × 2^30 (8 GiB up front)', args: () => [{ kind: 'srht', rows: 2 ** 30, cols: 2 ** 30, seed: 1 }], error: 'RangeError', arg: 'spec', huge: true },
        { label: 'gaussian 2^31 − 1 columns', args: () => [{ kind: 'gaussian', rows: 2, cols: 2 ** 31 - 1, seed: 1 }], error: 'RangeError', arg: 'spec.cols', huge: true },
        { label: 'unknown kind', args: () => [{ kind: 'fft', rows: 2, cols: 4, seed: 1 }], error: 'RangeError', arg: 'spec.kind' },
        { label: 'nnz misspelt', args: () => [{ kind: 'osnap', rows: 2, cols: 4, seed: 1, nnz: 2 }], error: 'RangeError', arg: 'nnz' },
        { label: 'apply wrong rows', call: () => srht().apply(m22()), error: 'RangeError', fn: 'Sketch.apply', arg: 'A.rows' },
        { label: 'applyVector NaN', call: () => srht().applyVector([1, 2, NaN, 4]), error: 'RangeError', fn: 'Sketch.applyVector', arg: 'x[2]' },
        { label: 'applyTranspose pooled unknown key', call: () => srht().applyTranspose(m22(), { pool: fakePool, bogus: 1 } as never), error: 'RangeError', fn: 'Sketch.applyTranspose', arg: 'bogus' },
        { label: 'applyTransposeVector wrong length', call: () => srht().applyTransposeVector([1]), error: 'RangeError', fn: 'Sketch.applyTransposeVector', arg: 'y.length' },
      ],
    },
    embeddingDistortion: {
      valid: () => [srht(), matrix([[1], [0], [0], [0]])], args: [['S', 'object'], ['A', 'matrix']],
      probes: () => [{ label: 'S wrong kind', args: () => [42, matrix([[1]])], error: 'TypeError', arg: 'S' }, { label: 'rank-deficient A', args: () => [srht(), matrix([[0], [0], [0], [0]])], error: 'RangeError', arg: 'A' }],
    },
    sketchPreconditionedGramSolve: {
      valid: () => [{ n: 1, D: 2, applyJ: (v: Float64Array, out: Float64Array) => { out[0] = v[0] + v[1]; }, applyJt: (u: Float64Array, out: Float64Array) => { out[0] = u[0]; out[1] = u[0]; }, r: [1], seed: 1 }],
      args: [['problem', 'options']], options: 0,
      probes: () => [
        { label: 'applyJ writes nothing', args: () => [{ n: 1, D: 2, applyJ: () => {}, applyJt: (u: Float64Array, out: Float64Array) => { out[0] = u[0]; out[1] = u[0]; }, r: [1], seed: 1 }], error: 'RangeError', arg: 'problem.applyJ' },
        { label: 'applyJt not a function', args: () => [{ n: 1, D: 2, applyJ: () => {}, applyJt: 5, r: [1], seed: 1 }], error: 'TypeError', arg: 'problem.applyJt' },
        { label: 'maxiterations misspelt', args: () => [{ n: 1, D: 2, applyJ: () => {}, applyJt: () => {}, r: [1], seed: 1, maxiterations: 3 }], error: 'RangeError', arg: 'maxiterations' },
      ],
    },
    sketchRowsFor: {
      valid: () => ['srht', 8], args: [['kind', 'string'], ['k', 'number']],
      probes: () => [{ label: 'k huge', args: () => ['srht', HUGE], error: 'RangeError', arg: 'k', huge: true }],
    },
    sketchedLeastSquares: {
      valid: () => [matrix([[1], [2], [3], [4]]), [1, 2, 3, 4], { seed: 1 }], args: [['A', 'matrix'], ['b', 'array'], ['options', 'options']], options: 2,
      probes: () => [{ label: 'b NaN', args: () => [matrix([[1], [2]]), [1, NaN], { seed: 1 }], error: 'RangeError', arg: 'b[1]' }, { label: 'options missing', args: () => [matrix([[1], [2]]), [1, 2]], error: 'TypeError', arg: 'options' }],
    },
    walshHadamardTransform: {
      valid: () => [f64(1, 0, 0, 0), { normalize: false }], args: [['x', 'typed'], ['options', 'options']], options: 1,
      probes: () => [
        { label: "normalize: 'no'", args: () => [f64(1, 0, 0, 0), { normalize: 'no' }], error: 'TypeError', arg: 'options.normalize' },
        { label: 'length 3', args: () => [f64(1, 2, 3)], error: 'RangeError', arg: 'x.length' },
      ],
    },
  },
  kron: {
    kernels: { value: (v) => { for (const k of ['modeProduct', 'kronPlan', 'kronApply', 'hadamardGramInPlace', 'kronLeafValuesKernel']) if (typeof (v as Record<string, unknown>)[k] !== 'function') throw new Error(`kernels.${k} missing`); } },
    'kernels.modeProduct': {
      fn: 'kernels.modeProduct', valid: () => [1, 2, 2, 1, [1, 2, 3, 4], false, [1, 1], new Float64Array(2)],
      args: [['L', 'number'], ['p', 'number'], ['q', 'number'], ['R', 'number'], ['a', 'array'], ['transposeA', 'boolean'], ['x', 'array'], ['out', 'typed']],
      probes: () => [{ label: 'short out', args: () => [1, 2, 2, 1, [1, 2, 3, 4], false, [1, 1], new Float64Array(1)], error: 'RangeError', arg: 'out.length' }, { label: 'huge L', args: () => [HUGE, 1, 1, 1, [1], false, [1], new Float64Array(1)], error: 'RangeError', arg: 'L', huge: true }],
    },
    'kernels.kronPlan': {
      fn: 'kernels.kronPlan', valid: () => [[2, 3], [4, 3], false], args: [['rows', 'array'], ['cols', 'array'], ['transpose', 'boolean']],
      probes: () => [{ label: 'mismatched', args: () => [[2], [2, 2], false], error: 'RangeError', arg: 'cols.length' }, { label: 'huge', args: () => [[2 ** 20, 2 ** 20], [1, 1], false], error: 'RangeError', arg: 'rows', huge: true }],
    },
    'kernels.kronApply': {
      fn: 'kernels.kronApply',
      valid: () => { const plan = kron.kernels.kronPlan([1, 2], [1, 2], false); return [plan, [[2], [0, 1, 1, 0]], false, [1, 2], [new Float64Array(plan.workLength), new Float64Array(plan.workLength)]]; },
      args: [['plan', 'object'], ['a', 'array'], ['transpose', 'boolean'], ['x', 'array'], ['work', 'array']],
      probes: () => [{ label: 'short x', args: () => { const plan = kron.kernels.kronPlan([1, 2], [1, 2], false); return [plan, [[2], [0, 1, 1, 0]], false, [1], [new Float64Array(2), new Float64Array(2)]]; }, error: 'RangeError', arg: 'x.length' }],
    },
    'kernels.hadamardGramInPlace': {
      fn: 'kernels.hadamardGramInPlace', valid: () => [2, 1, [1, 2], new Float64Array(4).fill(1)], args: [['n', 'number'], ['p', 'number'], ['a', 'array'], ['g', 'typed']],
      probes: () => [{ label: 'short g', args: () => [2, 1, [1, 2], new Float64Array(3)], error: 'RangeError', arg: 'g.length' }],
    },
    'kernels.kronLeafValuesKernel': {
      fn: 'kernels.kronLeafValuesKernel', valid: () => [1, 2, [2, 2], f64(1, 0, 0, 1), [f64(1, 2, 3, 4), f64(1, 2, 3, 4)], new Float64Array(2)],
      args: [['m', 'number'], ['n', 'number'], ['p', 'array'], ['w', 'typed'], ['a', 'arrays'], ['out', 'typed']],
      probes: () => [{ label: 'short w', args: () => [2, 2, [2, 2], f64(1, 0, 0, 1), [f64(1, 2, 3, 4), f64(1, 2, 3, 4)], new Float64Array(4)], error: 'RangeError', arg: 'w.length' }],
    },
    kronDot: {
      valid: () => [kron.kronVector([[1, 2]]), kron.kronVector([[3, 4]])], args: [['a', 'object'], ['b', 'object']],
      probes: () => [{ label: 'different lengths', args: () => [kron.kronVector([[1, 2]]), kron.kronVector([[3]])], error: 'RangeError', arg: 'b' }],
    },
    kronGram: {
      valid: () => [[m22()]], args: [['data', 'arrays']],
      probes: () => [{ label: 'empty', args: () => [[]], error: 'RangeError', arg: 'data.length' }, { label: 'huge n', args: () => [[{ rows: 2 ** 31 - 1, cols: 0, data: f64() }]], error: 'RangeError', arg: 'data', huge: true }],
    },
    kronLU: { valid: () => [[m22()]], args: [['factors', 'arrays']], probes: () => [{ label: 'not square', args: () => [[matrix([[1, 2]])]], error: 'RangeError', arg: 'factors[0].cols' }] },
    kronLeafValues: {
      valid: () => [matrix([[1, 0, 0, 1]]), [m22(), m22()]], args: [['weights', 'matrix'], ['data', 'arrays']],
      probes: () => [{ label: 'cols mismatch', args: () => [matrix([[1]]), [m22(), m22()]], error: 'RangeError', arg: 'weights.cols' }],
    },
    kronMatMat: {
      valid: () => [[m22()], m22(), { transpose: false }], args: [['factors', 'arrays'], ['X', 'matrix'], ['options', 'options']], options: 2,
      probes: () => [{ label: "transpose: 'no'", args: () => [[m22()], m22(), { transpose: 'no' }], error: 'TypeError', arg: 'options.transpose' }],
    },
    kronMatVec: {
      valid: () => [[m22()], [1, 2], {}], args: [['factors', 'arrays'], ['x', 'array'], ['options', 'options']], options: 2,
      probes: () => [
        { label: 'product past 2^31', args: () => [Array.from({ length: 32 }, () => matrix([[1], [1], [1]])), [1]], error: 'RangeError', arg: 'factors', huge: true },
        { label: 'pooled wrong length', args: () => [[m22()], [1], { pool: fakePool }], error: 'RangeError', arg: 'x.length' },
      ],
    },
    kronMatVecTranspose: { valid: () => [[m22()], [1, 2]], args: [['factors', 'arrays'], ['y', 'array']], probes: () => [{ label: 'NaN', args: () => [[m22()], [1, NaN]], error: 'RangeError', arg: 'y[1]' }] },
    kronNorm: { valid: () => [kron.kronVector([[3, 4]]), 2], args: [['v', 'object'], ['ord', 'number']], probes: () => [{ label: 'ord 3', args: () => [kron.kronVector([[3, 4]]), 3], error: 'RangeError', arg: 'ord' }] },
    kronPowerGram: {
      valid: () => [m22(), 2], args: [['X', 'matrix'], ['power', 'number']],
      probes: () => [{ label: 'power 0', args: () => [m22(), 0], error: 'RangeError', arg: 'power' }, { label: 'huge rows', args: () => [{ rows: 2 ** 31 - 1, cols: 0, data: f64() }], error: 'RangeError', arg: 'X.rows', huge: true }],
    },
    kronProduct: {
      valid: () => [[m22(), m22()]], args: [['factors', 'arrays']],
      probes: () => [{ label: 'product past the cap', args: () => [[{ rows: 2 ** 15, cols: 1, data: new Float64Array(2 ** 15) }, { rows: 2 ** 15, cols: 1, data: new Float64Array(2 ** 15) }]], error: 'RangeError', arg: 'factors', huge: true }],
    },
    kronSolve: { valid: () => [[m22()], [1, 2]], args: [['factors', 'arrays'], ['b', 'array']], probes: () => [{ label: 'singular', args: () => [[matrix([[1, 1], [1, 1]])], [1, 2]], error: 'RangeError', arg: 'factors' }] },
    kronVector: { valid: () => [[[1, 2]], 'float64'], args: [['factors', 'arrays'], ['dtype', 'string']], probes: () => [{ label: 'NaN', args: () => [[[1, NaN]]], error: 'RangeError', arg: 'factors[0][1]' }] },
    materializeKronVector: {
      valid: () => [kron.kronVector([[1, 2], [1, 10]])], args: [['v', 'object']],
      probes: () => [{ label: 'length past the cap', args: () => [kron.kronVector([new Float64Array(2 ** 15), new Float64Array(2 ** 15)])], error: 'RangeError', arg: 'v', huge: true }],
    },
  },
  logdet: {
    MAX_BAND: constant(64),
    BandedMatrix: { value: (v) => { for (const k of ['zeros', 'fromDense', 'toDense', 'emaOuter', 'scaled', 'biasCorrected', 'damped']) if (typeof (v as Record<string, unknown>)[k] !== 'function') throw new Error(`BandedMatrix.${k} missing`); } },
    'BandedMatrix.zeros': {
      fn: 'BandedMatrix.zeros', call: BandedMatrix.zeros, valid: () => [3, 1, 'float64'], args: [['n', 'number'], ['band', 'number'], ['dtype', 'string']],
      probes: () => [{ label: '2^40 × 1', args: () => [HUGE, 1], error: 'RangeError', arg: 'n', huge: true }, { label: 'band 65', args: () => [3, 65], error: 'RangeError', arg: 'band' }],
    },
    'BandedMatrix.fromDense': { fn: 'BandedMatrix.fromDense', call: BandedMatrix.fromDense, valid: () => [m22(), 1], args: [['A', 'matrix'], ['band', 'number']], probes: () => [{ label: 'not square', args: () => [matrix([[1, 2]]), 1], error: 'RangeError', arg: 'A.cols' }] },
    'BandedMatrix.toDense': { fn: 'BandedMatrix.toDense', call: BandedMatrix.toDense, valid: () => [banded()], args: [['H', 'object']], probes: () => [{ label: 'n² past the cap', args: () => [{ n: 2 ** 20, band: 0, data: new Float64Array(2 ** 20) }], error: 'RangeError', arg: 'H.n²', huge: true }] },
    'BandedMatrix.emaOuter': {
      fn: 'BandedMatrix.emaOuter', call: BandedMatrix.emaOuter, valid: () => [banded(), [1, 2], 0.5], args: [['H', 'object'], ['g', 'array'], ['beta', 'number']],
      probes: () => [{ label: 'NaN g leaves H', args: () => [banded(), [1, NaN], 0.5], error: 'RangeError', arg: 'g[1]' }, { label: 'beta 2', args: () => [banded(), [1, 2], 2], error: 'RangeError', arg: 'beta' }],
    },
    'BandedMatrix.scaled': {
      fn: 'BandedMatrix.scaled', call: BandedMatrix.scaled, valid: () => [banded(), 2, 1], args: [['H', 'object'], ['c', 'number'], ['shift', 'number']],
      probes: () => [{ label: 'overflow to Infinity', args: () => [banded(), 1e308], error: 'RangeError', arg: 'c' }],
    },
    'BandedMatrix.biasCorrected': {
      fn: 'BandedMatrix.biasCorrected', call: BandedMatrix.biasCorrected, valid: () => [banded(), 1, 0.9], args: [['H', 'object'], ['step', 'number'], ['beta2', 'number']],
      probes: () => [{ label: 'NaN H names biasCorrected', args: () => [{ n: 1, band: 0, data: f64(NaN) }, 1, 0.9], error: 'RangeError', arg: 'H.data[0]' }],
    },
    'BandedMatrix.damped': {
      fn: 'BandedMatrix.damped', call: BandedMatrix.damped, valid: () => [banded(), { relative: 0.1 }], args: [['H', 'object'], ['options', 'options']], options: 1,
      probes: () => [{ label: 'both options', args: () => [banded(), { relative: 0.1, absolute: 1 }], error: 'TypeError', arg: 'options' }],
    },
    bandedLogDetInverse: {
      valid: () => [banded(), {}], args: [['H', 'object'], ['options', 'options']], options: 1,
      probes: () => [
        { label: 'threshold 2', args: () => [banded(), { threshold: 2 }], error: 'RangeError', arg: 'options.threshold' },
        { label: 'pooled unknown key', args: () => [banded(), { pool: fakePool, treshold: 0.1 }], error: 'RangeError', arg: 'treshold' },
        { label: 'apply NaN', call: () => logdet.bandedLogDetInverse(banded()).apply([1, NaN]), error: 'RangeError', fn: 'LogDetInverse.apply', arg: 'v[1]' },
        { label: 'apply out too short', args: () => [logdet.bandedLogDetInverse(banded()), new Float64Array(1)], call: (X, out) => X.apply([1, 2], out), error: 'RangeError', fn: 'LogDetInverse.apply', arg: 'out' },
      ],
    },
  },
  cuda: {
    CudaUnavailableError: { errorClass: true },
    cudaStatus: { valid: () => [] },
    registerCudaBackend: { valid: () => [] },
    fwht: { valid: () => [f64(1, 0, 1, 0), 4], args: [['data', 'typed'], ['length', 'number']], probes: () => [{ label: 'length 3', args: () => [f64(1, 0, 1), 3], error: 'RangeError', arg: 'length' }, { label: 'backend typo', args: () => [f64(1, 0), 2, { backnd: 'js' }], error: 'RangeError', arg: 'backnd' }] },
    innerProducts: { valid: () => [m22(), m22(), { backend: 'js' }], args: [['X', 'matrix'], ['W', 'matrix'], ['options', 'options']], options: 2, probes: () => [{ label: 'backend unknown', args: () => [m22(), m22(), { backend: 'gpu' }], error: 'RangeError', arg: 'options.backend' }] },
    kronMatVec: { valid: () => [[m22()], f64(1, 1)], args: [['factors', 'arrays'], ['x', 'typed']], probes: () => [{ label: 'wrong length', args: () => [[m22()], f64(1)], error: 'RangeError', arg: 'x' }] },
    logdetApply: { valid: () => [cuda.logdetFactor(f64(2, 1, 2, 0), 2, 1), f64(1, 0)], args: [['factor', 'object'], ['g', 'typed']], probes: () => [{ label: 'NaN', args: () => [cuda.logdetFactor(f64(2, 1, 2, 0), 2, 1), f64(NaN, 0)], error: 'RangeError', arg: 'g[0]' }] },
    logdetFactor: { valid: () => [f64(2, 1, 2, 0), 2, 1, {}], args: [['band', 'typed'], ['n', 'number'], ['b', 'number'], ['options', 'options']], options: 3, probes: () => [{ label: 'NaN', args: () => [f64(NaN, 1, 2, 0), 2, 1], error: 'RangeError', arg: 'band[0]' }] },
    maxtreeRebuild: { valid: () => [f64(0, 0, 0, 0, 1, 5, 2, -Infinity), 1, 4], args: [['tree', 'typed'], ['trees', 'number'], ['leaves', 'number']], probes: () => [{ label: 'leaves 3', args: () => [f64(0, 0, 0, 0, 1, 5, 2, -Infinity), 1, 3], error: 'RangeError', arg: 'leaves' }] },
    resolveBackend: { valid: () => ['js'], args: [['backend', 'string']], probes: () => [{ label: 'unknown', args: () => ['gpu'], error: 'RangeError', arg: 'options.backend' }] },
    thresholdQuery: {
      valid: () => [new Float32Array([0.1, 0.9, 0.5, 0.7, 0.2, 0.8]), { rows: 2, cols: 3 }, 0.5], args: [['values', 'typed'], ['layout', 'options'], ['tau', 'number']],
      probes: () => [{ label: 'layout past values', args: () => [f64(1, 2), { rows: 2, cols: 3 }, 0.5], error: 'RangeError', arg: 'layout' }, { label: 'layout typo', args: () => [f64(1, 2), { rows: 1, cols: 2, strde: 2 }, 0.5], error: 'RangeError', arg: 'strde' }],
    },
    thresholdSearchInit: { valid: () => [{ data: [1, 0, 0, 1], weights: [1, 1, 2, -1], d: 2 }], args: [['options', 'options']], options: 0, probes: () => [{ label: 'backend cuda where none', args: () => [{ data: [1], weights: [1], d: 1, backend: 'gpu' }], error: 'RangeError', arg: 'options.backend' }] },
  },
};

/** Structures the sweep's overlap and fault tests reuse. */
export { banded, search, srht, sharedArray };
