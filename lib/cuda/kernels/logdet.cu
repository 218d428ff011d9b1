// Banded LogDet (SONew) factor and apply. H's band is n x (b + 1), row-major: band[j (b+1) + k] =
// H[j, j + k] (entries past n ignored; every diagonal entry > 0). For column j, I = {j+1 .. j+m},
// m = min(b, n-1-j): psi = H[I, I]^-1 H[I, j], s = H[j, j] - H[j, I] psi, L[I, j] = -psi,
// D[j] = 1 / s, X = L D L^T. One thread per column, the m x m Cholesky in float64 (m <= 8).
// The rule of sublinear/logdet's factor kernel (lib/logdet/kernels.ts, factorBandedColumns, with
// no scaling and no diagonal floor), step for step in the same order: I is cut to its longest
// prefix whose Cholesky pivots exceed delta times their diagonal and whose Schur complement s
// exceeds delta H[j, j], then shortened while some |psi| exceeds the storage's largest finite value;
// the edges past it are dropped (L = 0 there) and dropped[j] = 1. D[j] = min(1 / s, that value).
// Output: L is n x b, L[j b + k - 1] = L[j + k, j]. __host__ too, so that a host build can check
// it against the module kernel without a GPU (property-tests/cuda-backend.test.ts).
#define MAX_BAND 8

template <typename T>
__host__ __device__ void factorColumnAt(const T* __restrict__ band, int n, int b, double delta, double maxEntry,
                                        T* __restrict__ L, T* __restrict__ D, int* __restrict__ dropped, int j) {
  const int w = b + 1;
  const int m = (n - 1 - j) < b ? (n - 1 - j) : b;
  const long long base = (long long)j * w;
  const double hjj = (double)band[base];
  double C[MAX_BAND][MAX_BAND], R[MAX_BAND], W[MAX_BAND], P[MAX_BAND];
  double s = hjj;
  int kept = 0;
  for (int k = 0; k < m; ++k) {
    const double akk = (double)band[(long long)(j + 1 + k) * w];
    double pivot = akk;
    for (int i = 0; i < k; ++i) {
      double v = (double)band[(long long)(j + 1 + i) * w + (k - i)];
      for (int l = 0; l < i; ++l) v -= C[k][l] * C[i][l];
      v *= R[i];
      C[k][i] = v;
      pivot -= v * v;
    }
    if (!(pivot > delta * akk)) break;
    const double rk = 1.0 / sqrt(pivot);
    R[k] = rk;
    double wk = (double)band[base + k + 1];
    for (int l = 0; l < k; ++l) wk -= C[k][l] * W[l];
    wk *= rk;
    const double sNext = s - wk * wk;
    if (!(sNext > delta * hjj)) break;
    W[k] = wk;
    s = sNext;
    kept = k + 1;
  }
  for (;;) {
    bool fits = true;
    for (int k = kept - 1; k >= 0; --k) {
      double v = W[k];
      for (int l = k + 1; l < kept; ++l) v -= C[l][k] * P[l];
      v *= R[k];
      P[k] = v;
      if (!(fabs(v) <= maxEntry)) fits = false;
    }
    if (fits) break;
    --kept;
    s = hjj;
    for (int k = 0; k < kept; ++k) s -= W[k] * W[k];
  }
  const double d = 1.0 / s;
  D[j] = (T)(d < maxEntry ? d : maxEntry);
  for (int k = 0; k < b; ++k) L[(long long)j * b + k] = k < kept ? (T)(-P[k]) : T(0);
  dropped[j] = kept < m ? 1 : 0;
}

template <typename T>
__device__ void factorColumn(const T* __restrict__ band, int n, int b, double delta, double maxEntry,
                             T* __restrict__ L, T* __restrict__ D, int* __restrict__ dropped) {
  const int j = blockIdx.x * blockDim.x + threadIdx.x;
  if (j < n) factorColumnAt<T>(band, n, b, delta, maxEntry, L, D, dropped, j);
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
  factorColumn<float>(band, n, b, delta, 3.4028234663852886e38, L, D, dropped);
}
extern "C" __global__ void logdet_factor_f64(const double* band, int n, int b, double delta, double* L, double* D, int* dropped) {
  factorColumn<double>(band, n, b, delta, 1.7976931348623157e308, L, D, dropped);
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
