/** sublinear/maxtree: threshold queries over inner products, updates, a max-tree's top-k (checked against a scan). */
import { MaxTree, ThresholdSearch } from 'sublinear/maxtree';
import { Rng } from 'sublinear/core';

export function run(): string[] {
  const search = ThresholdSearch.init({ data: [1, 0, 0, 1], weights: [3, 1, 0, 2, -1, 4], d: 2 });
  const before = Array.from(search.query(0, 1));
  search.update(1, [5, 5]);
  const after = Array.from(search.query(1, 4));
  const tree = MaxTree.from([0.5, 3, -1, 3]);
  // A larger one, checked against a linear scan.
  const rng = new Rng(3), n = 5, m = 300, d = 8;
  const data = rng.fillGaussian(new Float64Array(n * d)), weights = rng.fillGaussian(new Float64Array(m * d));
  const big = ThresholdSearch.init({ data, weights, d, copy: false }); // uses shared typed arrays in place; copies these (not shared)
  let agree = true;
  for (let i = 0; i < n; i++) {
    const scan: number[] = [];
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += data[i * d + k] * weights[j * d + k];
      if (s >= 2) scan.push(j);
    }
    agree &&= Array.from(big.query(i, 2)).sort((a, b) => a - b).join() === scan.join();
  }
  return [
    `query before update: ${before.join(' ')}`,
    `query after update: ${after.join(' ')}`,
    `tree query(3): ${Array.from(tree.query(3)).join(' ')}, topK(1): ${Array.from(tree.topK(1)).join(' ')}`,
    `300 weights vs a linear scan: ${agree ? 'same' : 'DIFFERENT'}`,
  ];
}
