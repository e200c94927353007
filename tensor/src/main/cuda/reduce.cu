// Reductions and scans over the middle axis of a contiguous (outer, n, inner) tensor, as CpuReduce
// defines them: values are read as double, ARGMAX/ARGMIN take the first index on ties and prefer NaN,
// LOGSUMEXP is max-shifted (the host runs a MAX pass, then R_EXPSUM with that max as the shift).
//
// Determinism: every output is reduced in an order fixed by n and inner alone (never by outer, the
// thread count of the GPU or timing): inner == 1 rows are cut into fixed chunks, each reduced by one
// block with a fixed tree, and chunk results are combined in chunk order; inner > 1 columns are walked
// by one thread per output and chunk, in the CPU's order (four interleaved partial sums for SUM), so a
// column of at most one chunk gives the CPU's bits. Not here: softmax (softmax.cu).
#include "common.cuh"

struct Acc {
  double v;
  i64 i;
};

__device__ __forceinline__ Acc acc_empty(int op) {
  Acc a;
  a.i = 0x7FFFFFFFFFFFFFFFLL;
  switch (op) {
    case R_MAX:
    case R_ARGMAX: a.v = -INFINITY; break;
    case R_MIN:
    case R_ARGMIN: a.v = INFINITY; break;
    default: a.v = 0.0;
  }
  return a;
}

// a comes first in the sequence; every case gives the same result for (a, b) and (b, a) except SUM,
// whose two orders give the same bits anyway (IEEE addition commutes).
__device__ __forceinline__ Acc combine(int op, Acc a, Acc b) {
  switch (op) {
    case R_SUM:
    case R_EXPSUM: a.v += b.v; return a;
    case R_MAX: a.v = jmax(a.v, b.v); return a;
    case R_MIN: a.v = jmin(a.v, b.v); return a;
    default: {
      bool an = a.v != a.v, bn = b.v != b.v;
      if (an != bn) return an ? a : b;
      if (!an && a.v != b.v) return ((op == R_ARGMAX) == (a.v > b.v)) ? a : b;
      return a.i <= b.i ? a : b;
    }
  }
}

// One element at position i of its line; shift is the row max for R_EXPSUM. F32 uses expf on the
// float difference, as CpuReduce subtracts in float before Math.exp.
__device__ __forceinline__ Acc element(int op, int dtype, const void* a, int at, int i, double shift) {
  Acc e;
  double x = load_double(a, dtype, at);
  e.i = i;
  if (op == R_EXPSUM) {
    e.v = dtype == DT_F32 ? (double)expf((float)(x - shift)) : exp(x - shift);
  } else {
    e.v = x;
  }
  return e;
}

__device__ __forceinline__ void finish(int op, Acc acc, double shift, void* out, int outType, int q) {
  double r;
  if (op == R_ARGMAX || op == R_ARGMIN) {
    r = (double)acc.i;
  } else if (op == R_EXPSUM) {
    r = isinf(shift) ? shift : shift + log(acc.v);
  } else {
    r = acc.v;
  }
  store_double(out, outType, q, r);
}

__device__ __forceinline__ Acc warp_combine(int op, Acc a) {
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) {
    Acc b;
    b.v = __shfl_xor_sync(0xffffffffu, a.v, o);
    b.i = __shfl_xor_sync(0xffffffffu, a.i, o);
    a = combine(op, a, b);
  }
  return a;
}

__device__ __forceinline__ void store_partial(double* partial, int slot, Acc a) {
  partial[2 * slot] = a.v;
  partial[2 * slot + 1] = (double)a.i;
}

__device__ __forceinline__ Acc load_partial(const double* partial, int slot) {
  Acc a;
  a.v = partial[2 * slot];
  a.i = (i64)partial[2 * slot + 1];
  return a;
}

// inner == 1: block b reduces chunk (b % chunks) of row (b / chunks). 256 threads.
extern "C" __global__ void reduce_rows(int op, int dtype, const void* __restrict__ a, int n, int chunk, int chunks,
                                       const double* __restrict__ shift, double* __restrict__ partial,
                                       void* __restrict__ out, int outType) {
  __shared__ double sv[32];
  __shared__ i64 si[32];
  int row = blockIdx.x / chunks, c = blockIdx.x % chunks;
  int start = c * chunk, end = min(n, start + chunk);
  double m = op == R_EXPSUM ? shift[row] : 0.0;
  Acc acc = acc_empty(op);
  for (int i = start + threadIdx.x; i < end; i += blockDim.x) acc = combine(op, acc, element(op, dtype, a, row * n + i, i, m));
  acc = warp_combine(op, acc);
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  if (lane == 0) {
    sv[warp] = acc.v;
    si[warp] = acc.i;
  }
  __syncthreads();
  if (threadIdx.x != 0) return;
  acc.v = sv[0];
  acc.i = si[0];
  for (int w = 1; w < warps; w++) {
    Acc b;
    b.v = sv[w];
    b.i = si[w];
    acc = combine(op, acc, b);
  }
  if (chunks == 1) {
    finish(op, acc, m, out, outType, row);
  } else {
    store_partial(partial, row * chunks + c, acc);
  }
}

