// Host stand-ins for the PTX wrappers of gemm_tc.cu (cp.async, cvt to TF32/BF16, mma.sync), so that the
// kernel emulator can run the tensor-core GEMMs. cp.async becomes a synchronous copy with zero fill;
// mma.sync gathers the warp's A and B fragments through shared slots and multiplies them per the
// fragment layouts of the PTX ISA ("Matrix Fragments for mma.m16n8k8" (.tf32) and "mma.m16n8k16"
// (.bf16)), with g = lane / 4 and t = lane % 4:
//   TF32 A (16 x 8): a0 (g, t)  a1 (g+8, t)  a2 (g, t+4)  a3 (g+8, t+4);   B (8 x 8): b0 (t, g)  b1 (t+4, g)
//   BF16 A (16 x 16): pairs a0 (g, 2t)  a1 (g+8, 2t)  a2 (g, 2t+8)  a3 (g+8, 2t+8), low half first;
//        B (16 x 8): pairs b0 (2t, g)  b1 (2t+8, g)
//   C (16 x 8): c0 (g, 2t)  c1 (g, 2t+1)  c2 (g+8, 2t)  c3 (g+8, 2t+1)
// This checks the kernel's tiling, fragment loads and epilogue against that layout; it cannot check the
// layout itself, the hardware's accumulation order or the asynchronous copies' timing.
#pragma once

inline void cp_async16(float* smem, const float* gmem, int srcBytes) {
  memcpy(smem, gmem, srcBytes);
  memset((char*)smem + srcBytes, 0, 16 - srcBytes);
}

inline void cp_async4(float* smem, const float* gmem, int srcBytes) {
  memcpy(smem, gmem, srcBytes);
  memset((char*)smem + srcBytes, 0, 4 - srcBytes);
}

inline void cp_async_commit() {}

inline void cp_async_wait_one() {}

// cvt.rna.tf32.f32: keep 10 mantissa bits, rounding half away from zero.
inline unsigned to_tf32(float x) {
  u32 b = bits_of(x);
  if ((b & 0x7f800000u) == 0x7f800000u) return b;
  return (b + 0x1000u) & 0xffffe000u;
}

inline unsigned to_bf16x2(float lo, float hi) { return (u32)f32_to_bf16(lo) | ((u32)f32_to_bf16(hi) << 16); }

/** Publishes this lane's fragments and returns the warp's 32 x 6 slots (valid until the next barrier). */
inline const unsigned* share_fragments(const unsigned* a, const unsigned* b) {
  unsigned lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  unsigned* slots = g_sync.fragments + 32 * 6 * warp;
  for (int i = 0; i < 4; i++) slots[6 * lane + i] = a[i];
  for (int i = 0; i < 2; i++) slots[6 * lane + 4 + i] = b[i];
  g_sync.warps[warp]->arrive_and_wait();
  return slots;
}

inline void mma_tf32(float* d, const unsigned* a, const unsigned* b) {
  const unsigned* s = share_fragments(a, b);
  unsigned lane = threadIdx.x & 31, g = lane >> 2, t = lane & 3;
  for (int i = 0; i < 4; i++) {
    unsigned r = g + (i >= 2 ? 8 : 0), n = 2 * t + (i & 1);
    float acc = d[i];
    for (unsigned k = 0; k < 8; k++) {
      float av = f32_of(s[6 * ((r % 8) * 4 + k % 4) + (r >= 8 ? 1 : 0) + (k >= 4 ? 2 : 0)]);
      float bv = f32_of(s[6 * (n * 4 + k % 4) + 4 + (k >= 4 ? 1 : 0)]);
      acc += av * bv;
    }
    d[i] = acc;
  }
  g_sync.warps[threadIdx.x >> 5]->arrive_and_wait();
}

inline float bf16_half(unsigned reg, unsigned high) { return bf16_to_f32((u16)(high ? reg >> 16 : reg & 0xffffu)); }

inline void mma_bf16(float* d, const unsigned* a, const unsigned* b) {
  const unsigned* s = share_fragments(a, b);
  unsigned lane = threadIdx.x & 31, g = lane >> 2, t = lane & 3;
  for (int i = 0; i < 4; i++) {
    unsigned r = g + (i >= 2 ? 8 : 0), n = 2 * t + (i & 1);
    float acc = d[i];
    for (unsigned k = 0; k < 16; k++) {
      unsigned kk = k % 8;
      float av = bf16_half(s[6 * ((r % 8) * 4 + kk / 2) + (r >= 8 ? 1 : 0) + (k >= 8 ? 2 : 0)], kk % 2);
      float bv = bf16_half(s[6 * (n * 4 + kk / 2) + 4 + (k >= 8 ? 1 : 0)], kk % 2);
      acc += av * bv;
    }
    d[i] = acc;
  }
  g_sync.warps[threadIdx.x >> 5]->arrive_and_wait();
}
