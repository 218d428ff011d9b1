/**
 * The main job (`npm start`): trains the paper's two-layer shifted-ReLU network with sparse
 * Gauss–Newton (Algorithm 5: threshold-search trees, implicit weights) on real MNIST digits through
 * the stream API, then the same steps with the dense Gauss–Newton baseline, and prints the per-step
 * time ratio; writes both loss curves as an SVG. `npm start -- --help` lists the options.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { asyncScheduler, lastValueFrom, tap, toArray } from 'rxjs';
import { loadMnist } from '../lib/data/index.js';
import { DenseGaussNewton, SparseGaussNewton, predictedActive } from '../lib/nn/index.js';
import { fromTrainer, metrics, progressBar, type TrainerEvent } from '../streams/index.js';
import { cudaStatus } from '../lib/cuda/index.js';
import { lossCurvesSvg } from './loss-curves-svg.js';

const HELP = `usage: npm start -- [options]

Trains a two-layer shifted-ReLU network (m hidden neurons) to predict the parity of n real MNIST
digits (+1 even, −1 odd) with sparse Gauss–Newton, then with the dense baseline, and compares.

  -m, --width N        hidden neurons m (default 65536)
  -n, --inputs N       training digits n, 1…4096 (default 256)
  -s, --steps N        sparse Gauss–Newton steps (default 8)
      --dense-steps N  dense baseline steps (default 3; 0 skips the baseline)
  -t, --trainer T      sparse | dense | both (default both)
      --solver S       cholesky | sketch: how the n × n system is solved (default cholesky)
      --index I        auto | tree | scan: threshold search for the sparse trainer (default auto)
  -b, --backend B      auto | js | cuda: where the sparse trainer computes its initial leaves
                       ⟨w_r, x_i⟩, the O(m n d) part of building it (default auto: the GPU when
                       cudaStatus() finds one, else JavaScript on this thread)
      --seed N         seed of the digits' selection and the initial weights (default 1)
      --svg PATH       where to write the loss curves (default loss-curves.svg)
  -h, --help           this text`;

const { values: opts } = parseArgs({
  options: {
    width: { type: 'string', short: 'm', default: '65536' },
    inputs: { type: 'string', short: 'n', default: '256' },
    steps: { type: 'string', short: 's', default: '8' },
    'dense-steps': { type: 'string', default: '3' },
    trainer: { type: 'string', short: 't', default: 'both' },
    solver: { type: 'string', default: 'cholesky' },
    index: { type: 'string', default: 'auto' },
    backend: { type: 'string', short: 'b', default: 'auto' },
    seed: { type: 'string', default: '1' },
    svg: { type: 'string', default: 'loss-curves.svg' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opts.help) {
  console.log(HELP);
  process.exit(0);
}

function integer(name: string, text: string, min: number, max: number): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min || v > max) {
    console.error(`--${name} must be an integer in [${min}, ${max}], got '${text}'\n\n${HELP}`);
    process.exit(2);
  }
  return v;
}
function choice<T extends string>(name: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    console.error(`--${name} must be one of ${allowed.join(', ')}, got '${text}'\n\n${HELP}`);
    process.exit(2);
  }
  return text as T;
}

const width = integer('width', opts.width!, 2, 2 ** 22);
const n = integer('inputs', opts.inputs!, 1, 4096);
const steps = integer('steps', opts.steps!, 1, 10_000);
const denseSteps = integer('dense-steps', opts['dense-steps']!, 0, 10_000);
const which = choice('trainer', opts.trainer!, ['sparse', 'dense', 'both'] as const);
const solver = choice('solver', opts.solver!, ['cholesky', 'sketch'] as const);
const index = choice('index', opts.index!, ['auto', 'tree', 'scan'] as const);
const seed = integer('seed', opts.seed!, 0, 2 ** 31);
const backend = choice('backend', opts.backend!, ['auto', 'js', 'cuda'] as const);
const gpu = cudaStatus();
if (backend === 'cuda' && !gpu.available) {
  console.error(`--backend cuda: no usable GPU (${gpu.reason}); use --backend auto or js`);
  process.exit(2);
}
const leafBackend = backend === 'auto' ? (gpu.available ? 'cuda' : 'js') : backend;

const runStart = performance.now();
// Training digits and held-out digits from one seeded draw (disjoint): the held-out ones are never trained on.
const heldOutCount = Math.min(128, 10_000 - n);
const all = loadMnist({ count: n + heldOutCount, seed });
const images = { rows: n, cols: 784, data: all.images.data.subarray(0, n * 784) }, labels = all.labels.subarray(0, n);
const heldOut = { rows: heldOutCount, cols: 784, data: all.images.data.subarray(n * 784) }, heldOutLabels = all.labels.subarray(n);
const y = Float64Array.from(labels, (digit) => (digit % 2 === 0 ? 1 : -1));
const parityAccuracy = (f: Float64Array) => f.reduce((hits, v, j) => hits + ((v >= 0 ? 0 : 1) === heldOutLabels[j] % 2 ? 1 : 0), 0) / Math.max(1, f.length);
const buildProgress = (fraction: number) => process.stderr.write(`\r  building: ${(100 * fraction).toFixed(0)}%${fraction >= 1 ? '\n' : ''}`);
console.log(`MNIST: ${n} digits (784 pixels each), target parity ±1; network width m = ${width}, d = 784, seed ${seed}`);
console.log(`initial leaves on: ${leafBackend === 'cuda' ? `the GPU (${gpu.device})` : `JavaScript, this thread${backend === 'auto' ? ` (no GPU: ${gpu.reason})` : ''}`}`);

interface Run { name: string; events: TrainerEvent[]; initMs: number; heldOutAccuracy: number; wallMs: number }

async function train(name: string, make: () => SparseGaussNewton | DenseGaussNewton, count: number): Promise<Run> {
  const t0 = performance.now();
  const trainer = make();
  const initMs = performance.now() - t0;
  console.log(`\n${name}: built in ${initMs.toFixed(0)} ms (b = ${trainer.threshold.toFixed(3)}; the paper predicts ≈ ${predictedActive(trainer.width, trainer.threshold).toFixed(0)} active neurons per input)`);
  const events = await lastValueFrom(
    fromTrainer(trainer, { steps: count, scheduler: asyncScheduler }).pipe(
      metrics(),
      progressBar({ total: count, label: name }),
      tap((e) => {
        const active = e.diagnostics!.activeMean;
        console.log(`  step ${String(e.step).padStart(3)}  loss ${e.loss.toExponential(3)}  active ${active.toFixed(0)}/${trainer.width} (${((100 * active) / trainer.width).toFixed(2)}%)  touched ${e.diagnostics!.touched}  ${e.timings!.total.toFixed(1)} ms`);
      }),
      toArray(),
    ),
  );
  const heldOutAccuracy = parityAccuracy(trainer.predictHeldOut());
  return { name, events, initMs, heldOutAccuracy, wallMs: performance.now() - t0 };
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN; };
const runs: Run[] = [];
if (which !== 'dense') runs.push(await train('sparse Gauss–Newton', () => new SparseGaussNewton(images, y, { width, seed, solver, index, backend: leafBackend, heldOut, onBuildProgress: buildProgress }), steps));
if (which !== 'sparse' && denseSteps > 0) runs.push(await train('dense Gauss–Newton', () => new DenseGaussNewton(images, y, { width, seed, heldOut }), denseSteps));

console.log('');
for (const r of runs) {
  const times = r.events.map((e) => e.timings!.total);
  console.log(`${r.name}: ${r.events.length} steps, loss ${r.events[0].loss.toExponential(3)} → ${r.events.at(-1)!.loss.toExponential(3)}, median step ${median(times).toFixed(1)} ms, build ${r.initMs.toFixed(0)} ms`);
  console.log(`  parity accuracy on ${heldOutCount} held-out digits: ${(100 * r.heldOutAccuracy).toFixed(1)}%; wall time ${(r.wallMs / 1000).toFixed(1)} s (build, steps and evaluation)`);
}
if (runs.length === 2) {
  const [sparse, dense] = runs;
  const ratio = median(dense.events.map((e) => e.timings!.total)) / median(sparse.events.map((e) => e.timings!.total));
  const shared = Math.min(sparse.events.length, dense.events.length);
  let gap = 0;
  for (let t = 0; t < shared; t++) gap = Math.max(gap, Math.abs(sparse.events[t].loss - dense.events[t].loss) / Math.max(dense.events[t].loss, Number.MIN_VALUE));
  console.log(`per-step time, dense / sparse: ${ratio.toFixed(1)}× (medians); the two trajectories agree to ${gap.toExponential(1)} relative over their first ${shared} steps`);
}
writeFileSync(opts.svg!, lossCurvesSvg(runs.map((r) => ({ name: r.name, points: r.events.map((e) => [e.step, e.loss] as [number, number]) })), `Gauss–Newton on ${n} MNIST digits, m = ${width}`, { yLabel: '½‖f − y‖²' }));
console.log(`loss curves: ${opts.svg}`);
console.log(`whole run: ${((performance.now() - runStart) / 1000).toFixed(1)} s wall (data, builds, steps, evaluation)`);
