// Max-tree rebuild. n trees lie back to back, each 2M slots (M a power of two): leaves at [M, 2M),
// node k's children at 2k and 2k + 1, slot 0 unused. One launch reduces `span` consecutive nodes of
// level `base` (nodes [base, 2 base)) through log2(span) levels in shared memory, writing every
// ancestor it forms; the host repeats with base /= span until the root is written.
// Block b handles tree t = b / (base / span), nodes base + s span ... with s = b % (base / span).
#include <math_constants.h>

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

// Blocked forest (lib/maxtree/layout.ts): heap leaf b of tree t = max of leaves [b bs, (b+1) bs) of
// that tree (-inf past the last block), node 0 = -inf; then maxtree_rebuild_* forms the heap above.
template <typename T>
__device__ void blockMaxima(const T* __restrict__ leaves, T* __restrict__ nodes, int n, int blocks, int blockSize,
                            int heapLeaves, long long leafStride, long long nodeStride) {
  const long long e = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (e >= (long long)n * heapLeaves) return;
  const long long t = e / heapLeaves;
  const int b = (int)(e % heapLeaves);
  T v = -CUDART_INF_F;
  if (b < blocks) {
    const T* p = leaves + t * leafStride + (long long)b * blockSize;
    for (int k = 0; k < blockSize; ++k) v = max(v, p[k]);
  }
  nodes[t * nodeStride + heapLeaves + b] = v;
  if (b == 0) nodes[t * nodeStride] = -CUDART_INF_F;
}

extern "C" __global__ void maxtree_block_max_f32(const float* leaves, float* nodes, int n, int blocks, int blockSize, int heapLeaves, long long leafStride, long long nodeStride) {
  blockMaxima<float>(leaves, nodes, n, blocks, blockSize, heapLeaves, leafStride, nodeStride);
}

extern "C" __global__ void maxtree_block_max_f64(const double* leaves, double* nodes, int n, int blocks, int blockSize, int heapLeaves, long long leafStride, long long nodeStride) {
  blockMaxima<double>(leaves, nodes, n, blocks, blockSize, heapLeaves, leafStride, nodeStride);
}
