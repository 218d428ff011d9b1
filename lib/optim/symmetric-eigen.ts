/**
 * Trusted kernels: the eigendecomposition of a small symmetric matrix (Householder reduction to
 * tridiagonal form, then the implicit QL method: the tred2/tql2 pair of EISPACK as JAMA writes it,
 * O(n³) with a small constant, backward stable) and the damped inverse p-th root built on it.
 * lib/sketch's symmetricEigenvalues (cyclic Jacobi) gives eigenvalues only; Shampoo needs vectors.
 */

/**
 * A = V diag(d) Vᵀ for the symmetric n×n row-major `a` (only read). Returns the eigenvalues `d`
 * (ascending) and V (n×n row-major, column j the eigenvector of d[j]).
 */
export function symmetricEigen(n: number, a: ArrayLike<number>): { values: Float64Array; vectors: Float64Array } {
  const V = new Float64Array(n * n), d = new Float64Array(n), e = new Float64Array(n);
  for (let i = 0; i < n * n; i++) V[i] = a[i];
  if (n === 0) return { values: d, vectors: V };
  tred2(n, V, d, e);
  tql2(n, V, d, e);
  return { values: d, vectors: V };
}

function tred2(n: number, V: Float64Array, d: Float64Array, e: Float64Array): void {
  for (let j = 0; j < n; j++) d[j] = V[(n - 1) * n + j];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0, h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) { d[j] = V[(i - 1) * n + j]; V[i * n + j] = 0; V[j * n + i] = 0; }
    } else {
      for (let k = 0; k < i; k++) { d[k] /= scale; h += d[k] * d[k]; }
      let f = d[i - 1], g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g; h -= f * g; d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j]; V[j * n + i] = f; g = e[j] + V[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) { g += V[k * n + j] * d[k]; e[k] += V[k * n + j] * f; }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) { e[j] /= h; f += e[j] * d[j]; }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j]; g = e[j];
        for (let k = j; k <= i - 1; k++) V[k * n + j] -= f * e[k] + g * d[k];
        d[j] = V[(i - 1) * n + j]; V[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    V[(n - 1) * n + i] = V[i * n + i]; V[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k * n + i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k * n + i + 1] * V[k * n + j];
        for (let k = 0; k <= i; k++) V[k * n + j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) { d[j] = V[(n - 1) * n + j]; V[(n - 1) * n + j] = 0; }
  V[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

function tql2(n: number, V: Float64Array, d: Float64Array, e: Float64Array): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0, tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && !(Math.abs(e[m]) <= eps * tst1)) m++;
    if (m > l) {
      let iter = 0;
      do {
        iter++;
        let g = d[l], p = (d[l + 1] - g) / (2 * e[l]), r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1, c2 = c, c3 = c, s = 0, s2 = 0;
        const el1 = e[l + 1];
        for (let i = m - 1; i >= l; i--) {
          c3 = c2; c2 = c; s2 = s;
          g = c * e[i]; h = c * p; r = Math.hypot(p, e[i]);
          e[i + 1] = s * r; s = e[i] / r; c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          for (let k = 0; k < n; k++) {
            const vk = k * n;
            h = V[vk + i + 1];
            V[vk + i + 1] = s * V[vk + i] + c * h;
            V[vk + i] = c * V[vk + i] - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p; d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1 && iter < 64);
    }
    d[l] += f; e[l] = 0;
  }
  // Ascending order, vectors with their values (selection sort: n is small).
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    for (let j = i + 1; j < n; j++) if (d[j] < d[k]) k = j;
    if (k !== i) {
      const t = d[k]; d[k] = d[i]; d[i] = t;
      for (let r = 0; r < n; r++) { const v = V[r * n + i]; V[r * n + i] = V[r * n + k]; V[r * n + k] = v; }
    }
  }
}

/**
 * out (n×n) ← (S + δI)^(−1/p) for the symmetric positive semi-definite S, with δ = eps·λ_max(S)
 * (damping relative to the largest eigenvalue; negative rounding-error eigenvalues count as 0). All-
 * zero (or non-positive) statistics give the identity. Returns λ_max.
 */
export function dampedInverseRoot(n: number, S: ArrayLike<number>, p: number, eps: number, out: Float64Array, outOffset = 0): number {
  const { values, vectors } = symmetricEigen(n, S);
  const top = n > 0 ? values[n - 1] : 0;
  if (!(top > 0)) {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[outOffset + i * n + j] = i === j ? 1 : 0;
    return top;
  }
  const delta = eps * top, w = new Float64Array(n);
  for (let k = 0; k < n; k++) w[k] = (Math.max(values[k], 0) + delta) ** (-1 / p);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += vectors[i * n + k] * w[k] * vectors[j * n + k];
      out[outOffset + i * n + j] = s;
      out[outOffset + j * n + i] = s;
    }
  }
  return top;
}
