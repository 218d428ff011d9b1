/**
 * Runs benchmark suites by name: `npm run bench -- <name>` runs benchmarks/<name>.bench.ts, which
 * saves its results under benchmarks/results/. `--quick` is a smoke run (short cases, small sizes,
 * BENCH_QUICK=1) that writes to the scratch folder .tmp/bench/ instead, never over the results;
 * `--out DIR` picks the folder (BENCH_RESULTS_DIR). The flags stay in process.argv, so a suite may
 * read them too. `npm run bench -- --list` lists the suites.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const dir = fileURLToPath(new URL('.', import.meta.url));
const suites = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.slice(0, -'.bench.ts'.length)).sort();
const usage = `usage: npm run bench -- [--quick] [--out DIR] <suite> [<suite> …]
  --quick     smoke run: short cases, results in .tmp/bench/ (benchmarks/results/ is left alone)
  --out DIR   write the results to DIR instead (for --quick, any folder but benchmarks/results/)
  --list      list the suites
suites: ${suites.join(', ') || '(none yet)'}`;

let parsed;
try {
  parsed = parseArgs({ options: { quick: { type: 'boolean' }, out: { type: 'string' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
} catch (error) {
  console.error(`${(error as Error).message}\n\n${usage}`);
  process.exit(2);
}
const { values, positionals: names } = parsed;
if (values.list || values.help) {
  console.log(usage);
  process.exit(0);
}
if (names.length === 0) {
  console.error(usage);
  process.exit(2);
}
for (const name of names) {
  if (!suites.includes(name)) {
    console.error(`unknown suite '${name}'\n\n${usage}`);
    process.exit(2);
  }
}
if (values.quick) process.env.BENCH_QUICK = '1';
if (values.out !== undefined) {
  const out = resolve(values.out);
  if (values.quick && out === resolve(dir, 'results')) {
    console.error(`--out ${values.out}: a quick run never writes to benchmarks/results/\n\n${usage}`);
    process.exit(2);
  }
  mkdirSync(out, { recursive: true });
  process.env.BENCH_RESULTS_DIR = out;
}
const { RESULTS_DIR } = await import('./harness.js');
console.log(`results go to ${RESULTS_DIR}${process.env.BENCH_QUICK === '1' ? ' (quick run: scratch folder)' : ''}`);
for (const name of names) {
  console.log(`\n=== ${name} ===`);
  await import(pathToFileURL(join(dir, `${name}.bench.ts`)).href);
}
