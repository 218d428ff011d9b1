/**
 * A demo of sublinear/maxtree (`npm run demo:maxtree`). It builds the
 * paper's n threshold-search trees over ⟨x_i, w_j⟩ (n = 64 unit-norm data points, m = 2^16 Gaussian
 * weights, d = 128, seeded), finds every neuron that fires above the trainer's threshold
 * b = √(0.48 ln m), updates weights, and times each step against a linear scan of the same values.
 */
import { Rng } from '../lib/core/index.js';
import { ThresholdSearch } from '../lib/maxtree/index.js';

const n = 64, m = 2 ** 16, d = 128, rng = new Rng(2026);
const data = rng.fillGaussian(new Float64Array(n * d));
for (let i = 0; i < n; i++) {
  let s = 0;
  for (let k = 0; k < d; k++) s += data[i * d + k] ** 2;
  for (let k = 0; k < d; k++) data[i * d + k] /= Math.sqrt(s);
}
const weights = rng.fillGaussian(new Float64Array(m * d));
const ms = (t0: number) => performance.now() - t0;
const fmt = (t: number) => (t >= 100 ? `${t.toFixed(0)} ms` : t >= 1 ? `${t.toFixed(1)} ms` : `${(1000 * t).toFixed(0)} µs`);

let t0 = performance.now();
const search = ThresholdSearch.init({ data, weights, d });
const tInit = ms(t0);
console.log(`init: ${n} trees × ${m} leaves (d = ${d}) in ${fmt(tInit)}, ${(2 * n * m * d / tInit / 1e6).toFixed(2)} GFLOP/s of inner products`);

/** Every tree's hits by scanning its cached leaves: the honest baseline. */
function scanAll(tau: number, out: Int32Array): number {
  const { leaves } = search.buffers, stride = search.layout.leafStride;
  let total = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) if (leaves[i * stride + j] >= tau) out[total++] = j;
  return total;
}

const scanOut = new Int32Array(n * m);
function compareQueries(label: string, tau: number): void {
  let hits = search.queryAll(tau), scanned = 0, tTree = Infinity, tScan = Infinity;
  for (let r = 0; r < 5; r++) { // best of five, alternating, so both see the same machine
    t0 = performance.now();
    hits = search.queryAll(tau);
    tTree = Math.min(tTree, ms(t0));
    t0 = performance.now();
    scanned = scanAll(tau, scanOut);
    tScan = Math.min(tScan, ms(t0));
  }
  const same = scanned === hits.indices.length && hits.indices.every((j, q) => j === scanOut[q]);
  const K = hits.indices.length / n;
  console.log(`${label} τ = ${tau.toFixed(3)}: ${hits.indices.length} hits, ${K.toFixed(1)} per tree (density ${(100 * K / m).toPrecision(2)}%); ` +
    `tree ${fmt(tTree)} vs linear scan ${fmt(tScan)} (speed-up ${(tScan / tTree).toFixed(1)}×, best of 5), same answer: ${same}`);
}

const b = Math.sqrt(0.48 * Math.log(m));
compareQueries('queryAll, trainer threshold', b);
compareQueries('queryAll, sparse threshold ', 3.5);
const first = search.query(0, 3.5);
console.log(`tree 0 above τ = 3.5: neurons [${Array.from(first).join(', ')}] with ⟨x_0, w_j⟩ = [${Array.from(first, (j) => search.leaf(0, j).toFixed(2)).join(', ')}]`);

const picked = Int32Array.from(rng.sample(m, 64));
const Z = rng.fillGaussian(new Float64Array(64 * d));
for (let q = 0; q < 64; q++) search.update(picked[q], Z.subarray(q * d, (q + 1) * d)); // warm-up: not JIT time below
search.moveLeavesAll(picked, new Float64Array(n * 64));
t0 = performance.now();
for (let q = 0; q < 64; q++) search.update(picked[q], Z.subarray(q * d, (q + 1) * d));
const tOne = ms(t0) / 64;
/** Best of three runs of f, in ms (the first runs of a method include JIT compilation). */
function best(f: () => void): number {
  let t = Infinity;
  for (let r = 0; r < 3; r++) { t0 = performance.now(); f(); t = Math.min(t, ms(t0)); }
  return t;
}
const tMany = best(() => search.updateMany(picked, Z));
const deltas = rng.fillGaussian(new Float64Array(n * 64), 0, 0.01);
const tMove = best(() => search.moveLeavesAll(picked, deltas));
console.log(`update one weight: ${fmt(tOne)} (mean of 64); updateMany 64 weights: ${fmt(tMany)}; moveLeavesAll 64 leaves × ${n} trees: ${fmt(tMove)} (best of 3) ` +
  `(rebuilding would take ${fmt(tInit)}: ${(tInit / tMany).toFixed(0)}× the batched update)`);
compareQueries('queryAll after updates      ', b);
