/** sublinear/kron: products with A ⊗ B without forming it, and back by kronSolve. */
import { matrix, toRows } from 'sublinear/core';
import { kronDot, kronGram, kronMatVec, kronSolve, kronVector } from 'sublinear/kron';

export function run(): string[] {
  const A = matrix([[1, 2], [3, 4]]), B = matrix([[0, 1], [1, 0]]);
  const y = kronMatVec([A, B], [1, 2, 3, 4]);
  const x = kronSolve([A, B], y);
  const X = matrix([[1, 2], [3, -1]]);
  return [
    `kronMatVec: ${Array.from(y).join(' ')}`,
    `kronSolve: ${Array.from(x, (v) => v.toFixed(9)).join(' ')}`,
    `kronDot: ${kronDot(kronVector([[1, 2], [3, 4]]), kronVector([[1, 1], [1, -1]]))}`,
    `kronGram: ${JSON.stringify(toRows(kronGram([X, X])))}`,
  ];
}
