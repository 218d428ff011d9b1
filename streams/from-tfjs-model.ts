import { identity, Observable, Subject, type OperatorFunction } from 'rxjs';
import { checkInteger, checkOptions, invalidRange, invalidType } from '../lib/core/errors.js';
import { checkKnownKeys } from '../lib/tfjs/tf-types.js';
import type { GradientEvent } from './event.js';
import { trampoline } from './trampoline.js';
import { NonFiniteError } from './fail-on-non-finite.js';

// The parts of tfjs that fromTfjsModel uses, declared here by their shape rather than imported from
// @tensorflow/tfjs-core: tfjs is an optional peer, and these declarations are what keeps
// `sublinear/streams`' types free of it (a project without tfjs type-checks them, skipLibCheck or not).
// tfjs's own tensors, variables and namespace fit them.

/** The members of a tfjs tensor that fromTfjsModel reads (a tf.Tensor has them). */
export interface TfjsTensorLike {
  readonly shape: number[];
  readonly dtype: string;
  readonly size: number;
  dataSync(): ArrayLike<number>;
}

/** The members of a tfjs variable that fromTfjsModel uses (a tf.Variable has them). */
export interface TfjsVariableLike extends TfjsTensorLike {
  readonly name: string;
  readonly trainable: boolean;
  assign(value: TfjsTensorLike): void;
}

/** The members of the tfjs namespace that fromTfjsModel calls: pass `import * as tf from '@tensorflow/tfjs'` (or tfjs-core with a backend). */
export interface TfjsLike {
  /** The engine, whose registered variables are the default `variables`. */
  engine(): { readonly registeredVariables: { readonly [name: string]: TfjsVariableLike } };
  /** The value of `f` and its gradients with respect to `varList`, by variable name. */
  variableGrads(f: () => TfjsTensorLike, varList?: TfjsVariableLike[]): { value: TfjsTensorLike; grads: { [name: string]: TfjsTensorLike } };
  /** Disposes the tensors in `container` (here, an array of tensors). */
  dispose(container: unknown): void;
  /** Runs `fn`, disposing the tensors it made. */
  tidy(fn: () => void): void;
  /** A float32 tensor of `shape` holding `values`. */
  tensor(values: Float32Array, shape: number[], dtype: 'float32'): TfjsTensorLike;
}

/** Where each variable sits in the flat vectors of a TfjsGradientEvent. */
export interface TfjsSlot {
  readonly name: string;
  readonly shape: readonly number[];
  /** First index in the flat vector. */
  readonly offset: number;
  readonly size: number;
}

/**
 * One step of a tfjs model as a gradient event: all trainable variables flattened into one float32
 * vector, in `layout` order. `loss` is taken before this step's update; `params` holds the variables
 * before the update as the pipeline sees it, after it as the source emits it; `update` is set by the
 * pipeline (e.g. applyTransform(sonew(…))). Every array is the event's own copy.
 */
export interface TfjsGradientEvent extends GradientEvent<Float32Array> {
  readonly params: Float32Array;
  readonly layout: readonly TfjsSlot[];
}

/** Options of fromTfjsModel. */
export interface FromTfjsModelOptions {
  /** The loss: a function returning a tf.Scalar, differentiated by tf.variableGrads. */
  loss: () => TfjsTensorLike;
  /** The variables to differentiate (default: every trainable registered variable at subscription). */
  variables?: TfjsVariableLike[];
  /** Steps to run (integer ≥ 0, default 100). */
  steps?: number;
  /**
   * Gradient events in, events with `update` out, one for one (e.g. `applyTransform(sonew({ lr }))`),
   * possibly asynchronous: the next gradient is taken after the update of this one is applied.
   * Without a pipeline the source only observes: the variables are not changed.
   */
  pipeline?: OperatorFunction<TfjsGradientEvent, TfjsGradientEvent>;
}

/**
 * The gradients of a tfjs model as a stream of gradient events (like trainingLoop, with tfjs
 * computing loss and gradients; tfjs is an optional peer: pass your `tf`): at each step it takes the loss and the
 * gradients of all `variables` (tf.variableGrads), flattens them into one vector, sends the event
 * through `pipeline`, adds the update that comes back to the variables in float32, and emits the
 * event. Cold: each subscription trains the same variables further. Errors the stream with a
 * NonFiniteError at a NaN or ±Infinity loss; stops computing when unsubscribed.
 * @param tf the tfjs namespace. @param options see FromTfjsModelOptions.
 * @returns an Observable of TfjsGradientEvent.
 * @throws {TypeError} tf not tfjs, loss not a function, variables not tf.Variables (or not float32).
 * @throws {RangeError} steps not an integer ≥ 0, an unknown option.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { fromTfjsModel } from 'sublinear/streams';
 * const w = tf.variable(tf.tensor([1, 2]));
 * // tfjs-core alone registers no gradients; customGrad gives this loss its own (@tensorflow/tfjs has them all)
 * const half = tf.customGrad((x) => ({ value: tf.mul(tf.dot(x as tf.Tensor1D, x as tf.Tensor1D), 0.5), gradFunc: (dy) => tf.mul(dy, x) }));
 * fromTfjsModel(tf, { loss: () => half(w) as tf.Scalar, variables: [w], steps: 2 })
 *   .subscribe((e) => console.log(e.step, e.loss, e.gradient)); // observes: w is not changed
 * ```
 */
