// Fast Walsh-Hadamard transform (unnormalized, natural order) of `batch` vectors of length N = 2^k,
// each contiguous, in place. The transform is a product of commuting butterfly stages, one per bit:
// fwht_shared runs every stage with stride h < chunk inside shared memory (one block per chunk of
// `chunk` consecutive entries), fwht_global one stage with stride h >= chunk over device memory.
template <typename T>
__device__ void butterflyChunk(T* __restrict__ data, int chunk) {
  extern __shared__ __align__(16) unsigned char raw[];
  T* s = reinterpret_cast<T*>(raw);
  T* p = data + (long long)blockIdx.x * chunk;
  for (int i = threadIdx.x; i < chunk; i += blockDim.x) s[i] = p[i];
  __syncthreads();
  for (int h = 1; h < chunk; h <<= 1) {
    for (int q = threadIdx.x; q < chunk / 2; q += blockDim.x) {
      const int i = (q / h) * 2 * h + (q % h);
      const T a = s[i], b = s[i + h];
      s[i] = a + b;
      s[i + h] = a - b;
    }
    __syncthreads();
  }
  for (int i = threadIdx.x; i < chunk; i += blockDim.x) p[i] = s[i];
}

template <typename T>
__device__ void butterflyStage(T* __restrict__ data, long long pairs, int N, int h) {
  const long long q = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (q >= pairs) return;
  const long long v = q / (N / 2);
  const long long r = q % (N / 2);
  const long long i = v * N + (r / h) * 2 * h + (r % h);
  const T a = data[i], b = data[i + h];
  data[i] = a + b;
  data[i + h] = a - b;
}

extern "C" __global__ void fwht_shared_f32(float* data, int chunk) { butterflyChunk<float>(data, chunk); }
extern "C" __global__ void fwht_shared_f64(double* data, int chunk) { butterflyChunk<double>(data, chunk); }
extern "C" __global__ void fwht_global_f32(float* data, long long pairs, int N, int h) { butterflyStage<float>(data, pairs, N, h); }
extern "C" __global__ void fwht_global_f64(double* data, long long pairs, int N, int h) { butterflyStage<double>(data, pairs, N, h); }
