/**
 * Held-out inputs of the implicit network: their products with W₀, taken while the network builds
 * (W₀ is never stored), and with the training inputs, so f on them at the current weights comes from
 * C alone: ⟨w_r, x'_j⟩ = ⟨w₀_r, x'_j⟩ + Σ_i C[r, i] ⟨x_i, x'_j⟩. Trusted (the trainers validate).
 */
import { gemmNT } from '../../core/blas.js';
import type { FloatArray } from '../../core/matrix.js';
import { sharedBuffer } from '../../core/shared-buffer.js';
import type { LeafDtype } from './blocked-leaves.js';
import type { TrainingInputs } from './inputs.js';

/** initial[j·m + r0 + c] = z[j·rows + c]: a block's products (t × rows) into the t × m products. */
export function writeHeldOutBlock(initial: FloatArray, t: number, m: number, z: Float64Array, r0: number, rows: number): void {
  for (let j = 0; j < t; j++) initial.set(z.subarray(j * rows, (j + 1) * rows), j * m + r0);
}

export class HeldOutProducts {
  readonly count: number;
  /** ⟨w₀_r, x'_j⟩, t × m (row j for held-out input j). */
  private readonly initial: FloatArray;
  /** ⟨x_i, x'_j⟩, n × t. */
  private readonly cross: Float64Array;

  constructor(private readonly held: TrainingInputs, train: TrainingInputs, private readonly width: number, dtype: LeafDtype) {
    const t = held.count;
    this.count = t;
    this.initial = dtype === 'float32' ? new Float32Array(sharedBuffer(4 * t * width)) : new Float64Array(sharedBuffer(8 * t * width));
    this.cross = new Float64Array(train.count * t);
    gemmNT(train.count, t, train.dim, train.dense(), held.dense(), this.cross);
  }

  /** Takes the products of W₀'s rows r0 … r0 + rows − 1 (given row-major) with the held-out inputs. */
  addInitialBlock(r0: number, rows: number, block: Float64Array): void {
    writeHeldOutBlock(this.initial, this.count, this.width, this.held.leafValues(block, rows), r0, rows);
  }

  /** What a pool's worker needs to take a block's products: the held-out unit rows and the t × m products (shared memory). */
  sharedParts(): { x: Float64Array; count: number; initial: FloatArray } {
    return { x: this.held.dense(), count: this.count, initial: this.initial };
  }

  /** f on the held-out inputs for coefficients C (m × n), signs a and shift b: O(m n + nnz(C)·t). */
  outputs(C: FloatArray, n: number, signs: Float64Array, b: number): Float64Array {
    const t = this.count, m = this.width, initial = this.initial, cross = this.cross;
    const f = new Float64Array(t), z = new Float64Array(t), nz = new Int32Array(n);
    for (let r = 0; r < m; r++) {
      let k = 0;
      for (let i = 0; i < n; i++) if (C[r * n + i] !== 0) nz[k++] = i;
      for (let j = 0; j < t; j++) z[j] = initial[j * m + r];
      for (let q = 0; q < k; q++) { const i = nz[q], c = C[r * n + i]; for (let j = 0; j < t; j++) z[j] += c * cross[i * t + j]; }
      const a = signs[r];
      for (let j = 0; j < t; j++) if (z[j] >= b) f[j] += a * (z[j] - b);
    }
    const scale = 1 / Math.sqrt(m);
    for (let j = 0; j < t; j++) f[j] *= scale;
    return f;
  }
}