// inner >= 1: one thread per (chunk, outer, inner), walking its chunk of the line in order.
extern "C" __global__ void reduce_cols(int op, int dtype, const void* __restrict__ a, int outer, int n, int inner,
                                       int chunk, int chunks, const double* __restrict__ shift,
                                       double* __restrict__ partial, void* __restrict__ out, int outType) {
  GRID_LOOP(t, (i64)chunks * outer * inner) {
    int in = (int)(t % inner);
    int r = (int)(t / inner);
    int o = r % outer, c = r / outer;
    int q = o * inner + in;
    int start = c * chunk, end = min(n, start + chunk);
    double m = op == R_EXPSUM ? shift[q] : 0.0;
    int base = o * n * inner + in;
    Acc acc = acc_empty(op);
    if (op == R_SUM) {
      double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      int i = start;
      for (; i + 3 < end; i += 4) {
        s0 += load_double(a, dtype, base + i * inner);
        s1 += load_double(a, dtype, base + (i + 1) * inner);
        s2 += load_double(a, dtype, base + (i + 2) * inner);
        s3 += load_double(a, dtype, base + (i + 3) * inner);
      }
      for (; i < end; i++) s0 += load_double(a, dtype, base + i * inner);
      acc.v = (s0 + s1) + (s2 + s3);
    } else {
      for (int i = start; i < end; i++) acc = combine(op, acc, element(op, dtype, a, base + i * inner, i, m));
    }
    if (chunks == 1) {
      finish(op, acc, m, out, outType, q);
    } else {
      store_partial(partial, q * chunks + c, acc);
    }
  }
}

// Combines the chunk results of each output in chunk order.
extern "C" __global__ void reduce_finish(int op, int outputs, int chunks, const double* __restrict__ shift,
                                         const double* __restrict__ partial, void* __restrict__ out, int outType) {
  GRID_LOOP(q, outputs) {
    Acc acc = load_partial(partial, (int)q * chunks);
    for (int c = 1; c < chunks; c++) acc = combine(op, acc, load_partial(partial, (int)q * chunks + c));
    finish(op, acc, op == R_EXPSUM ? shift[q] : 0.0, out, outType, (int)q);
  }
}

// ------------------------------------------------------------------ cumulative sums

// One thread per line, in the CPU's order: bit-identical to CpuReduce.cumsum.
extern "C" __global__ void cumsum_lines(int dtype, const void* __restrict__ a, void* __restrict__ out, int outer,
                                        int n, int inner) {
  bool integer = dtype == DT_I32 || dtype == DT_I64;
  GRID_LOOP(t, (i64)outer * inner) {
    int o = (int)(t / inner), in = (int)(t % inner);
    int base = o * n * inner + in;
    if (integer) {
      u64 acc = 0;
      for (int i = 0; i < n; i++) {
        acc += (u64)load_long(a, dtype, base + i * inner);
        store_long(out, dtype, base + i * inner, (i64)acc);
      }
    } else {
      double acc = 0;
      for (int i = 0; i < n; i++) {
        acc += load_double(a, dtype, base + i * inner);
        store_double(out, dtype, base + i * inner, acc);
      }
    }
  }
}

template <typename A>
__device__ __forceinline__ A load_acc(const void* a, int dtype, int i);
template <>
__device__ __forceinline__ double load_acc<double>(const void* a, int dtype, int i) {
  return load_double(a, dtype, i);
}
template <>
__device__ __forceinline__ u64 load_acc<u64>(const void* a, int dtype, int i) {
  return (u64)load_long(a, dtype, i);
}

__device__ __forceinline__ void store_acc(void* out, int dtype, int i, double v) { store_double(out, dtype, i, v); }
__device__ __forceinline__ void store_acc(void* out, int dtype, int i, u64 v) { store_long(out, dtype, i, (i64)v); }

// inner == 1, long rows: one 256-thread block per row scans tiles of 1024 (4 per thread) with a fixed
// shape, carrying the running total from tile to tile. Integers wrap like Java's long.
template <typename A>
__device__ void cumsum_row(int dtype, const void* __restrict__ a, void* __restrict__ out, int n) {
  __shared__ A warpTotals[8];
  int row = blockIdx.x, lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  int base = row * n;
  A carry = 0;
  for (int t0 = 0; t0 < n; t0 += 1024) {
    int first = t0 + threadIdx.x * 4;
    A v[4];
#pragma unroll
    for (int j = 0; j < 4; j++) v[j] = first + j < n ? load_acc<A>(a, dtype, base + first + j) : A(0);
    v[1] += v[0];
    v[2] += v[1];
    v[3] += v[2];
    A incl = v[3];
#pragma unroll
    for (int o = 1; o < 32; o <<= 1) {
      A y = __shfl_up_sync(0xffffffffu, incl, o);
      if (lane >= o) incl += y;
    }
    A excl = __shfl_up_sync(0xffffffffu, incl, 1);
    if (lane == 0) excl = 0;
    if (lane == 31) warpTotals[warp] = incl;
    __syncthreads();
    A prefix = carry, tile = carry;
    for (int w = 0; w < 8; w++) {
      if (w < warp) prefix += warpTotals[w];
      tile += warpTotals[w];
    }
    prefix += excl;
#pragma unroll
    for (int j = 0; j < 4; j++) {
      if (first + j < n) store_acc(out, dtype, base + first + j, prefix + v[j]);
    }
    carry = tile;
    __syncthreads();
  }
}

extern "C" __global__ void cumsum_rows(int dtype, const void* a, void* out, int n) {
  if (dtype == DT_I32 || dtype == DT_I64) {
    cumsum_row<u64>(dtype, a, out, n);
  } else {
    cumsum_row<double>(dtype, a, out, n);
  }
}
