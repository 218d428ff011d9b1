// Mode product, the step of kronMatVec: X is a row-major tensor viewed as pre x p x post, A is q x p
// (row-major), Y = X x_mode A is pre x q x post with Y[a, i, c] = sum_j A[i, j] X[a, j, c].
// (A_1 (x) ... (x) A_k) vec_r(X) applies one such product per mode. One thread per output entry,
// consecutive threads along c so the reads of X and the writes of Y are coalesced; float64 sums.
template <typename T>
__device__ void modeProduct(const T* __restrict__ X, const T* __restrict__ A, T* __restrict__ Y,
                            long long pre, int p, int q, long long post) {
  const long long e = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (e >= pre * q * post) return;
  const long long c = e % post;
  const long long t = e / post;
  const int i = (int)(t % q);
  const long long a = t / q;
  const T* x = X + a * p * post + c;
  const T* arow = A + (long long)i * p;
  double v = 0.0;
  for (int j = 0; j < p; ++j) v += (double)arow[j] * (double)x[(long long)j * post];
  Y[e] = (T)v;
}

extern "C" __global__ void kron_mode_product_f32(const float* X, const float* A, float* Y, long long pre, int p, int q, long long post) {
  modeProduct<float>(X, A, Y, pre, p, q, post);
}
extern "C" __global__ void kron_mode_product_f64(const double* X, const double* A, double* Y, long long pre, int p, int q, long long post) {
  modeProduct<double>(X, A, Y, pre, p, q, post);
}
