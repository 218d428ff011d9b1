/** sublinear/testing: a property test of MaxTree against brute force, with fast-check and a fixed seed. */
import fc from 'fast-check';
import { MaxTree } from 'sublinear/maxtree';
import { bruteForceTopK, treeValues } from 'sublinear/testing';

export function run(): string[] {
  let runs = 0;
  fc.assert(fc.property(treeValues({ maxLength: 40 }), fc.integer({ min: 1, max: 5 }), (values, k) => {
    runs++;
    const top = Array.from(MaxTree.from(values).topK(k), (j) => values[j]);
    const expected = Array.from(bruteForceTopK(values, k), (j) => values[j]);
    return top.join() === expected.join();
  }), { seed: 42, numRuns: 50 });
  return [`MaxTree.topK agrees with brute force on ${runs} generated cases`];
}