export function fromTfjsModel(tf: TfjsLike, options: FromTfjsModelOptions): Observable<TfjsGradientEvent> {
  const fn = 'fromTfjsModel';
  checkTfjsLike(fn, tf);
  const o = checkOptions(fn, 'options', options);
  checkKnownKeys(fn, 'options', o, ['loss', 'variables', 'steps', 'pipeline']);
  if (typeof o.loss !== 'function') throw invalidType(fn, 'options.loss', 'a function returning a tf.Scalar', o.loss);
  const steps = checkInteger(fn, 'options.steps', o.steps ?? 100);
  if (o.variables !== undefined) checkVariables(fn, o.variables);
  const pipeline = o.pipeline ?? identity;
  if (typeof pipeline !== 'function') throw invalidType(fn, 'options.pipeline', 'an RxJS operator', pipeline);

  return new Observable<TfjsGradientEvent>((subscriber) => {
    const variables = o.variables ?? Object.values(tf.engine().registeredVariables).filter((v) => v.trainable);
    try { checkVariables(fn, variables); } catch (e) { subscriber.error(e); return; }
    let offset = 0;
    const layout: TfjsSlot[] = variables.map((v) => { const slot = Object.freeze({ name: v.name, shape: Object.freeze([...v.shape]), offset, size: v.size }); offset += v.size; return slot; });
    const total = offset;
    const input = new Subject<TfjsGradientEvent>();
    let step = 0;

    const runStep = () => {
      if (subscriber.closed) return;
      let event: TfjsGradientEvent;
      try {
        const { value, grads } = tf.variableGrads(o.loss, variables);
        const loss = value.dataSync()[0];
        const gradient = new Float32Array(total), params = new Float32Array(total);
        for (const [i, v] of variables.entries()) {
          gradient.set(grads[v.name].dataSync() as Float32Array, layout[i].offset);
          params.set(v.dataSync() as Float32Array, layout[i].offset);
        }
        tf.dispose([value, ...Object.values(grads)]);
        if (!Number.isFinite(loss)) throw new NonFiniteError(step, 'loss', loss);
        event = Object.freeze({ step, loss, gradient, params, layout });
      } catch (error) {
        subscriber.error(error);
        return;
      }
      input.next(event);
    };
    const next = trampoline(runStep, () => subscriber.closed);

    subscriber.add(input.pipe(pipeline).subscribe({
      next: (event) => {
        let out = event;
        if (event.update !== undefined) {
          const u: unknown = event.update;
          if (!(u instanceof Float32Array || u instanceof Float64Array) || u.length !== total) {
            subscriber.error(invalidRange(fn, 'pipeline output .update', `a Float32Array of length ${total}`, u));
            return;
          }
          const after = Float32Array.from(event.params);
          for (let i = 0; i < total; i++) after[i] += u[i];
          // slice, not subarray: the cpu backend keeps the array it is given, and params belongs to the event
          variables.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(after.slice(layout[i].offset, layout[i].offset + layout[i].size), v.shape, 'float32'))));
          out = { ...event, params: after };
        }
        subscriber.next(out);
        if (++step >= steps) subscriber.complete();
        else next();
      },
      error: (error) => subscriber.error(error),
      complete: () => subscriber.complete(),
    }));
    if (steps === 0) subscriber.complete();
    else next();
    return () => input.complete();
  });
}

/** A TypeError unless `tf` has the members of TfjsLike that fromTfjsModel calls (the check matches the declared type). */
function checkTfjsLike(fn: string, tf: unknown): void {
  const t = tf as Partial<Record<keyof TfjsLike, unknown>> | null;
  const members: (keyof TfjsLike)[] = ['engine', 'variableGrads', 'dispose', 'tidy', 'tensor'];
  if (t === null || typeof t !== 'object' || !members.every((m) => typeof t[m] === 'function')) {
    throw invalidType(fn, 'tf', "the tfjs namespace (import * as tf from '@tensorflow/tfjs'): an object with engine, variableGrads, dispose, tidy and tensor", tf);
  }
}

function checkVariables(fn: string, variables: unknown): void {
  if (!Array.isArray(variables)) throw invalidType(fn, 'options.variables', 'an array of tf.Variables', variables);
  variables.forEach((v: Partial<TfjsVariableLike>, i) => {
    if (v === null || typeof v !== 'object' || typeof v.assign !== 'function' || typeof v.name !== 'string') throw invalidType(fn, `options.variables[${i}]`, 'a tf.Variable', v);
    if (v.dtype !== 'float32') throw invalidType(fn, `options.variables[${i}].dtype`, "'float32'", v.dtype);
  });
}
