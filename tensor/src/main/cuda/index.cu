// Index kernels over (outer, n, inner) layouts, as CpuIndex: indexSelect and gather move raw bits;
// indexAdd and scatterAdd accumulate without atomics. For the accumulating ones the destination rows
// are split into `parts` ranges; each thread owns one (outer, part, column), walks ALL indices in order
// and applies those that land in its range. Every destination element therefore receives its updates
// in increasing i, exactly the CPU's order, so the sums are deterministic and bit-identical to the CPU.
// An index out of range raises E_INDEX (read by the host at the next synchronising call) and is skipped.
#include "common.cuh"

template <typename T>
__device__ void index_select(int outer, int n, int inner, int m, const T* __restrict__ a, const void* __restrict__ idx,
                             int idx64, T* __restrict__ out, DevErr* err) {
  GRID_LOOP(q, (i64)outer * m * inner) {
    int c = (int)(q % inner), r = (int)(q / inner);
    int i = r % m, o = r / m;
    i64 j = load_index(idx, idx64, i);
    if (j < 0 || j >= n) {
      raise_error(err, E_INDEX, OP_INDEX_SELECT, j, n);
      out[q] = T(0);
    } else {
      out[q] = a[(o * n + (int)j) * inner + c];
    }
  }
}

template <typename T>
__device__ void gather(int outer, int n, int inner, int m, const T* __restrict__ a, const void* __restrict__ idx,
                       int idx64, T* __restrict__ out, DevErr* err) {
  GRID_LOOP(q, (i64)outer * m * inner) {
    int in = (int)(q % inner), o = (int)(q / ((i64)m * inner));
    i64 j = load_index(idx, idx64, (int)q);
    if (j < 0 || j >= n) {
      raise_error(err, E_INDEX, OP_GATHER, j, n);
      out[q] = T(0);
    } else {
      out[q] = a[(o * n + (int)j) * inner + in];
    }
  }
}

#define MOVE_KERNELS(bits, T)                                                                                       \
  extern "C" __global__ void index_select_bits##bits(int outer, int n, int inner, int m, const T* a, const void* idx, \
                                                     int idx64, T* out, DevErr* err) {                               \
    index_select(outer, n, inner, m, a, idx, idx64, out, err);                                                       \
  }                                                                                                                 \
  extern "C" __global__ void gather_bits##bits(int outer, int n, int inner, int m, const T* a, const void* idx,     \
                                               int idx64, T* out, DevErr* err) {                                    \
    gather(outer, n, inner, m, a, idx, idx64, out, err);                                                             \
  }

MOVE_KERNELS(1, u8)
MOVE_KERNELS(2, u16)
MOVE_KERNELS(4, u32)
MOVE_KERNELS(8, u64)

template <typename T>
__device__ __forceinline__ T add_wrap(T a, T b) {
  return a + b;
}
template <>
__device__ __forceinline__ int add_wrap<int>(int a, int b) {
  return (int)((u32)a + (u32)b);
}
template <>
__device__ __forceinline__ i64 add_wrap<i64>(i64 a, i64 b) {
  return (i64)((u64)a + (u64)b);
}

// perElement == 0: indexAdd (one index per source row, shared by every column and outer slice);
// perElement == 1: scatterAdd (one index per source element).
template <typename T>
__device__ void accumulate(int perElement, int op, int outer, int n, int inner, int m, int parts, T* __restrict__ out,
                           const void* __restrict__ idx, int idx64, const T* __restrict__ src, DevErr* err) {
  GRID_LOOP(t, (i64)outer * parts * inner) {
    int c = (int)(t % inner), r = (int)(t / inner);
    int p = r % parts, o = r / parts;
    i64 lo = (i64)n * p / parts, hi = (i64)n * (p + 1) / parts;
    for (int i = 0; i < m; i++) {
      int s = (o * m + i) * inner + c;
      i64 j = load_index(idx, idx64, perElement ? s : i);
      if (j < lo || j >= hi) {
        if (p == 0 && (j < 0 || j >= n)) raise_error(err, E_INDEX, op, j, n);
        continue;
      }
      int d = (o * n + (int)j) * inner + c;
      out[d] = add_wrap(out[d], src[s]);
    }
  }
}

extern "C" __global__ void index_add_f32(int outer, int n, int inner, int m, int parts, float* out, const void* idx,
                                         int idx64, const float* src, DevErr* err) {
  accumulate(0, OP_INDEX_ADD, outer, n, inner, m, parts, out, idx, idx64, src, err);
}
extern "C" __global__ void index_add_f64(int outer, int n, int inner, int m, int parts, double* out, const void* idx,
                                         int idx64, const double* src, DevErr* err) {
  accumulate(0, OP_INDEX_ADD, outer, n, inner, m, parts, out, idx, idx64, src, err);
}

#define SCATTER_ADD(name, T)                                                                                  \
  extern "C" __global__ void name(int outer, int n, int inner, int m, int parts, T* out, const void* idx,      \
                                  int idx64, const T* src, DevErr* err) {                                     \
    accumulate(1, OP_SCATTER_ADD, outer, n, inner, m, parts, out, idx, idx64, src, err);                       \
  }

SCATTER_ADD(scatter_add_f32, float)
SCATTER_ADD(scatter_add_f64, double)
SCATTER_ADD(scatter_add_i32, int)
SCATTER_ADD(scatter_add_i64, i64)
