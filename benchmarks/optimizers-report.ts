/**
 * Writes optimizers.md and optimizers.svg (next to optimizers.json) from the optimizers benchmark's
 * results. `node --conditions=sublinear-source --import tsx benchmarks/optimizers-report.ts [DIR]`
 * rewrites both from a saved DIR/optimizers.json (default benchmarks/results).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bandCurvesSvg, spread, type BandSeries } from '../app/band-curves-svg.js';
import { RESULTS_DIR } from './harness.js';
import { smoothed } from '../app/loss-curves-svg.js';

export interface OptimizerRun {
  optimizer: string; lr: number; seed: number; steps: number; diverged: boolean;
  /** Whole-training-set and held-out loss after the last step (+∞ when diverged). */
  trainLoss: number; heldOutLoss: number;
  /** Mean wall milliseconds per step in loss + gradient, and in the optimizer update + applying it. */
  msPerStep: { gradient: number; optimizer: number };
  /** [step, held-out loss], from step 0. */
  heldOut: [number, number][];
  batchLosses: number[];
}

export interface OptimizersResults {
  command: string; commit: string; started: string; finished: string | null;
  machine: Record<string, unknown>; loadAverageAtStart: number[]; loadAverageAtEnd?: number[];
  protocol: { sizes: number[]; parameters: number; train: number; heldOut: number; batch: number; steps: number; evalEvery: number; seeds: number[]; galore: Record<string, number>; grids: Record<string, number[]> };
  grid: OptimizerRun[]; seeds: OptimizerRun[]; initialHeldOut: number;
}

const num = (v: number | string): number => (typeof v === 'string' ? Number(v) : v); // 'Infinity' in JSON
const median = (v: number[]): number => { const s = [...v].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const f2 = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : 'diverged');
const range = (v: number[]): string => `${f2(Math.min(...v))} / **${f2(median(v))}** / ${f2(Math.max(...v))}`;

/** The runs at the chosen rate, one per seed, in seed order. */
export function chosenRuns(results: OptimizersResults, name: string): OptimizerRun[] {
  const mine = results.grid.filter((r) => r.optimizer === name);
  if (mine.length === 0) return [];
  const best = mine.reduce((a, b) => (num(b.trainLoss) < num(a.trainLoss) ? b : a));
  return [best, ...results.seeds.filter((r) => r.optimizer === name && r.lr === best.lr)].sort((a, b) => a.seed - b.seed);
}

