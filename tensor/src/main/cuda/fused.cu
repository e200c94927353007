// Fused kernels, each a single pass that the composite would take several tensors for, with
// CpuFused's formulas: cross-entropy (forward writes loss and the row log-sum-exp, never a
// probability copy) and its backward, RMSNorm and LayerNorm with their backwards, RoPE in the
// rotate-half layout, AdamW. Row statistics are block sums in double (fixed tree); weight and bias
// gradients are column sums over fixed chunks of rows, combined in chunk order, so everything is
// deterministic; with at most one chunk of rows they follow the CPU's order exactly.
#include "common.cuh"

// ------------------------------------------------------------------ cross-entropy

template <typename T>
__device__ void cross_entropy_row(const T* __restrict__ logits, const void* __restrict__ targets, int t64,
                                  T* __restrict__ loss, T* __restrict__ lse, int v, DevErr* err) {
  __shared__ double scratch[32];
  int r = blockIdx.x;
  const T* x = logits + (size_t)r * v;
  double m = -INFINITY;
  for (int j = threadIdx.x; j < v; j += blockDim.x) m = jmax(m, (double)x[j]);
  m = block_max(m, scratch);
  double s = 0;
  for (int j = threadIdx.x; j < v; j += blockDim.x) {
    s += sizeof(T) == 4 ? (double)expf((float)((double)x[j] - m)) : exp((double)x[j] - m);
  }
  s = block_sum(s, scratch);
  if (threadIdx.x != 0) return;
  double l = m + log(s);
  lse[r] = (T)l;
  i64 t = load_index(targets, t64, r);
  if (t < 0) {
    loss[r] = T(0);
  } else if (t >= v) {
    raise_error(err, E_TARGET, OP_CROSS_ENTROPY, t, v);
    loss[r] = T(0);
  } else {
    loss[r] = (T)(l - (double)x[t]);
  }
}

extern "C" __global__ void cross_entropy_f32(const float* logits, const void* targets, int t64, float* loss, float* lse,
                                             int v, DevErr* err) {
  cross_entropy_row(logits, targets, t64, loss, lse, v, err);
}
extern "C" __global__ void cross_entropy_f64(const double* logits, const void* targets, int t64, double* loss,
                                             double* lse, int v, DevErr* err) {
  cross_entropy_row(logits, targets, t64, loss, lse, v, err);
}

// grad = (softmax(logits) - onehot(target)) * gradLoss[row]; ignored rows (target < 0) get zeros.
template <typename T>
__device__ void cross_entropy_backward(const T* __restrict__ logits, const void* __restrict__ targets, int t64,
                                       const T* __restrict__ lse, const T* __restrict__ gradLoss,
                                       T* __restrict__ grad, int rows, int v) {
  GRID_LOOP(q, (i64)rows * v) {
    int r = (int)(q / v), j = (int)(q % v);
    i64 t = load_index(targets, t64, r);
    double g = t < 0 ? 0.0 : (double)gradLoss[r], l = (double)lse[r];
    double x = (double)logits[q];
    double e = sizeof(T) == 4 ? (double)expf((float)(x - l)) : exp(x - l);
    double p = g == 0 ? 0.0 : e * g;
    grad[q] = (T)(j == t ? p - g : p);
  }
}

extern "C" __global__ void cross_entropy_backward_f32(const float* logits, const void* targets, int t64,
                                                      const float* lse, const float* gradLoss, float* grad, int rows,
                                                      int v) {
  cross_entropy_backward(logits, targets, t64, lse, gradLoss, grad, rows, v);
}
extern "C" __global__ void cross_entropy_backward_f64(const double* logits, const void* targets, int t64,
                                                      const double* lse, const double* gradLoss, double* grad,
                                                      int rows, int v) {
  cross_entropy_backward(logits, targets, t64, lse, gradLoss, grad, rows, v);
}

// ------------------------------------------------------------------ RMSNorm

template <typename T>
__device__ void rms_norm_row(const T* __restrict__ x, const T* __restrict__ w, double eps, T* __restrict__ out,
                             T* __restrict__ rstd, int c) {
  __shared__ double scratch[32];
  size_t r = blockIdx.x;
  const T* xr = x + r * c;
  double ss = 0;
  for (int j = threadIdx.x; j < c; j += blockDim.x) ss += (double)xr[j] * (double)xr[j];
  ss = block_sum(ss, scratch);
  T rs = sizeof(T) == 4 ? (T)(1.0 / sqrt((double)(float)(ss / c) + eps)) : (T)(1.0 / sqrt(ss / c + eps));
  if (threadIdx.x == 0) rstd[r] = rs;
  for (int j = threadIdx.x; j < c; j += blockDim.x) out[r * c + j] = w[j] * (xr[j] * rs);
}

extern "C" __global__ void rms_norm_f32(const float* x, const float* w, double eps, float* out, float* rstd, int c) {
  rms_norm_row(x, w, eps, out, rstd, c);
}
extern "C" __global__ void rms_norm_f64(const double* x, const double* w, double eps, double* out, double* rstd, int c) {
  rms_norm_row(x, w, eps, out, rstd, c);
}

