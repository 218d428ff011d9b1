/**
 * Runs one benchmark suite by name: `npm run bench -- <name>` runs benchmarks/<name>.bench.ts, which
 * saves its results under benchmarks/results/. `npm run bench -- --list` lists the suites; flags such as
 * `--quick` or `--out DIR` are passed on to the suite (see each suite's header).
 */
import { readdirSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('.', import.meta.url));
const suites = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.slice(0, -'.bench.ts'.length)).sort();
// Arguments starting with -- (other than --list/--help) are the suites' own flags (e.g. --quick): left in process.argv for them.
const names = process.argv.slice(2).filter((a, i, all) => !(a.startsWith('--') && a !== '--list' && a !== '--help') && all[i - 1] !== '--out');
if (names.length === 0 || names.includes('--list') || names.includes('--help')) {
  console.log(`usage: npm run bench -- <suite> [<suite> …]\nsuites: ${suites.join(', ') || '(none yet)'}`);
  process.exit(names.length === 0 ? 1 : 0);
}
for (const name of names) {
  if (!suites.includes(name)) {
    console.error(`unknown suite '${name}'; suites: ${suites.join(', ')}`);
    process.exit(1);
  }
}
for (const name of names) {
  console.log(`\n=== ${name} ===`);
  await import(pathToFileURL(join(dir, `${name}.bench.ts`)).href);
}
