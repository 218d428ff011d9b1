/**
 * sublinear/cuda: importing it registers the 'cuda' kernel backend; selecting it where CUDA is
 * unavailable falls back (the reason in backendStatus) and the ops still compute; the status says why.
 */
import { backendStatus, matmul, matrix, setBackend } from 'sublinear/core';
import { cudaStatus } from 'sublinear/cuda';

export function run(): string[] {
  const { available, reason } = cudaStatus();
  const active = setBackend('cuda');
  const C = matmul(matrix([[1, 2], [3, 4]]), matrix([[1, 0, 1], [0, 1, 1]]));
  const recorded = backendStatus().failures.cuda === `CUDA is unavailable: ${reason}`;
  setBackend('auto');
  return [
    `matmul with cuda selected: ${Array.from(C.data).join(' ')}`,
    `cuda: ${available ? `available, the ops ran on ${active}` : `unavailable (${reason}); the ops ran on ${active}, the reason recorded: ${recorded}`}`,
  ];
}
