/**
 * Writes benchmarks/results/autoencoder.md and autoencoder.svg from the experiment's JSON. The bench
 * calls it after each final run; `node --conditions=sublinear-source --import tsx
 * benchmarks/autoencoder-report.ts` rewrites both from a saved benchmarks/results/autoencoder.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESULTS_DIR } from './harness.js';
import { lossCurvesSvg, smoothed } from '../app/loss-curves-svg.js';

export interface AutoencoderRun {
  /** finalLoss: whole-set loss after the last step (final runs), mean of the last 20 minibatch losses (grid runs); +∞ when diverged. */
  optimizer: string; lr: number; steps: number; finalLoss: number; diverged: boolean;
  msPerStep: { gradient: number; optimizer: number };
  evaluations: { step: number; loss: number }[]; batchLosses?: number[];
  /** Set on runs whose rate was not searched but taken from another row. */
  lrFrom?: string;
}

export interface AutoencoderResults {
  command: string; commit: string; started: string; finished: string | null;
  machine: Record<string, unknown>;
  protocol: { sizes: number[]; parameters: number; batch: number; examples: number; grid: number[]; gridSteps: number; finalSteps: number; initialLoss: number };
  grid: AutoencoderRun[]; final: AutoencoderRun[];
}

const num = (v: number | string): number => (typeof v === 'string' ? Number(v) : v); // 'Infinity' in JSON

/** The markdown tables and the SVG of loss curves for `results`; returns the markdown. */
export function writeAutoencoderReport(results: AutoencoderResults): string {
  const { protocol: p, grid, final } = results;
  const optimizers = [...new Set(grid.map((r) => r.optimizer))];
  const adam = final.find((r) => r.optimizer === 'adam');
  const evalSteps = (final[0]?.evaluations ?? []).map((e) => e.step).slice(0, -1);
  const edge = (r: AutoencoderRun): string => (r.lrFrom ? ` (not searched: ${r.lrFrom}'s)` : r.lr === p.grid[0] || r.lr === p.grid[p.grid.length - 1] ? ' (grid edge)' : '');
  const vsAdam = (r: AutoencoderRun): string => {
    if (!adam) return '';
    const d = num(r.finalLoss) - num(adam.finalLoss);
    return `${d >= 0 ? '+' : ''}${d.toFixed(2)} (${((100 * d) / num(adam.finalLoss)).toFixed(1)}%)`;
  };
  const lines = [
    '# autoencoder benchmark', '',
    `Command: \`${results.command}\` (started ${results.started}, commit ${results.commit.slice(0, 7)}, ${String(results.machine.cpus)} cores, Node ${String(results.machine.node)})`, '',
    `${p.sizes.join('-')} (${p.parameters} parameters), ${p.examples} MNIST digits, batch ${p.batch}, ${p.finalSteps} steps; initial whole-set loss ${p.initialLoss.toFixed(2)}.`, '',
    `| optimizer | best lr (grid ${p.grid.join(', ')} at ${p.gridSteps} steps) | whole-set train loss after ${p.finalSteps} steps | vs adam | ${evalSteps.map((s) => `loss at ${s}`).join(' | ')} | ms/step gradient | ms/step optimizer |`,
    `| --- | ---: | ---: | ---: |${evalSteps.map(() => ' ---: |').join('')} ---: | ---: |`,
    ...final.map((r) => `| ${r.optimizer} | ${r.lr}${edge(r)} | ${num(r.finalLoss).toFixed(2)} | ${vsAdam(r)} | ${r.evaluations.slice(0, -1).map((e) => e.loss.toFixed(2)).join(' | ')} | ${r.msPerStep.gradient.toFixed(1)} | ${r.msPerStep.optimizer.toFixed(1)} |`),
    '', `Grid (mean minibatch loss over steps ${p.gridSteps - 19}…${p.gridSteps}, the same batches for every run):`, '',
    `| optimizer | ${p.grid.join(' | ')} |`, `| --- |${p.grid.map(() => ' ---: |').join('')}`,
    ...optimizers.map((name) => `| ${name} | ${grid.filter((r) => r.optimizer === name).map((r) => (r.diverged ? 'diverged' : num(r.finalLoss).toFixed(2))).join(' | ')} |`),
    '',
  ];
  const md = lines.join('\n');
  writeFileSync(join(RESULTS_DIR, 'autoencoder.md'), md);
  writeFileSync(join(RESULTS_DIR, 'autoencoder.svg'), lossCurvesSvg(
    final.map((r) => ({ name: `${r.optimizer}, lr ${r.lr}`, points: smoothed(r.batchLosses ?? [], 25) })),
    `MNIST autoencoder ${p.sizes.join('-')}, batch ${p.batch}`,
    { yLabel: 'minibatch train loss (moving average of 25, log scale)' },
  ));
  return md;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const saved = JSON.parse(readFileSync(join(RESULTS_DIR, 'autoencoder.json'), 'utf8')) as AutoencoderResults;
  for (const r of saved.final) if (r.optimizer.includes('eps 1e-4') && !r.lrFrom) r.lrFrom = r.optimizer.replace(' eps 1e-4', '');
  console.log(writeAutoencoderReport(saved));
}
