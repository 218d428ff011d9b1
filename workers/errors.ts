/** Errors a kernel task rejects with: each names the task and keeps the original as `cause`. */

/** A task failed, was aborted, or lost its thread. `task` is its name; `cause` the original error. */
export class KernelTaskError extends Error {
  /** The task's name. */
  readonly task: string;
  /** Why: 'threw' (the kernel threw), 'exited' (its thread died), 'aborted', 'closed' (pool shut down). */
  readonly reason: 'threw' | 'exited' | 'aborted' | 'closed';

  constructor(task: string, reason: KernelTaskError['reason'], message: string, cause: unknown) {
    super(message, { cause });
    this.name = reason === 'aborted' ? 'AbortError' : 'KernelTaskError';
    this.task = task;
    this.reason = reason;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Wraps whatever piscina rejected with into a KernelTaskError that says what happened to `task`. */
export function taskError(task: string, error: unknown): KernelTaskError {
  const text = messageOf(error);
  if (error instanceof Error && (error.name === 'AbortError' || /aborted/i.test(text))) {
    return new KernelTaskError(task, 'aborted', `workers: task '${task}' was aborted (${text})`, error);
  }
  const exited = /^worker exited with code: (-?\d+)/.exec(text);
  if (exited) {
    return new KernelTaskError(task, 'exited',
      `workers: task '${task}' failed: its worker thread exited (code ${exited[1]}) before finishing; the pool replaced the thread`, error);
  }
  if (text === 'Terminating worker thread') {
    return new KernelTaskError(task, 'closed', `workers: task '${task}' was cancelled: the pool was destroyed`, error);
  }
  return new KernelTaskError(task, 'threw', `workers: task '${task}' failed: ${text}`, error);
}
