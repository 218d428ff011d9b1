/**
 * The main job (`npm start`, `npx sublinear-train`): trains the paper's two-layer shifted-ReLU
 * network with sparse Gauss–Newton (Algorithm 5: threshold-search trees, implicit weights) on real
 * MNIST digits through the stream API, then the same steps with the dense Gauss–Newton baseline,
 * prints the per-step time ratio and writes both loss curves as an SVG. `--help` lists the options.
 */
import { writeFileSync } from 'node:fs';
import { asyncScheduler, lastValueFrom, tap, toArray } from 'rxjs';
import { loadMnist } from '../lib/data/index.js';
import { DenseGaussNewton, SparseGaussNewton, maxWidth, predictedActive } from '../lib/nn/index.js';
import { fromTrainer, metrics, progressBar, type TrainerEvent } from '../streams/index.js';
import { cudaStatus } from '../lib/cuda/index.js';
import { createKernelPool } from '../workers/index.js';
import { parseCommandLine, USAGE } from './cli.js';
import { lossCurvesSvg } from './loss-curves-svg.js';
import { Reporter } from './reporter.js';

const parsed = parseCommandLine(process.argv.slice(2), maxWidth);
if ('error' in parsed) {
  process.stderr.write(`${parsed.error}\n\n${USAGE}\n`);
  process.exit(2);
}
if ('help' in parsed) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const o = parsed.options;
const report = new Reporter(o);
const gpu = cudaStatus();
if (o.backend === 'cuda' && !gpu.available) {
  process.stderr.write(`--backend cuda: no usable GPU (${gpu.reason}); use --backend auto or js\n\n${USAGE}\n`);
  process.exit(2);
}
const leafBackend = o.backend === 'auto' ? (gpu.available ? 'cuda' : 'js') : o.backend;

const runStart = performance.now();
// Worker threads for the builds and steps (none with --threads 1); they start while the digits load.
const pool = o.threads > 1 ? createKernelPool({ threads: o.threads }) : undefined;
// Training digits and held-out digits from one seeded draw (disjoint): the held-out ones are never trained on.
const heldOutCount = Math.min(128, 10_000 - o.inputs);
const all = loadMnist({ count: o.inputs + heldOutCount, seed: o.seed });
const images = { rows: o.inputs, cols: 784, data: all.images.data.subarray(0, o.inputs * 784) }, labels = all.labels.subarray(0, o.inputs);
const heldOut = { rows: heldOutCount, cols: 784, data: all.images.data.subarray(o.inputs * 784) }, heldOutLabels = all.labels.subarray(o.inputs);
const y = Float64Array.from(labels, (digit) => (digit % 2 === 0 ? 1 : -1));
const parityAccuracy = (f: Float64Array) => f.reduce((hits, v, j) => hits + ((v >= 0 ? 0 : 1) === heldOutLabels[j] % 2 ? 1 : 0), 0) / Math.max(1, f.length);
report.line(`MNIST: ${o.inputs} digits (784 pixels each), target parity ±1; network width m = ${o.width}, d = 784, seed ${o.seed}`);
report.line(`initial leaves on: ${leafBackend === 'cuda' ? `the GPU (${gpu.device})` : `${pool ? `${o.threads} worker threads` : 'this thread'}${o.backend === 'auto' ? ` (no GPU: ${gpu.reason})` : ''}`}; steps on ${pool ? `${o.threads} worker threads` : 'this thread'}`);

interface Run { key: 'sparse' | 'dense'; name: string; events: TrainerEvent[]; buildMs: number; heldOutAccuracy: number; wallMs: number }

