// Elementwise kernels: unary, binary (broadcast operands have stride 0), clamp. One thread per output
// element over the merged shape; out is written through its own strides. An in-place op passes the
// same tensor as a and out, so no pointer here is declared __restrict__.
//
// The formulas are CpuElementwise's: F32 math runs in float with CUDA's accurate (not fast-math)
// functions, POW in double; integer arithmetic wraps like Java's long and integer DIV is floor
// division (a zero divisor raises E_DIV_ZERO). Not here: anything that reads more than one element
// per output.
#include "common.cuh"

// Math.pow's special cases where C's pow differs: a NaN exponent, and |x| == 1 with an infinite one.
HD double jpow(double x, double y) {
  if (y != y) return y;
  if (fabs(x) == 1.0 && isinf(y)) return f64_of(0x7ff8000000000000ULL);
  return pow(x, y);
}

template <typename T>
__device__ __forceinline__ T unary_float(int op, T x) {
  switch (op) {
    case U_NEG: return -x;
    case U_ABS: return fabs(x);
    case U_EXP: return exp(x);
    case U_LOG: return log(x);
    case U_LOG1P: return log1p(x);
    case U_SQRT: return sqrt(x);
    case U_RSQRT: return T(1) / sqrt(x);
    case U_TANH: return tanh(x);
    case U_SIGMOID: return x >= T(0) ? T(1) / (T(1) + exp(-x)) : exp(x) / (T(1) + exp(x));
    case U_RELU: return x > T(0) ? x : (x == x ? T(0) : x);
    case U_SIN: return sin(x);
    case U_COS: return cos(x);
    case U_SIGN: return (x == T(0) || x != x) ? x : copysign(T(1), x);
    case U_RECIPROCAL: return T(1) / x;
    case U_SQUARE: return x * x;
    case U_FLOOR: return floor(x);
    case U_CEIL: return ceil(x);
    default: return erf(x);
  }
}

template <typename T>
__device__ void unary_float_kernel(int op, int n, const Shape& sh, T* out, const Strides& os,
                                   const T* a, const Strides& as) {
  GRID_LOOP(i, n) {
    int oo, oa;
    offset2(sh, os, as, (int)i, oo, oa);
    out[oo] = unary_float(op, a[oa]);
  }
}

extern "C" __global__ void unary_f32(int op, int n, Shape sh, float* out, Strides os, const float* a, Strides as) {
  unary_float_kernel(op, n, sh, out, os, a, as);
}
extern "C" __global__ void unary_f64(int op, int n, Shape sh, double* out, Strides os, const double* a, Strides as) {
  unary_float_kernel(op, n, sh, out, os, a, as);
}

// NEG, ABS, SIGN, SQUARE on integers, in 64-bit wrapping arithmetic like CpuElementwise.unaryLong.
template <typename T>
__device__ void unary_int_kernel(int op, int n, const Shape& sh, T* out, const Strides& os,
                                 const T* a, const Strides& as) {
  GRID_LOOP(i, n) {
    int oo, oa;
    offset2(sh, os, as, (int)i, oo, oa);
    i64 x = a[oa], r;
    switch (op) {
      case U_NEG: r = (i64)(0ULL - (u64)x); break;
      case U_ABS: r = x < 0 ? (i64)(0ULL - (u64)x) : x; break;
      case U_SIGN: r = (x > 0) - (x < 0); break;
      default: r = (i64)((u64)x * (u64)x);
    }
    out[oo] = (T)r;
  }
}

extern "C" __global__ void unary_i32(int op, int n, Shape sh, int* out, Strides os, const int* a, Strides as) {
  unary_int_kernel(op, n, sh, out, os, a, as);
}
extern "C" __global__ void unary_i64(int op, int n, Shape sh, i64* out, Strides os, const i64* a, Strides as) {
  unary_int_kernel(op, n, sh, out, os, a, as);
}
extern "C" __global__ void unary_not(int n, Shape sh, u8* out, Strides os, const u8* a,
                                     Strides as) {
  GRID_LOOP(i, n) {
    int oo, oa;
    offset2(sh, os, as, (int)i, oo, oa);
    out[oo] = a[oa] == 0 ? 1 : 0;
  }
}

// ------------------------------------------------------------------ binary

template <typename T>
__device__ __forceinline__ T binary_float(int op, T x, T y) {
  switch (op) {
    case B_ADD: return x + y;
    case B_SUB: return x - y;
    case B_MUL: return x * y;
    case B_DIV: return x / y;
    case B_POW: return (T)jpow((double)x, (double)y);
    case B_MAXIMUM: return jmax(x, y);
    default: return jmin(x, y);
  }
}

__device__ __forceinline__ bool compare(int op, double x, double y) {
  switch (op) {
    case B_EQ: return x == y;
    case B_NE: return x != y;
    case B_LT: return x < y;
    case B_LE: return x <= y;
    case B_GT: return x > y;
    default: return x >= y;
  }
}

