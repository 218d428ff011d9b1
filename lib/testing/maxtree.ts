/**
 * Property-testing helpers for code built on sublinear/maxtree: arbitraries that hit the hard cases
 * (ties exactly at the threshold, −0, m = 1, m not a power of two, float32 rounding) and brute-force
 * references to compare the structures against.
 */
import fc from 'fast-check';
import type { Dtype } from '../core/matrix.js';
import { backendStatus } from '../core/kernels/select.js';
import type { MaxTree, ThresholdSearch } from '../maxtree/index.js';

/** Constraints of treeValues. */
export interface TreeValuesConstraints {
  /** Smallest length (default 1). */
  minLength?: number;
  /** Largest length (default 80: several blocks of 16, and sizes that are not powers of two). */
  maxLength?: number;
  /** Storage the values are meant for (default 'float64'): 'float32' rounds them as float32. */
  dtype?: Dtype;
}

/**
 * A value for a max-tree: mostly from a small set so that ties are common (±0, ±1, small integers),
 * sometimes any finite double (rounded to float32 for dtype 'float32').
 */
export function treeValue(dtype: Dtype = 'float64'): fc.Arbitrary<number> {
  const round = dtype === 'float32' ? Math.fround : (v: number) => v;
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: -4, max: 4 }) },
    { weight: 2, arbitrary: fc.constantFrom(0, -0, 0.5, -0.5) },
    { weight: 1, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map(round) },
  );
}

/** An array of finite tree values (see treeValue), as a plain array. */
export function treeValues(constraints: TreeValuesConstraints = {}): fc.Arbitrary<number[]> {
  const { minLength = 1, maxLength = 80, dtype = 'float64' } = constraints;
  return fc.array(treeValue(dtype), { minLength, maxLength });
}

/**
 * A threshold for `values`: one of the values exactly (a tie at τ), its negation, ±∞, or any double,
 * so that both empty, full and partial answers come up.
 */
export function thresholdFor(values: ArrayLike<number>): fc.Arbitrary<number> {
  const picks: fc.Arbitrary<number>[] = [fc.double({ noNaN: true }), fc.constantFrom(-Infinity, Infinity, 0, -0)];
  if (values.length > 0) picks.push(fc.nat(values.length - 1).map((j) => values[j]), fc.nat(values.length - 1).map((j) => -values[j]));
  return fc.oneof(...picks);
}

/** Constraints of thresholdSearchInput. */
export interface ThresholdSearchInputConstraints {
  /** Range of n, the number of data points (default 1…4). */
  n?: { min: number; max: number };
  /** Range of m, the number of weights (default 1…70). */
  m?: { min: number; max: number };
  /** Range of d (default 1…5). */
  d?: { min: number; max: number };
  /** Storage (default 'float64'). */
  dtype?: Dtype;
}

/** Data and weights for ThresholdSearch.init: small integer entries, so inner products tie often. */
export function thresholdSearchInput(constraints: ThresholdSearchInputConstraints = {}): fc.Arbitrary<{ data: number[]; weights: number[]; d: number; dtype: Dtype }> {
  const { n = { min: 1, max: 4 }, m = { min: 1, max: 70 }, d = { min: 1, max: 5 }, dtype = 'float64' } = constraints;
  const entry = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(-0, 0.25));
  return fc.record({ n: fc.integer(n), m: fc.integer(m), d: fc.integer(d) }).chain(({ n, m, d }) =>
    fc.record({
      data: fc.array(entry, { minLength: n * d, maxLength: n * d }),
      weights: fc.array(entry, { minLength: m * d, maxLength: m * d }),
      d: fc.constant(d),
      dtype: fc.constant(dtype),
    }),
  );
}

/** Every index j with values[j] ≥ tau, ascending: the reference answer of a query. */
export function bruteForceQuery(values: ArrayLike<number>, tau: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < values.length; j++) if (values[j] >= tau) out.push(j);
  return out;
}

/** The k indices of the largest values, by value descending, ties by index ascending. */
export function bruteForceTopK(values: ArrayLike<number>, k: number): number[] {
  return Array.from({ length: values.length }, (_, j) => j)
    .sort((a, b) => (values[b] - values[a]) || a - b)
    .slice(0, k);
}

/**
 * ⟨x_i, w_j⟩ for all i, j as ThresholdSearch stores them: an ordered sum in `accumulation` precision
 * (by default the active kernel backend's for `dtype`: float64 on js, float32 sums of float32 data on
 * wasm), rounded to float32 for 'float32'.
 */
export function innerProductLeaves(
  data: ArrayLike<number>, weights: ArrayLike<number>, d: number, dtype: Dtype = 'float64',
  accumulation: Dtype = backendStatus().accumulation[dtype],
): number[][] {
  const round = dtype === 'float32' ? Math.fround : (v: number) => v;
  const step = accumulation === 'float32' ? Math.fround : (v: number) => v;
  const n = data.length / d, m = weights.length / d;
  return Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => {
    let s = 0;
    for (let k = 0; k < d; k++) s = step(s + step(round(data[i * d + k]) * round(weights[j * d + k])));
    return round(s);
  }));
}

/**
 * Throws unless `tree` answers like brute force over `values` (the values the tree should hold):
 * query and count at tau, every get, max, argmax; then runs checkInvariants.
 */
export function assertMaxTreeMatches(tree: MaxTree, values: ArrayLike<number>, tau: number): void {
  const fail = (what: string, got: unknown, want: unknown) => {
    throw new Error(`MaxTree disagrees with brute force: ${what} = ${JSON.stringify(got)}, expected ${JSON.stringify(want)} (tau ${tau})`);
  };
  tree.checkInvariants();
  for (let j = 0; j < values.length; j++) if (!Object.is(tree.get(j), values[j])) fail(`get(${j})`, tree.get(j), values[j]);
  const want = bruteForceQuery(values, tau), got = Array.from(tree.query(tau));
  if (got.join() !== want.join()) fail('query', got, want);
  if (tree.count(tau) !== want.length) fail('count', tree.count(tau), want.length);
  const top = bruteForceTopK(values, 1)[0];
  if (tree.argmax() !== top) fail('argmax()', tree.argmax(), top);
  if (tree.max() !== values[top]) fail('max()', tree.max(), values[top]);
}

/** Throws unless query(i, tau) of `search` equals brute force over its own leaves for every tree i. */
export function assertThresholdSearchMatches(search: ThresholdSearch, tau: number): void {
  search.checkInvariants();
  for (let i = 0; i < search.n; i++) {
    const leaves = Array.from({ length: search.m }, (_, j) => search.leaf(i, j));
    const want = bruteForceQuery(leaves, tau).join(), got = Array.from(search.query(i, tau)).join();
    if (got !== want) throw new Error(`ThresholdSearch.query(${i}, ${tau}) = [${got}], brute force over its leaves gives [${want}]`);
  }
}
