package org.reason4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;

/**
 * The exact accumulation orders of the sum and of softmax, written out plainly here and compared bit
 * for bit with the kernels: on every path (a contiguous row, a long row split across threads, a strided
 * column, F64), with 1 and 2 threads.
 */
class CpuReduceTest {
  @AfterEach
  void restore() {
    Parallel.setThreads(Runtime.getRuntime().availableProcessors());
  }

  /** The documented order: blocks of 8192; inside, element i goes to partial i % 16; fixed tree; blocks in order. */
  private static double plainSum(double[] v) {
    double total = 0;
    for (int b = 0; b == 0 || b < v.length; b += CpuReduce.SUM_BLOCK) {
      double[] p = new double[16];
      for (int i = b; i < Math.min(v.length, b + CpuReduce.SUM_BLOCK); i++) p[(i - b) % 16] += v[i];
      double[] c = new double[4];
      for (int l = 0; l < 4; l++) c[l] = (p[l] + p[l + 4]) + (p[l + 8] + p[l + 12]);
      double block = (c[0] + c[1]) + (c[2] + c[3]);
      total = b == 0 ? block : total + block;
    }
    return total;
  }

  @Test
  void sumFollowsTheBlockedOrderOnEveryPathAndThreadCount() {
    Rng rng = new Rng(11);
    for (int n : new int[] {0, 1, 15, 16, 17, 8191, 8192, 8193, 3 * 8192 + 5, 100_003}) {
      Tensor x = rng.normal(n).mul(1000).add(rng.uniform(n)); // mixed magnitudes: the order shows in the bits
      double[] v = x.toDoubleArray();
      float expected = (float) plainSum(v);
      for (int threads : new int[] {1, 2}) {
        Parallel.setThreads(threads);
        String what = "n " + n + ", " + threads + " threads";
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(x.sum().toFloatArray()[0]), what);
        Tensor rows = Tensor.concat(0, x.unsqueeze(0), x.unsqueeze(0), x.unsqueeze(0)); // (3, n): one output per row
        for (float s : rows.sum(1, false).toFloatArray()) assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(s), what + " rows");
        for (float s : rows.transpose(0, 1).contiguous().sum(0, false).toFloatArray()) { // strided line
          assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(s), what + " columns");
        }
        assertEquals(plainSum(v), x.to(DType.F64).sum().toDoubleArray()[0], 0.0, what + " F64");
      }
    }
  }

  @Test
  void columnSumsOfAWideMatrixFollowTheSameOrder() {
    Rng rng = new Rng(12);
    for (int[] shape : new int[][] {{5, 37}, {CpuReduce.SUM_BLOCK + 7, 37}, {3, 2100}}) { // 2100: two chunks
      int rows = shape[0], cols = shape[1];
      Tensor x = rng.normal(rows, cols).mul(1000).add(rng.uniform(rows, cols));
      for (int threads : new int[] {1, 2}) {
        Parallel.setThreads(threads);
        float[] sums = x.sum(0, false).toFloatArray();
        for (int c = 0; c < cols; c++) {
          float want = (float) plainSum(x.select(1, c).toDoubleArray());
          assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(sums[c]), rows + " rows, column " + c + ", " + threads + " threads");
        }
      }
    }
  }

  @Test
  void vectorAndPlainPartialSumsAreTheSameBits() {
    Assumptions.assumeTrue(Simd.ENABLED, "the Vector API is absent: only the plain loop runs");
    float[] a = new Rng(13).normal(1000).mul(1e4f).toFloatArray();
    for (int n : new int[] {0, 15, 16, 33, 999}) {
      double[] plain = new double[16], vector = new double[16];
      assertEquals(CpuReduce.partials(a, 1, n, plain), SimdReduce.partials(a, 1, n, vector));
      for (int l = 0; l < 16; l++) assertEquals(plain[l], vector[l], 0.0, "n " + n + ", partial " + l);
    }
  }

  @Test
  void softmaxIsExpOfTheShiftedRowTimesTheInverseSum() {
    Rng rng = new Rng(5);
    int rows = 7, n = 3001;
    float[] x = rng.normal(rows, n).mul(4).toFloatArray();
    for (int threads : new int[] {1, 2}) {
      Parallel.setThreads(threads);
      float[] y = Tensor.of(x, rows, n).softmax(-1).toFloatArray();
      for (int r = 0; r < rows; r++) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) m = Math.max(m, x[r * n + i]);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.exp(x[r * n + i] - m);
        double inv = 1 / sum;
        for (int i = 0; i < n; i++) {
          float want = (float) (Math.exp(x[r * n + i] - m) * inv);
          assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(y[r * n + i]), "row " + r + " column " + i);
        }
      }
    }
  }
}
