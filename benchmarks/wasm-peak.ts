/**
 * The float64 multiply-add ceiling of WebAssembly SIMD128 on this machine, measured: a register tile
 * of ten f64x2 accumulators, each step five broadcast rows times two column vectors (mul, then add:
 * Node 20 has no FMA), on operands that sit in L1, so neither memory nor packing limits it. It is
 * what the float64 GEMM's micro-kernel could reach at best; benchmarks/kernels.bench.ts reports the
 * GEMM's rate against it. Compiled here with the repository's AssemblyScript (as `npm run build:wasm`
 * compiles the kernels), so nothing beyond `npm ci` is needed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = `
export function tile(n: i32, p: usize): f64 {
  let x00 = f64x2.splat(0), x01 = f64x2.splat(0), x10 = f64x2.splat(0), x11 = f64x2.splat(0), x20 = f64x2.splat(0);
  let x21 = f64x2.splat(0), x30 = f64x2.splat(0), x31 = f64x2.splat(0), x40 = f64x2.splat(0), x41 = f64x2.splat(0);
  for (let i = 0; i < n; i++) {
    const b0 = v128.load(p), b1 = v128.load(p, 16);
    let s = v128.load(p, 32);
    x00 = f64x2.add(x00, f64x2.mul(s, b0)); x01 = f64x2.add(x01, f64x2.mul(s, b1));
    s = v128.load(p, 48);
    x10 = f64x2.add(x10, f64x2.mul(s, b0)); x11 = f64x2.add(x11, f64x2.mul(s, b1));
    s = v128.load(p, 64);
    x20 = f64x2.add(x20, f64x2.mul(s, b0)); x21 = f64x2.add(x21, f64x2.mul(s, b1));
    s = v128.load(p, 80);
    x30 = f64x2.add(x30, f64x2.mul(s, b0)); x31 = f64x2.add(x31, f64x2.mul(s, b1));
    s = v128.load(p, 96);
    x40 = f64x2.add(x40, f64x2.mul(s, b0)); x41 = f64x2.add(x41, f64x2.mul(s, b1));
  }
  const t = f64x2.add(f64x2.add(f64x2.add(x00, x01), f64x2.add(x10, x11)), f64x2.add(f64x2.add(x20, x21), f64x2.add(f64x2.add(x30, x31), f64x2.add(x40, x41))));
  return f64x2.extract_lane(t, 0);
}
`;

/** Steps of the tile per call; each step is 20 f64 multiply-adds (40 flops). */
const STEPS = 1 << 22;

/**
 * GFLOP/s (process CPU time) of the peak tile: the best and the median of `rounds` calls after a
 * warm-up (the best is the ceiling's estimate: load only ever slows a round down), or a string
 * saying why it could not run.
 */
export function wasmF64Peak(rounds = 15): { best: number; median: number } | string {
  const dir = mkdtempSync(join(tmpdir(), 'sublinear-peak-'));
  try {
    const src = join(dir, 'peak.ts'), out = join(dir, 'peak.wasm');
    writeFileSync(src, SOURCE);
    const asc = fileURLToPath(new URL('../node_modules/assemblyscript/bin/asc.js', import.meta.url));
    execFileSync(process.execPath, [asc, src, '--enable', 'simd', '-O3', '--runtime', 'stub', '--noAssert', '--use', 'abort=', '--initialMemory', '1', '-o', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    const wasm = (globalThis as unknown as { WebAssembly: { Instance: new (m: object, i: object) => { exports: { tile(n: number, p: number): number } }; Module: new (b: Uint8Array) => object } }).WebAssembly;
    const { tile } = new wasm.Instance(new wasm.Module(readFileSync(out)), {}).exports;
    for (let i = 0; i < 3; i++) tile(STEPS, 1024);
    const rates: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const c0 = process.cpuUsage();
      tile(STEPS, 1024);
      const d = process.cpuUsage(c0);
      rates.push((STEPS * 40) / ((d.user + d.system) / 1e6) / 1e9);
    }
    rates.sort((a, b) => a - b);
    return { best: rates[rates.length - 1], median: rates[rates.length >> 1] };
  } catch (e) {
    return `skipped: ${(e as Error).message.split('\n')[0]}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
