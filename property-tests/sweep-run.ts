/**
 * Runs the bad-input sweep inside a worker thread (sweep-worker.mjs), reporting each probe to the test
 * (sweep.test.ts) before it starts, so the test can end a probe that hangs and name it.
 */
import { parentPort } from 'node:worker_threads';
import * as workers from 'sublinear/workers';
import { matrix } from 'sublinear/core';
import { createSketch } from 'sublinear/sketch';
import { checkProbe, outcome, probesOf, type Entry } from './sweep-kit.js';
import { coreEntries, f64, fakePool, m22 } from './sweep-table-core.js';
import { banded, moduleEntries } from './sweep-table-modules.js';
import { inverse, upperEntries } from './sweep-table-upper.js';

export const SUBPATHS = ['core', 'cuda', 'data', 'kron', 'logdet', 'maxtree', 'nn', 'optim', 'sketch', 'streams', 'testing', 'workers'] as const;

const alias = (fn: string, valid: () => unknown[], args: Entry['args'], options: number, probes: Entry['probes']): Entry => ({ fn, valid, args, options, probes });
const workersEntries: Record<string, Entry> = {
  KernelTaskError: { errorClass: true },
  createKernelPool: {
    args: [], probes: () => [
      { label: 'options not an object', args: () => [42], error: 'TypeError', arg: 'options' },
      { label: 'thread misspelt', args: () => [{ thread: 2 }], error: 'RangeError', arg: 'thread' },
      { label: 'threads 0', args: () => [{ threads: 0 }], error: 'RangeError', arg: 'options.threads' },
      { label: 'missing task module', args: () => [{ taskModules: ['/no/such/module.mjs'] }], error: 'RangeError', arg: 'options.taskModules[0]' },
      { label: 'onError not a function', args: () => [{ onError: 5 }], error: 'TypeError', arg: 'options.onError' },
    ],
  },
  parallelMatmul: alias('parallelMatmul', () => [fakePool, m22(), m22(), {}], [['pool', 'pool'], ['A', 'matrix'], ['B', 'matrix'], ['options', 'options']], 3,
    () => [{ label: "transposeB: 'no'", args: () => [fakePool, m22(), m22(), { transposeB: 'no' }], error: 'TypeError', arg: 'options.transposeB' }]),
  parallelKronMatVec: alias('parallelKronMatVec', () => [fakePool, [m22()], [1, 2], {}], [['pool', 'pool'], ['factors', 'arrays'], ['x', 'array'], ['options', 'options']], 3,
    () => [{ label: "transpose: 'no'", args: () => [fakePool, [m22()], [1, 2], { transpose: 'no' }], error: 'TypeError', arg: 'options.transpose' }]),
  parallelSketchApply: alias('parallelSketchApply', () => [fakePool, createSketch({ kind: 'gaussian', rows: 2, cols: 2, seed: 1 }), matrix([[1], [2]]), {}],
    [['pool', 'pool'], ['sketch', 'object'], ['A', 'matrix'], ['options', 'options']], 3, () => []),
  parallelLogDetInverse: alias('parallelLogDetInverse', () => [fakePool, banded(), {}], [['pool', 'pool'], ['H', 'object'], ['options', 'options']], 2,
    () => [{ label: 'threshold NaN', args: () => [fakePool, banded(), { threshold: NaN }], error: 'RangeError', arg: 'options.threshold' }]),
  parallelLogDetApply: alias('parallelLogDetApply', () => [fakePool, inverse(), [1, 2], {}], [['pool', 'pool'], ['X', 'object'], ['v', 'array'], ['options', 'options']], 3,
    () => [{ label: 'v NaN', args: () => [fakePool, inverse(), [NaN, 1]], error: 'RangeError', arg: 'v[0]' }]),
};
for (const name of ['arrayRef', 'isShared', 'matrixOf', 'matrixRef', 'runBlocks', 'sharedArray', 'sharedMatrix', 'splitRange', 'toShared', 'toSharedMatrix', 'viewOf']) {
  workersEntries[name] = coreEntries[name];
}
// A valid pooled alias would run tasks: with the fake pool its valid call must reject, so only the probes run.
for (const name of ['parallelMatmul', 'parallelKronMatVec', 'parallelSketchApply', 'parallelLogDetInverse', 'parallelLogDetApply']) {
  const e = workersEntries[name];
  workersEntries[name] = { ...e, validRejects: true };
}

