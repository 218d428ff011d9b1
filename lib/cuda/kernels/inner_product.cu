// Inner-product matrix for ThresholdSearch init: C[i, j] = <X[i, :], W[j, :]>, C is n x m with row
// stride ldc >= m (m for a plain matrix, the forest's leafStride for ThresholdSearch leaves).
// X (n x d) and W (m x d) are row-major, so both operands are contiguous along d: C = X W^T.
// Tiled shared-memory GEMM: a 256-thread block computes a BM x 128 tile of C, each thread a
// TM x 8 register micro-tile (two 4 x 4 quadrants, 64 rows/cols apart, so the shared-memory reads
// are float4/double2-wide and conflict-free). The d loop moves through 8-wide slabs, double-buffered
// in shared memory with the next slab prefetched into registers while the current one is used.
// Edges (n, m not multiples of 128, d not a multiple of 8) are zero-filled on load and masked on store.
#define BN 128
#define BK 8
#define THREADS 256

// Loads the BK-wide slab at k0 of `rowsTile` rows starting at row0 into registers: E = rowsTile * BK /
// THREADS consecutive k per thread (4 for 128-row tiles, 2 for 64-row tiles), zero past the edges.
template <typename T, int E>
__device__ __forceinline__ void loadSlab(const T* __restrict__ A, int rows, int d, int row0, int k0, bool vec, T (&reg)[E]) {
  constexpr int perRow = BK / E;
  const int r = row0 + threadIdx.x / perRow;
  const int k = k0 + (threadIdx.x % perRow) * E;
  if (vec && r < rows && k + E - 1 < d) {
    const T* p = A + (long long)r * d + k;
    if constexpr (sizeof(T) == 4 && E == 4) {
      const float4 v = __ldg(reinterpret_cast<const float4*>(p));
      reg[0] = v.x; reg[1] = v.y; reg[2] = v.z; reg[3] = v.w;
    } else if constexpr (sizeof(T) == 8 && E == 2) {
      const double2 v = __ldg(reinterpret_cast<const double2*>(p));
      reg[0] = v.x; reg[1] = v.y;
    } else {
#pragma unroll
      for (int q = 0; q < E; ++q) reg[q] = __ldg(p + q);
    }
  } else {
#pragma unroll
    for (int q = 0; q < E; ++q) reg[q] = (r < rows && k + q < d) ? A[(long long)r * d + k + q] : T(0);
  }
}

template <typename T, int E, int ROWS>
__device__ __forceinline__ void storeSlab(T (*S)[ROWS], const T (&reg)[E]) {
  constexpr int perRow = BK / E;
  const int r = threadIdx.x / perRow;
  const int k = (threadIdx.x % perRow) * E;
#pragma unroll
  for (int q = 0; q < E; ++q) S[k + q][r] = reg[q];
}

// TM rows per thread (8: a 128-row tile; 4: a 64-row tile). Columns: QUAD puts a thread's 8 columns in
// two groups of 4 (tx*4 + {0..3}, +64: 16-byte reads), else interleaved (tx + 16 j: consecutive
// threads read consecutive words, one shared-memory wavefront per 8-byte read).
template <typename T, int TM, bool QUAD>
__device__ __forceinline__ void innerProductTile(const T* __restrict__ X, const T* __restrict__ W,
                                                 T* __restrict__ C, int n, int m, int d, int ldc) {
  constexpr int BM = 16 * TM;
  constexpr int EA = BM * BK / THREADS, EB = BN * BK / THREADS;
  __shared__ __align__(16) T As[2][BK][BM];
  __shared__ __align__(16) T Bs[2][BK][BN];
  const int row0 = blockIdx.y * BM, col0 = blockIdx.x * BN;
  const int tx = threadIdx.x & 15, ty = threadIdx.x >> 4;
  // Vector loads need every row to start 16-byte aligned: d a multiple of 16 / sizeof(T).
  const bool vec = (d % (16 / (int)sizeof(T))) == 0;
  T acc[TM][8];
#pragma unroll
  for (int i = 0; i < TM; ++i)
#pragma unroll
    for (int j = 0; j < 8; ++j) acc[i][j] = T(0);

  T ra[EA], rb[EB];
  loadSlab<T, EA>(X, n, d, row0, 0, vec, ra);
  loadSlab<T, EB>(W, m, d, col0, 0, vec, rb);
  storeSlab<T, EA, BM>(As[0], ra);
  storeSlab<T, EB, BN>(Bs[0], rb);
  __syncthreads();
  const int slabs = (d + BK - 1) / BK;
  for (int s = 0; s < slabs; ++s) {
    const int cur = s & 1;
    const bool more = s + 1 < slabs;
    if (more) {
      loadSlab<T, EA>(X, n, d, row0, (s + 1) * BK, vec, ra);
      loadSlab<T, EB>(W, m, d, col0, (s + 1) * BK, vec, rb);
    }
#pragma unroll
    for (int k = 0; k < BK; ++k) {
      T a[TM], b[8];
#pragma unroll
      for (int q = 0; q < 4; ++q) {
        a[q] = As[cur][k][ty * 4 + q];
        if constexpr (TM == 8) a[q + 4] = As[cur][k][ty * 4 + 64 + q];
        if constexpr (QUAD) {
          b[q] = Bs[cur][k][tx * 4 + q];
          b[q + 4] = Bs[cur][k][tx * 4 + 64 + q];
        }
      }
      if constexpr (!QUAD) {
#pragma unroll
        for (int j = 0; j < 8; ++j) b[j] = Bs[cur][k][tx + 16 * j];
      }
#pragma unroll
      for (int i = 0; i < TM; ++i)
#pragma unroll
        for (int j = 0; j < 8; ++j) acc[i][j] = fma(a[i], b[j], acc[i][j]);
    }
    if (more) {
      storeSlab<T, EA, BM>(As[cur ^ 1], ra);
      storeSlab<T, EB, BN>(Bs[cur ^ 1], rb);
    }
    __syncthreads();
  }
#pragma unroll
  for (int i = 0; i < TM; ++i) {
    const int r = row0 + ty * 4 + (i & 3) + (i >> 2) * 64;
    if (r >= n) continue;
#pragma unroll
    for (int j = 0; j < 8; ++j) {
      const int c = col0 + (QUAD ? tx * 4 + (j & 3) + (j >> 2) * 64 : tx + 16 * j);
      if (c < m) C[(long long)r * ldc + c] = acc[i][j];
    }
  }
}

// 128 x 128 tiles. inner_product_f64 reads B interleaved; inner_product_f64_quad is the float64
// kernel with float32's layout, kept for the benchmark's comparison (the host picks the entry).
extern "C" __global__ void __launch_bounds__(THREADS, 2)
inner_product_f32(const float* __restrict__ X, const float* __restrict__ W, float* __restrict__ C, int n, int m, int d, int ldc) {
  innerProductTile<float, 8, true>(X, W, C, n, m, d, ldc);
}

extern "C" __global__ void __launch_bounds__(THREADS, 1)
inner_product_f64(const double* __restrict__ X, const double* __restrict__ W, double* __restrict__ C, int n, int m, int d, int ldc) {
  innerProductTile<double, 8, false>(X, W, C, n, m, d, ldc);
}

extern "C" __global__ void __launch_bounds__(THREADS, 1)
inner_product_f64_quad(const double* __restrict__ X, const double* __restrict__ W, double* __restrict__ C, int n, int m, int d, int ldc) {
  innerProductTile<double, 8, true>(X, W, C, n, m, d, ldc);
}
