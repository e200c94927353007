package org.reason4j.tensor.cuda;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reason4j.tensor.Half;
import org.reason4j.tensor.Philox;

/**
 * The CUDA helpers that port Java (common.cuh: the BF16/F16 conversions of Half.java, Philox4x32-10,
 * Math.max/min with NaN and signed zeros, Math.floorDiv, Java's saturating (long) cast, and jpow's
 * Math.pow special cases) agree with the Java originals: tools/cuda/port-check.sh ran them on the host
 * and recorded a hash of their outputs per helper; this test recomputes each hash in Java over the same
 * inputs (1M float patterns, every 16-bit pattern, 4096 Philox counters, ...).
 */
class PortCheckTest {
  private static final Map<String, String> GOLDEN = new HashMap<>();
  private static int[] specials32;
  private static double[] specials64;

  /** h = (h ^ v) * 1099511628211 over 64-bit outputs, as port-check.cu computes it. */
  static final class Hash {
    long h = 1469598103934665603L;
    long n;

    void add(long v) {
      h = (h ^ v) * 1099511628211L;
      n++;
    }

    String line() {
      return n + " " + String.format("%016x", h);
    }
  }

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in = PortCheckTest.class.getResourceAsStream("port-check.txt")) {
      assertNotNull(in, "port-check.txt is missing: run tools/cuda/port-check.sh");
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (line.startsWith("#") || line.isBlank()) continue;
        String[] f = line.split(" ", 2);
        GOLDEN.put(f[0], f[1]);
      }
    }
    String[] s32 = GOLDEN.get("specials32").split(" "), s64 = GOLDEN.get("specials64").split(" ");
    specials32 = new int[s32.length];
    for (int i = 0; i < s32.length; i++) specials32[i] = Integer.parseUnsignedInt(s32[i], 16);
    specials64 = new double[s64.length];
    for (int i = 0; i < s64.length; i++) specials64[i] = Double.longBitsToDouble(Long.parseUnsignedLong(s64[i], 16));
  }

  private static int gen32(long i) {
    return (int) (i * 2654435761L);
  }

  private static long gen64(long i) {
    return i * 0x9E3779B97F4A7C15L;
  }

  private static void expect(String name, Hash h) {
    assertEquals(GOLDEN.get(name), h.line(), name + ": the CUDA port differs from the Java original");
  }

  @Test
  void halfConversionsMatchHalfJava() {
    Hash bf = new Hash(), hf = new Hash(), fb = new Hash(), fh = new Hash();
    for (long i = -specials32.length; i < (1L << 20); i++) {
      float x = Float.intBitsToFloat(i < 0 ? specials32[(int) (i + specials32.length)] : gen32(i));
      bf.add(Half.floatToBf16(x) & 0xFFFF);
      hf.add(Half.floatToF16(x) & 0xFFFF);
    }
    for (int h = 0; h < 65536; h++) {
      fb.add(Float.floatToRawIntBits(Half.bf16ToFloat((short) h)) & 0xFFFFFFFFL);
      fh.add(Float.floatToRawIntBits(Half.f16ToFloat((short) h)) & 0xFFFFFFFFL);
    }
    expect("bf16_of_f32", bf);
    expect("f16_of_f32", hf);
    expect("f32_of_bf16", fb);
    expect("f32_of_f16", fh);
  }

  @Test
  void longCastsMaxMinAndFloorDivisionFollowJava() {
    Hash dl = new Hash();
    for (long i = -specials64.length; i < (1L << 16); i++) {
      double d = i < 0 ? specials64[(int) (i + specials64.length)] : Double.longBitsToDouble(gen64(i));
      dl.add((long) d);
    }
    expect("long_of_f64", dl);
    Hash mx = new Hash(), mn = new Hash(), mx64 = new Hash(), mn64 = new Hash();
    for (int a : specials32) {
      for (int b : specials32) {
        float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b);
        mx.add(Float.floatToRawIntBits(Math.max(x, y)) & 0xFFFFFFFFL);
        mn.add(Float.floatToRawIntBits(Math.min(x, y)) & 0xFFFFFFFFL);
      }
    }
    for (double x : specials64) {
      for (double y : specials64) {
        mx64.add(Double.doubleToRawLongBits(Math.max(x, y)));
        mn64.add(Double.doubleToRawLongBits(Math.min(x, y)));
      }
    }
    expect("max_f32", mx);
    expect("min_f32", mn);
    expect("max_f64", mx64);
    expect("min_f64", mn64);
    long[] ints = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1000000000000L, -7, -3, -1, 1, 2, 3, 7, 1000000000000L, Long.MAX_VALUE};
    Hash fd = new Hash();
    for (long x : ints) {
      for (long y : ints) fd.add(Math.floorDiv(x, y));
    }
    expect("floor_div", fd);
  }

  @Test
  void philoxMatchesPhiloxJava() {
    Hash px = new Hash(), pu = new Hash(), pd = new Hash();
    for (long i = 0; i < 4096; i++) {
      long seed = gen64(i), stream = gen64(i + 7) >>> (i % 64), counter = gen64(3 * i + 1);
      px.add(Philox.draw(seed, stream, counter));
      pu.add(Float.floatToRawIntBits(Philox.uniform(seed, stream, counter)) & 0xFFFFFFFFL);
      pd.add(Double.doubleToRawLongBits(Philox.uniformDouble(seed, stream, counter)));
    }
    expect("philox_draw", px);
    expect("philox_uniform", pu);
    expect("philox_uniform_double", pd);
  }

  @Test
  void powSpecialCasesMatchMathPow() {
    double[] xs = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5};
    double[] ys = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1.0, -1.0, 2.0, 3.0, -2.0, -3.0};
    Hash pw = new Hash();
    for (double x : xs) {
      for (double y : ys) pw.add(Double.doubleToRawLongBits(Math.pow(x, y)));
    }
    expect("pow", pw);
  }
}
