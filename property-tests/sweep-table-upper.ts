/**
 * Sweep entries of data, optim, nn, streams, testing and workers.
 */
import { matrix, Rng } from 'sublinear/core';
import { cudaStatus } from 'sublinear/cuda';
import * as nn from 'sublinear/nn';
import * as optim from 'sublinear/optim';
import { createSketch } from 'sublinear/sketch';
import * as testing from 'sublinear/testing';
import { MaxTree, ThresholdSearch } from 'sublinear/maxtree';
import { bandedLogDetInverse } from 'sublinear/logdet';
import type { Entry, ProbeSpec } from './sweep-kit.js';
import { f64, fakePool, HUGE, m22 } from './sweep-table-core.js';

const constant = (expected: unknown) => ({ value: (v: unknown) => { if (v !== expected) throw new Error(`constant changed: ${String(v)}`); } });
const gaussian = (rows: number, cols: number, seed = 1) => ({ rows, cols, data: new Rng(seed).fillGaussian(new Float64Array(rows * cols)) });
const targets = (n: number) => new Rng(2).fillGaussian(new Float64Array(n));
const ops = optim as unknown as Record<string, (...a: unknown[]) => optim.GradientTransformation<unknown>>;

/**
 * The probes every transformation's update must pass: a refused update (wrong length, wrong state,
 * missing params) leaves the state byte-identical (the sweep compares the inputs after each probe).
 */
function updateProbes(fn: string, make: () => optim.GradientTransformation<unknown>, needsParams: boolean): ProbeSpec[] {
  const p = () => f64(1, 2);
  const probes: ProbeSpec[] = [
    { label: 'update: grads of the wrong kind', args: () => { const t = make(); return [t, [1, 1], t.init(p())]; }, call: undefined, error: 'TypeError', fn: `${fn}.update`, arg: 'grads' },
  ];
  if (needsParams) probes.push({ label: 'update without params leaves the state as it was', args: () => { const t = make(); return [t, f64(1, 1), t.init(p())]; }, error: 'TypeError', fn: `${fn}.update`, arg: 'params' });
  return probes.map((q) => {
    let built: unknown[] = [];
    return { ...q, args: () => (built = q.args!()), call: () => { const [t, g, s] = built as [optim.GradientTransformation<unknown>, Float64Array, unknown]; return t.update(g, s); } };
  });
}

function transform(fn: string, valid: unknown[], args: Entry['args'], make: () => optim.GradientTransformation<unknown>, extra: ProbeSpec[] = [], needsParams = false, options?: number): Entry {
  return { fn, valid: () => valid.map((v) => (v !== null && typeof v === 'object' ? { ...v } : v)), args, options, probes: () => [...updateProbes(fn, make, needsParams), ...extra] };
}

function stateProbe(fn: string, make: () => optim.GradientTransformation<unknown>, field: string): ProbeSpec {
  let built: unknown[] = [];
  return {
    label: `update with a state of the wrong length (${field})`, fn: `${fn}.update`, error: 'RangeError', arg: `state.${field}.length`,
    args: () => { const t = make(); return (built = [t, t.init(f64(1, 2, 3))]); },
    call: () => { const [t, s] = built as [optim.GradientTransformation<unknown>, unknown]; return t.update(f64(1, 1), s); },
  };
}

const sgdInputs = () => ({ kind: 'square', x: gaussian(6, 3) });
const mlp = () => new nn.Mlp({ sizes: [2, 3, 2] });
const event = () => ({ step: 0, loss: 1, gradient: f64(3, 4) });

