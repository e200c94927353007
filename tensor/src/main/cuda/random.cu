// Random fills with Philox4x32-10, bit for bit the generator of Philox.java: element i of the output is
// a pure function of (seed, stream, counter + i). Uniform and Bernoulli draws are exact integer
// arithmetic and give the CPU's bits; normal draws use the same Box-Muller formula in double, whose
// log/cos may differ from Java's in the last bit of a double (rarely visible after rounding to F32).
#include "common.cuh"

#define D_UNIFORM 0
#define D_NORMAL 1
#define D_BERNOULLI 2

extern "C" __global__ void random_fill(int dist, int dtype, int n, void* __restrict__ out, u64 seed, u64 stream,
                                       u64 counter, double p) {
  GRID_LOOP(i, n) {
    u32 w0, w1;
    philox(seed, stream, counter + (u64)i, w0, w1);
    double v;
    if (dist == D_UNIFORM) {
      v = dtype == DT_F64 ? philox_uniform_double(w0, w1) : (double)philox_uniform(w0);
    } else if (dist == D_NORMAL) {
      double u1 = ((double)(w0 >> 8) + 1.0) * 0x1.0p-24;
      double u2 = (double)(w1 >> 8) * 0x1.0p-24;
      v = sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
    } else {
      v = (double)philox_uniform(w0) < p ? 1.0 : 0.0;
    }
    store_double(out, dtype, (int)i, v);
  }
}
