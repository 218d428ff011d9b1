/**
 * Trusted LU kernels (partial pivoting) for the factors of kronSolve: factor once, then solve blocks of
 * right-hand sides stored as rows, so a mode of a Kronecker solve runs with contiguous inner loops.
 */

/**
 * In-place LU with partial pivoting of the n × n row-major `a`: P A = L U, L unit lower (below the
 * diagonal), U on and above it; piv[k] is the row swapped with row k at step k. Returns −1, or the
 * first k whose pivot |u_kk| is ≤ n·ε·max|a_ij| (numerically singular).
 */
export function luInPlace(n: number, a: Float64Array, piv: Int32Array): number {
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]));
  const tol = n * Number.EPSILON * scale;
  let singular = -1;
  for (let k = 0; k < n; k++) {
    let pr = k, best = Math.abs(a[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]);
      if (v > best) { best = v; pr = i; }
    }
    piv[k] = pr;
    if (pr !== k) {
      for (let j = 0; j < n; j++) { const t = a[k * n + j]; a[k * n + j] = a[pr * n + j]; a[pr * n + j] = t; }
    }
    if (!(best > tol)) {
      if (singular < 0) singular = k;
      continue;
    }
    const pivot = a[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const l = (a[i * n + k] /= pivot);
      if (l === 0) continue;
      for (let j = k + 1; j < n; j++) a[i * n + j] -= l * a[k * n + j];
    }
  }
  return singular;
}

/**
 * Solves A Z = B in place for the n × R block B at b[offset …] (row i at offset + i·R), with A's LU
 * from luInPlace: row swaps, then forward and back substitution on whole rows.
 */
export function luSolveRows(n: number, R: number, lu: Float64Array, piv: Int32Array, b: Float64Array, offset: number): void {
  for (let k = 0; k < n; k++) {
    const pr = piv[k];
    if (pr === k) continue;
    const rk = offset + k * R, rp = offset + pr * R;
    for (let r = 0; r < R; r++) { const t = b[rk + r]; b[rk + r] = b[rp + r]; b[rp + r] = t; }
  }
  for (let i = 1; i < n; i++) {
    const ri = offset + i * R;
    for (let j = 0; j < i; j++) {
      const c = lu[i * n + j];
      if (c === 0) continue;
      const rj = offset + j * R;
      for (let r = 0; r < R; r++) b[ri + r] -= c * b[rj + r];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = offset + i * R;
    for (let j = i + 1; j < n; j++) {
      const c = lu[i * n + j];
      if (c === 0) continue;
      const rj = offset + j * R;
      for (let r = 0; r < R; r++) b[ri + r] -= c * b[rj + r];
    }
    const d = lu[i * n + i];
    for (let r = 0; r < R; r++) b[ri + r] /= d;
  }
}
