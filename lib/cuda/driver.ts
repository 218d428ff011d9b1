/**
 * The CUDA driver API through koffi: libcuda.so.1 (or SUBLINEAR_CUDA_LIBRARY) is opened once per
 * thread, and each call is checked so that a failure throws a {@link CudaError} naming the driver's
 * error code (CUDA_ERROR_NO_DEVICE, …). Only synchronous koffi calls: the CUDA context is current on
 * the calling thread alone. Private: index.ts and context.ts use it, nothing else does.
 */
import { nodeEnv, requireNodeBuiltin } from '../core/node-builtins.js';

/**
 * The part of koffi this package calls. Declared here rather than imported from koffi's types, so the
 * published declarations type-check where the optional koffi is not installed.
 */
export interface KoffiApi {
  load(path: string): { func(prototype: string): unknown };
  alloc(type: string, count: number): unknown;
  view(pointer: unknown, bytes: number): ArrayBuffer;
}

/**
 * koffi (an optional dependency), loaded on first use so that a platform without it, or without its
 * binary, is a reason CUDA is unavailable, not a crash. Throws 'koffi not installed …' when absent.
 */
export function loadKoffi(): KoffiApi {
  const { createRequire } = requireNodeBuiltin('node:module', 'sublinear/cuda', 'CUDA loads the driver through koffi');
  try {
    return createRequire(import.meta.url)('koffi') as KoffiApi;
  } catch (e) {
    if ((e as { code?: string }).code === 'MODULE_NOT_FOUND') throw new Error('koffi not installed (it is an optional dependency: npm install koffi to use CUDA)');
    throw e;
  }
}

/** A failed driver call: `code` is the CUresult, `name` its CUDA_ERROR_* name. */
export class CudaError extends Error {
  constructor(readonly call: string, readonly code: number, readonly errorName: string) {
    super(`${call} failed with ${errorName} (${code})`);
    this.name = 'CudaError';
  }
}

/** The driver functions this package uses, each already checked (throws CudaError). */
export interface Driver {
  library: string;
  init(): void;
  deviceCount(): number;
  device(ordinal: number): number;
  deviceName(device: number): string;
  attribute(device: number, attribute: number): number;
  retainPrimaryContext(device: number): bigint;
  setCurrent(context: bigint): void;
  loadModule(ptx: string): bigint;
  getFunction(module: bigint, name: string): bigint;
  alloc(bytes: number): bigint;
  free(pointer: bigint): void;
  copyToDevice(dst: bigint, src: ArrayBufferView, bytes: number): void;
  copyToHost(dst: ArrayBufferView, src: bigint, bytes: number): void;
  launch(fn: bigint, grid: [number, number, number], block: [number, number, number], sharedBytes: number, params: bigint): void;
  synchronize(): void;
  createEvent(): bigint;
  recordEvent(event: bigint): void;
  elapsedMs(start: bigint, end: bigint): number;
}

/** Device attribute numbers (CUdevice_attribute). */
export const ATTRIBUTE = { multiprocessors: 16, clockKHz: 13, major: 75, minor: 76 } as const;

