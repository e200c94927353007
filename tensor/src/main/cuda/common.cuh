// Shared by every kernel file of the reason4j CUDA backend: dtype and op codes (mirrored in
// CudaCodes.java and checked against it by a test), the strided-operand structs, Java's arithmetic
// rules (Math.max/min, (long) casts, the BF16/F16 conversions of Half.java), deterministic block
// reductions and the device error word.
//
// It is not a general CUDA utility library: everything here exists because a kernel needs to give the
// same answer as the CPU backend (tensor/cpu/*.java), which is the specification.
//
// All files are compiled with -fmad=false: Java never fuses a*b+c, so neither do we; kernels that
// want a fused multiply-add (the GEMMs, like Math.fma in GemmReference) ask for fmaf/fma explicitly.
#pragma once

#include <string.h>

#define MAX_RANK 8

// dtype codes (CudaCodes.dtype)
#define DT_F32 0
#define DT_F64 1
#define DT_BF16 2
#define DT_F16 3
#define DT_I32 4
#define DT_I64 5
#define DT_BOOL 6

// unary op codes (CudaCodes.unary)
#define U_NEG 0
#define U_ABS 1
#define U_EXP 2
#define U_LOG 3
#define U_LOG1P 4
#define U_SQRT 5
#define U_RSQRT 6
#define U_TANH 7
#define U_SIGMOID 8
#define U_RELU 9
#define U_SIN 10
#define U_COS 11
#define U_SIGN 12
#define U_RECIPROCAL 13
#define U_SQUARE 14
#define U_FLOOR 15
#define U_CEIL 16
#define U_ERF 17
#define U_NOT 18

// binary op codes (CudaCodes.binary)
#define B_ADD 0
#define B_SUB 1
#define B_MUL 2
#define B_DIV 3
#define B_POW 4
#define B_MAXIMUM 5
#define B_MINIMUM 6
#define B_EQ 7
#define B_NE 8
#define B_LT 9
#define B_LE 10
#define B_GT 11
#define B_GE 12
#define B_AND 13
#define B_OR 14

// reduction codes (CudaCodes.reduce); R_EXPSUM is the second pass of LOGSUMEXP
#define R_SUM 0
#define R_MAX 1
#define R_MIN 2
#define R_ARGMAX 3
#define R_ARGMIN 4
#define R_EXPSUM 5

// device error codes and the ops that raise them (CudaCodes.ErrorCode / CudaCodes.ErrorOp)
#define E_INDEX 1
#define E_DIV_ZERO 2
#define E_TARGET 3
#define OP_INDEX_SELECT 1
#define OP_INDEX_ADD 2
#define OP_GATHER 3
#define OP_SCATTER_ADD 4
#define OP_DIV 5
#define OP_CROSS_ENTROPY 6

// Pure arithmetic helpers are __host__ __device__ so that tools/cuda/port-check.cu can run them on the
// CPU and compare them with the Java they port (Half.java, Philox.java, Math.max, floorDiv, (long) casts).
#define HD __host__ __device__ __forceinline__

typedef long long i64;
typedef unsigned long long u64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;

// A merged shape (rank <= MAX_RANK, innermost axis last) and one operand's element strides.
struct Shape {
  int rank;
  int size[MAX_RANK];
};
struct Strides {
  int s[MAX_RANK];
};

// The first error a kernel met; the host reads it at the next synchronising call.
struct DevErr {
  int code;
  int op;
  i64 value;
  i64 bound;
};

__device__ __forceinline__ void raise_error(DevErr* err, int code, int op, i64 value, i64 bound) {
  if (atomicCAS(&err->code, 0, code) == 0) {
    err->op = op;
    err->value = value;
    err->bound = bound;
  }
}

// ------------------------------------------------------------------ strided offsets

// A grid-stride loop over [0, n); i is 64-bit so the last step cannot overflow.
#define GRID_LOOP(i, n) for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < (i64)(n); i += (i64)blockDim.x * gridDim.x)

__device__ __forceinline__ int offset1(const Shape& sh, const Strides& a, int i) {
  if (sh.rank == 1) return i * a.s[0];
  int oa = 0;
#pragma unroll
  for (int d = MAX_RANK - 1; d >= 0; d--) {
    if (d < sh.rank) {
      int sz = sh.size[d], q = i / sz, r = i - q * sz;
      oa += r * a.s[d];
      i = q;
    }
  }
  return oa;
}

__device__ __forceinline__ void offset2(const Shape& sh, const Strides& a, const Strides& b, int i, int& oa, int& ob) {
  if (sh.rank == 1) {
    oa = i * a.s[0];
    ob = i * b.s[0];
    return;
  }
  oa = 0;
  ob = 0;
#pragma unroll
  for (int d = MAX_RANK - 1; d >= 0; d--) {
    if (d < sh.rank) {
      int sz = sh.size[d], q = i / sz, r = i - q * sz;
      oa += r * a.s[d];
      ob += r * b.s[d];
      i = q;
    }
  }
}

