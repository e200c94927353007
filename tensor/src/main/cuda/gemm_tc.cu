// Tensor-core GEMMs for compute capability 8.0+ (compiled to compute_80 PTX, loaded only there):
// out[b] = a[b] @ b[b] in F32 with the products on tensor cores, either TF32
// (mma.m16n8k8, inputs rounded to 10-bit mantissas) or BF16 (mma.m16n8k16, 7-bit mantissas), always
// accumulating in F32.
//
// Tiles: 128 x 128 per block of 256 threads (8 warps as 2 x 4, each warp 64 x 32), k in steps of 16,
// two shared-memory stages filled with cp.async while the other is multiplied. A tile keeps its global
// layout in shared memory (rows along whichever of its two axes has the smaller stride), so any strides
// work without a packing pass; when that axis has stride 1 and the rest is 16-byte aligned the copies
// are 16 bytes wide, otherwise 4 bytes. Edges are zero-filled by cp.async's source size.
//
// Determinism: each output is the sum of its k-steps in increasing k, in the same registers, whatever
// M, N or the batch; there is no split-k. So a row computed alone equals the same row in a batch (the
// property the RL log-probs rely on), although it is not the CPU's bits (see gemm.cu for those).
// Not here: Hopper's wgmma and TMA (they need sm_90a PTX, which runs on nothing else).
#include "common.cuh"

#define BM 128
#define BN 128
#define BK 16
#define THREADS 256
#define LD_K (BK + 4)    // a row of a tile stored along k: 80 bytes, conflict-free fragment reads
#define LD_MN (BM + 8)   // a row of a tile stored along m or n: 544 bytes, conflict-free fragment reads
#define STAGE_FLOATS (BM * LD_K > BK * LD_MN ? BM * LD_K : BK * LD_MN)

// The PTX wrappers. Under nvcc they are inline assembly; the host kernel emulator that the tests use
// (tensor/src/test/native) defines equivalents before including this file.
#ifdef __CUDACC__
__device__ __forceinline__ void cp_async16(float* smem, const float* gmem, int srcBytes) {
  unsigned s = (unsigned)__cvta_generic_to_shared(smem);
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(s), "l"(gmem), "r"(srcBytes));
}

__device__ __forceinline__ void cp_async4(float* smem, const float* gmem, int srcBytes) {
  unsigned s = (unsigned)__cvta_generic_to_shared(smem);
  asm volatile("cp.async.ca.shared.global [%0], [%1], 4, %2;\n" ::"r"(s), "l"(gmem), "r"(srcBytes));
}

__device__ __forceinline__ void cp_async_commit() { asm volatile("cp.async.commit_group;\n" ::); }

__device__ __forceinline__ void cp_async_wait_one() { asm volatile("cp.async.wait_group 1;\n" ::); }

__device__ __forceinline__ unsigned to_tf32(float x) {
  unsigned r;
  asm("cvt.rna.tf32.f32 %0, %1;\n" : "=r"(r) : "f"(x));
  return r;
}

// lo goes to the low 16 bits: the element with the smaller k index, as the fragment layout requires.
__device__ __forceinline__ unsigned to_bf16x2(float lo, float hi) {
  unsigned r;
  asm("cvt.rn.bf16x2.f32 %0, %1, %2;\n" : "=r"(r) : "f"(hi), "f"(lo));
  return r;
}

