// Banded LogDet (SONew) factor and apply. H's band is n x (b + 1), row-major: band[j (b+1) + k] =
// H[j, j + k] (entries past n ignored). For column j, I = {j+1 .. min(j+b, n-1)} (r = |I| entries):
// psi = H[I, I]^-1 H[I, j], s = H[j, j] - H[j, I] psi, L[I, j] = -psi, D[j] = 1 / s, X = L D L^T.
// One thread per column; the r x r system is solved by Cholesky in float64 registers (r <= 8).
// Ill-conditioned column (a Cholesky pivot <= 0, or s <= delta H[j, j]): its edges are dropped
// (psi = 0, D[j] = 1 / H[j, j]) and dropped[j] = 1. Output: L is n x b, L[j b + k - 1] = L[j + k, j].
#define MAX_BAND 8

template <typename T>
__device__ void factorColumn(const T* __restrict__ band, int n, int b, double delta,
                             T* __restrict__ L, T* __restrict__ D, int* __restrict__ dropped) {
  const int j = blockIdx.x * blockDim.x + threadIdx.x;
  if (j >= n) return;
  const int w = b + 1;
  const int r = min(b, n - 1 - j);
  const double hjj = (double)band[(long long)j * w];
  double A[MAX_BAND][MAX_BAND], y[MAX_BAND], psi[MAX_BAND];
#pragma unroll
  for (int p = 0; p < MAX_BAND; ++p) {
    y[p] = p < r ? (double)band[(long long)j * w + 1 + p] : 0.0;
#pragma unroll
    for (int q = 0; q < MAX_BAND; ++q) {
      const int lo = min(p, q), dist = abs(p - q);
      A[p][q] = (p < r && q < r) ? (double)band[(long long)(j + 1 + lo) * w + dist] : (p == q ? 1.0 : 0.0);
    }
  }
  bool ok = true;
  // Cholesky A = G G^T in place (lower triangle), then G z = y, G^T psi = z.
#pragma unroll
  for (int c = 0; c < MAX_BAND; ++c) {
    double diag = A[c][c];
#pragma unroll
    for (int k = 0; k < c; ++k) diag -= A[c][k] * A[c][k];
    ok = ok && diag > 0.0;
    const double g = sqrt(fmax(diag, 1e-300));
    A[c][c] = g;
#pragma unroll
    for (int p = c + 1; p < MAX_BAND; ++p) {
      double v = A[p][c];
#pragma unroll
      for (int k = 0; k < c; ++k) v -= A[p][k] * A[c][k];
      A[p][c] = v / g;
    }
  }
#pragma unroll
  for (int p = 0; p < MAX_BAND; ++p) {
    double v = y[p];
#pragma unroll
    for (int k = 0; k < p; ++k) v -= A[p][k] * psi[k];
    psi[p] = v / A[p][p];
  }
#pragma unroll
  for (int p = MAX_BAND - 1; p >= 0; --p) {
    double v = psi[p];
#pragma unroll
    for (int k = p + 1; k < MAX_BAND; ++k) v -= A[k][p] * psi[k];
    psi[p] = v / A[p][p];
  }
  double s = hjj;
#pragma unroll
  for (int p = 0; p < MAX_BAND; ++p) s -= y[p] * psi[p];
  const bool drop = r > 0 && (!ok || !(s > delta * hjj));
  for (int p = 0; p < b; ++p) L[(long long)j * b + p] = (p < r && !drop) ? (T)(-psi[p]) : T(0);
  D[j] = (T)(1.0 / (drop || r == 0 ? hjj : s));
  dropped[j] = drop ? 1 : 0;
}

// y = D L^T g: y[j] = D[j] (g[j] + sum_k L[j + k, j] g[j + k]).
template <typename T>
__device__ void applyUpper(const T* __restrict__ L, const T* __restrict__ D, int n, int b,
                           const T* __restrict__ g, T* __restrict__ y) {
  const int j = blockIdx.x * blockDim.x + threadIdx.x;
  if (j >= n) return;
  double v = (double)g[j];
  for (int k = 1; k <= b && j + k < n; ++k) v += (double)L[(long long)j * b + k - 1] * (double)g[j + k];
  y[j] = (T)((double)D[j] * v);
}

// u = L y: u[i] = y[i] + sum_k L[i, i - k] y[i - k].
template <typename T>
__device__ void applyLower(const T* __restrict__ L, int n, int b, const T* __restrict__ y, T* __restrict__ u) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  double v = (double)y[i];
  for (int k = 1; k <= b && i - k >= 0; ++k) v += (double)L[(long long)(i - k) * b + k - 1] * (double)y[i - k];
  u[i] = (T)v;
}

extern "C" __global__ void logdet_factor_f32(const float* band, int n, int b, double delta, float* L, float* D, int* dropped) {
  factorColumn<float>(band, n, b, delta, L, D, dropped);
}
extern "C" __global__ void logdet_factor_f64(const double* band, int n, int b, double delta, double* L, double* D, int* dropped) {
  factorColumn<double>(band, n, b, delta, L, D, dropped);
}
extern "C" __global__ void logdet_apply_upper_f32(const float* L, const float* D, int n, int b, const float* g, float* y) {
  applyUpper<float>(L, D, n, b, g, y);
}
extern "C" __global__ void logdet_apply_upper_f64(const double* L, const double* D, int n, int b, const double* g, double* y) {
  applyUpper<double>(L, D, n, b, g, y);
}
extern "C" __global__ void logdet_apply_lower_f32(const float* L, int n, int b, const float* y, float* u) {
  applyLower<float>(L, n, b, y, u);
}
extern "C" __global__ void logdet_apply_lower_f64(const double* L, int n, int b, const double* y, double* u) {
  applyLower<double>(L, n, b, y, u);
}