__device__ __forceinline__ void offset3(const Shape& sh, const Strides& a, const Strides& b, const Strides& c, int i,
                                        int& oa, int& ob, int& oc) {
  if (sh.rank == 1) {
    oa = i * a.s[0];
    ob = i * b.s[0];
    oc = i * c.s[0];
    return;
  }
  oa = 0;
  ob = 0;
  oc = 0;
#pragma unroll
  for (int d = MAX_RANK - 1; d >= 0; d--) {
    if (d < sh.rank) {
      int sz = sh.size[d], q = i / sz, r = i - q * sz;
      oa += r * a.s[d];
      ob += r * b.s[d];
      oc += r * c.s[d];
      i = q;
    }
  }
}

__device__ __forceinline__ void offset4(const Shape& sh, const Strides& a, const Strides& b, const Strides& c,
                                        const Strides& e, int i, int& oa, int& ob, int& oc, int& oe) {
  oa = 0;
  ob = 0;
  oc = 0;
  oe = 0;
#pragma unroll
  for (int d = MAX_RANK - 1; d >= 0; d--) {
    if (d < sh.rank) {
      int sz = sh.size[d], q = i / sz, r = i - q * sz;
      oa += r * a.s[d];
      ob += r * b.s[d];
      oc += r * c.s[d];
      oe += r * e.s[d];
      i = q;
    }
  }
}

// ------------------------------------------------------------------ Java arithmetic

// Bit casts usable on both sides (memcpy of a register compiles to a move on the GPU).
HD float f32_of(u32 bits) {
  float f;
  memcpy(&f, &bits, 4);
  return f;
}
HD u32 bits_of(float f) {
  u32 b;
  memcpy(&b, &f, 4);
  return b;
}
HD double f64_of(u64 bits) {
  double d;
  memcpy(&d, &bits, 8);
  return d;
}

// Math.max / Math.min: NaN wins, and +0 is larger than -0.
template <typename T>
HD T jmax(T a, T b) {
  if (a != a) return a;
  if (a == T(0) && b == T(0) && signbit(a)) return b;
  return a >= b ? a : b;
}

template <typename T>
HD T jmin(T a, T b) {
  if (a != a) return a;
  if (a == T(0) && b == T(0) && signbit(b)) return b;
  return a <= b ? a : b;
}

// (long) d in Java: NaN is 0, out-of-range values saturate.
HD i64 java_d2l(double d) {
  if (d != d) return 0;
  if (d >= 9223372036854775808.0) return 0x7FFFFFFFFFFFFFFFLL;
  if (d <= -9223372036854775808.0) return (i64)0x8000000000000000ULL;
  return (i64)d;
}

// Half.java, line for line.
HD float bf16_to_f32(u16 b) { return f32_of(((u32)b) << 16); }

HD u16 f32_to_bf16(float f) {
  u32 x = bits_of(f);
  if ((x & 0x7FFFFFFFu) > 0x7F800000u) return (u16)((x >> 16) | 0x40u);
  u32 rounding = 0x7FFFu + ((x >> 16) & 1u);
  return (u16)((x + rounding) >> 16);
}

HD float f16_to_f32(u16 bits) {
  u32 h = bits;
  u32 sign = (h & 0x8000u) << 16;
  u32 exp = (h >> 10) & 0x1Fu;
  u32 mant = h & 0x3FFu;
  if (exp == 0x1Fu) return f32_of(sign | 0x7F800000u | (mant << 13));
  if (exp == 0) {
    if (mant == 0) return f32_of(sign);
    float v = (float)mant * 0x1.0p-24f;
    return sign != 0 ? -v : v;
  }
  return f32_of(sign | ((exp + 112u) << 23) | (mant << 13));
}

HD u16 f32_to_f16(float f) {
  u32 x = bits_of(f);
  u32 sign = (x >> 16) & 0x8000u;
  u32 abs = x & 0x7FFFFFFFu;
  if (abs >= 0x7F800000u) return (u16)(sign | 0x7C00u | (abs > 0x7F800000u ? 0x200u : 0u));
  if (abs >= 0x477FF000u) return (u16)(sign | 0x7C00u);
  if (abs < 0x38800000u) {
    if (abs < 0x33000000u) return (u16)sign;
    u32 e = abs >> 23;
    u32 m = (abs & 0x7FFFFFu) | 0x800000u;
    u32 shift = 126u - e;
    u32 q = m >> shift;
    u32 rem = m & ((1u << shift) - 1u);
    u32 half = 1u << (shift - 1u);
    if (rem > half || (rem == half && (q & 1u) != 0)) q++;
    return (u16)(sign | q);
  }
  u32 rounded = abs + 0xFFFu + ((abs >> 13) & 1u);
  return (u16)(sign | ((rounded - 0x38000000u) >> 13));
}

// Math.floorDiv for y != 0, wrapping like Java for Long.MIN_VALUE / -1.
HD i64 floor_div(i64 x, i64 y) {
  if (y == -1) return (i64)(0ULL - (u64)x);
  i64 q = x / y;
  if (x % y != 0 && ((x ^ y) < 0)) q--;
  return q;
}