template <typename T>
__device__ void rms_norm_backward_row(const T* __restrict__ x, const T* __restrict__ w, const T* __restrict__ rstd,
                                      const T* __restrict__ g, T* __restrict__ gx, int c) {
  __shared__ double scratch[32];
  size_t r = blockIdx.x;
  const T *xr = x + r * c, *gr = g + r * c;
  double rs = rstd[r], dot = 0;
  for (int j = threadIdx.x; j < c; j += blockDim.x) dot += (double)gr[j] * (double)w[j] * (double)xr[j];
  dot = block_sum(dot, scratch);
  double k = rs * rs * rs * dot / c;
  for (int j = threadIdx.x; j < c; j += blockDim.x) gx[r * c + j] = (T)(rs * (double)w[j] * (double)gr[j] - k * (double)xr[j]);
}

extern "C" __global__ void rms_norm_backward_f32(const float* x, const float* w, const float* rstd, const float* g,
                                                 float* gx, int c) {
  rms_norm_backward_row(x, w, rstd, g, gx, c);
}
extern "C" __global__ void rms_norm_backward_f64(const double* x, const double* w, const double* rstd, const double* g,
                                                 double* gx, int c) {
  rms_norm_backward_row(x, w, rstd, g, gx, c);
}

// ------------------------------------------------------------------ LayerNorm

template <typename T>
__device__ void layer_norm_row(const T* __restrict__ x, const T* __restrict__ w, const T* __restrict__ b, double eps,
                               T* __restrict__ out, T* __restrict__ mean, T* __restrict__ rstd, int c) {
  __shared__ double scratch[32];
  size_t r = blockIdx.x;
  const T* xr = x + r * c;
  double s = 0;
  for (int j = threadIdx.x; j < c; j += blockDim.x) s += (double)xr[j];
  s = block_sum(s, scratch);
  double mu = s / c, var = 0;
  for (int j = threadIdx.x; j < c; j += blockDim.x) {
    double dx = (double)xr[j] - mu;
    var += dx * dx;
  }
  var = block_sum(var, scratch);
  double rs = 1.0 / sqrt(var / c + eps);
  if (threadIdx.x == 0) {
    mean[r] = (T)mu;
    rstd[r] = (T)rs;
  }
  for (int j = threadIdx.x; j < c; j += blockDim.x) out[r * c + j] = (T)(((double)xr[j] - mu) * rs * (double)w[j] + (double)b[j]);
}

extern "C" __global__ void layer_norm_f32(const float* x, const float* w, const float* b, double eps, float* out,
                                          float* mean, float* rstd, int c) {
  layer_norm_row(x, w, b, eps, out, mean, rstd, c);
}
extern "C" __global__ void layer_norm_f64(const double* x, const double* w, const double* b, double eps, double* out,
                                          double* mean, double* rstd, int c) {
  layer_norm_row(x, w, b, eps, out, mean, rstd, c);
}

template <typename T>
__device__ void layer_norm_backward_row(const T* __restrict__ x, const T* __restrict__ w, const T* __restrict__ mean,
                                        const T* __restrict__ rstd, const T* __restrict__ g, T* __restrict__ gx, int c) {
  __shared__ double scratch[32];
  size_t r = blockIdx.x;
  const T *xr = x + r * c, *gr = g + r * c;
  double mu = mean[r], rs = rstd[r], sumDy = 0, sumDyXhat = 0;
  for (int j = threadIdx.x; j < c; j += blockDim.x) {
    double dy = (double)gr[j] * (double)w[j];
    double xhat = ((double)xr[j] - mu) * rs;
    sumDy += dy;
    sumDyXhat += dy * xhat;
  }
  sumDy = block_sum(sumDy, scratch);
  sumDyXhat = block_sum(sumDyXhat, scratch);
  for (int j = threadIdx.x; j < c; j += blockDim.x) {
    double dy = (double)gr[j] * (double)w[j];
    double xhat = ((double)xr[j] - mu) * rs;
    gx[r * c + j] = (T)(rs * (dy - sumDy / c - xhat * sumDyXhat / c));
  }
}

extern "C" __global__ void layer_norm_backward_f32(const float* x, const float* w, const float* mean, const float* rstd,
                                                   const float* g, float* gx, int c) {
  layer_norm_backward_row(x, w, mean, rstd, g, gx, c);
}
extern "C" __global__ void layer_norm_backward_f64(const double* x, const double* w, const double* mean,
                                                   const double* rstd, const double* g, double* gx, int c) {
  layer_norm_backward_row(x, w, mean, rstd, g, gx, c);
}

// ------------------------------------------------------------------ norm weight and bias gradients

