/**
 * One configuration of the kronecker-digits benchmark, in a fresh process so that its peak resident
 * set (VmHWM) is its own. Prints one JSON line. Run by kronecker-digits.bench.ts:
 *   node --conditions=sublinear-source --import tsx benchmarks/kronecker-digits-child.ts '<config JSON>'
 * Kinds: 'kron' (KroneckerSGD on x = vec(x xᵀ) of pooled digits, held-out accuracy kept up to date
 * from each step's implicit update), 'dense-raw' (DenseSGD on the pooled pixels), 'dense-pairwise'
 * (DenseSGD on the explicit vec(x xᵀ): build and a few timed steps), 'baseline' (data only).
 */
import { readFileSync } from 'node:fs';
import { ops, Rng, type Matrix } from '../lib/core/index.js';
import { averagePool, loadMnist } from '../lib/data/index.js';
import { DenseSGD, initialLeaves, KroneckerSGD, type StepResult } from '../lib/nn/index.js';

export interface ChildConfig {
  kind: 'kron' | 'dense-raw' | 'dense-pairwise' | 'baseline';
  /** Pooling factor: 1 (28 × 28), 2 (14 × 14), 4 (7 × 7), 7 (4 × 4). */
  factor: number;
  nTrain: number;
  nTest: number;
  width: number;
  batch: number;
  steps: number;
  evalEvery: number;
  seed: number;
}