// The high 32 bits of a 32 x 32-bit product.
HD u32 mulhi(u32 a, u32 b) {
#ifdef __CUDA_ARCH__
  return __umulhi(a, b);
#else
  return (u32)(((u64)a * b) >> 32);
#endif
}

// Philox4x32-10 (Philox.draw): key = seed, counter = (counter, stream); returns words 0 and 1.
HD void philox(u64 seed, u64 stream, u64 counter, u32& w0, u32& w1) {
  const u32 M0 = 0xD2511F53u, M1 = 0xCD9E8D57u, W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
  u32 c0 = (u32)counter, c1 = (u32)(counter >> 32), c2 = (u32)stream, c3 = (u32)(stream >> 32);
  u32 k0 = (u32)seed, k1 = (u32)(seed >> 32);
#pragma unroll
  for (int r = 0; r < 10; r++) {
    u32 n0 = mulhi(M1, c2) ^ c1 ^ k0, n1 = M1 * c2, n2 = mulhi(M0, c0) ^ c3 ^ k1, n3 = M0 * c0;
    c0 = n0;
    c1 = n1;
    c2 = n2;
    c3 = n3;
    k0 += W0;
    k1 += W1;
  }
  w0 = c0;
  w1 = c1;
}

// Philox.uniform: 24 random bits as a float in [0, 1).
HD float philox_uniform(u32 w0) { return (float)(w0 >> 8) * 0x1.0p-24f; }

// Philox.uniformDouble: 53 random bits as a double in [0, 1).
HD double philox_uniform_double(u32 w0, u32 w1) { return (double)((((u64)w1 << 32) | w0) >> 11) * 0x1.0p-53; }

// CpuCopy.readDouble / writeDouble and CpuElementwise.getLong / setLong for any dtype.
__device__ __forceinline__ double load_double(const void* p, int dt, int i) {
  switch (dt) {
    case DT_F32: return ((const float*)p)[i];
    case DT_F64: return ((const double*)p)[i];
    case DT_BF16: return bf16_to_f32(((const u16*)p)[i]);
    case DT_F16: return f16_to_f32(((const u16*)p)[i]);
    case DT_I32: return ((const int*)p)[i];
    case DT_I64: return (double)((const i64*)p)[i];
    default: return ((const signed char*)p)[i];
  }
}

__device__ __forceinline__ i64 load_long(const void* p, int dt, int i) {
  switch (dt) {
    case DT_I32: return ((const int*)p)[i];
    case DT_I64: return ((const i64*)p)[i];
    default: return ((const signed char*)p)[i];
  }
}

__device__ __forceinline__ void store_long(void* p, int dt, int i, i64 v) {
  switch (dt) {
    case DT_I32: ((int*)p)[i] = (int)v; break;
    case DT_I64: ((i64*)p)[i] = v; break;
    default: ((u8*)p)[i] = v != 0 ? 1 : 0;
  }
}

__device__ __forceinline__ void store_double(void* p, int dt, int i, double v) {
  switch (dt) {
    case DT_F32: ((float*)p)[i] = (float)v; break;
    case DT_F64: ((double*)p)[i] = v; break;
    case DT_BF16: ((u16*)p)[i] = f32_to_bf16((float)v); break;
    case DT_F16: ((u16*)p)[i] = f32_to_f16((float)v); break;
    case DT_BOOL: ((u8*)p)[i] = v != 0 ? 1 : 0; break;
    default: store_long(p, dt, i, java_d2l(v));
  }
}

__device__ __forceinline__ i64 load_index(const void* idx, int idx64, int i) {
  return idx64 ? ((const i64*)idx)[i] : (i64)((const int*)idx)[i];
}

// ------------------------------------------------------------------ deterministic block sums

// A butterfly leaves the same bits in every lane (a + b == b + a in IEEE arithmetic), and the
// pairing is fixed, so the sum depends only on the values and their lanes.
__device__ __forceinline__ double warp_sum(double v) {
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

__device__ __forceinline__ float warp_max(float v) {
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) v = jmax(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}

__device__ __forceinline__ double warp_max(double v) {
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) v = jmax(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}

// Every thread of the block gets the sum. scratch holds at least blockDim.x / 32 doubles.
__device__ __forceinline__ double block_sum(double v, double* scratch) {
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  v = warp_sum(v);
  if (warps == 1) return v;
  __syncthreads();
  if (lane == 0) scratch[warp] = v;
  __syncthreads();
  v = lane < warps ? scratch[lane] : 0.0;
  return warp_sum(v);
}

template <typename T>
__device__ __forceinline__ T block_max(T v, T* scratch) {
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  v = warp_max(v);
  if (warps == 1) return v;
  __syncthreads();
  if (lane == 0) scratch[warp] = v;
  __syncthreads();
  v = lane < warps ? scratch[lane] : scratch[0];
  return warp_max(v);
}
