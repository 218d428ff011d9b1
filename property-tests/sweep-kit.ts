/**
 * The machinery of the bad-input sweep (property-tests/sweep.test.ts): the shape of a sweep entry,
 * the probes generated from it, and the checks every probe must pass. A probe is one bad call; it
 * passes when the call throws (or its Promise rejects) with the expected class, a message naming the
 * called function and the argument, within its time bound, without an allocation jump for a huge
 * size, and with every input byte-identical afterwards.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';

/** What kind of value an argument takes: each kind has a value of the wrong kind (WRONG_KIND). */
export type Kind = 'matrix' | 'array' | 'typed' | 'number' | 'string' | 'options' | 'function' | 'boolean' | 'object' | 'pool' | 'arrays';

/** A value of the wrong kind for each argument kind: all must give a TypeError. */
export const WRONG_KIND: Record<Kind, unknown> = {
  matrix: 42, array: 'abc', typed: [1, 2], number: '1', string: 42, options: 42, function: 42,
  boolean: 'no', object: 42, pool: { threads: 1 }, arrays: 'abc',
};

/** More values of the wrong kind per argument kind, drawn by fast-check with the package's fixed seed. */
const OTHER_KINDS: Record<Kind, fc.Arbitrary<unknown>> = {
  matrix: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.constant({})),
  array: fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.constant({})),
  typed: fc.oneof(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 4 }), fc.string(), fc.constant(null)),
  number: fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.bigInt()),
  string: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant({})),
  options: fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.constant([])),
  function: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.constant({})),
  boolean: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant({})),
  object: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
  pool: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.constant({ run: 1, threads: 1 })),
  arrays: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.constant([42])),
};

/** The wrong-kind values tried for an argument of `kind`: the fixed one, two drawn ones and a Symbol (which breaks naive string formatting). */
export function wrongKinds(kind: Kind, seed: number): unknown[] {
  return [WRONG_KIND[kind], ...fc.sample(OTHER_KINDS[kind], { seed, numRuns: 2 }), Symbol('wrong kind')];
}

/** One bad call and what it must throw. */
export interface Probe {
  label: string;
  /** The bad call (arguments built fresh for each run). */
  call: () => unknown;
  /** The inputs to snapshot before and compare after (byte-identical). */
  inputs?: () => unknown[];
  /** Expected error class name: 'TypeError', 'RangeError', or a subclass name such as 'NonFiniteError'. */
  error: string;
  /** The called function's name, which the message must contain. */
  fn: string;
  /** The argument's name, which the message must contain. */
  arg?: string;
  /** A huge size: must refuse in < HUGE_MS with no allocation jump. */
  huge?: boolean;
}

/**
 * A probe written in an entry: `args` builds the arguments (snapshotted before, compared after);
 * the call is the entry's, or `call` applied to the built arguments (a method of a structure built
 * in `args`, whose state is then compared too).
 */
export interface ProbeSpec {
  label: string;
  args?: () => unknown[];
  call?: (...built: any[]) => unknown;
  error: string;
  arg?: string;
  fn?: string;
  huge?: boolean;
}

/** The sweep entry of one export. */
export interface Entry {
  /** The name the messages use (default: the export's name). */
  fn?: string;
  /** A non-function export (a constant, a namespace): a check of its value. */
  value?: (v: unknown) => void;
  /** An Error subclass: checked to extend Error (its instances are what other probes expect). */
  errorClass?: boolean;
  /** A class called with `new`. */
  construct?: boolean;
  /** A valid argument list: the call must succeed (checked first, so the probes built on it are meaningful). */
  valid?: () => unknown[];
  /** Argument names and kinds: each position gets a wrong-kind probe built on `valid`. */
  args?: readonly (readonly [name: string, kind: Kind])[];
  /** Position of an options object (in `valid`) that must refuse an unknown key. */
  options?: number;
  /** Further probes: non-finite values, wrong shapes, out-of-range and huge sizes, methods of results. */
  probes?: () => ProbeSpec[];
  /** A member of an export to call instead of the export itself ('BandedMatrix.zeros'). */
  call?: (...args: never[]) => unknown;
  /** The valid call rejects by design (a pooled alias on the sweep's fake pool): only its probes count. */
  validRejects?: boolean;
}

export const HUGE_MS = 50;
export const PROBE_MS = 2000;

/** The probes of an entry for the export `target` named `name`. */
export function probesOf(name: string, entry: Entry, target: unknown, seed = 20261123): Probe[] {
  const fn = entry.fn ?? name;
  const invoke = (args: unknown[]) => (entry.construct ? new (target as new (...a: unknown[]) => unknown)(...args) : (target as (...a: unknown[]) => unknown)(...args));
  const probes: Probe[] = [];
  const { valid, args = [] } = entry;
  if (valid) {
    args.forEach(([argName, kind], i) => {
      wrongKinds(kind, seed + i).forEach((wrong, w) => {
        const make = () => { const a = valid(); a[i] = wrong; return a; };
        let built: unknown[] = [];
        probes.push({
          label: `${argName}: wrong kind #${w} (${kind})`,
          call: () => invoke(built), inputs: () => (built = make()), error: 'TypeError', fn, arg: argName,
        });
      });
    });
    if (entry.options !== undefined) {
      const at = entry.options;
      let built: unknown[] = [];
      probes.push({
        label: 'options: an unknown key',
        call: () => invoke(built),
        inputs: () => { built = valid(); built[at] = { ...(built[at] as object ?? {}), bogusKey: 1 }; return built; },
        error: 'RangeError', fn, arg: 'bogusKey',
      });
    }
  }
  for (const p of entry.probes?.() ?? []) {
    let built: unknown[] = [];
    probes.push({
      label: p.label,
      call: p.call ? () => p.call!(...built) : () => invoke(built),
      inputs: p.args ? () => (built = p.args!()) : undefined,
      error: p.error, fn: p.fn ?? fn, arg: p.arg, huge: p.huge,
    });
  }
  return probes;
}