/** Opens the driver library and binds its functions; throws (plain Error) when it cannot be loaded. */
export function openDriver(library = nodeEnv('SUBLINEAR_CUDA_LIBRARY') || 'libcuda.so.1'): Driver {
  const lib = loadKoffi().load(library);
  const f = (proto: string) => lib.func(proto) as (...args: unknown[]) => number;
  const getErrorName = f('int cuGetErrorName(int error, _Out_ const char **name)');
  const check = (call: string, code: number): void => {
    if (code === 0) return;
    const out: (string | null)[] = [null];
    let name = `CUDA_ERROR_${code}`;
    try { if (getErrorName(code, out) === 0 && out[0]) name = out[0]; } catch { /* keep the number */ }
    throw new CudaError(call, code, name);
  };
  const cuInit = f('int cuInit(unsigned int flags)');
  const cuDeviceGetCount = f('int cuDeviceGetCount(_Out_ int *count)');
  const cuDeviceGet = f('int cuDeviceGet(_Out_ int *device, int ordinal)');
  const cuDeviceGetName = f('int cuDeviceGetName(_Out_ uint8_t *name, int len, int device)');
  const cuDeviceGetAttribute = f('int cuDeviceGetAttribute(_Out_ int *value, int attribute, int device)');
  const cuDevicePrimaryCtxRetain = f('int cuDevicePrimaryCtxRetain(_Out_ void **context, int device)');
  const cuCtxSetCurrent = f('int cuCtxSetCurrent(void *context)');
  const cuModuleLoadData = f('int cuModuleLoadData(_Out_ void **module, const char *image)');
  const cuModuleGetFunction = f('int cuModuleGetFunction(_Out_ void **fn, void *module, const char *name)');
  const cuMemAlloc = f('int cuMemAlloc_v2(_Out_ uint64_t *pointer, size_t bytes)');
  const cuMemFree = f('int cuMemFree_v2(uint64_t pointer)');
  const cuMemcpyHtoD = f('int cuMemcpyHtoD_v2(uint64_t dst, const void *src, size_t bytes)');
  const cuMemcpyDtoH = f('int cuMemcpyDtoH_v2(void *dst, uint64_t src, size_t bytes)');
  const cuLaunchKernel = f('int cuLaunchKernel(void *fn, unsigned int gx, unsigned int gy, unsigned int gz, unsigned int bx, unsigned int by, unsigned int bz, unsigned int shared, void *stream, void *params, void *extra)');
  const cuCtxSynchronize = f('int cuCtxSynchronize()');
  const cuEventCreate = f('int cuEventCreate(_Out_ void **event, unsigned int flags)');
  const cuEventRecord = f('int cuEventRecord(void *event, void *stream)');
  const cuEventSynchronize = f('int cuEventSynchronize(void *event)');
  let cuEventElapsedTime: (...args: unknown[]) => number;
  try { cuEventElapsedTime = f('int cuEventElapsedTime_v2(_Out_ float *ms, void *start, void *end)'); } catch {
    cuEventElapsedTime = f('int cuEventElapsedTime(_Out_ float *ms, void *start, void *end)');
  }
  const one = <T>(call: string, fn: (...args: unknown[]) => number, ...args: unknown[]): T => {
    const out: unknown[] = [null];
    check(call, fn(out, ...args));
    return out[0] as T;
  };
  const asBigInt = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(v as number));
  return {
    library,
    init: () => check('cuInit', cuInit(0)),
    deviceCount: () => one<number>('cuDeviceGetCount', cuDeviceGetCount),
    device: (ordinal) => one<number>('cuDeviceGet', cuDeviceGet, ordinal),
    deviceName: (device) => {
      const buf = new Uint8Array(256);
      check('cuDeviceGetName', cuDeviceGetName(buf, buf.length, device));
      const end = buf.indexOf(0);
      return Buffer.from(buf.subarray(0, end < 0 ? buf.length : end)).toString('utf8');
    },
    attribute: (device, attribute) => one<number>('cuDeviceGetAttribute', cuDeviceGetAttribute, attribute, device),
    retainPrimaryContext: (device) => asBigInt(one('cuDevicePrimaryCtxRetain', cuDevicePrimaryCtxRetain, device)),
    setCurrent: (context) => check('cuCtxSetCurrent', cuCtxSetCurrent(context)),
    loadModule: (ptx) => asBigInt(one('cuModuleLoadData', cuModuleLoadData, ptx)),
    getFunction: (module, name) => asBigInt(one('cuModuleGetFunction', cuModuleGetFunction, module, name)),
    alloc: (bytes) => asBigInt(one('cuMemAlloc', cuMemAlloc, Math.max(bytes, 16))),
    free: (pointer) => check('cuMemFree', cuMemFree(pointer)),
    copyToDevice: (dst, src, bytes) => { if (bytes > 0) check('cuMemcpyHtoD', cuMemcpyHtoD(dst, src, bytes)); },
    copyToHost: (dst, src, bytes) => { if (bytes > 0) check('cuMemcpyDtoH', cuMemcpyDtoH(dst, src, bytes)); },
    launch: (fn, grid, block, sharedBytes, params) =>
      check('cuLaunchKernel', cuLaunchKernel(fn, grid[0], grid[1], grid[2], block[0], block[1], block[2], sharedBytes, null, params, null)),
    synchronize: () => check('cuCtxSynchronize', cuCtxSynchronize()),
    createEvent: () => asBigInt(one('cuEventCreate', cuEventCreate, 0)),
    recordEvent: (event) => check('cuEventRecord', cuEventRecord(event, null)),
    elapsedMs: (start, end) => {
      check('cuEventSynchronize', cuEventSynchronize(end));
      return one<number>('cuEventElapsedTime', cuEventElapsedTime, start, end);
    },
  };
}