export const upperEntries: Record<string, Record<string, Entry>> = {
  data: {
    MNIST_PIXELS: constant(784),
    MNIST_SIZE: constant(10_000),
    averagePool: { probes: () => [{ label: 'not a matrix', args: () => [42, 2], error: 'TypeError', arg: 'images' }, { label: 'factor 0', args: () => [matrix([[1, 2, 3, 4]]), 0], error: 'RangeError', arg: 'factor' }] },
    gatherRows: { valid: () => [m22(), [1, 0]], args: [['A', 'matrix'], ['indices', 'array']], probes: () => [{ label: 'index out of range', args: () => [m22(), [2]], error: 'RangeError', arg: 'indices[0]' }] },
    gaussianData: {
      valid: () => [2, 3, 1, 'float64'], args: [['n', 'number'], ['d', 'number'], ['seed', 'number'], ['dtype', 'string']],
      probes: () => [{ label: 'huge', args: () => [HUGE, 1], error: 'RangeError', arg: 'n', huge: true }],
    },
    loadMnist: { valid: () => [{ count: 10 }], args: [['options', 'options']], options: 0, probes: () => [{ label: 'cout misspelt', args: () => [{ cout: 10 }], error: 'RangeError', arg: 'cout' }, { label: 'count 0', args: () => [{ count: 0 }], error: 'RangeError', arg: 'options.count' }] },
    normalizeRows: { valid: () => [m22()], args: [['A', 'matrix']], probes: () => [{ label: '2^40 × 0', args: () => [{ rows: HUGE, cols: 0, data: f64() }], error: 'RangeError', arg: 'A.rows', huge: true }] },
    trainTestSplit: {
      valid: () => [{ images: m22() }, { testFraction: 0.5 }], args: [['examples', 'object'], ['options', 'options']], options: 1,
      probes: () => [{ label: 'testfraction misspelt', args: () => [{ images: m22() }, { testfraction: 0.5 }], error: 'RangeError', arg: 'testfraction' }],
    },
  },
  optim: {
    adam: transform('adam', [{ lr: 0.1 }], [['options', 'options']], () => ops.adam({ lr: 0.1 }), [stateProbe('adam', () => ops.adam({ lr: 0.1 }), 'mu')], false, 0),
    adamw: transform('adamw', [{ lr: 0.1 }], [['options', 'options']], () => ops.adamw({ lr: 0.1 }), [], true, 0),
    addDecayedWeights: transform('addDecayedWeights', [0.1], [['weightDecay', 'number']], () => ops.addDecayedWeights(0.1), [{ label: 'negative', args: () => [-1], error: 'RangeError', arg: 'weightDecay' }], true),
    applyStep: {
      valid: () => { const o = optim.adam({ lr: 0.1 }), p = f64(1, 2); return [o, p, f64(1, 1), o.init(p)]; },
      args: [['opt', 'object'], ['params', 'typed'], ['grads', 'typed']],
      probes: () => [{ label: 'lengths differ', args: () => { const o = optim.adam({ lr: 0.1 }), p = f64(1, 2); return [o, p, f64(1), o.init(p)]; }, error: 'RangeError', arg: 'grads.length' }],
    },
    applyUpdates: { valid: () => [f64(1, 2), f64(1, 1)], args: [['params', 'typed'], ['updates', 'typed']], probes: () => [{ label: 'lengths differ', args: () => [f64(1, 2), f64(1)], error: 'RangeError', arg: 'updates.length' }] },
    chain: {
      valid: () => [optim.scaleByAdam(), optim.addDecayedWeights(0.1)], args: [['transforms[0]', 'object']],
      probes: () => [
        ...updateProbes('scaleByAdam', () => optim.chain(optim.scaleByAdam(), optim.addDecayedWeights(0.1)) as never, false),
        ...updateProbes('addDecayedWeights', () => optim.chain(optim.scaleByAdam(), optim.addDecayedWeights(0.1)) as never, true).slice(1),
        ...updateProbes('addDecayedWeights', () => optim.chain(optim.trace(), optim.addDecayedWeights(0.1), optim.scaleByLearningRate(0.1)) as never, true).slice(1),
        stateProbe('scaleByAdam', () => optim.chain(optim.scaleByLearningRate(1), optim.scaleByAdam()) as never, 'mu'),
      ],
    },
    clipByGlobalNorm: transform('clipByGlobalNorm', [1], [['maxNorm', 'number']], () => ops.clipByGlobalNorm(1), [{ label: 'zero', args: () => [0], error: 'RangeError', arg: 'maxNorm' }]),
    momentum: transform('momentum', [{ lr: 0.1 }], [['options', 'options']], () => ops.momentum({ lr: 0.1 }), [
      { label: 'beta 2 names momentum', args: () => [{ lr: 0.1, beta: 2 }], error: 'RangeError', arg: 'options.beta' },
      { label: "nesterov: 'no'", args: () => [{ lr: 0.1, nesterov: 'no' }], error: 'TypeError', arg: 'options.nesterov' },
    ], false, 0),
    multiTransform: {
      valid: () => [{ a: optim.sgd({ lr: 1 }) }, () => 'a'], args: [['transforms', 'object'], ['labelOf', 'function']],
      probes: () => {
        let built: unknown[] = [];
        return [{
          label: 'a refused tensor leaves every tensor state as it was', fn: 'scaleByAdam.update', error: 'RangeError', arg: 'state.mu.length',
          args: () => { const t = optim.perTensor(optim.scaleByAdam()); const s = t.init({ a: f64(1, 2), b: f64(1) }); return (built = [t, s]); },
          call: () => { const [t, s] = built as [optim.GradientTransformation<unknown, optim.NamedParams>, unknown]; return t.update({ a: f64(1, 1), b: f64(1, 1) }, s); },
        }];
      },
    },
    perTensor: { valid: () => [optim.sgd({ lr: 1 })], args: [['transform', 'object']] },
    rmsprop: transform('rmsprop', [{ lr: 0.1 }], [['options', 'options']], () => ops.rmsprop({ lr: 0.1 }), [{ label: 'decay names rmsprop', args: () => [{ lr: 0.1, decay: 1 }], error: 'RangeError', arg: 'options.decay' }], false, 0),
    scale: transform('scale', [2], [['factor', 'number']], () => ops.scale(2), [{ label: 'NaN', args: () => [NaN], error: 'RangeError', arg: 'factor' }]),
    scaleByAdam: transform('scaleByAdam', [{}], [['options', 'options']], () => ops.scaleByAdam(), [stateProbe('scaleByAdam', () => ops.scaleByAdam(), 'mu')], false, 0),
    scaleByLearningRate: transform('scaleByLearningRate', [0.1], [['lr', 'number']], () => ops.scaleByLearningRate(0.1), [{ label: 'zero', args: () => [0], error: 'RangeError', arg: 'lr' }]),
    scaleByRms: transform('scaleByRms', [{}], [['options', 'options']], () => ops.scaleByRms(), [stateProbe('scaleByRms', () => ops.scaleByRms(), 'nu')], false, 0),
    scaleBySonew: transform('scaleBySonew', [{ band: 1 }], [['options', 'options']], () => ops.scaleBySonew(), [stateProbe('scaleBySonew', () => ops.scaleBySonew(), 'mu')], false, 0),
    galore: {
      valid: () => [optim.scaleByAdam(), { rank: 1, shape: [2, 3] }], args: [['inner', 'object'], ['options', 'options']], options: 1,
      probes: () => [{ label: 'rank 0', args: () => [optim.scaleByAdam(), { rank: 0, shape: [2, 3] }], error: 'RangeError', arg: 'options.rank' }],
    },
    scaleByShampoo: {
      valid: () => [{ shape: [2, 3] }], args: [['options', 'options']], options: 0,
      probes: () => [{ label: 'beta2 2', args: () => [{ beta2: 2 }], error: 'RangeError', arg: 'options.beta2' }],
    },
    shampoo: {
      valid: () => [{ lr: 0.1, shape: [2, 2] }], args: [['options', 'options']], options: 0,
      probes: () => [{ label: 'lr 0', args: () => [{ lr: 0 }], error: 'RangeError', arg: 'options.lr' }],
    },
    applyIfFinite: { probes: () => [{ label: 'inner not a transform', args: () => [42, 3], error: 'TypeError', arg: 'inner' }, { label: 'negative count', args: () => [optim.sgd({ lr: 1 }), -1], error: 'RangeError', arg: 'maxConsecutiveErrors' }] },
    multiSteps: { probes: () => [{ label: 'inner not a transform', args: () => [42, 2], error: 'TypeError', arg: 'inner' }, { label: 'every 0', args: () => [optim.sgd({ lr: 1 }), 0], error: 'RangeError', arg: 'every' }] },
    scaleBySchedule: { probes: () => [{ label: 'not a schedule', args: () => ['fast'], error: 'TypeError', arg: 'schedule' }] },
    scheduleValue: { probes: () => [{ label: 'step -1', args: () => [optim.constantSchedule(1), -1], error: 'RangeError', arg: 'step' }] },
    constantSchedule: { valid: () => [1], args: [['value', 'number']], probes: () => [{ label: 'NaN', args: () => [NaN], error: 'RangeError', arg: 'value' }] },
    linearSchedule: { valid: () => [{ init: 1, end: 0, steps: 10 }], args: [['options', 'options']], probes: () => [{ label: 'steps -1', args: () => [{ init: 1, end: 0, steps: -1 }], error: 'RangeError', arg: 'options.steps' }] },
    cosineDecaySchedule: { valid: () => [{ init: 1, decaySteps: 10 }], args: [['options', 'options']], probes: () => [{ label: 'init NaN', args: () => [{ init: NaN, decaySteps: 10 }], error: 'RangeError', arg: 'options.init' }] },
    warmupCosineDecaySchedule: { valid: () => [{ init: 0, peak: 1, warmupSteps: 2, decaySteps: 10 }], args: [['options', 'options']], probes: () => [{ label: 'peak Infinity', args: () => [{ init: 0, peak: Infinity, warmupSteps: 2, decaySteps: 10 }], error: 'RangeError', arg: 'options.peak' }] },
    piecewiseConstantSchedule: { valid: () => [{ init: 1, boundaries: [5], scales: [0.5] }], args: [['options', 'options']], probes: () => [{ label: 'mismatched lengths', args: () => [{ init: 1, boundaries: [5], scales: [] }], error: 'RangeError', arg: 'options.scales' }] },
    joinSchedules: { probes: () => [{ label: 'not an array', args: () => [42, [1]], error: 'TypeError', arg: 'schedules' }] },
    sgd: transform('sgd', [{ lr: 0.1 }], [['options', 'options']], () => ops.sgd({ lr: 0.1 }), [], false, 0),
    sonew: transform('sonew', [{ lr: 0.1 }], [['options', 'options']], () => ops.sonew({ lr: 0.1, weightDecay: 0.1 }), [], true, 0),
    trace: transform('trace', [{ decay: 0.5 }], [['options', 'options']], () => ops.trace(), [stateProbe('trace', () => ops.trace(), 'trace')], false, 0),
  },
  nn: {
    DenseGaussNewton: {
      construct: true, valid: () => [gaussian(4, 3), targets(4), { width: 8 }], args: [['X', 'matrix'], ['y', 'array'], ['options', 'options']], options: 2,
      probes: () => [{ label: 'widht misspelt', args: () => [gaussian(4, 3), targets(4), { widht: 8 }], error: 'RangeError', arg: 'widht' }],
    },
    DenseSGD: {
      construct: true, valid: () => [sgdInputs(), targets(6), { width: 8, batchSize: 2 }], args: [['inputs', 'object'], ['y', 'array'], ['options', 'options']], options: 2,
      probes: () => [{ label: 'blocksize misspelt', args: () => [sgdInputs(), targets(6), { blocksize: 2 }], error: 'RangeError', arg: 'blocksize' }],
    },
    KroneckerSGD: {
      construct: true, valid: () => [sgdInputs(), targets(6), { width: 8 }], args: [['inputs', 'object'], ['y', 'array'], ['options', 'options']], options: 2,
      // Where a GPU is present, backend 'cuda' is accepted: the probe is for machines without one.
      probes: () => (cudaStatus().available ? [] : [{ label: "backend 'cuda' without a GPU", args: () => [sgdInputs(), targets(6), { backend: 'cuda' }], error: 'CudaUnavailableError', arg: 'KroneckerSGD' }]),
    },
    Mlp: {
      construct: true, valid: () => [{ sizes: [2, 3, 2] }], args: [['options', 'options']], options: 0,
      probes: () => [
        { label: 'sizes [784, 2^24, 10]', args: () => [{ sizes: [784, 16777216, 10] }], error: 'RangeError', arg: 'options.sizes', huge: true },
        { label: 'loss NaN params', call: () => mlp().loss(new Float64Array(mlp().parameterCount).fill(NaN), m22(), matrix([[0, 1], [1, 0]])), error: 'RangeError', fn: 'Mlp.loss', arg: 'params' },
        { label: 'initParams seed kind', call: () => mlp().initParams('1' as never), error: 'TypeError', fn: 'Mlp.initParams', arg: 'seed' },
        { label: 'forward wrong cols', call: () => mlp().forward(mlp().initParams(), matrix([[1, 2, 3]])), error: 'RangeError', fn: 'Mlp.forward', arg: 'X.cols' },
      ],
    },
    SparseGaussNewton: {
      construct: true, valid: () => [gaussian(4, 3), targets(4), { width: 8 }], args: [['X', 'matrix'], ['y', 'array'], ['options', 'options']], options: 2,
      probes: () => [
        { label: 'widht misspelt', args: () => [gaussian(4, 3), targets(4), { widht: 64 }], error: 'RangeError', arg: 'widht' },
        { label: 'NaN target', args: () => [gaussian(4, 3), f64(1, 2, NaN, 4), { width: 8 }], error: 'RangeError', arg: 'y[2]' },
      ],
    },
    MAX_BUILD_WORK: constant(2 ** 40),
    initialLeaves: { probes: () => [{ label: 'inputs not data', args: () => [42], error: 'TypeError', arg: 'inputs' }, { label: 'options unknown key', args: () => [sgdInputs(), { widht: 8 }], error: 'RangeError', arg: 'widht' }] },
    maxWidth: { valid: () => [10], args: [['inputs', 'number']], probes: () => [{ label: 'inputs 0', args: () => [0], error: 'RangeError', arg: 'inputs' }] },
    defaultThreshold: { valid: () => [64], args: [['width', 'number']], probes: () => [{ label: 'width 1', args: () => [1], error: 'RangeError', arg: 'width' }] },
    predictedActive: { valid: () => [64, 1], args: [['width', 'number'], ['threshold', 'number']], probes: () => [{ label: 'threshold 0', args: () => [64, 0], error: 'RangeError', arg: 'threshold' }] },
    trainMlp: {
      valid: () => { const net = mlp(); return [net, net.initParams(), { inputs: m22(), targets: matrix([[0, 1], [1, 0]]) }, optim.sgd({ lr: 0.1 }), { steps: 1 }]; },
      args: [['net', 'object'], ['params', 'typed'], ['data', 'object'], ['optimizer', 'object'], ['options', 'options']], options: 4,
      probes: () => [
        { label: 'targets outside [0, 1] name trainMlp', args: () => { const net = mlp(); return [net, net.initParams(), { inputs: m22(), targets: m22() }, optim.sgd({ lr: 0.1 }), { steps: 1 }]; }, error: 'RangeError', arg: 'data.targets' },
        { label: 'params of the wrong length', args: () => { const net = mlp(); return [net, f64(1), { inputs: m22(), targets: m22() }, optim.sgd({ lr: 0.1 }), { steps: 1 }]; }, error: 'RangeError', arg: 'params.length' },
      ],
    },
  },
  streams: {
    NonFiniteError: { errorClass: true },
    TrainerStepError: { errorClass: true },
    applyTransform: { valid: () => [optim.sgd({ lr: 1 })], args: [['transform', 'object']] },
    clipByNorm: { valid: () => [1], args: [['maxNorm', 'number']], probes: () => [{ label: 'NaN', args: () => [NaN], error: 'RangeError', arg: 'maxNorm' }] },
    copyVector: { valid: () => [f64(1)], args: [['v', 'typed']] },
    emaGradient: { valid: () => [0.9], args: [['decay', 'number']], probes: () => [{ label: 'decay 1', args: () => [1], error: 'RangeError', arg: 'decay' }] },
    failOnNonFinite: { valid: () => [{ checkGradient: true }], args: [['options', 'options']], options: 0, probes: () => [{ label: "checkGradient: 'no'", args: () => [{ checkGradient: 'no' }], error: 'TypeError', arg: 'options.checkGradient' }] },
    fromTrainer: { valid: () => [{ step: () => ({}) }, { steps: 1 }], args: [['trainer', 'object'], ['options', 'options']], options: 1 },
    metrics: { valid: () => [{}], args: [['options', 'options']], options: 0, probes: () => [{ label: 'now: 5', args: () => [{ now: 5 }], error: 'TypeError', arg: 'options.now' }] },
    offloadToPool: { valid: () => [fakePool, async () => 1, { ordered: true }], args: [['pool', 'pool'], ['work', 'function'], ['options', 'options']], options: 2, probes: () => [{ label: "ordered: 'no'", args: () => [fakePool, async () => 1, { ordered: 'no' }], error: 'TypeError', arg: 'options.ordered' }] },
    progressBar: { valid: () => [{ total: 2, target: { write: () => true } }], args: [['options', 'options']], options: 0, probes: () => [{ label: 'target without write', args: () => [{ total: 2, target: {} }], error: 'TypeError', arg: 'options.target' }] },
    powerSgd: {
      valid: () => [{ rank: 1, matrices: [{ offset: 0, rows: 3, cols: 4 }], seed: 1 }], args: [['options', 'options']], options: 0,
      probes: () => [{ label: 'overlapping matrices', args: () => [{ rank: 1, matrices: [{ offset: 0, rows: 2, cols: 2 }, { offset: 1, rows: 1, cols: 1 }] }], error: 'RangeError', arg: 'options.matrices' }],
    },
    fromTfjsModel: { probes: () => [{ label: 'tf not a namespace', args: () => [42, {}], error: 'TypeError', arg: 'tf' }] },
    sketchGradient: { valid: () => [createSketch({ kind: 'gaussian', rows: 2, cols: 2, seed: 1 })], args: [['sketch', 'object']] },
    trainingLoop: {
      valid: () => [{ params: f64(1), lossAndGradient: () => ({ loss: 1, gradient: f64(1) }), steps: 1 }], args: [['options', 'options']], options: 0,
      probes: () => [{ label: "pipeline: 'adam'", args: () => [{ params: f64(1), lossAndGradient: () => ({ loss: 1, gradient: f64(1) }), pipeline: 'adam' }], error: 'TypeError', arg: 'options.pipeline' }],
    },
    vectorNorm: { valid: () => [f64(3, 4)], args: [['v', 'typed']] },
  },
  testing: {
    DEFAULT_SEED: constant(20261123),
    assertBitIdentical: { valid: () => [f64(1), f64(1)], args: [['actual', 'typed'], ['expected', 'typed']], probes: () => [{ label: 'plain arrays', args: () => [[1], [2]], error: 'TypeError', arg: 'actual' }] },
    assertClose: { valid: () => [[1], [1]], args: [['actual', 'array'], ['expected', 'array']], probes: () => [{ label: "rtol '0.5'", args: () => [[1], [1.1], '0.5'], error: 'TypeError', arg: 'rtol' }, { label: 'rtol NaN', args: () => [[1], [1.1], NaN], error: 'RangeError', arg: 'rtol' }] },
    assertMaxTreeMatches: { valid: () => [MaxTree.from([1, 2]), [1, 2], 1], args: [['tree', 'object'], ['values', 'array'], ['tau', 'number']] },
    assertThresholdSearchMatches: { valid: () => [ThresholdSearch.init({ data: [1], weights: [1], d: 1 }), 0], args: [['search', 'object'], ['tau', 'number']] },
    bruteForceQuery: { valid: () => [[1, 2], 1], args: [['values', 'array'], ['tau', 'number']], probes: () => [{ label: 'NaN tau', args: () => [[1], NaN], error: 'RangeError', arg: 'tau' }] },
    bruteForceTopK: { valid: () => [[1, 2], 1], args: [['values', 'array'], ['k', 'number']], probes: () => [{ label: 'k = -1', args: () => [[1, 2], -1], error: 'RangeError', arg: 'k' }] },
    finiteArray: { valid: () => [{}], args: [['constraints', 'options']], options: 0, probes: () => [{ label: 'minLength -1', args: () => [{ minLength: -1 }], error: 'RangeError', arg: 'constraints.minLength' }, { label: 'huge', args: () => [{ minLength: HUGE }], error: 'RangeError', arg: 'constraints.minLength', huge: true }] },
    innerProductLeaves: { valid: () => [[1, 2], [1, 2], 2], args: [['data', 'array'], ['weights', 'array'], ['d', 'number']], probes: () => [{ label: 'd 0', args: () => [[1], [1], 0], error: 'RangeError', arg: 'd' }] },
    matrixArbitrary: { valid: () => [{}], args: [['constraints', 'options']], options: 0, probes: () => [{ label: 'rows -1 (grew memory)', args: () => [{ rows: -1 }], error: 'RangeError', arg: 'constraints.rows', huge: true }] },
    propertyParameters: { valid: () => [{}], args: [['overrides', 'options']] },
    propertySeed: { valid: () => [] },
    relativeError: { valid: () => [[1], [1]], args: [['actual', 'array'], ['expected', 'array']] },
    thresholdFor: { valid: () => [[1, 2]], args: [['values', 'array']] },
    thresholdSearchInput: { valid: () => [{}], args: [['constraints', 'options']], options: 0, probes: () => [{ label: 'n.min 0', args: () => [{ n: { min: 0, max: 2 } }], error: 'RangeError', arg: 'constraints.n.min' }] },
    treeValue: { valid: () => ['float32'], args: [['dtype', 'string']], probes: () => [{ label: 'unknown dtype', args: () => ['int8'], error: 'RangeError', arg: 'dtype' }] },
    treeValues: { valid: () => [{}], args: [['constraints', 'options']], options: 0, probes: () => [{ label: 'minLength -1 (grew memory)', args: () => [{ minLength: -1 }], error: 'RangeError', arg: 'constraints.minLength', huge: true }] },
  },
};

/** The LogDetInverse the workers aliases are probed with. */
export const inverse = () => bandedLogDetInverse({ n: 2, band: 1, data: f64(2, 1, 2, 0) });
export { testing };
