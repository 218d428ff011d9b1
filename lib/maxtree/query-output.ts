/**
 * Output handling shared by the query methods: write into the caller's buffer when given (and large
 * enough), else into a reusable scratch buffer, then copy out exactly the hits. A query never
 * allocates O(m) when K is small.
 */

/** Result of runQuery: the hits and the (possibly grown) scratch buffer to keep. */
export interface QueryOutput {
  indices: Int32Array;
  scratch: Int32Array;
}

/**
 * Runs `query(buffer) → K` (which writes min(K, buffer.length) hits) into `out` or `scratch`,
 * rerunning once into a buffer of exactly K when the first was too short.
 */
export function runQuery(query: (buffer: Int32Array) => number, out: Int32Array | undefined, scratch: Int32Array): QueryOutput {
  const buffer = out ?? scratch;
  const count = query(buffer);
  if (count <= buffer.length) {
    return { indices: out ? out.subarray(0, count) : scratch.slice(0, count), scratch };
  }
  const grown = new Int32Array(out ? count : Math.max(count, 2 * scratch.length));
  query(grown);
  return { indices: out ? grown : grown.slice(0, count), scratch: out ? scratch : grown };
}
