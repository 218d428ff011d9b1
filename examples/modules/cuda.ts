/** sublinear/cuda: the status says why CUDA is unavailable; backend 'auto' falls back to JavaScript. */
import { matrix } from 'sublinear/core';
import { cudaStatus, innerProducts } from 'sublinear/cuda';

export function run(): string[] {
  const C = innerProducts(matrix([[1, 2], [3, 4]]), matrix([[1, 0], [0, 1], [1, 1]]), { backend: 'js' });
  const { available, reason } = cudaStatus();
  return [`innerProducts: ${Array.from(C.data).join(' ')}`, `cuda: ${available ? 'available' : `unavailable (${reason})`}`];
}
