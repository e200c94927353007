package org.reason4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;

/**
 * Every fast GEMM path gives exactly the bits of {@link GemmReference}, for odd shapes, edge tiles,
 * transposed, offset and strided operands, shared operands with batch stride 0, with 1 and 2 threads;
 * and a row computed alone equals the same row computed in a batch (what generation relies on).
 */
class CpuGemmTest {
  @AfterEach
  void restore() {
    Parallel.setThreads(Runtime.getRuntime().availableProcessors());
  }

  /** An operand layout: how a logical (batch, rows, cols) matrix is laid out in memory. */
  enum Layout { ROW_MAJOR, TRANSPOSED, OFFSET_STRIDED, SHARED }

  /** (batch, M, K, N): single rows, edge tiles, k across block boundaries, M > MC, N > NC, N > chunk. */
  private static final int[][] SHAPES = {
    {1, 1, 1, 1}, {1, 1, 300, 37}, {1, 2, 513, 1030}, {1, 3, 7, 9}, {1, 4, 256, 64}, {1, 5, 257, 17},
    {1, 6, 16, 16}, {1, 7, 600, 33}, {1, 8, 300, 70}, {1, 9, 40, 20}, {1, 13, 255, 47}, {1, 150, 70, 200}, {1, 37, 520, 2100},
    {1, 300, 40, 12}, {3, 17, 33, 29}, {4, 1, 100, 70}, {5, 3, 129, 1}, {2, 64, 512, 48}
  };

  private static Tensor operand(Rng rng, Layout layout, int batch, int rows, int cols) {
    switch (layout) {
      case ROW_MAJOR:
        return rng.normal(batch, rows, cols);
      case TRANSPOSED:
        return rng.normal(batch, cols, rows).transpose(1, 2);
      case OFFSET_STRIDED: // every other column of a wider tensor, starting one row in
        return rng.normal(batch, rows + 1, 2 * cols + 1).slice(1, 1, rows + 1).slice(2, 1, 2 * cols + 1, 2);
      case SHARED:
        return rng.normal(1, rows, cols).expand(batch, rows, cols);
      default:
        throw new IllegalArgumentException(layout.name());
    }
  }

  private static float[] product(Tensor a, Tensor b, boolean reference) {
    Tensor out = Tensor.zeros(a.dim(0), a.dim(1), b.dim(2));
    if (reference) GemmReference.matmul(a, b, out);
    else CpuGemm.matmul(a, b, out);
    return out.toFloatArray();
  }

  private static void assertSameBits(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
        fail(what + ": element " + i + " is " + actual[i] + ", the reference gives " + expected[i]);
      }
    }
  }

  @Test
  void everyPathMatchesTheReferenceBitForBit() {
    Set<CpuGemm.Path> seen = EnumSet.noneOf(CpuGemm.Path.class);
    Rng rng = new Rng(42);
    for (int[] s : SHAPES) {
      for (Layout la : Layout.values()) {
        for (Layout lb : Layout.values()) {
          Tensor a = operand(rng, la, s[0], s[1], s[2]), b = operand(rng, lb, s[0], s[2], s[3]);
          String what = java.util.Arrays.toString(s) + " A " + la + " B " + lb;
          seen.add(CpuGemm.path(CpuGemm.Problem.of(a, b, null)));
          Parallel.setThreads(1);
          float[] expected = product(a, b, true), one = product(a, b, false);
          Parallel.setThreads(2);
          float[] two = product(a, b, false);
          assertSameBits(expected, one, what + ", 1 thread");
          assertSameBits(expected, two, what + ", 2 threads");
        }
      }
    }
    Assumptions.assumeTrue(CpuGemm.simd(), "the Vector API is absent: only the plain paths were compared");
    assertEquals(EnumSet.of(CpuGemm.Path.PACKED_SIMD, CpuGemm.Path.GEMV_ROWS_SIMD, CpuGemm.Path.GEMV_DOT), seen);
  }

  @Test
  void aRowAloneEqualsTheSameRowInABatch() {
    Rng rng = new Rng(7);
    int m = 40, k = 700, n = 300;
    Tensor x = rng.normal(m, k);
    for (Tensor w : new Tensor[] {rng.normal(k, n), rng.normal(n, k).transpose(0, 1)}) {
      float[] batch = x.matmul(w).toFloatArray();
      for (int i : new int[] {0, 17, m - 1}) {
        float[] alone = x.slice(0, i, i + 1).matmul(w).toFloatArray();
        float[] inBatch = java.util.Arrays.copyOfRange(batch, i * n, (i + 1) * n);
        assertSameBits(inBatch, alone, "row " + i);
      }
    }
  }

  @Test
  void productIsCloseToDoublePrecision() {
    Rng rng = new Rng(3);
    Tensor a = rng.normal(70, 300), b = rng.normal(300, 50);
    float[] got = a.matmul(b).toFloatArray();
    double[] exact = a.to(org.reason4j.tensor.DType.F64).matmul(b.to(org.reason4j.tensor.DType.F64)).toDoubleArray();
    for (int i = 0; i < got.length; i++) assertEquals(exact[i], got[i], 1e-4 * Math.sqrt(300), "element " + i);
  }

  @Test
  void pathNamesTheKernelAndRejectsOperandsItCannotMultiply() {
    Assumptions.assumeTrue(CpuGemm.simd(), "the Vector API is absent");
    assertEquals(CpuGemm.Path.PACKED_SIMD, CpuGemm.path(Tensor.zeros(64, 32), Tensor.zeros(32, 48)));
    assertEquals(CpuGemm.Path.GEMV_ROWS_SIMD, CpuGemm.path(Tensor.zeros(1, 32), Tensor.zeros(32, 48)));
    assertEquals(CpuGemm.Path.GEMV_DOT, CpuGemm.path(Tensor.zeros(1, 32), Tensor.zeros(48, 32).transpose(0, 1)));
    var e = assertThrows(IllegalArgumentException.class, () -> CpuGemm.path(Tensor.zeros(2, 3), Tensor.zeros(4, 5)));
    assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4, 5)"), e.getMessage());
  }

  @Test
  void emptyProductsWriteNothing() {
    Tensor out = Tensor.full(org.reason4j.tensor.Backends.cpu(), org.reason4j.tensor.DType.F32, 5, 1, 3, 4);
    CpuGemm.matmul(Tensor.zeros(1, 3, 0), Tensor.zeros(1, 0, 4), out);
    for (float v : out.toFloatArray()) assertEquals(5f, v);
  }
}
