// The exact GEMM paths, for any GPU the backend supports (compute capability 7.5+):
//
// gemm_simt_f32 reproduces GemmReference (the CPU's specification) bit for bit: every output element
// is accumulated with fmaf in increasing k, starting from zero in each block of 256 k values, and the
// block sums are added to the output in block order. That order depends on neither M, N nor the tile
// a thread sits in, so a row computed alone equals the same row in a batch, and equals the CPU's row.
// It is the reference path on the GPU and the fallback where tensor cores are not used.
//
// gemm_f64 is the F64 product for gradient checks: plain sums in increasing k, like matmulF64.
//
// Operands: a (batch, M, K) and b (batch, K, N) with any element strides (a transpose is a stride swap,
// a shared operand has batch stride 0), out contiguous (batch, M, N). Not here: tensor cores (gemm_tc.cu).
#include "common.cuh"

#define KC 256
#define TILE 64
#define TK 16

// 256 threads as 16 x 16; each computes a 4 x 4 patch of the 64 x 64 tile.
extern "C" __global__ void __launch_bounds__(256) gemm_simt_f32(int batch, int m, int n, int k,
                                                                 const float* __restrict__ a, int sab, int sam,
                                                                 int sak, const float* __restrict__ b, int sbb,
                                                                 int sbk, int sbn, float* __restrict__ out) {
  __shared__ __align__(16) float as[TK][TILE + 4];
  __shared__ __align__(16) float bs[TK][TILE + 4];
  int tid = threadIdx.x, tx = tid % 16, ty = tid / 16;
  int m0 = blockIdx.y * TILE, n0 = blockIdx.x * TILE;
  // Which way consecutive threads walk when loading, so that global reads are coalesced.
  bool aAlongK = sak <= sam, bAlongN = sbn <= sbk;
  for (int bi = blockIdx.z; bi < batch; bi += gridDim.z) {
    const float* pa = a + (size_t)bi * sab;
    const float* pb = b + (size_t)bi * sbb;
    float acc[4][4], total[4][4];
#pragma unroll
    for (int i = 0; i < 4; i++)
#pragma unroll
      for (int j = 0; j < 4; j++) {
        acc[i][j] = 0.f;
        total[i][j] = 0.f;
      }
    for (int k0 = 0; k0 < k; k0 += TK) {
#pragma unroll
      for (int r = 0; r < 4; r++) {
        int q = tid + r * 256;
        int am = aAlongK ? q / TK : q % TILE, ak = aAlongK ? q % TK : q / TILE;
        int gm = m0 + am, gk = k0 + ak;
        as[ak][am] = gm < m && gk < k ? pa[(size_t)gm * sam + (size_t)gk * sak] : 0.f;
        int bn = bAlongN ? q % TILE : q / TK, bk = bAlongN ? q / TILE : q % TK;
        int gn = n0 + bn, gk2 = k0 + bk;
        bs[bk][bn] = gn < n && gk2 < k ? pb[(size_t)gk2 * sbk + (size_t)gn * sbn] : 0.f;
      }
      __syncthreads();
      int kmax = min(TK, k - k0);
      for (int kk = 0; kk < kmax; kk++) {
        float4 av = *reinterpret_cast<const float4*>(&as[kk][ty * 4]);
        float4 bv = *reinterpret_cast<const float4*>(&bs[kk][tx * 4]);
        float ar[4] = {av.x, av.y, av.z, av.w}, br[4] = {bv.x, bv.y, bv.z, bv.w};
#pragma unroll
        for (int i = 0; i < 4; i++)
#pragma unroll
          for (int j = 0; j < 4; j++) acc[i][j] = fmaf(ar[i], br[j], acc[i][j]);
      }
      __syncthreads();
      // End of a KC block (or of k): fold the block sum into the total, as GemmReference does.
      if ((k0 + TK) % KC == 0 || k0 + TK >= k) {
        bool first = k0 < KC;
#pragma unroll
        for (int i = 0; i < 4; i++)
#pragma unroll
          for (int j = 0; j < 4; j++) {
            total[i][j] = first ? acc[i][j] : total[i][j] + acc[i][j];
            acc[i][j] = 0.f;
          }
      }
    }
#pragma unroll
    for (int i = 0; i < 4; i++) {
      int gm = m0 + ty * 4 + i;
      if (gm >= m) continue;
#pragma unroll
      for (int j = 0; j < 4; j++) {
        int gn = n0 + tx * 4 + j;
        if (gn < n) out[((size_t)bi * m + gm) * n + gn] = total[i][j];
      }
    }
  }
}

extern "C" __global__ void gemm_f64(int batch, int m, int n, int k, const double* __restrict__ a, int sab, int sam,
                                    int sak, const double* __restrict__ b, int sbb, int sbk, int sbn,
                                    double* __restrict__ out) {
  int j = blockIdx.x * blockDim.x + threadIdx.x, i = blockIdx.y * blockDim.y + threadIdx.y;
  if (i >= m || j >= n) return;
  for (int bi = blockIdx.z; bi < batch; bi += gridDim.z) {
    const double* pa = a + (size_t)bi * sab + (size_t)i * sam;
    const double* pb = b + (size_t)bi * sbb + (size_t)j * sbn;
    double s = 0;
    for (int kk = 0; kk < k; kk++) s += pa[(size_t)kk * sak] * pb[(size_t)kk * sbk];
    out[((size_t)bi * m + i) * n + j] = s;
  }
}
