/**
 * Async cases for benny (the shared harness measures synchronous cases only): the same Comparison
 * rows as harness.compare, for cases that return a promise (a task on a pool).
 */
import b from 'benny';
import { join } from 'node:path';
import { RESULTS_DIR, sink, type Comparison } from './harness.js';

/** One async case: `fn` runs one operation and resolves with a value that depends on the work. */
export interface AsyncBenchCase {
  name: string;
  fn: () => Promise<unknown>;
}

const quick = process.env.BENCH_QUICK === '1';

/** Like harness.compare, for async cases: one benny suite, ratios against `baseline`. */
export async function compareAsync(
  suite: string, title: string, baseline: string, cases: AsyncBenchCase[],
  options: { params?: Record<string, unknown>; maxTime?: number; minSamples?: number; extra?: Record<string, unknown> } = {},
): Promise<Comparison> {
  if (!cases.some((c) => c.name === baseline)) throw new Error(`baseline '${baseline}' is not one of the cases`);
  const maxTime = quick ? 0.2 : (options.maxTime ?? 2);
  const minSamples = quick ? 2 : (options.minSamples ?? 5);
  for (const c of cases) sink(await c.fn());
  const summary = await b.suite(
    `${suite}: ${title}`,
    ...cases.map((c) => b.add(c.name, async () => { sink(await c.fn()); }, { maxTime, minSamples })),
    b.cycle(),
    b.complete(),
    b.save({ file: `${suite}-${title}`.replace(/[^A-Za-z0-9_.-]+/g, '_'), folder: join(RESULTS_DIR, 'benny'), format: 'json', details: false }),
  );
  const base = summary.results.find((r) => r.name === baseline)!;
  const rows = summary.results.map((r) => ({
    name: r.name,
    opsPerSecond: r.ops,
    meanMs: r.details.mean * 1000,
    relativeMarginPercent: r.details.relativeMarginOfError,
    samples: r.samples,
    speedupVsBaseline: base.ops > 0 ? r.ops / base.ops : NaN,
  }));
  for (const r of rows) console.log(`  ${r.name}: ${r.meanMs.toPrecision(4)} ms, ${r.speedupVsBaseline.toFixed(2)}× vs ${baseline}`);
  return { title, baseline, params: options.params ?? {}, rows, extra: options.extra };
}
