// Just enough of CUDA's device environment, on the CPU, to compile the reason4j kernel sources
// (tensor/src/main/cuda/*.cu; gemm_tc.cu's PTX wrappers come from tensor_cores_host.h) with g++ and run them: dim3
// indices as thread-locals, __shared__ as function statics (blocks run one after another), barriers,
// warp shuffles and atomicCAS. kernel-emulator.cpp runs each block's threads as real threads when a
// kernel synchronises, and one after another when it does not.
//
// It is a test instrument, not a CUDA implementation: no memory model beyond what std::barrier gives,
// host libm instead of CUDA's, no PTX.
#pragma once

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <atomic>
#include <barrier>

struct dim3 {
  unsigned x = 1, y = 1, z = 1;
};
struct float4 {
  float x, y, z, w;
};

extern thread_local dim3 threadIdx;
extern thread_local dim3 blockIdx;
extern dim3 blockDim;
extern dim3 gridDim;

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __restrict__ __restrict
#define __launch_bounds__(...)
#define __shared__ static
#define __align__(n) __attribute__((aligned(n)))

inline int min(int a, int b) { return a < b ? a : b; }
inline int max(int a, int b) { return a > b ? a : b; }

/** The barriers of the block being run (set by the emulator for kernels that synchronise). */
struct BlockSync {
  std::barrier<>* block = nullptr;
  std::barrier<>** warps = nullptr; // one per warp
  unsigned long long* lanes = nullptr; // 32 exchange slots per warp
  unsigned* fragments = nullptr; // 32 x 6 registers per warp, for emulated mma
};
extern BlockSync g_sync;

inline void __syncthreads() { g_sync.block->arrive_and_wait(); }

template <typename T>
inline T exchange(T v, int from, bool take) {
  unsigned lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  unsigned long long* slots = g_sync.lanes + 32 * warp;
  unsigned long long bits = 0;
  memcpy(&bits, &v, sizeof(T));
  slots[lane] = bits;
  g_sync.warps[warp]->arrive_and_wait();
  T r = v;
  if (take) memcpy(&r, &slots[from], sizeof(T));
  g_sync.warps[warp]->arrive_and_wait();
  return r;
}

template <typename T>
inline T __shfl_xor_sync(unsigned, T v, int laneMask) {
  unsigned lane = threadIdx.x & 31;
  return exchange(v, (int)(lane ^ laneMask), true);
}

template <typename T>
inline T __shfl_up_sync(unsigned, T v, int delta) {
  int lane = (int)(threadIdx.x & 31);
  return exchange(v, lane - delta, lane >= delta);
}

inline int atomicCAS(int* p, int compare, int value) {
  std::atomic_ref<int> a(*p);
  a.compare_exchange_strong(compare, value);
  return compare;
}
