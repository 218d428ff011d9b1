/**
 * Per-thread CUDA state. The first use on a thread opens the driver, picks device 0, retains its
 * primary context, makes it current on this thread, and loads every PTX module; any failure is kept
 * as the reason CUDA is unavailable on this thread (never thrown from cudaStatus). Each worker thread
 * runs this once for itself, since module state is per thread.
 */
import { hasNodeBuiltins, nodeEnv } from '../core/node-builtins.js';
import { ATTRIBUTE, loadKoffi, openDriver, type Driver } from './driver.js';
import { KERNELS, type ParamKind } from './kernels.js';
import { readAllPtx } from './ptx.js';

/** What {@link cudaStatus} reports. */
export interface CudaStatus {
  /** True when the driver, a device and every kernel module loaded on this thread. */
  available: boolean;
  /** The device's name and compute capability, e.g. "NVIDIA H200 (sm_90, 132 SMs)"; null if none. */
  device: string | null;
  /** Why CUDA is unavailable (null when it is available). */
  reason: string | null;
}

/** A loaded context: the driver, the functions by entry name, and a reusable argument block. */
export interface CudaContext {
  driver: Driver;
  functions: Map<string, bigint>;
  multiprocessors: number;
  argBlock: DataView;
  argPointers: bigint;
  argBase: bigint;
}

const MAX_PARAMS = 16;
let state: { status: CudaStatus; context: CudaContext | null } | null = null;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function open(): { status: CudaStatus; context: CudaContext | null } {
  if (!hasNodeBuiltins()) return unavailable('not running under Node.js ≥ 20.16 (CUDA loads libcuda through koffi)');
  if (nodeEnv('SUBLINEAR_CUDA') === 'off') return unavailable('disabled by SUBLINEAR_CUDA=off');
  try { loadKoffi(); } catch (e) { return unavailable(describe(e)); }
  let driver: Driver;
  try { driver = openDriver(); } catch (e) { return unavailable(`cannot load the CUDA driver library (${nodeEnv('SUBLINEAR_CUDA_LIBRARY') || 'libcuda.so.1'}): ${describe(e)}`); }
  let device: number;
  let name: string;
  let multiprocessors: number;
  try {
    driver.init();
    if (driver.deviceCount() < 1) return unavailable('no CUDA device');
    device = driver.device(0);
    name = driver.deviceName(device);
    const major = driver.attribute(device, ATTRIBUTE.major);
    const minor = driver.attribute(device, ATTRIBUTE.minor);
    multiprocessors = driver.attribute(device, ATTRIBUTE.multiprocessors);
    name = `${name} (sm_${major}${minor}, ${multiprocessors} SMs)`;
    driver.setCurrent(driver.retainPrimaryContext(device));
  } catch (e) { return unavailable(`no usable CUDA device: ${describe(e)}`); }
  const functions = new Map<string, bigint>();
  try {
    const ptx = readAllPtx();
    for (const [file, entries] of Object.entries(KERNELS)) {
      const module = driver.loadModule(ptx[file]);
      for (const entry of Object.keys(entries)) functions.set(entry, driver.getFunction(module, entry));
    }
  } catch (e) { return { status: { available: false, device: name, reason: `cannot load the kernels: ${describe(e)}` }, context: null }; }
  const koffi = loadKoffi();
  const argBase = koffi.alloc('uint64_t', MAX_PARAMS) as bigint;
  const argPointers = koffi.alloc('uint64_t', MAX_PARAMS) as bigint;
  const pointers = new BigUint64Array(koffi.view(argPointers, 8 * MAX_PARAMS));
  for (let i = 0; i < MAX_PARAMS; i++) pointers[i] = argBase + BigInt(8 * i);
  const argBlock = new DataView(koffi.view(argBase, 8 * MAX_PARAMS));
  return { status: { available: true, device: name, reason: null }, context: { driver, functions, multiprocessors, argBlock, argPointers, argBase } };
}

function unavailable(reason: string): { status: CudaStatus; context: null } {
  return { status: { available: false, device: null, reason }, context: null };
}

/** This thread's CUDA state, opened on first use. */
export function cudaState(): { status: CudaStatus; context: CudaContext | null } {
  state ??= open();
  return state;
}

/** Launches `entry` with `args` packed by its declared parameter kinds (device pointers as bigint). */
export function launch(ctx: CudaContext, entry: string, grid: number | [number, number, number], block: number,
  args: (number | bigint)[], sharedBytes = 0): void {
  const file = Object.values(KERNELS).find((k) => entry in k)!;
  const kinds: ParamKind[] = file[entry];
  const view = ctx.argBlock;
  kinds.forEach((kind, i) => {
    const v = args[i];
    const at = 8 * i;
    if (kind === 'ptr') view.setBigUint64(at, v as bigint, true);
    else if (kind === 'i64') view.setBigInt64(at, BigInt(v), true);
    else if (kind === 'i32') view.setInt32(at, Number(v), true);
    else if (kind === 'f32') view.setFloat32(at, Number(v), true);
    else view.setFloat64(at, Number(v), true);
  });
  const g: [number, number, number] = typeof grid === 'number' ? [grid, 1, 1] : grid;
  ctx.driver.launch(ctx.functions.get(entry)!, g, [block, 1, 1], sharedBytes, ctx.argPointers);
}
