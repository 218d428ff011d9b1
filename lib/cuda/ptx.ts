/**
 * Where the PTX lives and how it is built. `npm run build:cuda` compiles every lib/cuda/kernels/*.cu
 * with nvcc to lib/cuda/ptx/<name>.ptx (git-ignored), for the virtual architecture compute_75:
 * the driver JIT-compiles it for the GPU it finds (Turing and newer, Hopper's sm_90 included).
 */
import { nodeEnv, requireNodeBuiltin } from '../core/node-builtins.js';
import { KERNELS } from './kernels.js';

// Node built-ins on first use (never at module load, so sublinear/cuda bundles for browsers).
const WHY = 'CUDA reads and builds PTX files';
const fs = () => requireNodeBuiltin('node:fs', 'sublinear/cuda', WHY);
const existsSync = (path: string) => fs().existsSync(path);
const join = (...parts: string[]) => requireNodeBuiltin('node:path', 'sublinear/cuda', WHY).join(...parts);
const fileURLToPath = (url: URL) => requireNodeBuiltin('node:url', 'sublinear/cuda', WHY).fileURLToPath(url);
const run = (file: string, args: string[]) => requireNodeBuiltin('node:child_process', 'sublinear/cuda', WHY).execFileSync(file, args, { stdio: 'pipe' });

/** The virtual architecture the PTX targets. */
export const PTX_ARCH = 'compute_75';

/** lib/cuda/kernels (the .cu sources) in the source tree, from source or from dist/. */
export function kernelSourceDir(): string {
  for (const rel of ['./kernels/', '../../../lib/cuda/kernels/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(join(dir, 'inner_product.cu'))) return dir;
  }
  return fileURLToPath(new URL('./kernels/', import.meta.url));
}

/** Folders searched for <name>.ptx, in order: SUBLINEAR_CUDA_PTX_DIR, then lib/cuda/ptx. */
export function ptxSearchPath(): string[] {
  const dirs = [fileURLToPath(new URL('./ptx/', import.meta.url)), fileURLToPath(new URL('../../../lib/cuda/ptx/', import.meta.url))];
  const env = nodeEnv('SUBLINEAR_CUDA_PTX_DIR');
  return env ? [env, ...dirs] : dirs;
}

/** The PTX text of every kernel file; throws naming the first file missing from the search path. */
export function readAllPtx(): Record<string, string> {
  const out: Record<string, string> = {};
  const path = ptxSearchPath();
  for (const name of Object.keys(KERNELS)) {
    const dir = path.find((d) => existsSync(join(d, `${name}.ptx`)));
    if (!dir) throw new Error(`${name}.ptx not found in ${path.join(', ')} (run npm run build:cuda)`);
    out[name] = fs().readFileSync(join(dir, `${name}.ptx`), 'utf8');
  }
  return out;
}

/** Compiles one .cu file to PTX with nvcc (`nvcc` on PATH, or NVCC). Throws with nvcc's output on failure. */
export function compilePtx(source: string, output: string, nvcc = nodeEnv('NVCC') || 'nvcc'): void {
  run(nvcc, ['-ptx', `-arch=${PTX_ARCH}`, '-O3', '-std=c++17', source, '-o', output]);
}

/** Whether nvcc runs here. */
export function hasNvcc(nvcc = nodeEnv('NVCC') || 'nvcc'): boolean {
  try { run(nvcc, ['--version']); return true; } catch { return false; }
}

/** Compiles every kernel file into `outDir` (default lib/cuda/ptx); returns the PTX paths. */
export function buildAllPtx(outDir = fileURLToPath(new URL('./ptx/', import.meta.url))): string[] {
  fs().mkdirSync(outDir, { recursive: true });
  return Object.keys(KERNELS).map((name) => {
    const output = join(outDir, `${name}.ptx`);
    compilePtx(join(kernelSourceDir(), `${name}.cu`), output);
    return output;
  });
}

/** The `.entry` names declared in a PTX text. */
export function ptxEntries(ptx: string): string[] {
  return [...ptx.matchAll(/\.entry\s+([A-Za-z_][A-Za-z0-9_$]*)\s*\(/g)].map((m) => m[1]);
}
