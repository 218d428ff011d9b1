// Max-tree rebuild. n trees lie back to back, each 2M slots (M a power of two): leaves at [M, 2M),
// node k's children at 2k and 2k + 1, slot 0 unused. One launch reduces `span` consecutive nodes of
// level `base` (nodes [base, 2 base)) through log2(span) levels in shared memory, writing every
// ancestor it forms; the host repeats with base /= span until the root is written.
// Block b handles tree t = b / (base / span), nodes base + s span ... with s = b % (base / span).
template <typename T>
__device__ __forceinline__ void rebuildSpan(T* __restrict__ tree, int M, int base, int span) {
  extern __shared__ __align__(16) unsigned char raw[];
  T* s = reinterpret_cast<T*>(raw);
  const int blocksPerTree = base / span;
  const long long t = blockIdx.x / blocksPerTree;
  const int first = base + (blockIdx.x % blocksPerTree) * span;
  T* root = tree + t * 2LL * M;
  // blockDim.x == span / 2: each thread forms at most one node per level.
  const int i = threadIdx.x;
  s[2 * i] = root[first + 2 * i];
  s[2 * i + 1] = root[first + 2 * i + 1];
  __syncthreads();
  int width = span, node = first;
  while (width > 1) {
    width >>= 1;
    node >>= 1;
    T v = T(0);
    if (i < width) {
      v = max(s[2 * i], s[2 * i + 1]);
      root[node + i] = v;
    }
    __syncthreads();  // every read of this level before any write of the next
    if (i < width) s[i] = v;
    __syncthreads();
  }
}

extern "C" __global__ void maxtree_rebuild_f32(float* __restrict__ tree, int M, int base, int span) {
  rebuildSpan<float>(tree, M, base, span);
}

extern "C" __global__ void maxtree_rebuild_f64(double* __restrict__ tree, int M, int base, int span) {
  rebuildSpan<double>(tree, M, base, span);
}
