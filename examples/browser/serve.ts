/**
 * Builds the browser examples with esbuild (platform 'browser': a Node built-in anywhere in a bundle
 * fails the build) and serves them on 127.0.0.1, with or without cross-origin isolation (the COOP and
 * COEP headers that give a page SharedArrayBuffer). Run it to look at the pages yourself:
 *
 *   node --conditions=sublinear-source --import tsx examples/browser/serve.ts [--isolated] [--port 8080]
 *
 * then open http://127.0.0.1:8080/loss-curve.html or /modules.html. The browser test uses the same
 * two functions.
 */
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { createServer, type Server } from 'node:http';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODULE_EXAMPLES } from '../modules/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');

/** esbuild options shared by every page: ESM for browsers, the package's source through its `sublinear-source` condition. */
const common: BuildOptions = {
  bundle: true, format: 'esm', platform: 'browser', target: 'es2022', conditions: ['sublinear-source'],
  tsconfig: join(root, 'tsconfig.json'), logLevel: 'silent', metafile: true,
};

/**
 * Bundles modules.html's page, one bundle per module example (bundles/<name>.js), and the loss-curve
 * page into `outDir`, with the two HTML files beside them.
 * @returns every input file each bundle pulled in, by output file (to check that no Node built-in came along).
 */
export async function bundleExamples(outDir: string): Promise<Record<string, string[]>> {
  mkdirSync(join(outDir, 'bundles'), { recursive: true });
  const runs = await Promise.all([
    build({ ...common, entryPoints: MODULE_EXAMPLES.map((name) => ({ in: join(here, '..', 'modules', `${name}.ts`), out: name })), outdir: join(outDir, 'bundles') }),
    build({ ...common, entryPoints: [join(here, 'modules-page.ts'), join(here, 'loss-curve.ts')], outdir: outDir }),
  ]);
  for (const page of ['modules.html', 'loss-curve.html']) copyFileSync(join(here, page), join(outDir, page));
  const inputs: Record<string, string[]> = {};
  for (const { metafile } of runs) {
    for (const [out, meta] of Object.entries((metafile as Metafile).outputs)) inputs[out] = Object.keys(meta.inputs);
  }
  return inputs;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.map': 'application/json' };

/**
 * Serves `dir` on 127.0.0.1 (a free port unless given). `isolated` adds
 * `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`.
 * A POST to /result hands its body to `onResult`.
 */
export function serveExamples(dir: string, options: { isolated: boolean; port?: number; onResult?: (body: string) => void }): Promise<Server> {
  const server = createServer((req, res) => {
    const headers: Record<string, string> = options.isolated
      ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
      : {};
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method === 'POST' && path === '/result') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => { body += chunk; });
      req.on('end', () => { res.writeHead(204, headers).end(); options.onResult?.(body); });
      return;
    }
    const file = normalize(join(dir, path === '/' ? 'modules.html' : path));
    if (!file.startsWith(normalize(dir))) { res.writeHead(403).end(); return; }
    try {
      const content = readFileSync(file);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(content);
    } catch {
      res.writeHead(404, headers).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve(server));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const args = process.argv.slice(2);
  const port = args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : 8080;
  const isolated = args.includes('--isolated');
  const out = join(root, '.tmp', 'examples-browser');
  await bundleExamples(out);
  await serveExamples(out, { isolated, port, onResult: (body) => console.log(body) });
  console.log(`serving ${out} on http://127.0.0.1:${port}/ (${isolated ? 'cross-origin isolated' : 'not isolated'}): open /modules.html or /loss-curve.html`);
}
