// Runs the pure helpers of tensor/src/main/cuda/common.cuh (and jpow of elementwise.cu) on the host and
// prints, per helper, how many inputs it saw and a hash of its outputs. PortCheckTest recomputes every
// line with the Java the helpers port (Half.java, Philox.java, Math.max/min/floorDiv/pow, (long) casts)
// over the same inputs, so a mistake in a port shows up without a GPU. Built by port-check.sh.
// The hash is h = (h ^ v) * 1099511628211 over the 64-bit outputs, from h = 1469598103934665603.
#include <math.h>
#include <stdio.h>

#include "../../tensor/src/main/cuda/elementwise.cu"

static const u32 SPECIALS32[] = {
    0x00000000u, 0x80000000u, 0x7f800000u, 0xff800000u, 0x7fc00000u, 0x7f800001u, 0xffc00001u, 0x00000001u,
    0x807fffffu, 0x33000000u, 0x33000001u, 0x337fffffu, 0x387fffffu, 0x38800000u, 0x38ffe000u, 0x477fefffu,
    0x477ff000u, 0x477fffffu, 0x47800000u, 0x3f800000u, 0x3f808000u, 0x3f818000u, 0x3f7fffffu, 0x7f7fffffu,
    0x3f80c000u, 0xc0490fdbu, 0x4f32d05eu, 0xdf000000u, 0x5f000000u};
static const double SPECIALS64[] = {0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, 3.9, -3.9, 1e19, -1e19,
                                    9223372036854775807.0, -9223372036854775808.0, 9.2233720368547748e18,
                                    NAN, -NAN, INFINITY, -INFINITY, 4.9e-324};

struct Hash {
  u64 h = 1469598103934665603ULL;
  long n = 0;
  void add(u64 v) {
    h = (h ^ v) * 1099511628211ULL;
    n++;
  }
};

static u64 bits64(double d) {
  u64 b;
  memcpy(&b, &d, 8);
  return b;
}

static void print(const char* name, const Hash& h) { printf("%s %ld %016llx\n", name, h.n, (unsigned long long)h.h); }

static u32 gen32(u64 i) { return (u32)(i * 2654435761ULL); }
static u64 gen64(u64 i) { return i * 0x9E3779B97F4A7C15ULL; }

int main() {
  const int n32 = sizeof(SPECIALS32) / sizeof(u32), n64 = sizeof(SPECIALS64) / sizeof(double);
  printf("# made by tools/cuda/port-check.sh: common.cuh's helpers compiled for the host; PortCheckTest recomputes each line\n");
  printf("specials32");
  for (int i = 0; i < n32; i++) printf(" %08x", SPECIALS32[i]);
  printf("\nspecials64");
  for (int i = 0; i < n64; i++) printf(" %016llx", (unsigned long long)bits64(SPECIALS64[i]));
  printf("\n");

  Hash bf, hf;
  for (long i = -n32; i < (1L << 20); i++) {
    u32 x = i < 0 ? SPECIALS32[i + n32] : gen32((u64)i);
    bf.add(f32_to_bf16(f32_of(x)));
    hf.add(f32_to_f16(f32_of(x)));
  }
  print("bf16_of_f32", bf);
  print("f16_of_f32", hf);

  Hash fb, fh;
  for (u32 h = 0; h < 65536; h++) {
    fb.add(bits_of(bf16_to_f32((u16)h)));
    fh.add(bits_of(f16_to_f32((u16)h)));
  }
  print("f32_of_bf16", fb);
  print("f32_of_f16", fh);

  Hash dl;
  for (long i = -n64; i < (1L << 16); i++) {
    double d = i < 0 ? SPECIALS64[i + n64] : f64_of(gen64((u64)i));
    dl.add((u64)java_d2l(d));
  }
  print("long_of_f64", dl);

  Hash mx, mn, mx64, mn64;
  for (int i = 0; i < n32; i++) {
    for (int j = 0; j < n32; j++) {
      float a = f32_of(SPECIALS32[i]), b = f32_of(SPECIALS32[j]);
      mx.add(bits_of(jmax(a, b)));
      mn.add(bits_of(jmin(a, b)));
    }
  }
  for (int i = 0; i < n64; i++) {
    for (int j = 0; j < n64; j++) {
      mx64.add(bits64(jmax(SPECIALS64[i], SPECIALS64[j])));
      mn64.add(bits64(jmin(SPECIALS64[i], SPECIALS64[j])));
    }
  }
  print("max_f32", mx);
  print("min_f32", mn);
  print("max_f64", mx64);
  print("min_f64", mn64);

  const i64 ints[] = {(i64)0x8000000000000000ULL, (i64)0x8000000000000001ULL, -1000000000000LL, -7, -3, -1, 1, 2, 3, 7,
                      1000000000000LL, 0x7FFFFFFFFFFFFFFFLL};
  Hash fd;
  for (i64 x : ints) {
    for (i64 y : ints) fd.add((u64)floor_div(x, y));
  }
  print("floor_div", fd);

  Hash px, pu, pd;
  for (u64 i = 0; i < 4096; i++) {
    u64 seed = gen64(i), stream = gen64(i + 7) >> (i % 64), counter = gen64(3 * i + 1);
    u32 w0, w1;
    philox(seed, stream, counter, w0, w1);
    px.add(((u64)w1 << 32) | w0);
    pu.add(bits_of(philox_uniform(w0)));
    double d = philox_uniform_double(w0, w1);
    pd.add(bits64(d));
  }
  print("philox_draw", px);
  print("philox_uniform", pu);
  print("philox_uniform_double", pd);

  const double xs[] = {NAN, INFINITY, -INFINITY, 0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5};
  const double ys[] = {NAN, INFINITY, -INFINITY, 0.0, -0.0, 1.0, -1.0, 2.0, 3.0, -2.0, -3.0};
  Hash pw;
  for (double x : xs) {
    for (double y : ys) {
      pw.add(bits64(jpow(x, y)));
    }
  }
  print("pow", pw);
  return 0;
}
