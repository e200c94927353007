// Softmax and log-softmax over the rows of a contiguous (rows, n) tensor, as CpuReduce.softmax: max,
// then the sum of exp(x - max) accumulated in double, then the outputs; a row that is all -inf gives
// zeros (log: -inf) rather than the NaN of 0/0. One block per row; the host picks the block size
// from n alone, so a row's bits never depend on how many rows there are. F32 exps use expf.
#include "common.cuh"

template <typename T>
__device__ void softmax_row(const T* __restrict__ x, T* __restrict__ y, int n, bool logOut) {
  __shared__ double scratch[32];
  __shared__ T mscratch[32];
  T m = -INFINITY;
  for (int i = threadIdx.x; i < n; i += blockDim.x) m = jmax(m, x[i]);
  m = block_max(m, mscratch);
  if (m == -INFINITY) {
    for (int i = threadIdx.x; i < n; i += blockDim.x) y[i] = logOut ? T(-INFINITY) : T(0);
    return;
  }
  double s = 0;
  for (int i = threadIdx.x; i < n; i += blockDim.x) s += (double)exp(x[i] - m);
  s = block_sum(s, scratch);
  if (sizeof(T) == 4) {
    if (logOut) {
      float lse = (float)log(s);
      for (int i = threadIdx.x; i < n; i += blockDim.x) y[i] = (T)((float)(x[i] - m) - lse);
    } else {
      double inv = 1.0 / s;
      for (int i = threadIdx.x; i < n; i += blockDim.x) y[i] = (T)((double)exp(x[i] - m) * inv);
    }
  } else {
    double lse = log(s);
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
      double d = (double)x[i] - (double)m - lse;
      y[i] = (T)(logOut ? d : exp(d));
    }
  }
}

extern "C" __global__ void softmax_f32(const float* a, float* out, int n, int logOut) {
  size_t row = blockIdx.x;
  softmax_row(a + row * n, out + row * n, n, logOut != 0);
}

extern "C" __global__ void softmax_f64(const double* a, double* out, int n, int logOut) {
  size_t row = blockIdx.x;
  softmax_row(a + row * n, out + row * n, n, logOut != 0);
}
