// Peak arithmetic rate probe (for benchmarks only): each thread runs 16 independent chains of
// x = x * a + b for `iters` steps, 2 flops per fma; the sum is written so nothing is elided.
template <typename T>
__device__ void fmaChains(T* out, int iters, T a, T b) {
  T x[16];
#pragma unroll
  for (int k = 0; k < 16; ++k) x[k] = (T)(threadIdx.x + k);
  for (int it = 0; it < iters; ++it) {
#pragma unroll
    for (int k = 0; k < 16; ++k) x[k] = fma(x[k], a, b);
  }
  T s = 0;
#pragma unroll
  for (int k = 0; k < 16; ++k) s += x[k];
  out[(long long)blockIdx.x * blockDim.x + threadIdx.x] = s;
}

extern "C" __global__ void peak_fma_f32(float* out, int iters, float a, float b) { fmaChains<float>(out, iters, a, b); }
extern "C" __global__ void peak_fma_f64(double* out, int iters, double a, double b) { fmaChains<double>(out, iters, a, b); }
