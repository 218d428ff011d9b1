/**
 * The copy of an optimizer state that chain and multiTransform step when a link cannot validate up
 * front: structuredClone, except that typed arrays on shared memory (which structuredClone shares
 * rather than copies, e.g. the resident moments of the adam and rmsprop recipes) are copied too, so
 * a throw halfway leaves the caller's state as it was.
 */

function unshare(value: unknown, seen: Set<object>): unknown {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  if (ArrayBuffer.isView(value)) {
    const shared = typeof SharedArrayBuffer === 'function' && value.buffer instanceof SharedArrayBuffer;
    return shared && !(value instanceof DataView) ? (value as unknown as Float64Array).slice() : value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = unshare(value[i], seen);
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = unshare(record[key], seen);
  }
  return value;
}

/** A deep copy of `state` that shares no memory with it (typed arrays on SharedArrayBuffers copied). */
export function cloneState<S>(state: S): S {
  return unshare(structuredClone(state), new Set()) as S;
}
