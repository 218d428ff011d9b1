/**
 * Private: an optimizer state (plain data: objects, arrays, typed arrays, numbers, booleans) to and
 * from tfjs's named weight tensors, one tensor per leaf named `<variable>/<path>`.
 */
import { invalidRange, invalidType } from '../core/errors.js';
import type { TfNamedTensor, TfNamespace } from './tf-types.js';

type Leaf = Float32Array | Float64Array | number | boolean;

/** The leaves of a plain-data state with their paths ('0.mu', 'count', …), in a fixed order. */
export function stateLeaves(state: unknown, path = ''): [string, Leaf][] {
  if (state instanceof Float32Array || state instanceof Float64Array || typeof state === 'number' || typeof state === 'boolean') return [[path, state]];
  if (state !== null && typeof state === 'object' && !ArrayBuffer.isView(state)) {
    return Object.entries(state).flatMap(([k, v]) => stateLeaves(v, path === '' ? k : `${path}.${k}`));
  }
  throw invalidType('tfjsOptimizer.getWeights', `state${path ? '.' + path : ''}`, 'plain data (objects, arrays, Float32Array/Float64Array, numbers, booleans)', state);
}

/** Each leaf as a tensor named `<prefix>/<path>` (typed arrays 1-D float32, numbers and booleans scalars). */
export function stateToTensors(tf: TfNamespace, prefix: string, state: unknown): TfNamedTensor[] {
  return stateLeaves(state).map(([path, v]) => ({
    name: `${prefix}/${path}`,
    tensor: typeof v === 'number' || typeof v === 'boolean' ? tf.scalar(Number(v), 'float32') : tf.tensor(Float32Array.from(v), [v.length], 'float32'),
  }));
}

/**
 * A copy of `template` with every leaf read from `values` (name `<prefix>/<path>` → its numbers).
 * Returns undefined when none of the leaves is there; a RangeError when only some are, or a size differs.
 */
export function stateFromValues(template: unknown, prefix: string, values: Map<string, Float32Array>): unknown {
  const leaves = stateLeaves(template);
  const found = leaves.filter(([path]) => values.has(`${prefix}/${path}`)).length;
  if (found === 0) return undefined;
  if (found < leaves.length) {
    const missing = leaves.find(([path]) => !values.has(`${prefix}/${path}`))![0];
    throw invalidRange('tfjsOptimizer.setWeights', 'weightValues', `every weight of variable '${prefix}' (missing '${prefix}/${missing}')`, `${found} of ${leaves.length}`);
  }
  const rebuild = (node: unknown, path: string): unknown => {
    const name = `${prefix}/${path}`;
    if (typeof node === 'number') return values.get(name)![0];
    if (typeof node === 'boolean') return values.get(name)![0] !== 0;
    if (node instanceof Float32Array || node instanceof Float64Array) {
      const v = values.get(name)!;
      if (v.length !== node.length) throw invalidRange('tfjsOptimizer.setWeights', `weightValues '${name}'`, `a tensor of ${node.length} values`, v.length);
      return node instanceof Float32Array ? Float32Array.from(v) : Float64Array.from(v);
    }
    const entries = Object.entries(node as object).map(([k, v]) => [k, rebuild(v, path === '' ? k : `${path}.${k}`)] as const);
    return Array.isArray(node) ? entries.map(([, v]) => v) : Object.fromEntries(entries);
  };
  return rebuild(template, '');
}
