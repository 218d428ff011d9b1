/**
 * Runs every TypeScript example in the docs: fenced ```ts blocks in README.md and docs/*.md, and the
 * ```ts blocks under @example in the TSDoc of lib/, workers/ and streams/. Each example is written to
 * .tmp/examples/ inside the package (so `import … from 'sublinear/…'` resolves to the source) and
 * imported; it passes when it runs to the end without throwing. A block whose info string contains
 * `no-run` is skipped, with the reason shown.
 */
import { test } from 'node:test';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, '.tmp', 'examples');
mkdirSync(outDir, { recursive: true });

interface Example { file: string; line: number; code: string; skip: string | false }

function walk(dir: string, accept: (f: string) => boolean): string[] {
  let out: string[] = [];
  let entries: string[] = [];
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(walk(path, accept));
    else if (accept(path)) out.push(path);
  }
  return out;
}

const FENCE = /^\s*```(\S*)(.*)$/;

function fencedBlocks(file: string, lines: string[]): Example[] {
  const out: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open || !['ts', 'typescript'].includes(open[1])) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]); j++) body.push(lines[j]);
    out.push({ file, line: i + 1, code: body.join('\n'), skip: open[2].includes('no-run') ? 'marked no-run' : false });
    i = j;
  }
  return out;
}

function markdownExamples(file: string): Example[] {
  return fencedBlocks(file, readFileSync(file, 'utf8').split('\n'));
}

function tsdocExamples(file: string): Example[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\*\s*@example/.test(lines[i])) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && /^\s*\*(?!\/)/.test(lines[j]) && !/^\s*\*\s*@(?!example)\w/.test(lines[j]); j++) {
      body.push(lines[j].replace(/^\s*\* ?/, ''));
    }
    for (const ex of fencedBlocks(file, body)) out.push({ ...ex, line: i + 1 + ex.line });
    i = j - 1;
  }
  return out;
}

const examples: Example[] = [
  ...markdownExamples(join(root, 'README.md')),
  ...walk(join(root, 'docs'), (f) => f.endsWith('.md')).flatMap(markdownExamples),
  ...['lib', 'workers', 'streams'].flatMap((d) => walk(join(root, d), (f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).flatMap(tsdocExamples),
];

test('the docs contain examples to run', () => {
  if (examples.length === 0) throw new Error('no ```ts examples found in README.md, docs/ or TSDoc');
});

for (const ex of examples) {
  const where = `${relative(root, ex.file)}:${ex.line}`;
  test(`example at ${where} runs`, { skip: ex.skip }, async () => {
    const name = where.replace(/[^A-Za-z0-9]+/g, '_') + '.ts';
    const path = join(outDir, name);
    writeFileSync(path, `// Extracted from ${where}\n${ex.code}\nexport {};\n`);
    const log = console.log;
    console.log = () => {};
    try {
      await import(pathToFileURL(path).href);
    } finally {
      console.log = log;
    }
  });
}
