// Post-merge check (run by hand on a GPU machine, from the folder benchmarks/cuda-device-pack.sh makes, with OUT set):
import { arrayRef, createKernelPool, matrixRef, sharedArray } from 'sublinear/workers';
import { writeFileSync } from 'node:fs';
const pool = createKernelPool({ threads: 4, atomics: 'async' });
const statuses = await Promise.all(Array.from({ length: 8 }, () => pool.run('cuda.status', null)));
const n = 300, m = 517, d = 129, mk = (k) => { const a = sharedArray('float32', k); for (let i = 0; i < k; i++) a[i] = Math.sin(i * 0.37); return a; };
const X = { rows: n, cols: d, data: mk(n * d) }, W = { rows: m, cols: d, data: mk(m * d) };
const C1 = { rows: n, cols: m, data: sharedArray('float32', n * m) }, C2 = { rows: n, cols: m, data: sharedArray('float32', n * m) };
const r1 = await pool.run('cuda.innerProducts', { X: matrixRef(X), W: matrixRef(W), C: matrixRef(C1), backend: 'cuda' });
const r2 = await pool.run('cuda.innerProducts', { X: matrixRef(X), W: matrixRef(W), C: matrixRef(C2), backend: 'js' });
let num = 0, den = 0; for (let i = 0; i < n * m; i++) { num += (C1.data[i] - C2.data[i]) ** 2; den += C2.data[i] ** 2; }
const out = { available: statuses.filter((s) => s.available).length, of: statuses.length, device: statuses[0].device, backends: [r1.backend, r2.backend], relErr: Math.sqrt(num / den) };
console.log(JSON.stringify(out));
writeFileSync(`${process.env.OUT}/cuda-pool-check.json`, JSON.stringify(out, null, 2) + '\n');
await pool.close();