async function train(key: Run['key'], name: string, make: (onProgress: (done: number, total: number) => void) => Promise<SparseGaussNewton | DenseGaussNewton>, count: number): Promise<Run> {
  const t0 = performance.now();
  let shown = -1;
  const trainer = await make((done, total) => {
    const percent = Math.floor((100 * done) / total);
    if (percent !== shown) report.progress(`${name}: building ${percent}% (${done}/${total} neurons)`);
    shown = percent;
  });
  const buildMs = performance.now() - t0;
  report.clearProgress();
  report.line(`\n${name}: built in ${buildMs.toFixed(0)} ms (b = ${trainer.threshold.toFixed(3)}; the paper predicts ≈ ${predictedActive(trainer.width, trainer.threshold).toFixed(0)} active neurons per input)`);
  const events = await lastValueFrom(
    fromTrainer(trainer, { steps: count, scheduler: asyncScheduler, pool }).pipe(
      metrics(),
      tap((e) => {
        const d = e.diagnostics!, ms = e.timings!.total;
        report.line(`  step ${String(e.step).padStart(3)}  loss ${e.loss.toExponential(3)}  active ${d.activeMean.toFixed(0)}/${trainer.width} (${((100 * d.activeMean) / trainer.width).toFixed(2)}%)  touched ${d.touched}  ${ms.toFixed(1)} ms`);
        report.json({ type: 'step', trainer: key, step: e.step, loss: e.loss, activeMean: d.activeMean, touched: d.touched, ms });
      }),
      progressBar({ total: count, label: name, target: report.progressTarget() }),
      toArray(),
    ),
  );
  const heldOutAccuracy = parityAccuracy(trainer.predictHeldOut());
  return { key, name, events, buildMs, heldOutAccuracy, wallMs: performance.now() - t0 };
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN; };
const runs: Run[] = [];
try {
  if (o.trainer !== 'dense') runs.push(await train('sparse', 'sparse Gauss–Newton', (onProgress) => SparseGaussNewton.create(images, y, { width: o.width, seed: o.seed, solver: o.solver, index: o.index, backend: leafBackend, onProgress, heldOut, pool }), o.steps));
  if (o.trainer !== 'sparse' && o.denseSteps > 0) runs.push(await train('dense', 'dense Gauss–Newton', async (onProgress) => new DenseGaussNewton(images, y, { width: o.width, seed: o.seed, onProgress, heldOut }), o.denseSteps));
} catch (error) {
  report.clearProgress();
  process.stderr.write(`training failed: ${(error as Error).message}\n`);
  process.exit(1);
} finally {
  await pool?.destroy();
}

report.summary('');
const summaries = runs.map((r) => {
  const times = r.events.map((e) => e.timings!.total);
  const s = { trainer: r.key, steps: r.events.length, firstLoss: r.events[0].loss, lastLoss: r.events.at(-1)!.loss, medianStepMs: median(times), buildMs: r.buildMs, heldOutAccuracy: r.heldOutAccuracy, heldOut: heldOutCount, wallMs: r.wallMs };
  report.summary(`${r.name}: ${s.steps} steps, loss ${s.firstLoss.toExponential(3)} → ${s.lastLoss.toExponential(3)}, median step ${s.medianStepMs.toFixed(1)} ms, build ${s.buildMs.toFixed(0)} ms`);
  report.summary(`  parity accuracy on ${heldOutCount} held-out digits: ${(100 * r.heldOutAccuracy).toFixed(1)}%; wall time ${(r.wallMs / 1000).toFixed(1)} s (build, steps and evaluation)`);
  return s;
});
let ratio: number | null = null, gap: number | null = null;
if (runs.length === 2) {
  const [sparse, dense] = runs;
  ratio = median(dense.events.map((e) => e.timings!.total)) / median(sparse.events.map((e) => e.timings!.total));
  const shared = Math.min(sparse.events.length, dense.events.length);
  gap = 0;
  for (let t = 0; t < shared; t++) gap = Math.max(gap, Math.abs(sparse.events[t].loss - dense.events[t].loss) / Math.max(dense.events[t].loss, Number.MIN_VALUE));
  report.summary(`per-step time, dense / sparse: ${ratio.toFixed(1)}× (medians); the two trajectories agree to ${gap.toExponential(1)} relative over their first ${shared} steps`);
}
writeFileSync(o.svg, lossCurvesSvg(runs.map((r) => ({ name: r.name, points: r.events.map((e) => [e.step, e.loss] as [number, number]) })), `Gauss–Newton on ${o.inputs} MNIST digits, m = ${o.width}`, { yLabel: '½‖f − y‖²' }));
report.summary(`loss curves: ${o.svg}`);
report.summary(`whole run: ${((performance.now() - runStart) / 1000).toFixed(1)} s wall (data, builds, steps, evaluation)`);
report.json({ type: 'summary', inputs: o.inputs, width: o.width, seed: o.seed, runs: summaries, denseOverSparse: ratio, maxRelativeGap: gap, svg: o.svg });
