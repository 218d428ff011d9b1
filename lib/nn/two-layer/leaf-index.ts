/**
 * What a trainer needs from the threshold-search structure over the leaves z_{i,r} = ⟨w_r, x_i⟩:
 * the active set {r : z_{i,r} ≥ τ} (ascending), a leaf's value, the initial leaves block by block,
 * and batched moves of leaves. Both indexes keep the leaves in the neuron-blocked layout of
 * blocked-leaves.ts: `scanIndex` answers a query by scanning input i's leaves (O(m), the honest
 * baseline); tree-index.ts adds a max-heap over each input's blocks (O(K log m) per query).
 */
import { BlockedLeaves, type HeapLeaves, type LeafDtype, type MoveFill } from './blocked-leaves.js';
import { queryLeaves, queryMany } from './leaf-query.js';

export interface LeafIndex {
  readonly inputs: number;
  readonly width: number;
  /** Storage of the leaves (and the trees' maxima): 'float64', or 'float32' (half the memory, leaves rounded when stored). */
  readonly dtype: LeafDtype;
  /**
   * Writes the active neurons of input i (ascending) into out (a larger array is returned when it is
   * short); returns [count, out, s], s = Σ signs[r]·(z_{i,r} − τ) over them in ascending r.
   */
  query(i: number, tau: number, out: Int32Array, signs: Float64Array): [number, Int32Array, number];
  /**
   * query for the inputs which[k0 … k1) at once (the leaves read in memory order): outs[k] (replaced when
   * short), counts[k] and sums[k] get what query(which[k], tau, outs[k], signs) gives, bit for bit.
   */
  queryMany(which: ArrayLike<number>, k0: number, k1: number, tau: number, outs: Int32Array[], counts: Int32Array, sums: Float64Array, signs: Float64Array): void;
  /** z_{i,r}. */
  leaf(i: number, r: number): number;
  /** out[t] = z_{i, neurons[t]} for t < count. */
  gather(i: number, neurons: Int32Array, count: number, out: Float64Array): void;
  /** Initial leaves: z_{i, r0 + c} = values[i·rows + c] (n × rows); call `build()` once all are written. */
  writeColumns(r0: number, rows: number, values: Float64Array): void;
  /** Finishes the initial leaves (the tree builds its heaps). */
  build(): void;
  /** z_{i, neurons[k]} += deltas[i·count + k] for k < count and every input i (deltas n × count; neurons strictly ascending). */
  moveLeaves(neurons: Int32Array, count: number, deltas: Float64Array): void;
  /** z_{j, neurons[c]} += the value `fill(c, out, offset)` writes into out[offset + j], every input j (neurons strictly ascending). */
  moveBy(neurons: Int32Array, count: number, fill: MoveFill): void;
  /** Returns the leaves' and heaps' memory when it is resident in the wasm memory (the index is unusable after). */
  dispose(): void;
  /** The leaves and, for a tree index, its heaps (heap leaves at `first`): what a pool's workers move in place. */
  shared(): { leaves: BlockedLeaves; heap: HeapLeaves | null };
}

export type IndexFactory = (inputs: number, width: number, dtype: LeafDtype) => LeafIndex;

/** Leaves in the blocked layout, queried by scanning. */
export function scanIndex(inputs: number, width: number, dtype: LeafDtype = 'float64'): LeafIndex {
  const leaves = new BlockedLeaves(inputs, width, dtype);
  return {
    inputs, width, dtype,
    shared: () => ({ leaves, heap: null }),
    query: (i, tau, out, signs) => queryLeaves(leaves, null, i, tau, out, signs),
    queryMany: (which, k0, k1, tau, outs, counts, sums, signs) => queryMany(leaves, null, which, k0, k1, tau, outs, counts, sums, signs),
    leaf: (i, r) => leaves.values[leaves.at(i, r)],
    gather: (i, neurons, count, out) => leaves.gather(i, neurons, count, out),
    writeColumns: (r0, rows, values) => leaves.writeColumns(r0, rows, values),
    build() {},
    moveLeaves(neurons, count, deltas) { leaves.moveDense(neurons, count, deltas, null, null); },
    moveBy(neurons, count, fill) { leaves.move(neurons, count, fill, null, null); },
    dispose: () => leaves.dispose(),
  };
}

/** A filled index from an n × m array of leaves (row i for input i): for tests and small uses. */
export function indexFrom(factory: IndexFactory, values: Float64Array, inputs: number, width: number, dtype: LeafDtype = 'float64'): LeafIndex {
  const index = factory(inputs, width, dtype);
  index.writeColumns(0, width, values);
  index.build();
  return index;
}
