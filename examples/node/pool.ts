/**
 * The Node-only part: a worker pool (sublinear/workers, Piscina threads over SharedArrayBuffers).
 * Builds the same threshold-search trees with and without two threads and checks that every query
 * answers the same, then multiplies two matrices on the pool.
 *
 *   node --conditions=sublinear-source --import tsx examples/node/pool.ts
 */
import { matmul, Rng, toRows, matrix } from 'sublinear/core';
import { ThresholdSearch } from 'sublinear/maxtree';
import { createKernelPool } from 'sublinear/workers';

const rng = new Rng(11), n = 16, m = 2000, d = 16;
const data = rng.fillGaussian(new Float64Array(n * d)), weights = rng.fillGaussian(new Float64Array(m * d));
const pool = createKernelPool({ threads: 2 });
try {
  const serial = ThresholdSearch.init({ data, weights, d });
  const threaded = await ThresholdSearch.init({ data, weights, d, pool });
  let same = true, hits = 0;
  for (let i = 0; i < n; i++) {
    const a = serial.query(i, 4), b = threaded.query(i, 4);
    hits += a.length;
    same &&= a.join() === b.join();
  }
  console.log(`${n} queries, ${hits} hits: ${same ? 'identical' : 'DIFFERENT'} with and without the pool (${pool.threads} threads)`);
  const C = await matmul(matrix([[1, 2], [3, 4]]), matrix([[0, 1], [1, 0]]), { pool });
  console.log(`matmul on the pool: ${JSON.stringify(toRows(C))}`);
} finally {
  await pool.close();
}
