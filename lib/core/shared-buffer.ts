/**
 * Where the package's shared memory comes from. A SharedArrayBuffer exists under Node, and in a browser
 * only on a cross-origin isolated page (served with `Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: require-corp`). Everything that allocates memory meant for threads
 * (sharedArray, sharedMatrix, toShared, allocate(…, shared)) goes through {@link sharedBuffer}, so
 * MaxTree, ThresholdSearch and the rest also work on a page without isolation, on plain
 * ArrayBuffers; only a worker pool needs the memory to be shared (`arrayRef` refuses a plain one).
 */

/**
 * True when this runtime has SharedArrayBuffer.
 *
 * @returns true under Node and on cross-origin isolated pages; false on other pages.
 * @throws Never.
 * @example
 * ```ts
 * import { sharedMemoryAvailable } from 'sublinear/core';
 * console.log(sharedMemoryAvailable()); // true under Node
 * ```
 */
export function sharedMemoryAvailable(): boolean {
  return typeof SharedArrayBuffer === 'function';
}

/** `bytes` of zeroed memory: a SharedArrayBuffer where the runtime has one, else an ArrayBuffer. */
export function sharedBuffer(bytes: number): ArrayBufferLike {
  return sharedMemoryAvailable() ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}
