/** Whether CUDA is usable on this thread, and the choice between the CUDA and JavaScript kernels. */
import { checkOneOf } from '../core/errors.js';
import { cudaState, type CudaContext, type CudaStatus } from './context.js';

export type { CudaStatus } from './context.js';

/** Which kernels run: 'cuda' (required), 'js' (always JavaScript), 'auto' (CUDA when available). */
export type Backend = 'auto' | 'js' | 'cuda';

/** Options every kernel takes. */
export interface BackendOptions {
  /** Default 'auto': the CUDA kernels when {@link cudaStatus} says available, else the JavaScript ones. */
  backend?: Backend;
}

export const BACKENDS: readonly Backend[] = ['auto', 'js', 'cuda'];

/** Thrown when backend 'cuda' is asked for where CUDA is unavailable; `reason` says why. */
export class CudaUnavailableError extends Error {
  constructor(readonly fn: string, readonly reason: string) {
    super(`${fn}: backend 'cuda' was requested but CUDA is unavailable: ${reason}. Use backend 'auto' to fall back to the JavaScript kernels.`);
    this.name = 'CudaUnavailableError';
  }
}

/**
 * Reports whether the CUDA kernels can run on this thread: the driver library (libcuda.so.1) loads,
 * a device answers, and every PTX module loads. The first call does the work (once per thread; each
 * worker thread checks for itself) and never throws: a failure is reported in `reason` — among
 * them "koffi not installed …" (koffi is an optional dependency) and, outside Node (a browser),
 * "not running under Node.js ≥ 20.16 …".
 *
 * @returns `{ available, device, reason }`: `device` names the GPU, `reason` says why not (null when available).
 * @throws Never.
 * @example
 * ```ts
 * import { cudaStatus } from 'sublinear/cuda';
 * const { available, device, reason } = cudaStatus();
 * console.log(available ? `CUDA on ${device}` : `JavaScript kernels: ${reason}`);
 * ```
 */
export function cudaStatus(): CudaStatus {
  return { ...cudaState().status };
}

/**
 * Resolves a backend option to the kernels that will run.
 *
 * @param backend - 'auto' (default), 'js' or 'cuda'.
 * @param fn - The calling function's name, for error messages.
 * @returns 'cuda' or 'js'.
 * @throws {RangeError} If `backend` is not one of 'auto', 'js', 'cuda' (TypeError if not a string).
 * @throws {CudaUnavailableError} If `backend` is 'cuda' and CUDA is unavailable here.
 * @example
 * ```ts
 * import { resolveBackend } from 'sublinear/cuda';
 * console.log(resolveBackend('js'), resolveBackend('auto')); // 'js', then 'cuda' where a GPU is
 * ```
 */
export function resolveBackend(backend: Backend = 'auto', fn = 'resolveBackend'): 'js' | 'cuda' {
  checkOneOf(fn, 'options.backend', backend, BACKENDS);
  if (backend === 'js') return 'js';
  const { status } = cudaState();
  if (backend === 'cuda' && !status.available) throw new CudaUnavailableError(fn, status.reason ?? 'unknown');
  return status.available ? 'cuda' : 'js';
}

/** The loaded context when `backend` resolves to 'cuda', else null (private to the kernels). */
export function contextFor(backend: Backend | undefined, fn: string): CudaContext | null {
  return resolveBackend(backend, fn) === 'cuda' ? cudaState().context : null;
}
