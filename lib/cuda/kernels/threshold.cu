// Threshold query over n rows of m values (row i starts at values + offset + i * stride; on a max
// tree's leaves: offset M, stride 2M): every j with values[i, j] >= tau, ascending. Two passes:
// count (one block per row), an exclusive scan of the counts on the host, then compact (one block
// per row, an order-keeping block-wide scan of the flags, chunk by chunk).
template <typename T>
__device__ void countRow(const T* __restrict__ values, int n, int m, long long stride, long long offset,
                         T tau, int* __restrict__ counts) {
  __shared__ int warpSums[32];
  const T* row = values + offset + blockIdx.x * stride;
  int c = 0;
  for (int j = threadIdx.x; j < m; j += blockDim.x) c += row[j] >= tau;
  for (int o = 16; o > 0; o >>= 1) c += __shfl_down_sync(0xffffffffu, c, o);
  if ((threadIdx.x & 31) == 0) warpSums[threadIdx.x >> 5] = c;
  __syncthreads();
  if (threadIdx.x == 0) {
    int total = 0;
    for (int w = 0; w < (int)(blockDim.x >> 5); ++w) total += warpSums[w];
    counts[blockIdx.x] = total;
  }
}

template <typename T>
__device__ void compactRow(const T* __restrict__ values, int n, int m, long long stride, long long offset,
                           T tau, const long long* __restrict__ rowStart, int* __restrict__ out) {
  __shared__ int warpSums[33];
  const T* row = values + offset + blockIdx.x * stride;
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  long long base = rowStart[blockIdx.x];
  for (int j0 = 0; j0 < m; j0 += blockDim.x) {
    const int j = j0 + threadIdx.x;
    const bool hit = j < m && row[j] >= tau;
    const unsigned ballot = __ballot_sync(0xffffffffu, hit);
    if (lane == 0) warpSums[warp] = __popc(ballot);
    __syncthreads();
    if (threadIdx.x == 0) {
      int run = 0;
      for (int w = 0; w < warps; ++w) { const int c = warpSums[w]; warpSums[w] = run; run += c; }
      warpSums[32] = run;
    }
    __syncthreads();
    if (hit) out[base + warpSums[warp] + __popc(ballot & ((1u << lane) - 1u))] = j;
    base += warpSums[32];
    __syncthreads();
  }
}

extern "C" __global__ void threshold_count_f32(const float* v, int n, int m, long long stride, long long offset, float tau, int* counts) {
  countRow<float>(v, n, m, stride, offset, tau, counts);
}
extern "C" __global__ void threshold_count_f64(const double* v, int n, int m, long long stride, long long offset, double tau, int* counts) {
  countRow<double>(v, n, m, stride, offset, tau, counts);
}
extern "C" __global__ void threshold_compact_f32(const float* v, int n, int m, long long stride, long long offset, float tau, const long long* rowStart, int* out) {
  compactRow<float>(v, n, m, stride, offset, tau, rowStart, out);
}
extern "C" __global__ void threshold_compact_f64(const double* v, int n, int m, long long stride, long long offset, double tau, const long long* rowStart, int* out) {
  compactRow<double>(v, n, m, stride, offset, tau, rowStart, out);
}
