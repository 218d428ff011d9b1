/**
 * The SONew paper's MNIST autoencoder, scaled to this machine: train loss after equal steps for
 * sgd+momentum, adam, rmsprop, sonew band 1 and sonew band 4, each at its best learning rate from one
 * shared 5-point grid. Run: `npm run bench -- autoencoder` (AE_GRID_STEPS, AE_FINAL_STEPS override the
 * step counts; BENCH_QUICK=1 is a smoke run). Writes benchmarks/results/autoencoder.{json,md,svg}.
 *
 * Protocol: the 10,000 digits of the mnist package (all of them are the training set; the claim is
 * about train loss), net 784-256-64-16-64-256-784 (tanh, sigmoid cross-entropy summed over pixels,
 * averaged over the batch), batch 100, the same Glorot init (seed 1) and the same minibatch order
 * (seed 0) for every run. Every optimizer runs per tensor (`perTensor`: its own state per weight
 * matrix and bias, so SONew's band and graft stay inside one tensor). Grid phase: each learning rate
 * for AE_GRID_STEPS steps, scored by the mean of the last 20 minibatch losses (a diverged run scores
 * +∞). Final phase: the best rate of each optimizer for AE_FINAL_STEPS steps, whole-set loss every
 * quarter. Extras (AE_EXTRAS=0 skips them): SONew with ε = 1e-4 at the best rate of its default row.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMnist } from 'sublinear/data';
import { Mlp, trainMlp, type NamedTensors, type OptimizerStep } from 'sublinear/nn';
import { adam, momentum, perTensor, rmsprop, sonew } from 'sublinear/optim';
import { machine, RESULTS_DIR } from './harness.js';
import { writeAutoencoderReport, type AutoencoderResults, type AutoencoderRun } from './autoencoder-report.js';

const quick = process.env.BENCH_QUICK === '1';
const SIZES = [784, 256, 64, 16, 64, 256, 784];
const GRID = [3e-4, 1e-3, 3e-3, 1e-2, 3e-2];
const BATCH = 100;
const gridSteps = Number(process.env.AE_GRID_STEPS ?? (quick ? 5 : 100));
const finalSteps = Number(process.env.AE_FINAL_STEPS ?? (quick ? 10 : 1000));
const count = quick ? 1000 : 10_000;

type Make = (lr: number) => OptimizerStep<unknown, NamedTensors>;
const OPTIMIZERS: { name: string; make: Make }[] = [
  { name: 'sgd+momentum', make: (lr) => perTensor(momentum({ lr, beta: 0.9 })) as ReturnType<Make> },
  { name: 'adam', make: (lr) => perTensor(adam({ lr })) as ReturnType<Make> },
  { name: 'rmsprop', make: (lr) => perTensor(rmsprop({ lr })) as ReturnType<Make> },
  { name: 'sonew band 1', make: (lr) => perTensor(sonew({ lr, band: 1 })) as ReturnType<Make> },
  { name: 'sonew band 4', make: (lr) => perTensor(sonew({ lr, band: 4 })) as ReturnType<Make> },
];
// Extra final runs, not grid-searched, at the best rate of the SONew row of the same band: the
// recipe's damping ε = 1e-8 lets the m̂/g²-like diagonal grow huge on coordinates with tiny
// gradients (and the graft then shrinks every other coordinate); a 60-step probe on 2,000 digits
// found ε = 1e-4 better.
const EXTRAS: { name: string; like: string; make: Make }[] = [
  { name: 'sonew band 1 eps 1e-4', like: 'sonew band 1', make: (lr) => perTensor(sonew({ lr, band: 1, eps: 1e-4 })) as ReturnType<Make> },
  { name: 'sonew band 4 eps 1e-4', like: 'sonew band 4', make: (lr) => perTensor(sonew({ lr, band: 4, eps: 1e-4 })) as ReturnType<Make> },
];

const { images } = loadMnist({ count, seed: 0 });
const net = new Mlp({ sizes: SIZES });
const data = { inputs: images, targets: images };
const initialLoss = net.loss(net.initParams(1), images, images);

type Run = AutoencoderRun;

function train(name: string, make: Make, lr: number, steps: number, keepCurve: boolean): Run {
  const r = trainMlp(net, net.initParams(1), data, make(lr), { steps, batchSize: BATCH, seed: 0, evaluateEvery: keepCurve ? Math.max(1, Math.round(steps / 4)) : 0, tensors: 'layers' });
  const done = r.batchLosses.length;
  const tail = r.batchLosses.subarray(Math.max(0, done - 20));
  const run: Run = {
    optimizer: name, lr, steps: done, diverged: r.diverged,
    finalLoss: r.diverged ? Infinity : keepCurve ? r.evaluations[r.evaluations.length - 1].loss : tail.reduce((a, b) => a + b, 0) / tail.length,
    msPerStep: { gradient: (1000 * r.seconds.gradient) / done, optimizer: (1000 * r.seconds.optimizer) / done },
    evaluations: r.evaluations,
    ...(keepCurve ? { batchLosses: Array.from(r.batchLosses) } : {}),
  };
  console.log(`${name.padEnd(21)} lr ${lr.toExponential(1)}  ${done} steps  loss ${run.finalLoss.toFixed(3)}${keepCurve ? ' (whole set)' : ' (last 20 batches)'}${r.diverged ? ' (diverged)' : ''}  ms/step grad ${run.msPerStep.gradient.toFixed(1)} opt ${run.msPerStep.optimizer.toFixed(1)}`);
  return run;
}

const started = new Date().toISOString();
const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const command = `${quick ? 'BENCH_QUICK=1 ' : ''}AE_GRID_STEPS=${gridSteps} AE_FINAL_STEPS=${finalSteps} npm run bench -- autoencoder`;
const grid: Run[] = [], final: Run[] = [];
let finished: string | null = null;
const results = (): AutoencoderResults => ({ command, commit, started, finished, machine: machine(),
  protocol: { sizes: SIZES, parameters: net.parameterCount, batch: BATCH, examples: count, grid: GRID, gridSteps, finalSteps, initSeed: 1, batchSeed: 0, perTensor: true, initialLoss } as AutoencoderResults['protocol'],
  grid, final });
const save = (done: boolean): void => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  if (done) finished = new Date().toISOString();
  const json = { suite: 'autoencoder', ...results() };
  writeFileSync(join(RESULTS_DIR, 'autoencoder.json'), JSON.stringify(json, (_, v) => (v === Infinity ? 'Infinity' : v), 1) + '\n');
};

console.log(`autoencoder ${SIZES.join('-')} (${net.parameterCount} parameters), ${count} digits, batch ${BATCH}; initial loss ${initialLoss.toFixed(2)}`);
// AE_RUNS="adam:0.003,adam:0.001": only these final-length runs (a check of the grid's choice),
// appended as a session to autoencoder-checks.json; the main results are left alone.
const checks = (process.env.AE_RUNS ?? '').split(',').filter(Boolean).map((spec) => {
  const [name, lr] = spec.split(':');
  const found = OPTIMIZERS.find((o) => o.name === name);
  if (!found || !(Number(lr) > 0)) throw new Error(`AE_RUNS: '${spec}' is not <optimizer>:<lr> with one of ${OPTIMIZERS.map((o) => o.name).join(', ')}`);
  return { name, make: found.make, lr: Number(lr) };
});
if (checks.length > 0) {
  const runs = checks.map(({ name, make, lr }) => train(name, make, lr, finalSteps, true));
  const file = join(RESULTS_DIR, 'autoencoder-checks.json');
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { sessions: unknown[] }).sessions : [];
  const session = { command: `AE_RUNS="${process.env.AE_RUNS}" ${command}`, commit, started, machine: machine(), runs };
  writeFileSync(file, JSON.stringify({ sessions: [...previous, session] }, null, 1) + '\n');
  process.exit(0);
}
for (const { name, make } of OPTIMIZERS) {
  for (const lr of GRID) { grid.push(train(name, make, lr, gridSteps, gridSteps === finalSteps)); save(false); }
}
for (const { name, make } of OPTIMIZERS) {
  const mine = grid.filter((r) => r.optimizer === name);
  const best = mine.reduce((a, b) => (b.finalLoss < a.finalLoss ? b : a));
  final.push(gridSteps === finalSteps ? best : train(name, make, best.lr, finalSteps, true));
  save(false);
}
report();
for (const { name, like, make } of process.env.AE_EXTRAS === '0' ? [] : EXTRAS) {
  final.push({ ...train(name, make, final.find((r) => r.optimizer === like)!.lr, finalSteps, true), lrFrom: like });
  save(false);
  report();
}
save(true);

function report(): void {
  console.log(writeAutoencoderReport(results()));
}
