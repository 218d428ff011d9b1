/**
 * Kronecker SGD on real digits: parity of pooled MNIST digits from the degree-2 features
 * x = vec(x xᵀ) (14 × 14 pooling: d = 38,416), KroneckerSGD at three widths, against DenseSGD on the
 * 196 pooled pixels and DenseSGD on the explicit pairwise features; then the step time as pooling
 * changes d (7 × 7, 14 × 14, 28 × 28). Every configuration runs in its own child process
 * (kronecker-digits-child.ts) so its peak resident set is its own. Times are CPU seconds of that
 * process (the machine is shared; wall seconds are saved too).
 *   npm run bench -- kronecker-digits            full run, results in benchmarks/results/
 *   npm run bench -- kronecker-digits --quick    seconds-long smoke run, results in a scratch folder (or --out DIR)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accuracySvg, type AccuracySeries } from './kronecker-digits-svg.js';
import type { ChildConfig } from './kronecker-digits-child.js';

const argv = process.argv;
const quick = argv.includes('--quick');
const outAt = argv.indexOf('--out');
const outDir = outAt >= 0 ? argv[outAt + 1] : quick ? join(os.tmpdir(), `sublinear-kronecker-digits-quick-${process.pid}`) : fileURLToPath(new URL('./results/', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
const child = fileURLToPath(new URL('./kronecker-digits-child.ts', import.meta.url));

// Sizes: chosen so the full run fits about 15 minutes of two shared cores (see docs/benchmarks.md).
const S = quick
  ? { factor: 4, nTrain: 48, nTest: 32, batch: 8, steps: 40, evalEvery: 20, widths: [64], pairwiseWidths: [64], pairwiseSteps: 3, growth: { factors: [7, 4], nTrain: 16, width: 64, steps: 20, denseSteps: 3 } }
  : { factor: 2, nTrain: 400, nTest: 200, batch: 16, steps: 1200, evalEvery: 100, widths: [256, 512, 1024], pairwiseWidths: [256, 1024], pairwiseSteps: 5, growth: { factors: [4, 2, 1], nTrain: 64, width: 256, steps: 400, denseSteps: 3 } };
const base = { factor: S.factor, nTrain: S.nTrain, nTest: S.nTest, batch: S.batch, seed: 0 };

type Result = Record<string, any> & { config: ChildConfig; label: string };
const loadBefore = os.loadavg(), started = performance.now();
const show = (v: unknown, digits: number) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—');

/** Runs one configuration in a child process and parses its JSON line. */
function runChild(label: string, config: ChildConfig): Promise<Result> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--conditions=sublinear-source', '--import', 'tsx', child, JSON.stringify(config)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    proc.stdout.on('data', (b) => { stdout += b; });
    proc.stderr.on('data', (b) => { stderr += b; });
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      if (code !== 0) { reject(new Error(`${label} failed (${code ?? signal}): ${stderr.slice(-2000)}`)); return; }
      const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as Result;
      r.label = label;
      const last = r.checkpoints?.at(-1);
      console.log(`  ${label}: ${((performance.now() - t) / 1000).toFixed(1)} s wall, peak RSS ${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB${r.buildCpuSeconds !== undefined ? `, build ${show(r.buildCpuSeconds, 2)} CPU s, step ${show(r.medianStepCpuMs, 3)} CPU ms` : ''}${last && config.nTest ? `, held-out accuracy ${show(last.testAccuracy, 3)}` : ''}${r.refused ? `, refused: ${r.refused.slice(0, 90)}…` : ''}`);
      resolve(r);
    });
  });
}

// The full run measures one configuration at a time (CPU and memory to itself); --quick runs two at once.
const concurrency = quick ? 2 : 1, queue: (() => void)[] = [];
let running = 0;
async function run(label: string, config: ChildConfig): Promise<Result> {
  if (running >= concurrency) await new Promise<void>((go) => queue.push(go));
  running++;
  try { return await runChild(label, config); } finally { running--; queue.shift()?.(); }
}

