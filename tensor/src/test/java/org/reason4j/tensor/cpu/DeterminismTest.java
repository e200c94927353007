package org.reason4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;

/**
 * Invariant 4 of the design: the same program gives the same bits with 1 and with 2 threads. The program
 * touches every kernel family that splits work between threads: random fills, elementwise ops,
 * reductions, softmax, matmul, index accumulation, and the fused kernels.
 */
class DeterminismTest {
  @AfterEach
  void restore() {
    Parallel.setThreads(Runtime.getRuntime().availableProcessors());
  }

  private static float[] program() {
    Rng rng = new Rng(1234);
    Tensor x = rng.normal(96, 700); // big enough that every kernel splits
    Tensor w = rng.normal(700, 300);
    Tensor h = x.matmul(w).mul(0.03).tanh(); // (96, 300)
    Tensor s = h.sum(0, false).add(h.logsumexp(1, true).sum()); // (300)
    Tensor p = h.softmax(-1).sum(-1, false); // (96)
    Tensor g = Tensor.zeros(50, 300).indexAdd(0, Tensor.of(seqIds(96, 50), 96), h);
    Tensor big = rng.uniform(1 << 20).sum(); // a long single-row reduction
    Tensor loss = Tensor.zeros(96);
    Tensor lse = Tensor.zeros(96);
    CpuBackend.INSTANCE.crossEntropy(h, Tensor.of(seqIds(96, 300), 96), loss, lse);
    return Tensor.concat(0, s, p, g.reshape(-1), big.reshape(1), loss).toFloatArray();
  }

  private static long[] seqIds(int n, int mod) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) v[i] = (i * 7L) % mod;
    return v;
  }

  @Test
  void oneAndTwoThreadsGiveTheSameBits() {
    Parallel.setThreads(1);
    float[] one = program();
    Parallel.setThreads(2);
    float[] two = program();
    assertEquals(one.length, two.length);
    for (int i = 0; i < one.length; i++) {
      assertEquals(Float.floatToIntBits(one[i]), Float.floatToIntBits(two[i]), "element " + i);
    }
  }

  @Test
  void sameSeedSameNumbersDifferentSeedDifferent() {
    assertArrayEquals(new Rng(7).normal(1000).toFloatArray(), new Rng(7).normal(1000).toFloatArray());
    assertFalse(java.util.Arrays.equals(new Rng(7).normal(10).toFloatArray(), new Rng(8).normal(10).toFloatArray()));
    Rng r = new Rng(7);
    r.uniform(5);
    Rng resumed = Rng.restore(r.state());
    assertArrayEquals(r.uniform(10).toFloatArray(), resumed.uniform(10).toFloatArray());
  }

  @Test
  void normalDrawsHaveUnitMomentsAndUniformIsInRange() {
    float[] v = new Rng(99).normal(200_000).toFloatArray();
    double m = 0, s = 0;
    for (float f : v) m += f;
    m /= v.length;
    for (float f : v) s += (f - m) * (f - m);
    s /= v.length;
    assertEquals(0, m, 0.01);
    assertEquals(1, s, 0.02);
    for (float u : new Rng(5).uniform(100_000).toFloatArray()) assertTrue(u >= 0 && u < 1);
    int[] p = new Rng(3).permutation(100);
    assertEquals(4950, java.util.Arrays.stream(p).sum());
  }
}