// One thread per (chunk, column) sums its chunk of rows in order. mean == null means RMSNorm
// (gw += g * x * rstd); otherwise LayerNorm (gw += g * (x - mean) * rstd, gb += g). With one chunk the
// sums go straight to gw/gb; otherwise to partials that norm_grad_finish adds in chunk order.
template <typename T>
__device__ void norm_grad_partial(const T* __restrict__ x, const T* __restrict__ g, const T* __restrict__ mean,
                                  const T* __restrict__ rstd, int rows, int c, int rowsPerChunk, int chunks,
                                  double* __restrict__ pw,
                                  double* __restrict__ pb, T* __restrict__ gw, T* __restrict__ gb) {
  GRID_LOOP(t, (i64)chunks * c) {
    int j = (int)(t % c), chunk = (int)(t / c);
    int r0 = chunk * rowsPerChunk, r1 = min(rows, r0 + rowsPerChunk);
    double sw = 0, sb = 0;
    for (int r = r0; r < r1; r++) {
      double gv = (double)g[(size_t)r * c + j], xv = (double)x[(size_t)r * c + j];
      if (mean == nullptr) {
        sw += gv * xv * (double)rstd[r];
      } else {
        sw += gv * (xv - (double)mean[r]) * (double)rstd[r];
        sb += gv;
      }
    }
    if (chunks == 1) {
      gw[j] = (T)sw;
      if (mean != nullptr) gb[j] = (T)sb;
    } else {
      pw[t] = sw;
      if (mean != nullptr) pb[t] = sb;
    }
  }
}

extern "C" __global__ void norm_grad_partial_f32(const float* x, const float* g, const float* mean, const float* rstd,
                                                 int rows, int c, int rowsPerChunk, int chunks, double* pw,
                                                 double* pb, float* gw, float* gb) {
  norm_grad_partial(x, g, mean, rstd, rows, c, rowsPerChunk, chunks, pw, pb, gw, gb);
}
extern "C" __global__ void norm_grad_partial_f64(const double* x, const double* g, const double* mean,
                                                 const double* rstd, int rows, int c, int rowsPerChunk,
                                                 int chunks, double* pw, double* pb, double* gw, double* gb) {
  norm_grad_partial(x, g, mean, rstd, rows, c, rowsPerChunk, chunks, pw, pb, gw, gb);
}

extern "C" __global__ void norm_grad_finish(int dtype, int c, int chunks, const double* __restrict__ pw,
                                            const double* __restrict__ pb, void* __restrict__ gw,
                                            void* __restrict__ gb) {
  GRID_LOOP(j, c) {
    double sw = 0, sb = 0;
    for (int chunk = 0; chunk < chunks; chunk++) {
      sw += pw[(size_t)chunk * c + j];
      if (pb != nullptr) sb += pb[(size_t)chunk * c + j];
    }
    store_double(gw, dtype, (int)j, sw);
    if (gb != nullptr) store_double(gb, dtype, (int)j, sb);
  }
}

// ------------------------------------------------------------------ RoPE

// x (B, H, T, D), cos/sin (Bc, T, D/2): out1 = x1 cos - x2 sin, out2 = x2 cos + x1 sin (sin negated
// for the inverse, which is the backward). F32 arithmetic stays in float, like CpuFused.rope.
template <typename T>
__device__ void rope(const T* __restrict__ x, const T* __restrict__ cosT, const T* __restrict__ sinT,
                     T* __restrict__ out, int b, int h, int t, int d, int bc, int inverse) {
  int half = d / 2;
  GRID_LOOP(k, (i64)b * h * t * half) {
    int i = (int)(k % half);
    int q = (int)(k / half);
    int bi = q / (h * t), ti = q % t;
    int cs = ((bc == 1 ? 0 : bi) * t + ti) * half + i;
    T c = cosT[cs], s = inverse ? -sinT[cs] : sinT[cs];
    size_t base = (size_t)q * d;
    T x1 = x[base + i], x2 = x[base + half + i];
    out[base + i] = x1 * c - x2 * s;
    out[base + half + i] = x2 * c + x1 * s;
  }
}

extern "C" __global__ void rope_f32(const float* x, const float* cosT, const float* sinT, float* out, int b, int h,
                                    int t, int d, int bc, int inverse) {
  rope(x, cosT, sinT, out, b, h, t, d, bc, inverse);
}
extern "C" __global__ void rope_f64(const double* x, const double* cosT, const double* sinT, double* out, int b, int h,
                                    int t, int d, int bc, int inverse) {
  rope(x, cosT, sinT, out, b, h, t, d, bc, inverse);
}

// ------------------------------------------------------------------ AdamW

// CpuFused.adamw in float, operation for operation (the host computes the step constants the same way).
extern "C" __global__ void adamw_f32(int n, float* __restrict__ p, const float* __restrict__ g, float* __restrict__ m,
                                     float* __restrict__ v, float decay, float stepSize, float bc2Sqrt, float b1,
                                     float b2, float eps) {
  GRID_LOOP(i, n) {
    float gi = g[i];
    float mi = b1 * m[i] + (1.0f - b1) * gi;
    float vi = b2 * v[i] + (1.0f - b2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    float denom = sqrtf(vi) / bc2Sqrt + eps;
    p[i] = p[i] * decay - stepSize * (mi / denom);
  }
}
