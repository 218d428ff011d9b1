/**
 * The MLP's matrix products: the blocked 2×4 kernel of lib/nn against core's gemmNN (i-k-j, one row
 * of A at a time) on the shapes of the autoencoder 784-256-64-16-64-256-784 at batch 100, in one run.
 * Run: `npm run bench -- mlp`. Writes benchmarks/results/mlp.{json,md}.
 */
import { gemmNN } from 'sublinear/core';
import { gaussianData, loadMnist } from 'sublinear/data';
import { gemmBlocked, transposeInto } from '../lib/nn/mlp/dense-kernels.js';
import { compare, saveResults, type Comparison } from './harness.js';

const batch = loadMnist({ count: 100, seed: 0 }).images; // 100 × 784, about 80% zeros
const scratch = new Float64Array(2 * 1024);
const shapes: { title: string; m: number; k: number; n: number; A: Float64Array }[] = [];
shapes.push({ title: 'forward layer 1: MNIST batch (100×784) · W (784×256)', m: 100, k: 784, n: 256, A: batch.data as Float64Array });
const hidden = gaussianData(100, 256, 2).data.map(Math.tanh) as Float64Array;
shapes.push({ title: 'forward output layer: H (100×256) · W (256×784)', m: 100, k: 256, n: 784, A: hidden });
const inputT = new Float64Array(784 * 100);
transposeInto(100, 784, batch.data, inputT);
shapes.push({ title: 'weight gradient layer 1: Xᵀ (784×100) · Δ (100×256)', m: 784, k: 100, n: 256, A: inputT });

const comparisons: Comparison[] = [];
for (const { title, m, k, n, A } of shapes) {
  const B = gaussianData(k, n, 3).data as Float64Array, C = new Float64Array(m * n);
  comparisons.push(await compare('mlp', title, 'core gemmNN', [
    { name: 'core gemmNN', fn: () => { gemmNN(m, n, k, A, B, C); return C[m * n - 1]; } },
    { name: 'nn gemmBlocked (2×4, zero groups skipped)', fn: () => { gemmBlocked(m, n, k, A, B, C, false, scratch); return C[m * n - 1]; } },
  ], { params: { m, k, n } }));
}
console.log(saveResults('mlp', 'npm run bench -- mlp', comparisons, ['Both kernels accumulate in float64; shapes are those of the autoencoder at batch 100.']));