template <typename T>
__device__ void binary_float_kernel(int op, int n, const Shape& sh, void* out, const Strides& os,
                                    const T* a, const Strides& as, const T* b,
                                    const Strides& bs) {
  bool cmp = op >= B_EQ;
  GRID_LOOP(i, n) {
    int oo, oa, ob;
    offset3(sh, os, as, bs, (int)i, oo, oa, ob);
    T x = a[oa], y = b[ob];
    if (cmp) {
      ((u8*)out)[oo] = compare(op, x, y) ? 1 : 0;
    } else {
      ((T*)out)[oo] = binary_float(op, x, y);
    }
  }
}

extern "C" __global__ void binary_f32(int op, int n, Shape sh, void* out, Strides os, const float* a, Strides as,
                                      const float* b, Strides bs) {
  binary_float_kernel(op, n, sh, out, os, a, as, b, bs);
}
extern "C" __global__ void binary_f64(int op, int n, Shape sh, void* out, Strides os, const double* a, Strides as,
                                      const double* b, Strides bs) {
  binary_float_kernel(op, n, sh, out, os, a, as, b, bs);
}

// CpuElementwise.binaryLong: wrapping 64-bit arithmetic, floor division, AND/OR on truth values.
__device__ __forceinline__ i64 binary_long(int op, i64 x, i64 y, DevErr* err) {
  switch (op) {
    case B_ADD: return (i64)((u64)x + (u64)y);
    case B_SUB: return (i64)((u64)x - (u64)y);
    case B_MUL: return (i64)((u64)x * (u64)y);
    case B_DIV: {
      if (y == 0) {
        raise_error(err, E_DIV_ZERO, OP_DIV, x, 0);
        return 0;
      }
      return floor_div(x, y);
    }
    case B_POW: return java_d2l(jpow((double)x, (double)y));
    case B_MAXIMUM: return x > y ? x : y;
    case B_MINIMUM: return x < y ? x : y;
    case B_EQ: return x == y;
    case B_NE: return x != y;
    case B_LT: return x < y;
    case B_LE: return x <= y;
    case B_GT: return x > y;
    case B_GE: return x >= y;
    case B_AND: return x != 0 && y != 0;
    default: return x != 0 || y != 0;
  }
}

template <typename T, bool BOOL>
__device__ void binary_int_kernel(int op, int n, const Shape& sh, void* out, const Strides& os,
                                  const T* a, const Strides& as, const T* b,
                                  const Strides& bs, DevErr* err) {
  bool cmp = op >= B_EQ && op <= B_GE;
  GRID_LOOP(i, n) {
    int oo, oa, ob;
    offset3(sh, os, as, bs, (int)i, oo, oa, ob);
    i64 r = binary_long(op, (i64)a[oa], (i64)b[ob], err);
    if (cmp || BOOL) {
      ((u8*)out)[oo] = r != 0 ? 1 : 0;
    } else {
      ((T*)out)[oo] = (T)r;
    }
  }
}

extern "C" __global__ void binary_i32(int op, int n, Shape sh, void* out, Strides os, const int* a, Strides as,
                                      const int* b, Strides bs, DevErr* err) {
  binary_int_kernel<int, false>(op, n, sh, out, os, a, as, b, bs, err);
}
extern "C" __global__ void binary_i64(int op, int n, Shape sh, void* out, Strides os, const i64* a, Strides as,
                                      const i64* b, Strides bs, DevErr* err) {
  binary_int_kernel<i64, false>(op, n, sh, out, os, a, as, b, bs, err);
}
extern "C" __global__ void binary_bool(int op, int n, Shape sh, void* out, Strides os, const signed char* a,
                                       Strides as, const signed char* b, Strides bs, DevErr* err) {
  binary_int_kernel<signed char, true>(op, n, sh, out, os, a, as, b, bs, err);
}

// ------------------------------------------------------------------ clamp

template <typename T>
__device__ void clamp_float_kernel(int n, const Shape& sh, T* out, const Strides& os,
                                   const T* a, const Strides& as, T lo, T hi) {
  GRID_LOOP(i, n) {
    int oo, oa;
    offset2(sh, os, as, (int)i, oo, oa);
    out[oo] = jmin(jmax(a[oa], lo), hi);
  }
}

extern "C" __global__ void clamp_f32(int n, Shape sh, float* out, Strides os, const float* a, Strides as, float lo,
                                     float hi) {
  clamp_float_kernel(n, sh, out, os, a, as, lo, hi);
}
extern "C" __global__ void clamp_f64(int n, Shape sh, double* out, Strides os, const double* a, Strides as,
                                     double lo, double hi) {
  clamp_float_kernel(n, sh, out, os, a, as, lo, hi);
}

// Integers are clamped in double, as Math.max(long, double) promotes them, then cast back like Java.
extern "C" __global__ void clamp_int(int n, Shape sh, void* out, Strides os, const void* a,
                                     Strides as, int dtype, double lo, double hi) {
  GRID_LOOP(i, n) {
    int oo, oa;
    offset2(sh, os, as, (int)i, oo, oa);
    double x = (double)load_long(a, dtype, oa);
    store_long(out, dtype, oo, java_d2l(jmin(jmax(x, lo), hi)));
  }
}