const config = JSON.parse(process.argv[2]) as ChildConfig;
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const status = (key: string): number => Number(new RegExp(`${key}:\\s*(\\d+)\\s*kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) * 1024;

// Real digits, pooled; parity labels ±1 (even +1); the first nTrain rows train, the rest are held out.
const { images, labels } = loadMnist({ count: config.nTrain + config.nTest, seed: config.seed });
const pooled = averagePool(images, config.factor);
const p = pooled.cols;
const rows = (from: number, to: number): Matrix => ({ rows: to - from, cols: p, data: pooled.data.slice(from * p, to * p) });
const train = rows(0, config.nTrain), test = rows(config.nTrain, config.nTrain + config.nTest);
const y = Float64Array.from(labels.subarray(0, config.nTrain), (d) => (d % 2 === 0 ? 1 : -1));
const yTest = Float64Array.from(labels.subarray(config.nTrain), (d) => (d % 2 === 0 ? 1 : -1));

/** Rows scaled to unit norm (as the trainers scale their inputs). */
function unitRows(A: Matrix): Float64Array {
  const out = Float64Array.from(A.data);
  for (let i = 0; i < A.rows; i++) {
    let s = 0;
    for (let k = 0; k < A.cols; k++) s += out[i * A.cols + k] ** 2;
    const inv = 1 / Math.sqrt(s);
    for (let k = 0; k < A.cols; k++) out[i * A.cols + k] *= inv;
  }
  return out;
}

/** f = (1/√m) Σ_r a_r max(z_r − b, 0) for leaves z laid out m × count (row r: neuron r). */
function outputs(z: Float64Array, count: number, signs: Float64Array, b: number): Float64Array {
  const m = signs.length, f = new Float64Array(count);
  for (let r = 0; r < m; r++) {
    const a = signs[r], row = r * count;
    for (let t = 0; t < count; t++) { const v = z[row + t]; if (v >= b) f[t] += a * (v - b); }
  }
  return f.map((v) => v / Math.sqrt(m));
}

const accuracy = (f: ArrayLike<number>, target: ArrayLike<number>) => { let c = 0; for (let i = 0; i < f.length; i++) if (Math.sign(f[i]) === target[i]) c++; return c / f.length; };
const meanHalfSquare = (f: ArrayLike<number>, target: ArrayLike<number>) => { let s = 0; for (let i = 0; i < f.length; i++) s += (f[i] - target[i]) ** 2; return s / (2 * f.length); };
// The median step time leaves out the first step (which compiles the step's code).
const median = (a: number[]) => { const s = (a.length > 1 ? a.slice(1) : a).sort((u, v) => u - v); return s.length ? s[Math.floor(s.length / 2)] : NaN; };

interface Checkpoint { step: number; cpuSeconds: number; wallSeconds: number; testAccuracy: number; trainAccuracy: number; trainLoss: number }
const result: Record<string, unknown> = { config, d: config.kind === 'dense-raw' ? p : p * p, pixels: p };
const wall0 = performance.now(), cpu0 = cpuMs();

if (config.kind === 'kron' || config.kind === 'dense-raw') {
  const options = { width: config.width, batchSize: config.batch, seed: 1 };
  const trainer = config.kind === 'kron' ? new KroneckerSGD({ kind: 'square', x: train }, y, options) : new DenseSGD(train, y, options);
  const buildCpu = cpuMs() - cpu0, buildWall = performance.now() - wall0;
  const m = config.width, signs = trainer.outputSigns(), b = trainer.threshold;
  // Held-out leaves z_{t,r} = ⟨w_r, x_t⟩ (m × nEval, row r): for KroneckerSGD the initial leaves of the
  // test digits and of 8 training probes (built like the trainer's, not timed as training), moved by
  // every step's update Δw_r = Σ_k c_{r,k} x_{i_k} through the cross Gram (x̂_iᵀ x̂_t)².
  const probes = Math.min(8, config.nTrain), nEval = config.nTest + probes;
  const evalRows: Matrix = { rows: nEval, cols: p, data: new Float64Array([...test.data, ...train.data.subarray(0, probes * p)]) };
  const ue = unitRows(evalRows), ut = unitRows(train);
  let z = new Float64Array(0), cross = new Float64Array(0), evalBuildCpu = 0;
  if (config.kind === 'kron') {
    const c0 = cpuMs();
    const leaves = initialLeaves({ kind: 'square', x: evalRows }, { width: m, seed: 1 }).data;
    z = new Float64Array(m * nEval);
    for (let t = 0; t < nEval; t++) for (let r = 0; r < m; r++) z[r * nEval + t] = leaves[t * m + r];
    cross = new Float64Array(config.nTrain * nEval);
    for (let i = 0; i < config.nTrain; i++) for (let t = 0; t < nEval; t++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += ut[i * p + k] * ue[t * p + k];
      cross[i * nEval + t] = s * s;
    }
    evalBuildCpu = cpuMs() - c0;
  }
  const heldOut = (): Float64Array => {
    if (config.kind === 'kron') return outputs(z, nEval, signs, b);
    const W = trainer.materializeWeights().data, zt = new Float64Array(m * nEval); // dense: z = W x̂ (m × 196, cheap)
    for (let r = 0; r < m; r++) for (let t = 0; t < nEval; t++) { let s = 0; for (let k = 0; k < p; k++) s += W[r * p + k] * ue[t * p + k]; zt[r * nEval + t] = s; }
    return outputs(zt, nEval, signs, b);
  };
  const checkpoints: Checkpoint[] = [], stepMs: number[] = [], stepCpuMs: number[] = [], firstLosses: number[] = [];
  let trainCpu = buildCpu, trainWall = buildWall;
  const record = (step: number) => {
    const f = heldOut(), fTrain = trainer.predict();
    checkpoints.push({ step, cpuSeconds: trainCpu / 1000, wallSeconds: trainWall / 1000, testAccuracy: accuracy(f.subarray(0, config.nTest), yTest), trainAccuracy: accuracy(fTrain, y), trainLoss: meanHalfSquare(fTrain, y) });
  };
  record(0);
  let last: StepResult | undefined;
  for (let t = 1; t <= config.steps; t++) {
    const c0 = cpuMs(), w0 = performance.now();
    last = trainer.step();
    const dc = cpuMs() - c0, dw = performance.now() - w0;
    trainCpu += dc; trainWall += dw; stepCpuMs.push(dc); stepMs.push(dw);
    if (firstLosses.length < 5) firstLosses.push(last.loss);
    if (config.kind === 'kron') {
      const { neurons, inputs, coefficients } = last.update, s = inputs.length;
      for (let u = 0; u < neurons.length; u++) {
        const row = neurons[u] * nEval;
        for (let k = 0; k < s; k++) {
          const c = coefficients[u * s + k];
          if (c === 0) continue;
          const g = inputs[k] * nEval;
          for (let e = 0; e < nEval; e++) z[row + e] += c * cross[g + e];
        }
      }
    }
    if (t % config.evalEvery === 0 || t === config.steps) record(t);
  }
  // The held-out bookkeeping must reproduce the trainer's own outputs on the training probes.
  const fProbe = heldOut().subarray(config.nTest), fTrain = trainer.predict();
  let probeError = 0;
  for (let k = 0; k < probes; k++) probeError = Math.max(probeError, Math.abs(fProbe[k] - fTrain[k]));
  Object.assign(result, {
    buildCpuSeconds: buildCpu / 1000, buildWallSeconds: buildWall / 1000, evalBuildCpuSeconds: evalBuildCpu / 1000,
    medianStepMs: median(stepMs), medianStepCpuMs: median(stepCpuMs), firstLosses, checkpoints, probeError,
    activeMean: last?.active.mean, touched: last?.touched, index: trainer instanceof KroneckerSGD ? trainer.index : 'dense',
  });
} else if (config.kind === 'baseline') {
  result.dataPeakRssBytes = status('VmHWM'); // before the cost measurements below allocate their arrays
  // The build's two costs side by side: seeded Gaussian draws, and core's GEMM op at the build's shape
  // (n × units × q with q = p = 196, units = 2^20/n), each timed in CPU after a warm-up call.
  const rng = new Rng(3), draws = new Float64Array(2 ** 22);
  const time = (fn: () => void) => { fn(); const c = cpuMs(); fn(); return (cpuMs() - c) / 1000; };
  const gaussSeconds = time(() => { for (let k = 0; k < draws.length; k++) draws[k] = rng.gaussian(); });
  const n = config.nTrain, q = 196, units = Math.floor(2 ** 20 / n);
  const B = draws.subarray(0, n * q), W = draws.subarray(0, units * q), T = new Float64Array(n * units);
  const gemmSeconds = time(() => ops.gemm(false, true, n, units, q, B, 0, q, W, 0, q, T, 0, units, false));
  const gaussiansPerSecond = draws.length / gaussSeconds, multiplyAddsPerSecond = (n * units * q) / gemmSeconds;
  Object.assign(result, { gaussiansPerSecond, multiplyAddsPerSecond, gaussianCostInMultiplyAdds: multiplyAddsPerSecond / gaussiansPerSecond });
} else if (config.kind === 'dense-pairwise') {
  try {
    const trainer = new DenseSGD({ kind: 'square', x: train }, y, { width: config.width, batchSize: config.batch, seed: 1 });
    const buildCpu = cpuMs() - cpu0, buildWall = performance.now() - wall0;
    const stepMs: number[] = [], stepCpuMs: number[] = [], firstLosses: number[] = [];
    for (let t = 0; t < config.steps; t++) {
      const c0 = cpuMs(), w0 = performance.now();
      firstLosses.push(trainer.step().loss);
      stepCpuMs.push(cpuMs() - c0); stepMs.push(performance.now() - w0);
    }
    Object.assign(result, { buildCpuSeconds: buildCpu / 1000, buildWallSeconds: buildWall / 1000, medianStepMs: median(stepMs), medianStepCpuMs: median(stepCpuMs), firstLosses });
  } catch (e) {
    result.refused = (e as Error).message;
  }
}
result.peakRssBytes = status('VmHWM');
console.log(JSON.stringify(result));