/**
 * Fields that are working memory, not state: reusable output buffers and the stamp counter a
 * structure uses to detect repeated indices (they may change on any call, refused or not).
 */
const SCRATCH_KEYS = new Set(['scratch', 'stamps', 'stamp', 'work']);

/** A deep, comparable copy of a value: typed arrays by bytes, objects by own enumerable keys, functions by identity. */
export function snapshot(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? value : Object.is(value, -0) ? '-0' : value;
  if (seen.has(value)) return seen.get(value);
  if (ArrayBuffer.isView(value)) {
    // Small arrays by their bytes (a readable diff), large ones by a 64-bit digest of their bytes.
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    if (bytes.length <= 4096) return { type: value.constructor.name, bytes: Array.from(bytes) };
    let h1 = 0x811c9dc5, h2 = 0x01000193;
    for (let i = 0; i < bytes.length; i++) { h1 = Math.imul(h1 ^ bytes[i], 0x01000193); h2 = Math.imul(h2 + bytes[i], 0x85ebca6b) ^ (h2 >>> 13); }
    return { type: value.constructor.name, length: bytes.length, digest: [h1 >>> 0, h2 >>> 0] };
  }
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  out['#class'] = (value as object).constructor?.name;
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === 'string' && SCRATCH_KEYS.has(key) && !Array.isArray(value)) continue;
    const d = Object.getOwnPropertyDescriptor(value, key)!;
    if ('value' in d) out[String(key)] = snapshot(d.value, seen);
  }
  return out;
}

/** Runs `call` and returns what it threw or rejected with (undefined if it succeeded), and its duration. */
export async function outcome(call: () => unknown, ms = PROBE_MS): Promise<{ error: unknown; threw: boolean; ms: number }> {
  const start = performance.now();
  try {
    const r = call();
    const elapsed = performance.now() - start;
    if (r !== null && typeof r === 'object' && typeof (r as PromiseLike<unknown>).then === 'function') {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms (the Promise never settled)`)), ms); });
      try {
        await Promise.race([r, timeout]);
        return { error: undefined, threw: false, ms: elapsed };
      } catch (error) {
        return { error, threw: true, ms: elapsed };
      } finally {
        clearTimeout(timer);
      }
    }
    return { error: undefined, threw: false, ms: elapsed };
  } catch (error) {
    return { error, threw: true, ms: performance.now() - start };
  }
}

/** Why a probe failed, or undefined when it passed. */
export async function checkProbe(p: Probe): Promise<string | undefined> {
  const inputs = p.inputs?.() ?? [];
  const before = snapshot(inputs);
  const memBefore = process.memoryUsage();
  const first = await outcome(p.call);
  const memAfter = process.memoryUsage();
  const { error, threw } = first;
  let ms = first.ms;
  // On a shared, loaded machine one run can lose its time slice: a huge-size probe gets a second run
  // for its time bound (still both must refuse).
  if (p.huge && threw && ms > HUGE_MS) {
    p.inputs?.();
    ms = Math.min(ms, (await outcome(p.call)).ms);
  }
  if (!threw) return 'accepted (no error)';
  const name = error instanceof Error ? error.constructor.name : typeof error;
  if (name !== p.error && !(error instanceof Error && error.name === p.error)) return `threw ${name} (${error instanceof Error ? error.message : String(error)}), expected ${p.error}`;
  const message = error instanceof Error ? error.message : '';
  if (!message.includes(p.fn)) return `message does not name ${p.fn}: ${message}`;
  if (p.arg !== undefined && !message.includes(p.arg)) return `message does not name ${p.arg}: ${message}`;
  if (p.huge && ms > HUGE_MS) return `a huge size took ${ms.toFixed(1)} ms to refuse (> ${HUGE_MS} ms)`;
  if (ms > PROBE_MS) return `took ${ms.toFixed(0)} ms`;
  if (p.huge) {
    const grew = memAfter.arrayBuffers - memBefore.arrayBuffers;
    if (grew > 8 * 2 ** 20) return `array buffers grew by ${(grew / 2 ** 20).toFixed(1)} MiB before the refusal`;
    const rss = memAfter.rss - memBefore.rss;
    if (rss > 64 * 2 ** 20) return `the resident set grew by ${(rss / 2 ** 20).toFixed(1)} MiB before the refusal`;
  }
  try {
    const after = snapshot(inputs);
    assert.deepStrictEqual(after, before);
  } catch {
    return 'an input or structure changed although the call was refused';
  }
  return undefined;
}
