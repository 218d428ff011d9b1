/**
 * The step driver shared by the gradient-stream sources: a synchronous pipeline asks for the next
 * step from inside the current one (input.next → pipeline → subscriber → next()), so "run the next
 * step" must not recurse, or a long run would grow the stack by one frame per step. The returned
 * function queues the request when a step is running and loops otherwise.
 */

/**
 * @param run - runs one step (and may call the returned function again, synchronously).
 * @param closed - true once no more steps should run.
 * @returns the function that requests the next step.
 */
export function trampoline(run: () => void, closed: () => boolean): () => void {
  let queued = false, draining = false;
  return () => {
    queued = true;
    if (draining) return;
    draining = true;
    while (queued && !closed()) { queued = false; run(); }
    draining = false;
  };
}
