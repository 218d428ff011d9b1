#!/usr/bin/env node
// `npx sublinear-train [options]`: runs the main job (app/main.ts) from this repository, with tsx
// (a dev dependency, there after `npm ci`) and the source condition, exactly as `npm start` does.
// Arguments, stdin/stdout/stderr, the exit status and Ctrl-C pass through.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../app/main.ts', import.meta.url));
let tsx;
try {
  // import.meta.resolve is synchronous from Node 20.6; before that, let node resolve 'tsx' from the cwd.
  tsx = typeof import.meta.resolve === 'function' ? import.meta.resolve('tsx') : 'tsx';
} catch {
  tsx = undefined;
}
if (!existsSync(main) || tsx === undefined) {
  process.stderr.write(`sublinear-train: needs the repository's app/ and its dev dependencies (tsx): run it from a checkout after \`npm ci\`\n`);
  process.exit(1);
}
const child = spawn(process.execPath, ['--conditions=sublinear-source', '--import', tsx, main, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
