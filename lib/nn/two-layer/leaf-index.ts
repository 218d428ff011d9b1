/**
 * What a trainer needs from the threshold-search structure over the leaves z_{i,r} = ⟨w_r, x_i⟩:
 * the active set {r : z_{i,r} ≥ τ} (ascending), a leaf's value, and a batched move of leaves.
 * `scanIndex` answers by a linear scan of cached leaves (O(m) per query, the honest baseline);
 * tree-index.ts adapts maxtree's ThresholdSearch (O(K log m) per query).
 */

export interface LeafIndex {
  readonly inputs: number;
  readonly width: number;
  /** Writes the active neurons of input i (ascending) into out (grown if short); returns [count, out]. */
  query(i: number, tau: number, out: Int32Array): [number, Int32Array];
  /** z_{i,r}. */
  leaf(i: number, r: number): number;
  /** z_{i, neurons[k]} += deltas[i·count + k] for k < count and every input i (deltas n × count, row i for input i). */
  moveLeaves(neurons: Int32Array, count: number, deltas: Float64Array): void;
}

/** Leaves held as an n × m array, queried by scanning. */
export function scanIndex(leaves: Float64Array, inputs: number, width: number): LeafIndex {
  return {
    inputs, width,
    query(i, tau, out) {
      let count = 0;
      const base = i * width;
      for (let r = 0; r < width; r++) {
        if (leaves[base + r] >= tau) {
          if (count === out.length) { const grown = new Int32Array(Math.max(16, out.length * 2)); grown.set(out); out = grown; }
          out[count++] = r;
        }
      }
      return [count, out];
    },
    leaf: (i, r) => leaves[i * width + r],
    moveLeaves(neurons, count, deltas) {
      for (let i = 0; i < inputs; i++) {
        const base = i * width, row = i * count;
        for (let k = 0; k < count; k++) leaves[base + neurons[k]] += deltas[row + k];
      }
    },
  };
}