console.log(`kronecker-digits${quick ? ' --quick' : ''}: parity of ${S.nTrain} pooled digits (${28 / S.factor} × ${28 / S.factor}), ${S.nTest} held out; load ${loadBefore.map((v) => v.toFixed(2)).join(' ')}`);
const training = { steps: S.steps, evalEvery: S.evalEvery };
const G = S.growth, growthBase = { nTrain: G.nTrain, nTest: 0, batch: S.batch, seed: 0, width: G.width, evalEvery: G.steps };
const [baseline, kron, raw, pairwise, growthRuns] = await Promise.all([
  run('data only', { ...base, kind: 'baseline', width: 0, steps: 0, evalEvery: 1 }),
  Promise.all(S.widths.map((m) => run(`KroneckerSGD m=${m}`, { ...base, ...training, kind: 'kron', width: m }))),
  Promise.all(S.widths.map((m) => run(`DenseSGD raw pixels m=${m}`, { ...base, ...training, kind: 'dense-raw', width: m }))),
  Promise.all(S.pairwiseWidths.map((m) => run(`DenseSGD pairwise m=${m}`, { ...base, kind: 'dense-pairwise', width: m, steps: S.pairwiseSteps, evalEvery: 1 }))),
  Promise.all(G.factors.map((f) => Promise.all([
    run(`growth KroneckerSGD ${28 / f}×${28 / f}`, { ...growthBase, factor: f, kind: 'kron', steps: G.steps }),
    run(`growth DenseSGD pairwise ${28 / f}×${28 / f}`, { ...growthBase, factor: f, kind: 'dense-pairwise', steps: G.denseSteps }),
  ]))),
]);
const growth = G.factors.map((factor, k) => ({ factor, kron: growthRuns[k][0], dense: growthRuns[k][1] }));

// Same seed ⇒ DenseSGD on the explicit features takes KroneckerSGD's iterates: check the first
// minibatch losses, then draw its curve as KroneckerSGD's accuracies at the dense build and step cost.
const series: AccuracySeries[] = [];
const relDiff = (a: number[], b: number[]) => Math.max(...a.map((v, k) => Math.abs(v - b[k]) / Math.max(1e-300, Math.abs(b[k]))));
for (const r of [...kron, ...raw]) series.push({ name: `${r.label} (d=${r.d})`, points: r.checkpoints.map((c: any) => [c.cpuSeconds, c.testAccuracy]) });
for (const p of pairwise) {
  const k = kron.find((r) => r.config.width === p.config.width);
  if (!k || p.refused) continue;
  p.trajectoryRelDiff = relDiff(p.firstLosses, k.firstLosses.slice(0, p.firstLosses.length));
  if (p.trajectoryRelDiff < 1e-6) series.push({ name: `${p.label} (d=${p.d}; KroneckerSGD iterates)`, dashed: true, points: k.checkpoints.map((c: any) => [p.buildCpuSeconds + (c.step * p.medianStepCpuMs) / 1000, c.testAccuracy]) });
}
const slope = (xs: number[], ys: number[]) => Math.log(ys.at(-1)! / ys[0]) / Math.log(xs.at(-1)! / xs[0]);
const grown = growth.filter((g) => !g.dense.refused);
const exponents = {
  kroneckerStep: slope(growth.map((g) => g.kron.d), growth.map((g) => g.kron.medianStepCpuMs)),
  kroneckerBuild: slope(growth.map((g) => g.kron.d), growth.map((g) => g.kron.buildCpuSeconds)),
  denseStep: grown.length > 1 ? slope(grown.map((g) => g.dense.d), grown.map((g) => g.dense.medianStepCpuMs)) : NaN,
};
const wallSeconds = (performance.now() - started) / 1000, loadAfter = os.loadavg();

