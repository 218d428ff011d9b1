/**
 * A thin layer over benny shared by every suite: each comparison is one benny suite whose cases are
 * measured in the same run, reported as ratios against a named baseline case (the machines here are
 * shared and noisy, so only ratios within one run are meaningful). Results are saved under
 * benchmarks/results/: benny's own JSON per comparison, plus one <suite>.json and <suite>.md summary.
 */
import b from 'benny';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve, sep } from 'node:path';
import os from 'node:os';


/**
 * One measured case: `fn` runs one operation and returns (or resolves with, for an async case such
 * as a pool task) a value that depends on the work.
 */
export interface BenchCase {
  name: string;
  fn: () => unknown;
}

function isPromise(v: unknown): v is Promise<unknown> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}

export interface ComparisonRow {
  name: string;
  opsPerSecond: number;
  meanMs: number;
  relativeMarginPercent: number;
  samples: number;
  /** How many times faster than the baseline (baseline time / this time). */
  speedupVsBaseline: number;
}

export interface Comparison {
  title: string;
  baseline: string;
  params: Record<string, unknown>;
  rows: ComparisonRow[];
  extra?: Record<string, unknown>;
}

const quick = process.env.BENCH_QUICK === '1';

/** benchmarks/results/: the measured results that docs/benchmarks.md cites. */
export const MAIN_RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/**
 * Where this run writes: benchmarks/results/, except for quick smoke runs (BENCH_QUICK=1, `npm run
 * bench -- --quick`), which write to the scratch folder .tmp/bench/ and never over the real results.
 * BENCH_RESULTS_DIR chooses another folder (for a quick run, any but benchmarks/results).
 */
export const RESULTS_DIR = resultsDir();

function resultsDir(): string {
  const chosen = process.env.BENCH_RESULTS_DIR;
  const dir = chosen ? resolve(chosen) + sep : quick ? fileURLToPath(new URL('../.tmp/bench/', import.meta.url)) : MAIN_RESULTS_DIR;
  if (quick && resolve(dir) === resolve(MAIN_RESULTS_DIR)) throw new Error(`a quick run (BENCH_QUICK=1) must not write to ${MAIN_RESULTS_DIR}: choose another BENCH_RESULTS_DIR`);
  return dir;
}

/** Throws unless `v` is a finite number, or an array whose entries all are, so no work can be skipped. */
export function sink(v: unknown): void {
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`benchmark produced a non-finite result: ${v}`);
  if (ArrayBuffer.isView(v)) {
    const a = v as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) throw new Error(`benchmark produced a non-finite entry at ${i}`);
  }
}

/**
 * Measures `cases` in one benny suite and returns their ratios against the case named `baseline`.
 * `maxTime` (s) bounds each case; BENCH_QUICK=1 shortens every case for smoke runs.
 */
export async function compare(
  suite: string, title: string, baseline: string, cases: BenchCase[],
  options: { params?: Record<string, unknown>; maxTime?: number; minSamples?: number; extra?: Record<string, unknown> } = {},
): Promise<Comparison> {
  if (!cases.some((c) => c.name === baseline)) throw new Error(`baseline '${baseline}' is not one of the cases`);
  const maxTime = quick ? 0.2 : (options.maxTime ?? 2);
  const minSamples = quick ? 2 : (options.minSamples ?? 5);
  // A warm-up call per case, which also tells a synchronous case from an asynchronous one: benny
  // measures a case given as an async function by awaiting it, so only those pay for a promise.
  const async = new Set<string>();
  for (const c of cases) {
    const v = c.fn();
    if (isPromise(v)) { async.add(c.name); sink(await v); } else sink(v);
  }
  const summary = await b.suite(
    `${suite}: ${title}`,
    ...cases.map((c) => b.add(c.name, async.has(c.name) ? async () => { sink(await c.fn()); } : () => { sink(c.fn()); }, { maxTime, minSamples })),
    // benny's live progress redraws lines with terminal escape codes: only on a terminal, so logs stay plain.
    ...(process.stdout.isTTY ? [b.cycle(), b.complete()] : []),
    b.save({ file: `${suite}-${title}`.replace(/[^A-Za-z0-9_.-]+/g, '_'), folder: join(RESULTS_DIR, 'benny'), format: 'json', details: false }),
  );
  // Ratios from mean times: benny rounds ops/s to integers, which is 0 for any case slower than 1 s.
  const base = summary.results.find((r) => r.name === baseline)!;
  const rows = summary.results.map((r) => ({
    name: r.name,
    opsPerSecond: 1 / r.details.mean,
    meanMs: r.details.mean * 1000,
    relativeMarginPercent: r.details.relativeMarginOfError,
    samples: r.samples,
    speedupVsBaseline: base.details.mean / r.details.mean,
  }));
  for (const r of rows) console.log(`  ${r.name}: ${r.meanMs.toPrecision(4)} ms, ${r.speedupVsBaseline.toFixed(2)}× vs ${baseline}`);
  return { title, baseline, params: options.params ?? {}, rows, extra: options.extra };
}

/** Machine facts saved with every result file. */
export function machine(): Record<string, unknown> {
  return { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, platform: `${os.platform()}-${os.arch()}`, quick };
}

/** Writes benchmarks/results/<suite>.json and a markdown table <suite>.md; returns the markdown. */
export function saveResults(suite: string, command: string, comparisons: Comparison[], notes: string[] = []): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const date = new Date().toISOString();
  writeFileSync(join(RESULTS_DIR, `${suite}.json`), JSON.stringify({ suite, command, date, machine: machine(), comparisons, notes }, null, 2) + '\n');
  const lines = [`# ${suite} benchmark`, '', `Command: \`${command}\` (${date}, Node ${process.version}, ${os.cpus().length} cores${quick ? ', BENCH_QUICK' : ''})`, ''];
  for (const c of comparisons) {
    const params = Object.entries(c.params).map(([k, v]) => `${k}=${v}`).join(', ');
    lines.push(`## ${c.title}${params ? ` (${params})` : ''}`, '');
    if (c.rows.length) lines.push(`| case | mean ms | ±% | speed-up vs ${c.baseline} |`, '| --- | ---: | ---: | ---: |');
    for (const r of c.rows) lines.push(`| ${r.name} | ${r.meanMs.toPrecision(4)} | ${r.relativeMarginPercent.toFixed(1)} | ${r.speedupVsBaseline.toFixed(2)}× |`);
    if (c.extra) lines.push('', ...Object.entries(c.extra).map(([k, v]) => `- ${k}: ${typeof v === 'number' ? v.toPrecision(4) : JSON.stringify(v)}`));
    lines.push('');
  }
  if (notes.length) lines.push('## Notes', '', ...notes.map((n) => `- ${n}`), '');
  const md = lines.join('\n');
  writeFileSync(join(RESULTS_DIR, `${suite}.md`), md);
  return md;
}