/** Every entry, by subpath and export name (member entries such as 'BandedMatrix.zeros' after their export). */
export const ENTRIES: Record<string, Record<string, Entry>> = {
  core: coreEntries, workers: workersEntries, ...moduleEntries, ...upperEntries,
};

type Report = { type: 'start'; label: string } | { type: 'result'; label: string; failure?: string } | { type: 'done'; probes: number; exports: number; failures: string[] };
const post = (r: Report) => parentPort!.postMessage(r);

/** The target of an entry: the export, or a member of one ('BandedMatrix.zeros'). */
function targetOf(mod: Record<string, unknown>, name: string, entry: Entry): unknown {
  if (entry.call) return entry.call;
  if (name in mod) return mod[name];
  const [head, ...rest] = name.split('.');
  return rest.reduce((v: unknown, k) => (v as Record<string, unknown>)?.[k], mod[head]);
}

export async function runSweep(): Promise<void> {
  const failures: string[] = [];
  let probes = 0, exports = 0;
  for (const sub of SUBPATHS) {
    const mod = (await import(`sublinear/${sub}`)) as Record<string, unknown>;
    const entries = ENTRIES[sub] ?? {};
    for (const name of Object.keys(mod)) {
      exports++;
      if (!(name in entries)) failures.push(`sublinear/${sub}: export ${name} has no sweep entry (add one to property-tests/sweep-table-*.ts)`);
    }
    for (const [name, entry] of Object.entries(entries)) {
      const head = name.split('.')[0];
      if (!(head in mod)) { failures.push(`sublinear/${sub}: sweep entry ${name} names no export`); continue; }
      const target = targetOf(mod, name, entry);
      const label = `sublinear/${sub} ${name}`;
      if (entry.value) {
        probes++;
        post({ type: 'start', label: `${label}: value` });
        try { entry.value(target); } catch (e) { failures.push(`${label}: ${(e as Error).message}`); }
        continue;
      }
      if (entry.errorClass) {
        probes++;
        if (!(typeof target === 'function' && target.prototype instanceof Error)) failures.push(`${label}: not an Error subclass`);
        continue;
      }
      if (typeof target !== 'function') { failures.push(`${label}: not a function`); continue; }
      if (entry.valid) {
        probes++;
        post({ type: 'start', label: `${label}: valid call` });
        const args = entry.valid();
        const run = () => (entry.construct ? new (target as new (...a: unknown[]) => unknown)(...args) : (target as (...a: unknown[]) => unknown)(...args));
        const { error, threw } = await outcome(run);
        const rejects = entry.validRejects === true;
        if (threw && !(rejects && /fake pool/.test(String((error as Error)?.message)))) failures.push(`${label}: the valid call failed: ${(error as Error)?.message ?? String(error)}`);
      }
      for (const probe of probesOf(name, entry, target)) {
        probes++;
        const probeLabel = `${label}: ${probe.label}`;
        post({ type: 'start', label: probeLabel });
        const failure = await checkProbe(probe);
        if (failure) failures.push(`${probeLabel}: ${failure}`);
      }
    }
  }
  // The root entry re-exports each subpath as a namespace: the very same module objects.
  const root = (await import('sublinear')) as Record<string, unknown>;
  for (const name of Object.keys(root)) {
    exports++; probes++;
    const sub = (await import(`sublinear/${name}`).catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!sub || Object.keys(sub).join() !== Object.keys(root[name] as object).join()) failures.push(`sublinear: export ${name} is not the namespace of sublinear/${name}`);
  }
  post({ type: 'done', probes, exports, failures });
}

export { f64, workers };
