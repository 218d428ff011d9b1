/** sublinear/core: least squares by QR, a seeded RNG, the error template, shared memory where it exists. */
import { matrix, qr, Rng, sharedArray, sharedMemoryAvailable } from 'sublinear/core';

export function run(): string[] {
  const x = qr(matrix([[1, 0], [0, 1], [1, 1]])).solve([1, 2, 3]);
  let message = '';
  try { matrix([[1, NaN]]); } catch (e) { message = (e as Error).message; }
  const shared = sharedArray('float64', 4);
  return [
    `qr solve: ${Array.from(x, (v) => v.toFixed(6)).join(' ')}`,
    `rng: ${new Rng(42).gaussian().toFixed(12)}`,
    `error: ${message}`,
    `sharedArray buffer: ${shared.buffer.constructor.name} (SharedArrayBuffer ${sharedMemoryAvailable() ? 'available' : 'unavailable'})`,
  ];
}
