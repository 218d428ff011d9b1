/**
 * sublinear/core's kernel backends: the WebAssembly SIMD backend (embedded in the package, no fetch,
 * no fs) loads in Node and in browsers; its GEMM matches the scalar js reference.
 */
import { backendStatus, getBackend, kernelsReady, matmul, Rng, setBackend } from 'sublinear/core';

export async function run(): Promise<string[]> {
  await kernelsReady(); // compiles the wasm module asynchronously where a page refuses to do it synchronously
  const active = getBackend();
  const rng = new Rng(9), m = 33, k = 70, n = 17;
  const A = { rows: m, cols: k, data: rng.fillGaussian(new Float64Array(m * k)) };
  const B = { rows: k, cols: n, data: rng.fillGaussian(new Float64Array(k * n)) };
  const onWasm = matmul(A, B).data;
  setBackend('js');
  const onJs = matmul(A, B).data;
  setBackend('auto');
  let worst = 0;
  for (let i = 0; i < onJs.length; i++) worst = Math.max(worst, Math.abs(onWasm[i] - onJs[i]) / Math.max(1, Math.abs(onJs[i])));
  return [
    `backend: ${active} (registered: ${backendStatus().registered.join(', ')})`,
    `33 × 70 × 17 GEMM, wasm against js: ${worst <= 1e-12 ? 'agree' : `DIFFER by ${worst}`} to 1e-12`,
  ];
}