// --- results --------------------------------------------------------------------------------
mkdirSync(outDir, { recursive: true });
const command = `npm run bench -- kronecker-digits${quick ? ' --quick' : ''}`;
const MiB = (b: number) => (b / 2 ** 20).toFixed(0);
const f = (v: number | undefined, digits = 3) => (v === undefined || !Number.isFinite(v) ? '—' : v.toPrecision(digits));
const best = (r: Result) => Math.max(...r.checkpoints.map((c: any) => c.testAccuracy));
const md = [
  `# kronecker-digits benchmark`, '',
  `Command: \`${command}\` (${new Date().toISOString()}, Node ${process.version}, ${os.cpus().length} cores, load average ${loadBefore.map((v) => v.toFixed(2)).join(' ')} before, ${loadAfter.map((v) => v.toFixed(2)).join(' ')} after; ${wallSeconds.toFixed(0)} s wall in all).`,
  `Task: parity (even +1, odd −1) of ${S.nTrain} MNIST digits pooled to ${28 / S.factor} × ${28 / S.factor}, ${S.nTest} held out; minibatch ${S.batch}, ${S.steps} steps, default step size and shift, seed 1. Times are CPU seconds of each configuration's own process; peak RSS is its VmHWM (the data alone: ${MiB(baseline.dataPeakRssBytes)} MiB).`, '',
  '| configuration | d | build CPU s | step CPU ms | held-out accuracy (final / best) | train loss ½(f−y)² | train accuracy | peak RSS MiB |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...[...kron, ...raw].map((r) => { const c = r.checkpoints.at(-1); return `| ${r.label} | ${r.d} | ${f(r.buildCpuSeconds)} | ${f(r.medianStepCpuMs)} | ${c.testAccuracy.toFixed(3)} / ${best(r).toFixed(3)} | ${f(c.trainLoss)} | ${c.trainAccuracy.toFixed(3)} | ${MiB(r.peakRssBytes)} |`; }),
  ...pairwise.map((p) => p.refused ? `| ${p.label} | ${p.d} | refused: ${p.refused} | | | | | ${MiB(p.peakRssBytes)} |`
    : `| ${p.label} | ${p.d} | ${f(p.buildCpuSeconds)} | ${f(p.medianStepCpuMs)} | (KroneckerSGD's iterates: first ${p.firstLosses.length} minibatch losses agree to ${f(p.trajectoryRelDiff, 2)} relative) | | | ${MiB(p.peakRssBytes)} |`),
  '', `Build costs, measured side by side in one process: ${f(baseline.gaussiansPerSecond)} seeded Gaussian draws and ${f(baseline.multiplyAddsPerSecond)} multiply-adds of core's GEMM op (the build's shape) per CPU second, so a draw costs ${f(baseline.gaussianCostInMultiplyAdds, 2)} multiply-adds; the trainer builds ran at ${kron.map((r) => f((r.config.width * r.d * (r.config.nTrain + 256)) / r.buildCpuSeconds)).join(', ')} multiply-add equivalents m·d·(n + 256) per CPU second.`,
  '', `KroneckerSGD held-out bookkeeping check (its outputs on 8 training probes against the trainer's own): max |Δf| ${f(Math.max(...kron.map((r) => r.probeError)), 2)}.`, '',
  `## Step time as pooling changes d (n = ${G.nTrain}, m = ${G.width}, minibatch ${S.batch})`, '',
  '| pooling | p | d | KroneckerSGD build CPU s | KroneckerSGD step CPU ms | neurons touched (last step) | DenseSGD (explicit features) build CPU s | DenseSGD step CPU ms | dense / Kronecker step | peak RSS MiB (Kronecker / dense) |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...growth.map(({ factor, kron: k, dense: d }) => `| ${28 / factor} × ${28 / factor} | ${k.pixels} | ${k.d} | ${f(k.buildCpuSeconds)} | ${f(k.medianStepCpuMs)} | ${k.touched} | ${d.refused ? 'refused' : f(d.buildCpuSeconds)} | ${d.refused ? '—' : f(d.medianStepCpuMs)} | ${d.refused ? '—' : f(d.medianStepCpuMs / k.medianStepCpuMs)} | ${MiB(k.peakRssBytes)} / ${MiB(d.peakRssBytes)} |`),
  '', `Growth exponents in d (log-log slope, first to last): KroneckerSGD step ${f(exponents.kroneckerStep, 2)}, KroneckerSGD build ${f(exponents.kroneckerBuild, 2)}, DenseSGD step ${f(exponents.denseStep, 2)}.`, '',
];
writeFileSync(join(outDir, 'kronecker-digits.md'), md.join('\n'));
writeFileSync(join(outDir, 'kronecker-digits.json'), JSON.stringify({ suite: 'kronecker-digits', command, date: new Date().toISOString(), quick, sizes: S, load: { before: loadBefore, after: loadAfter }, wallSeconds, node: process.version, cpus: os.cpus().length, baseline, kron, raw, pairwise, growth, exponents }, null, 2) + '\n');
writeFileSync(join(outDir, 'kronecker-digits.svg'), accuracySvg(series, `Parity of ${28 / S.factor}×${28 / S.factor} digits: held-out accuracy against CPU time (n = ${S.nTrain})`));
console.log(md.join('\n'));
console.log(`results in ${outDir}`);
