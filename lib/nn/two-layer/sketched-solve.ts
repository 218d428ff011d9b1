/**
 * Algorithm 5's sketch-preconditioned solve of H g = r without forming H. J (n × m·d) is replaced by
 * an isometric copy J̃ (n × |U|·e): column (c, t) for union neuron r_c and embedding coordinate t,
 * J̃[i, (c, t)] = (a_r/√m)·1[r_c ∈ S_i]·L[i, t] with L Lᵀ = G (a Cholesky factor of the data Gram
 * kernel, e = n). Then J̃ J̃ᵀ = G ∘ |S_i ∩ S_j|/m = J Jᵀ exactly, and each mat-vec costs
 * O(e·Σ_i |S_i|), never O(d). sketch's solver sketches J̃ᵀ, factors QR(S J̃ᵀ) = QR and runs
 * preconditioned CG.
 */
import { sketchPreconditionedGramSolve } from '../../sketch/index.js';
import { pivotFloor, type GaussNewtonSolver } from './gauss-newton-rule.js';
import type { ImplicitNetwork } from './implicit-network.js';

/** Rows of L with L Lᵀ = G (n × n, lower): Cholesky with pivots below n·ε·max G_ii set to zero, so a singular G (duplicate inputs) still embeds. */
export function gramEmbedding(n: number, G: Float64Array): Float64Array {
  const L = new Float64Array(n * n);
  const floor = pivotFloor(n, G);
  for (let j = 0; j < n; j++) {
    let d = G[j * n + j];
    for (let p = 0; p < j; p++) d -= L[j * n + p] ** 2;
    if (!(d > floor)) continue;
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = G[i * n + j];
      for (let p = 0; p < j; p++) s -= L[i * n + p] * L[j * n + p];
      L[i * n + j] = s / ljj;
    }
  }
  return L;
}

/** Solves J̃ J̃ᵀ g = r with the union of `which` built; returns g, or the input at which the system is singular (−1: not tied to one input), and the CG iterations. */
export function solveGaussNewtonSketched(net: ImplicitNetwork, which: Int32Array, embedding: Float64Array, r: Float64Array, seed: number): { solution: Float64Array | number; iterations: number; message?: string } {
  const n = net.count, s = which.length, e = n, scale = 1 / Math.sqrt(net.width);
  const { size, neurons, memberStart, members } = net.unionView();
  const D = size * e;
  for (let k = 0; k < s; k++) if (net.activeCount[which[k]] === 0) return { solution: k, iterations: 0, message: `input ${which[k]} has no active neuron` };
  if (D < s) return { solution: -1, iterations: 0, message: `only ${size} active neurons for ${s} inputs` };
  const applyJt = (u: Float64Array, out: Float64Array) => {
    out.fill(0);
    for (let c = 0; c < size; c++) {
      const a = net.signs[neurons[c]] * scale, col = c * e;
      for (let p = memberStart[c]; p < memberStart[c + 1]; p++) {
        const k = members[p], w = a * u[k], row = which[k] * n;
        if (w !== 0) for (let t = 0; t < e; t++) out[col + t] += w * embedding[row + t];
      }
    }
  };
  const applyJ = (v: Float64Array, out: Float64Array) => {
    out.fill(0);
    for (let c = 0; c < size; c++) {
      const a = net.signs[neurons[c]] * scale, col = c * e;
      for (let p = memberStart[c]; p < memberStart[c + 1]; p++) {
        const k = members[p], row = which[k] * n;
        let dot = 0;
        for (let t = 0; t < e; t++) dot += embedding[row + t] * v[col + t];
        out[k] += a * dot;
      }
    }
  };
  try {
    const result = sketchPreconditionedGramSolve({ n: s, D, applyJ, applyJt, r, seed });
    return { solution: result.g, iterations: result.iterations };
  } catch (error) {
    if (error instanceof RangeError) return { solution: -1, iterations: 0, message: error.message };
    throw error;
  }
}

/** The sketched solver of one trainer (seed `seed` + step per solve): builds the union without H, embeds G once. */
export function sketchedSolver(seed: number): GaussNewtonSolver<ImplicitNetwork> {
  let embedding: Float64Array | undefined;
  return (net, which, r, step, timings) => {
    let t = performance.now();
    net.prepareStep(which);
    timings.gram = performance.now() - t;
    t = performance.now();
    embedding ??= gramEmbedding(net.count, net.gram);
    const solved = solveGaussNewtonSketched(net, which, embedding, r, seed + step);
    timings.solve = performance.now() - t;
    return solved;
  };
}
