import { Rng, setBackend, ops } from 'sublinear/core';
import { ThresholdSearch } from 'sublinear/maxtree';
import { computeLeaves, buildHeaps } from '../lib/maxtree/kernels.js';
import { treeLayout, allocateForest } from '../lib/maxtree/layout.js';
import { firstNonFinite } from '../lib/core/errors.js';
import { sharedArray } from '../lib/core/shared-memory.js';
setBackend('wasm');
const rng = new Rng(1);
const [n, m, d] = [64, 1 << 14, 784];
const data = rng.fillGaussian(new Float64Array(n * d)), weights = rng.fillGaussian(new Float64Array(m * d));
const sd = sharedArray('float64', n * d), sw = sharedArray('float64', m * d); sd.set(data); sw.set(weights);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const layout = treeLayout(n, m, d, 'float64');
const T: Record<string, number[]> = {};
const rec = (k: string, v: number) => (T[k] ??= []).push(v);
const keepLeaves = new Float64Array(n * layout.leafStride), keepNodes = new Float64Array(n * layout.nodeStride);
for (let r = 0; r < 9; r++) {
  let c = cpu(); ThresholdSearch.init({ data: sd, weights: sw, d, copy: false }); rec('init copy:false', cpu() - c);
  c = cpu(); ThresholdSearch.init({ data, weights, d }); rec('init default', cpu() - c);
  c = cpu(); const { leaves, nodes } = allocateForest(layout); rec('allocateForest (fresh, fill -inf)', cpu() - c);
  c = cpu(); computeLeaves(sd, sw, leaves, layout, 0, n, 0, m); rec('computeLeaves into fresh-touched', cpu() - c);
  c = cpu(); firstNonFinite(leaves, 0, n, m, layout.leafStride); rec('firstNonFinite', cpu() - c);
  c = cpu(); buildHeaps(leaves, nodes, layout, 0, n); rec('buildHeaps', cpu() - c);
  c = cpu(); computeLeaves(sd, sw, keepLeaves, layout, 0, n, 0, m); rec('computeLeaves into reused', cpu() - c);
  c = cpu(); const fresh = sharedArray('float64', n * layout.leafStride); computeLeaves(sd, sw, fresh, layout, 0, n, 0, m); rec('computeLeaves into fresh SAB (no fill)', cpu() - c);
  c = cpu(); const w2 = sharedArray('float64', m * d); w2.set(weights); rec('copy weights to fresh SAB', cpu() - c);
}
for (const [k, v] of Object.entries(T)) { v.sort((a, b) => a - b); console.log(k.padEnd(45), v[v.length >> 1].toFixed(1)); }
