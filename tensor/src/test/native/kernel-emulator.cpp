// Runs the reason4j CUDA kernels on the CPU for tests on machines without a GPU (EmulatedGpu.java drives
// it). The kernel sources are compiled as they are, with cuda_host.h standing in for the CUDA runtime;
// device memory is a file that this process and the JVM both map, and device addresses are offsets into
// it plus a base. Protocol, one launch per line on stdin:
//   <kernel> <gridX> <gridY> <gridZ> <blockX> <blockY> <base-address hex> <arg>...
// with args i:<int> l:<long> f:<float bits hex> d:<double bits hex> p:<address hex> b:<struct bytes hex>;
// the reply is "ok" or "error <why>". The first line of input is the memory file's path.
// gemm_tc.cu's PTX wrappers come from tensor_cores_host.h, which emulates them.
#include "cuda_host.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "../../main/cuda/copy.cu"
#include "../../main/cuda/elementwise.cu"
#include "../../main/cuda/fused.cu"
#include "../../main/cuda/gemm.cu"
#include "tensor_cores_host.h"
#include "../../main/cuda/gemm_tc.cu"
#include "../../main/cuda/index.cu"
#include "../../main/cuda/random.cu"
#include "../../main/cuda/reduce.cu"
#include "../../main/cuda/softmax.cu"

thread_local dim3 threadIdx;
thread_local dim3 blockIdx;
dim3 blockDim;
dim3 gridDim;
BlockSync g_sync;

static char* g_memory = nullptr;
static unsigned long long g_base = 0;

static unsigned long long hex(const std::string& s) { return std::stoull(s, nullptr, 16); }

template <typename T>
struct Conv;
template <>
struct Conv<int> {
  static int get(const std::string& s) { return (int)std::stoll(s.substr(2)); }
};
template <>
struct Conv<long long> {
  static long long get(const std::string& s) { return std::stoll(s.substr(2)); }
};
template <>
struct Conv<unsigned long long> {
  static unsigned long long get(const std::string& s) { return (unsigned long long)std::stoll(s.substr(2)); }
};
template <>
struct Conv<float> {
  static float get(const std::string& s) { return f32_of((u32)hex(s.substr(2))); }
};
template <>
struct Conv<double> {
  static double get(const std::string& s) { return f64_of(hex(s.substr(2))); }
};
template <typename T>
struct Conv<T*> {
  static T* get(const std::string& s) {
    unsigned long long a = hex(s.substr(2));
    return a == 0 ? nullptr : (T*)(g_memory + (a - g_base));
  }
};
template <typename S>
static S bytes(const std::string& s) {
  S v;
  unsigned char* p = (unsigned char*)&v;
  for (size_t i = 0; i < sizeof(S); i++) p[i] = (unsigned char)std::stoul(s.substr(2 + 2 * i, 2), nullptr, 16);
  return v;
}
template <>
struct Conv<Shape> {
  static Shape get(const std::string& s) { return bytes<Shape>(s); }
};
template <>
struct Conv<Strides> {
  static Strides get(const std::string& s) { return bytes<Strides>(s); }
};

struct Entry {
  std::function<std::function<void()>(const std::vector<std::string>&)> bind;
  size_t params;
  bool sync;
};

template <typename... P, size_t... I>
static std::function<void()> bindArgs(void (*fn)(P...), const std::vector<std::string>& a, std::index_sequence<I...>) {
  auto args = std::make_tuple(Conv<std::decay_t<P>>::get(a[I])...);
  return [fn, args]() { std::apply(fn, args); };
}

template <typename... P>
static Entry entry(void (*fn)(P...), bool sync) {
  return {[fn](const std::vector<std::string>& a) { return bindArgs(fn, a, std::index_sequence_for<P...>{}); },
          sizeof...(P), sync};
}

#define PLAIN(k) {#k, entry(k, false)}
#define SYNCED(k) {#k, entry(k, true)}

