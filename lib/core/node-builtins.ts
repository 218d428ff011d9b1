/**
 * Node built-ins without an import. Portable modules never import `node:*` at load, so they bundle
 * for browsers; the few Node-only paths (CUDA through koffi, MNIST's JSON files) ask for a built-in
 * when they run, through `process.getBuiltinModule` (Node ≥ 20.16), which is synchronous, so their
 * APIs stay synchronous. Outside Node they get `undefined` and report that they need Node.
 */
import type * as ChildProcess from 'node:child_process';
import type * as Fs from 'node:fs';
import type * as NodeModule from 'node:module';
import type * as Path from 'node:path';
import type * as Url from 'node:url';

/** The built-ins the package may ask for, by specifier. */
export interface NodeBuiltins {
  'node:child_process': typeof ChildProcess;
  'node:fs': typeof Fs;
  'node:module': typeof NodeModule;
  'node:path': typeof Path;
  'node:url': typeof Url;
}

interface NodeProcess {
  getBuiltinModule?: (id: string) => unknown;
  env?: Record<string, string | undefined>;
  versions?: { node?: string };
}

function nodeProcess(): NodeProcess | undefined {
  const p = (globalThis as { process?: NodeProcess }).process;
  return typeof p === 'object' && p !== null && typeof p.versions?.node === 'string' ? p : undefined;
}

/** True when running under Node.js with `process.getBuiltinModule` (Node ≥ 20.16). */
export function hasNodeBuiltins(): boolean {
  return typeof nodeProcess()?.getBuiltinModule === 'function';
}

/** The Node built-in `id`, or `undefined` outside Node (or on a Node without getBuiltinModule). */
export function nodeBuiltin<K extends keyof NodeBuiltins>(id: K): NodeBuiltins[K] | undefined {
  const p = nodeProcess();
  return typeof p?.getBuiltinModule === 'function' ? (p.getBuiltinModule(id) as NodeBuiltins[K]) : undefined;
}

/**
 * The Node built-in `id`; outside Node, an Error that names the caller.
 * @throws {Error} `<fn> needs Node.js ≥ 20.16 (<why>); this runtime has no <id>.`
 */
export function requireNodeBuiltin<K extends keyof NodeBuiltins>(id: K, fn: string, why: string): NodeBuiltins[K] {
  const m = nodeBuiltin(id);
  if (m === undefined) throw new Error(`${fn} needs Node.js ≥ 20.16 (${why}); this runtime has no ${id}.`);
  return m;
}

/** An environment variable under Node; `undefined` elsewhere. */
export function nodeEnv(name: string): string | undefined {
  return nodeProcess()?.env?.[name];
}
