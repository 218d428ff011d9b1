/**
 * The CUDA tasks for the worker entry (workers/tasks/index.ts adds them): each loads CUDA on its own
 * thread on first use (cudaStatus there), runs sublinear/cuda's (deprecated) entry point with the
 * backend its payload names — the CUDA kernel, or the module function it wraps — over
 * SharedArrayBuffer references, writes the result in place, and returns which ran. Importing
 * lib/cuda here also registers the 'cuda' kernel backend in every worker thread, so a task that calls
 * setBackend('cuda') finds it. Create the pool with `atomics: 'async'` when the threads keep a CUDA context.
 */
import { matrixOf, viewOf, type SharedArrayRef, type SharedMatrixRef } from '../../lib/core/shared-memory.js';
import type { KernelTaskSet } from './types.js';
import type { FloatArray } from '../../lib/core/matrix.js';
import { fwht, kronMatVec, logdetApply, logdetFactor, maxtreeRebuild } from '../../lib/cuda/index.js';
import { innerProductsInto } from '../../lib/cuda/dense.js';
import { cudaStatus, resolveBackend, type Backend } from '../../lib/cuda/status.js';

/** Every CUDA task's payload carries the backend to use on the thread (default 'auto'). */
interface WithBackend { backend?: Backend }

const ran = (backend: Backend | undefined, fn: string) => ({ backend: resolveBackend(backend, fn) });
const floats = (ref: SharedArrayRef): FloatArray => viewOf(ref) as FloatArray;

export const cudaTasks: KernelTaskSet = {
  /** This thread's cudaStatus(). */
  'cuda.status': () => cudaStatus(),
  /** C = X Wᵀ into the shared matrix C. */
  'cuda.innerProducts': ({ X, W, C, backend }: { X: SharedMatrixRef; W: SharedMatrixRef; C: SharedMatrixRef } & WithBackend) => {
    innerProductsInto('cuda.innerProducts', matrixOf(X), matrixOf(W), matrixOf(C), { backend });
    return ran(backend, 'cuda.innerProducts');
  },
  /** Rebuilds the shared max-tree buffer in place. */
  'cuda.maxtreeRebuild': ({ tree, trees, leaves, backend }: { tree: SharedArrayRef; trees: number; leaves: number } & WithBackend) => {
    maxtreeRebuild(floats(tree), trees, leaves, { backend });
    return ran(backend, 'cuda.maxtreeRebuild');
  },
  /** Walsh–Hadamard transform of each length-`length` block of the shared array, in place. */
  'cuda.fwht': ({ data, length, backend }: { data: SharedArrayRef; length: number } & WithBackend) => {
    fwht(floats(data), length, { backend });
    return ran(backend, 'cuda.fwht');
  },
  /** y = (A₁ ⊗ … ⊗ A_k) x into the shared array y. */
  'cuda.kronMatVec': ({ factors, x, y, backend }: { factors: SharedMatrixRef[]; x: SharedArrayRef; y: SharedArrayRef } & WithBackend) => {
    floats(y).set(kronMatVec(factors.map(matrixOf), floats(x), { backend }));
    return ran(backend, 'cuda.kronMatVec');
  },
  /** u = X g for the banded LogDet preconditioner of the shared band (factored on this thread). */
  'cuda.logdetPrecondition': ({ band, n, b, g, u, backend }: { band: SharedArrayRef; n: number; b: number; g: SharedArrayRef; u: SharedArrayRef } & WithBackend) => {
    const factor = logdetFactor(floats(band), n, b, { backend });
    floats(u).set(logdetApply(factor, floats(g), { backend }));
    return { ...ran(backend, 'cuda.logdetPrecondition'), dropped: factor.droppedCount };
  },
};
