/**
 * Probe behind SWEEP_FRACTION in lib/nn/two-layer/tree-index.ts: the cost per node of recomputing
 * a tree's dirty ancestors from a schedule against sweeping every internal node, for the heap of the
 * main job (n = 256 inputs, L = 8192 heap leaves), at several fractions of dirty blocks (CPU time,
 * best of 5). Run: node --import tsx benchmarks/tree-repair-probe.ts
 */
const n = 256, L = 8192, stride = 2 * L, nodes = new Float64Array(n * stride).map(() => Math.random());
const cpu = () => process.cpuUsage().user / 1000;
for (const frac of [0.05, 0.1, 0.2, 0.3, 0.5]) {
  const dirty: number[] = []; for (let b = 0; b < L; b++) if (Math.random() < frac) dirty.push(b);
  const sched: number[] = []; let level = dirty.map((b) => (L + b) >> 1).filter((p, i, a) => i === 0 || a[i - 1] !== p);
  while (level.length) { sched.push(...level); if (level[0] === 1) break; level = level.map((k) => k >> 1).filter((p, i, a) => i === 0 || a[i - 1] !== p); }
  const S = Int32Array.from(sched);
  let best = [Infinity, Infinity];
  for (let rep = 0; rep < 5; rep++) {
    let t = cpu();
    for (let i = 0; i < n; i++) { const o = i * stride; for (let q = 0; q < S.length; q++) { const k = S[q], a = nodes[o + 2 * k], c = nodes[o + 2 * k + 1]; nodes[o + k] = a > c ? a : c; } }
    const ts = cpu() - t; t = cpu();
    for (let i = 0; i < n; i++) { const o = i * stride; for (let k = L - 1; k >= 1; k--) { const a = nodes[o + 2 * k], c = nodes[o + 2 * k + 1]; nodes[o + k] = a > c ? a : c; } }
    const tw = cpu() - t; best = [Math.min(best[0], ts), Math.min(best[1], tw)];
  }
  console.log(`dirty blocks ${frac}: schedule ${S.length} nodes (${(S.length / L).toFixed(2)} of the heap) ${best[0].toFixed(1)} ms, sweep ${best[1].toFixed(1)} ms, per-node cost ratio ${((best[0] / S.length) / (best[1] / L)).toFixed(2)}`);
}