/** Writes DIR/optimizers.md and DIR/optimizers.svg; returns the markdown. */
export function writeOptimizersReport(results: OptimizersResults, dir: string): string {
  const { protocol: p } = results;
  const names = Object.keys(p.grids);
  const chosen = new Map(names.map((n) => [n, chosenRuns(results, n)]));
  const adam = chosen.get('adam') ?? [];
  const held = (runs: OptimizerRun[]) => runs.map((r) => num(r.heldOutLoss)), trainL = (runs: OptimizerRun[]) => runs.map((r) => num(r.trainLoss));
  const pairedWins = (runs: OptimizerRun[]): string => {
    const pairs = runs.map((r) => [r, adam.find((a) => a.seed === r.seed)] as const).filter(([, a]) => a !== undefined);
    return pairs.length ? `${pairs.filter(([r, a]) => num(r.heldOutLoss) < num(a!.heldOutLoss)).length} of ${pairs.length}` : '';
  };
  const load = (l?: number[]): string => (l ? l.map((v) => v.toFixed(2)).join(', ') : 'n/a');
  const lines = [
    '# optimizers benchmark', '',
    `Command: \`${results.command}\` (started ${results.started}, finished ${results.finished ?? 'not yet'}, commit ${results.commit.slice(0, 7)}, ${String(results.machine.cpus)} cores shared, Node ${String(results.machine.node)}; load average at start ${load(results.loadAverageAtStart)}, at end ${load(results.loadAverageAtEnd)}).`, '',
    `MNIST autoencoder ${p.sizes.join('-')} (${p.parameters} parameters), ${p.train} training digits, ${p.heldOut} held-out digits (never trained on, never used for tuning), batch ${p.batch}, ${p.steps} steps; held-out loss at init ${results.initialHeldOut.toFixed(2)}. Each rate tuned at the full ${p.steps} steps on seed ${p.seeds[0]} by the final training-set loss; then seeds ${p.seeds.slice(1).join(', ')} at that rate. Loss: sigmoid cross-entropy summed over the 784 pixels, mean over digits. Cells: min / **median** / max over the ${p.seeds.length} seeds.`, '',
    `| optimizer | chosen lr (grid) | train loss | held-out loss | held-out below adam's (same seed) | ms/step gradient | ms/step optimizer |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...names.map((n) => {
      const runs = chosen.get(n)!, grid = p.grids[n];
      if (runs.length === 0) return `| ${n} | not run | | | | | |`;
      const lr = runs[0].lr, edge = lr === grid[0] || lr === grid[grid.length - 1] ? ', grid edge' : '';
      return `| ${n} | ${lr} (${grid.join(', ')}${edge}) | ${range(trainL(runs))} | ${range(held(runs))} | ${n === 'adam' ? '—' : pairedWins(runs)} | ${median(runs.map((r) => r.msPerStep.gradient)).toFixed(1)} | ${median(runs.map((r) => r.msPerStep.optimizer)).toFixed(1)} |`;
    }),
    '', `Grid (seed ${p.seeds[0]}, final training-set loss after ${p.steps} steps):`, '',
    '| optimizer | lr: loss |', '| --- | --- |',
    ...names.map((n) => `| ${n} | ${results.grid.filter((r) => r.optimizer === n).map((r) => `${r.lr}: ${f2(num(r.trainLoss))}`).join(', ')} |`),
    '', 'Claims against adam (held-out loss, the same seeds):', '',
    ...names.filter((n) => n !== 'adam' && chosen.get(n)!.length > 0 && adam.length > 0).map((n) => {
      const mine = held(chosen.get(n)!), theirs = held(adam);
      const all = Math.max(...mine) < Math.min(...theirs), none = Math.min(...mine) > Math.max(...theirs);
      const verdict = all ? 'lower on every seed, and its worst seed beats adam\'s best' : none ? 'higher on every seed (adam\'s worst seed beats its best)' : `the ranges overlap: lower on ${pairedWins(chosen.get(n)!)} paired seeds`;
      return `- ${n}: median ${f2(median(mine))} vs adam ${f2(median(theirs))} — ${verdict}.`;
    }),
    '',
  ];
  const md = lines.join('\n');
  writeFileSync(join(dir, 'optimizers.md'), md);
  const curves = (pick: (r: OptimizerRun) => [number, number][]): BandSeries[] => names.filter((n) => chosen.get(n)!.length > 0).map((n) => {
    const runs = chosen.get(n)!.filter((r) => !r.diverged);
    const pts = runs.map(pick), steps = (pts[0] ?? []).map((q) => q[0]);
    return { name: `${n}, lr ${chosen.get(n)![0].lr}`, steps, ...spread(pts.map((q) => q.map((x) => x[1]))) };
  });
  writeFileSync(join(dir, 'optimizers.svg'), bandCurvesSvg([
    { title: 'training minibatch loss (moving average of 25)', yLabel: 'loss (log scale)', series: curves((r) => smoothed(r.batchLosses, 25, 100)) },
    { title: `held-out loss (${p.heldOut} digits)`, yLabel: 'loss (log scale)', series: curves((r) => r.heldOut) },
  ], `MNIST autoencoder ${p.sizes.join('-')}: ${p.seeds.length} seeds at each optimizer's tuned rate`));
  return md;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] ?? RESULTS_DIR;
  console.log(writeOptimizersReport(JSON.parse(readFileSync(join(dir, 'optimizers.json'), 'utf8')) as OptimizersResults, dir));
}
