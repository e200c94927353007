// Moving elements: strided copies (same dtype: raw bits; different dtypes: CpuCopy.convert's rules),
// 64-bit fills (smaller fills use cuMemsetD8/16/32 from the host) and where(), which only moves bits.
// Not here: anything that computes.
#include "common.cuh"

template <typename T>
__device__ void copy_bits(int n, const Shape& sh, T* __restrict__ dst, const Strides& ds, const T* __restrict__ src,
                          const Strides& ss) {
  GRID_LOOP(i, n) {
    int od, os;
    offset2(sh, ds, ss, (int)i, od, os);
    dst[od] = src[os];
  }
}

extern "C" __global__ void copy_bits1(int n, Shape sh, u8* dst, Strides ds, const u8* src, Strides ss) {
  copy_bits(n, sh, dst, ds, src, ss);
}
extern "C" __global__ void copy_bits2(int n, Shape sh, u16* dst, Strides ds, const u16* src, Strides ss) {
  copy_bits(n, sh, dst, ds, src, ss);
}
extern "C" __global__ void copy_bits4(int n, Shape sh, u32* dst, Strides ds, const u32* src, Strides ss) {
  copy_bits(n, sh, dst, ds, src, ss);
}
extern "C" __global__ void copy_bits8(int n, Shape sh, u64* dst, Strides ds, const u64* src, Strides ss) {
  copy_bits(n, sh, dst, ds, src, ss);
}

// Any dtype to any other: floats go through double, integers through long, float to integer truncates
// toward zero with Java's saturation (CpuCopy.convert).
extern "C" __global__ void copy_convert(int n, Shape sh, void* __restrict__ dst, int dstType, Strides ds,
                                        const void* __restrict__ src, int srcType, Strides ss) {
  bool srcFloat = srcType <= DT_F16, dstFloat = dstType <= DT_F16;
  GRID_LOOP(i, n) {
    int od, os;
    offset2(sh, ds, ss, (int)i, od, os);
    if (srcFloat && (dstFloat || dstType == DT_BOOL)) {
      store_double(dst, dstType, od, load_double(src, srcType, os));
    } else if (srcFloat) {
      store_long(dst, dstType, od, java_d2l(load_double(src, srcType, os)));
    } else if (dstFloat) {
      store_double(dst, dstType, od, (double)load_long(src, srcType, os));
    } else {
      store_long(dst, dstType, od, load_long(src, srcType, os));
    }
  }
}

extern "C" __global__ void fill_bits8(int n, u64* __restrict__ dst, u64 bits) {
  GRID_LOOP(i, n) dst[i] = bits;
}

template <typename T>
__device__ void where_bits(int n, const Shape& sh, T* __restrict__ out, const Strides& os, const u8* __restrict__ cond,
                           const Strides& cs, const T* __restrict__ a, const Strides& as, const T* __restrict__ b,
                           const Strides& bs) {
  GRID_LOOP(i, n) {
    int oo, oc, oa, ob;
    offset4(sh, os, cs, as, bs, (int)i, oo, oc, oa, ob);
    out[oo] = cond[oc] != 0 ? a[oa] : b[ob];
  }
}

extern "C" __global__ void where_bits1(int n, Shape sh, u8* out, Strides os, const u8* cond, Strides cs, const u8* a,
                                       Strides as, const u8* b, Strides bs) {
  where_bits(n, sh, out, os, cond, cs, a, as, b, bs);
}
extern "C" __global__ void where_bits2(int n, Shape sh, u16* out, Strides os, const u8* cond, Strides cs,
                                       const u16* a, Strides as, const u16* b, Strides bs) {
  where_bits(n, sh, out, os, cond, cs, a, as, b, bs);
}
extern "C" __global__ void where_bits4(int n, Shape sh, u32* out, Strides os, const u8* cond, Strides cs,
                                       const u32* a, Strides as, const u32* b, Strides bs) {
  where_bits(n, sh, out, os, cond, cs, a, as, b, bs);
}
extern "C" __global__ void where_bits8(int n, Shape sh, u64* out, Strides os, const u8* cond, Strides cs,
                                       const u64* a, Strides as, const u64* b, Strides bs) {
  where_bits(n, sh, out, os, cond, cs, a, as, b, bs);
}