__device__ __forceinline__ void mma_tf32(float* d, const unsigned* a, const unsigned* b) {
  asm volatile(
      "mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
      "{%0,%1,%2,%3};\n"
      : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}

__device__ __forceinline__ void mma_bf16(float* d, const unsigned* a, const unsigned* b) {
  asm volatile(
      "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
      "{%0,%1,%2,%3};\n"
      : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}
#endif

// Copies an O x C tile (C along the axis stored contiguously in shared memory) starting at (o0, c0)
// of a matrix with strides (so, sc) and bounds (no, nc). vec: sc == 1 and 16-byte alignment hold.
template <int O, int C>
__device__ __forceinline__ void load_tile(float* smem, const float* g, int so, int sc, int o0, int c0, int no, int nc,
                                          bool vec) {
  constexpr int LD = C + (C == BK ? 4 : 8);
  int tid = threadIdx.x;
  if (vec) {
#pragma unroll
    for (int r = 0; r < O * C / 4 / THREADS; r++) {
      int q = tid + r * THREADS;
      int o = q / (C / 4), c = (q % (C / 4)) * 4;
      int go = o0 + o, gc = c0 + c;
      int valid = go < no ? max(0, min(4, nc - gc)) : 0;
      const float* src = valid > 0 ? g + (size_t)go * so + gc : g;
      cp_async16(smem + o * LD + c, src, valid * 4);
    }
  } else {
#pragma unroll
    for (int r = 0; r < O * C / THREADS; r++) {
      int q = tid + r * THREADS;
      int o = q / C, c = q % C;
      int go = o0 + o, gc = c0 + c;
      bool ok = go < no && gc < nc;
      const float* src = ok ? g + (size_t)go * so + (size_t)gc * sc : g;
      cp_async4(smem + o * LD + c, src, ok ? 4 : 0);
    }
  }
}

// Element (row, col) of an A tile (BM x BK) or B tile (BK x BN) in either storage order.
template <bool ALONG_K>
__device__ __forceinline__ float a_at(const float* s, int m, int k) {
  return ALONG_K ? s[m * LD_K + k] : s[k * LD_MN + m];
}
template <bool ALONG_N>
__device__ __forceinline__ float b_at(const float* s, int k, int n) {
  return ALONG_N ? s[k * LD_MN + n] : s[n * LD_K + k];
}

// One BK step of a warp's 64 x 32 patch: 4 x 4 fragments of 16 x 8.
// Fragment layouts (PTX ISA, "Matrix Fragments for mma.m16n8k8/k16"): g = lane / 4, t = lane % 4;
// TF32 A: (g, t) (g+8, t) (g, t+4) (g+8, t+4); B: (k t, n g) (k t+4, n g);
// BF16 A: pairs at (g, 2t) (g+8, 2t) (g, 2t+8) (g+8, 2t+8); B: pairs at (k 2t, n g) (k 2t+8, n g);
// C: (g, 2t) (g, 2t+1) (g+8, 2t) (g+8, 2t+1).
template <bool A_ALONG_K, bool B_ALONG_N, bool BF16>
__device__ __forceinline__ void warp_step(const float* sa, const float* sb, float (&acc)[4][4][4], int wm, int wn,
                                          int g, int t) {
  if (BF16) {
    unsigned af[4][4], bf[4][2];
#pragma unroll
    for (int i = 0; i < 4; i++) {
      int r = wm * 64 + i * 16 + g;
      af[i][0] = to_bf16x2(a_at<A_ALONG_K>(sa, r, 2 * t), a_at<A_ALONG_K>(sa, r, 2 * t + 1));
      af[i][1] = to_bf16x2(a_at<A_ALONG_K>(sa, r + 8, 2 * t), a_at<A_ALONG_K>(sa, r + 8, 2 * t + 1));
      af[i][2] = to_bf16x2(a_at<A_ALONG_K>(sa, r, 2 * t + 8), a_at<A_ALONG_K>(sa, r, 2 * t + 9));
      af[i][3] = to_bf16x2(a_at<A_ALONG_K>(sa, r + 8, 2 * t + 8), a_at<A_ALONG_K>(sa, r + 8, 2 * t + 9));
    }
#pragma unroll
    for (int j = 0; j < 4; j++) {
      int c = wn * 32 + j * 8 + g;
      bf[j][0] = to_bf16x2(b_at<B_ALONG_N>(sb, 2 * t, c), b_at<B_ALONG_N>(sb, 2 * t + 1, c));
      bf[j][1] = to_bf16x2(b_at<B_ALONG_N>(sb, 2 * t + 8, c), b_at<B_ALONG_N>(sb, 2 * t + 9, c));
    }
#pragma unroll
    for (int i = 0; i < 4; i++)
#pragma unroll
      for (int j = 0; j < 4; j++) mma_bf16(acc[i][j], af[i], bf[j]);
  } else {
#pragma unroll
    for (int kk = 0; kk < BK; kk += 8) {
      unsigned af[4][4], bf[4][2];
#pragma unroll
      for (int i = 0; i < 4; i++) {
        int r = wm * 64 + i * 16 + g;
        af[i][0] = to_tf32(a_at<A_ALONG_K>(sa, r, kk + t));
        af[i][1] = to_tf32(a_at<A_ALONG_K>(sa, r + 8, kk + t));
        af[i][2] = to_tf32(a_at<A_ALONG_K>(sa, r, kk + t + 4));
        af[i][3] = to_tf32(a_at<A_ALONG_K>(sa, r + 8, kk + t + 4));
      }
#pragma unroll
      for (int j = 0; j < 4; j++) {
        int c = wn * 32 + j * 8 + g;
        bf[j][0] = to_tf32(b_at<B_ALONG_N>(sb, kk + t, c));
        bf[j][1] = to_tf32(b_at<B_ALONG_N>(sb, kk + t + 4, c));
      }
#pragma unroll
      for (int i = 0; i < 4; i++)
#pragma unroll
        for (int j = 0; j < 4; j++) mma_tf32(acc[i][j], af[i], bf[j]);
    }
  }
}

template <bool A_ALONG_K, bool B_ALONG_N, bool BF16>
__device__ void gemm_tc(int batch, int m, int n, int k, const float* __restrict__ a, int sab, int sam, int sak,
                        int aVec, const float* __restrict__ b, int sbb, int sbk, int sbn, int bVec,
                        float* __restrict__ out) {
  __shared__ __align__(16) float sa[2][STAGE_FLOATS];
  __shared__ __align__(16) float sb[2][STAGE_FLOATS];
  int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
  int wm = warp / 4, wn = warp % 4, g = lane >> 2, t = lane & 3;
  int m0 = blockIdx.y * BM, n0 = blockIdx.x * BN;
  int tiles = (k + BK - 1) / BK;
  for (int bi = blockIdx.z; bi < batch; bi += gridDim.z) {
    const float* pa = a + (size_t)bi * sab;
    const float* pb = b + (size_t)bi * sbb;
    float acc[4][4][4];
#pragma unroll
    for (int i = 0; i < 4; i++)
#pragma unroll
      for (int j = 0; j < 4; j++)
#pragma unroll
        for (int e = 0; e < 4; e++) acc[i][j][e] = 0.f;
    auto load = [&](int stage, int k0) {
      if (A_ALONG_K) {
        load_tile<BM, BK>(sa[stage], pa, sam, sak, m0, k0, m, k, aVec != 0);
      } else {
        load_tile<BK, BM>(sa[stage], pa, sak, sam, k0, m0, k, m, aVec != 0);
      }
      if (B_ALONG_N) {
        load_tile<BK, BN>(sb[stage], pb, sbk, sbn, k0, n0, k, n, bVec != 0);
      } else {
        load_tile<BN, BK>(sb[stage], pb, sbn, sbk, n0, k0, n, k, bVec != 0);
      }
    };
    if (tiles > 0) load(0, 0);
    cp_async_commit();
    for (int kt = 0; kt < tiles; kt++) {
      if (kt + 1 < tiles) load((kt + 1) & 1, (kt + 1) * BK);
      cp_async_commit();
      cp_async_wait_one();
      __syncthreads();
      warp_step<A_ALONG_K, B_ALONG_N, BF16>(sa[kt & 1], sb[kt & 1], acc, wm, wn, g, t);
      __syncthreads();
    }
#pragma unroll
    for (int i = 0; i < 4; i++) {
#pragma unroll
      for (int j = 0; j < 4; j++) {
        int r = m0 + wm * 64 + i * 16 + g, c = n0 + wn * 32 + j * 8 + 2 * t;
        float* o = out + (size_t)bi * m * n;
        if (r < m && c < n) o[(size_t)r * n + c] = acc[i][j][0];
        if (r < m && c + 1 < n) o[(size_t)r * n + c + 1] = acc[i][j][1];
        if (r + 8 < m && c < n) o[(size_t)(r + 8) * n + c] = acc[i][j][2];
        if (r + 8 < m && c + 1 < n) o[(size_t)(r + 8) * n + c + 1] = acc[i][j][3];
      }
    }
  }
}

#define GEMM_TC(name, AK, BN_, BF)                                                                             \
  extern "C" __global__ void __launch_bounds__(THREADS) name(int batch, int m, int n, int k, const float* a,    \
                                                             int sab, int sam, int sak, int aVec, const float* b, \
                                                             int sbb, int sbk, int sbn, int bVec, float* out) { \
    gemm_tc<AK, BN_, BF>(batch, m, n, k, a, sab, sam, sak, aVec, b, sbb, sbk, sbn, bVec, out);                  \
  }

// Suffix: a stored along k (k) or m (m), then b along n (n) or k (k).
GEMM_TC(gemm_tf32_kn, true, true, false)
GEMM_TC(gemm_tf32_kk, true, false, false)
GEMM_TC(gemm_tf32_mn, false, true, false)
GEMM_TC(gemm_tf32_mk, false, false, false)
GEMM_TC(gemm_bf16_kn, true, true, true)
GEMM_TC(gemm_bf16_kk, true, false, true)
GEMM_TC(gemm_bf16_mn, false, true, true)
GEMM_TC(gemm_bf16_mk, false, false, true)