static const std::map<std::string, Entry> KERNELS = {
    PLAIN(copy_bits1), PLAIN(copy_bits2), PLAIN(copy_bits4), PLAIN(copy_bits8), PLAIN(copy_convert),
    PLAIN(fill_bits8), PLAIN(where_bits1), PLAIN(where_bits2), PLAIN(where_bits4), PLAIN(where_bits8),
    PLAIN(unary_f32), PLAIN(unary_f64), PLAIN(unary_i32), PLAIN(unary_i64), PLAIN(unary_not),
    PLAIN(binary_f32), PLAIN(binary_f64), PLAIN(binary_i32), PLAIN(binary_i64), PLAIN(binary_bool),
    PLAIN(clamp_f32), PLAIN(clamp_f64), PLAIN(clamp_int),
    SYNCED(reduce_rows), PLAIN(reduce_cols), PLAIN(reduce_finish), PLAIN(cumsum_lines), SYNCED(cumsum_rows),
    SYNCED(softmax_f32), SYNCED(softmax_f64),
    PLAIN(index_select_bits1), PLAIN(index_select_bits2), PLAIN(index_select_bits4), PLAIN(index_select_bits8),
    PLAIN(gather_bits1), PLAIN(gather_bits2), PLAIN(gather_bits4), PLAIN(gather_bits8),
    PLAIN(index_add_f32), PLAIN(index_add_f64), PLAIN(scatter_add_f32), PLAIN(scatter_add_f64),
    PLAIN(scatter_add_i32), PLAIN(scatter_add_i64),
    PLAIN(random_fill),
    SYNCED(cross_entropy_f32), SYNCED(cross_entropy_f64), PLAIN(cross_entropy_backward_f32),
    PLAIN(cross_entropy_backward_f64), SYNCED(rms_norm_f32), SYNCED(rms_norm_f64), SYNCED(rms_norm_backward_f32),
    SYNCED(rms_norm_backward_f64), SYNCED(layer_norm_f32), SYNCED(layer_norm_f64), SYNCED(layer_norm_backward_f32),
    SYNCED(layer_norm_backward_f64), PLAIN(norm_grad_partial_f32), PLAIN(norm_grad_partial_f64),
    PLAIN(norm_grad_finish), PLAIN(rope_f32), PLAIN(rope_f64), PLAIN(adamw_f32),
    SYNCED(gemm_simt_f32), PLAIN(gemm_f64),
    SYNCED(gemm_tf32_kn), SYNCED(gemm_tf32_kk), SYNCED(gemm_tf32_mn), SYNCED(gemm_tf32_mk),
    SYNCED(gemm_bf16_kn), SYNCED(gemm_bf16_kk), SYNCED(gemm_bf16_mn), SYNCED(gemm_bf16_mk),
};

/** Runs every block in order; a synchronising kernel gets one real thread per CUDA thread. */
static void run(const Entry& e, const std::function<void()>& call, dim3 grid, dim3 block) {
  gridDim = grid;
  blockDim = block;
  unsigned n = block.x * block.y * block.z;
  auto eachBlock = [&](const std::function<void()>& body) {
    for (unsigned z = 0; z < grid.z; z++)
      for (unsigned y = 0; y < grid.y; y++)
        for (unsigned x = 0; x < grid.x; x++) {
          blockIdx = {x, y, z};
          body();
        }
  };
  auto setThread = [&](unsigned t) { threadIdx = {t % block.x, (t / block.x) % block.y, t / (block.x * block.y)}; };
  if (!e.sync) {
    eachBlock([&] {
      for (unsigned t = 0; t < n; t++) {
        setThread(t);
        call();
      }
    });
    return;
  }
  std::barrier<> blockBarrier(n), endOfBlock(n);
  unsigned warps = (n + 31) / 32;
  std::vector<std::unique_ptr<std::barrier<>>> warpBarriers; // barriers cannot move, so they live behind pointers
  std::vector<std::barrier<>*> warpPointers;
  for (unsigned w = 0; w < warps; w++) {
    warpBarriers.emplace_back(new std::barrier<>(32));
    warpPointers.push_back(warpBarriers.back().get());
  }
  std::vector<unsigned long long> lanes(32 * warps);
  std::vector<unsigned> fragments(32 * 6 * warps);
  g_sync.block = &blockBarrier;
  g_sync.warps = warpPointers.data();
  g_sync.lanes = lanes.data();
  g_sync.fragments = fragments.data();
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < n; t++) {
    threads.emplace_back([&, t] {
      setThread(t);
      for (unsigned z = 0; z < grid.z; z++)
        for (unsigned y = 0; y < grid.y; y++)
          for (unsigned x = 0; x < grid.x; x++) {
            blockIdx = {x, y, z};
            call();
            endOfBlock.arrive_and_wait();
          }
    });
  }
  for (auto& th : threads) th.join();
}

int main() {
  std::ios::sync_with_stdio(false);
  std::string path;
  if (!std::getline(std::cin, path)) return 1;
  int fd = open(path.c_str(), O_RDWR);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    std::cout << "error cannot open " << path << std::endl;
    return 1;
  }
  g_memory = (char*)mmap(nullptr, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  std::cout << "ready" << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::string name;
    dim3 grid, block;
    std::string base;
    in >> name >> grid.x >> grid.y >> grid.z >> block.x >> block.y >> base;
    g_base = hex(base);
    std::vector<std::string> args;
    for (std::string tok; in >> tok;) args.push_back(tok);
    auto k = KERNELS.find(name);
    if (k == KERNELS.end() || k->second.params != args.size()) {
      std::cout << "error unknown kernel or wrong parameter count: " << name << std::endl;
      continue;
    }
    run(k->second, k->second.bind(args), grid, block);
    std::cout << "ok" << std::endl;
  }
  return 0;
}
