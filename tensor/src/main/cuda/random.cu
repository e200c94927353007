// Random fills with Philox4x32-10, bit for bit the generator of Philox.java: element i of the output is
// a pure function of (seed, stream, counter + i). Uniform and Bernoulli draws are exact integer
// arithmetic and give the CPU's bits; normal draws use the same Box-Muller formula in double, whose
// log/cos may differ from Java's in the last bit of a double (rarely visible after rounding to F32).
#include "common.cuh"

#define D_UNIFORM 0
#define D_NORMAL 1
#define D_BERNOULLI 2

__device__ __forceinline__ void philox(u64 seed, u64 stream, u64 counter, u32& w0, u32& w1) {
  const u32 M0 = 0xD2511F53u, M1 = 0xCD9E8D57u, W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
  u32 c0 = (u32)counter, c1 = (u32)(counter >> 32), c2 = (u32)stream, c3 = (u32)(stream >> 32);
  u32 k0 = (u32)seed, k1 = (u32)(seed >> 32);
#pragma unroll
  for (int r = 0; r < 10; r++) {
    u32 hi0 = __umulhi(M0, c0), lo0 = M0 * c0;
    u32 hi1 = __umulhi(M1, c2), lo1 = M1 * c2;
    u32 n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
    k0 += W0;
    k1 += W1;
  }
  w0 = c0;
  w1 = c1;
}

extern "C" __global__ void random_fill(int dist, int dtype, int n, void* __restrict__ out, u64 seed, u64 stream,
                                       u64 counter, double p) {
  GRID_LOOP(i, n) {
    u32 w0, w1;
    philox(seed, stream, counter + (u64)i, w0, w1);
    double v;
    if (dist == D_UNIFORM) {
      if (dtype == DT_F64) {
        u64 w = ((u64)w1 << 32) | w0;
        v = (double)(w >> 11) * 0x1.0p-53;
      } else {
        v = (float)(w0 >> 8) * 0x1.0p-24f;
      }
    } else if (dist == D_NORMAL) {
      double u1 = ((double)(w0 >> 8) + 1.0) * 0x1.0p-24;
      double u2 = (double)(w1 >> 8) * 0x1.0p-24;
      v = sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
    } else {
      float u = (float)(w0 >> 8) * 0x1.0p-24f;
      v = (double)u < p ? 1.0 : 0.0;
    }
    store_double(out, dtype, (int)i, v);
  }
}
