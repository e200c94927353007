package org.reason4j.tensor.cpu;

import org.reason4j.tensor.Tensor;

/**
 * The plain GEMM that defines the result every faster kernel must reproduce bit for bit. For each output
 * element, k runs in blocks of {@link #KC}; inside a block the products are accumulated with fused
 * multiply-adds in increasing k starting from zero; the block sums are added to the output in block
 * order. Because this order depends on neither M, N nor the thread count, a row computed alone equals
 * the same row computed inside a batch (what makes sampling log-probs equal training log-probs).
 */
final class GemmReference {
  /** The k-block length that fixes the accumulation order. */
  static final int KC = 256;

  private GemmReference() {}

  static void matmul(Tensor a, Tensor b, Tensor out) {
    int batch = out.dim(0), m = out.dim(1), n = out.dim(2), k = a.dim(2);
    int[] as = a.strides(), bs = b.strides();
    float[] pa = ((CpuStorage) a.storage()).floats(), pb = ((CpuStorage) b.storage()).floats();
    float[] pc = ((CpuStorage) out.storage()).floats();
    int ao = a.offset(), bo = b.offset(), co = out.offset();
    Parallel.forRange(batch * m, Math.max(1, 32768 / Math.max(1, n * Math.max(1, k / 64))), (from, to) -> {
      float[] acc = new float[n];
      for (int row = from; row < to; row++) {
        int bi = row / m, i = row % m;
        int aRow = ao + bi * as[0] + i * as[1];
        int bBase = bo + bi * bs[0];
        int cRow = co + (bi * m + i) * n;
        for (int k0 = 0; k0 < k; k0 += KC) {
          java.util.Arrays.fill(acc, 0f);
          int k1 = Math.min(k, k0 + KC);
          for (int kk = k0; kk < k1; kk++) {
            float av = pa[aRow + kk * as[2]];
            int bRow = bBase + kk * bs[1];
            int bsN = bs[2];
            for (int j = 0; j < n; j++) acc[j] = Math.fma(av, pb[bRow + j * bsN], acc[j]);
          }
          if (k0 == 0) System.arraycopy(acc, 0, pc, cRow, n);
          else for (int j = 0; j < n; j++) pc[cRow + j] += acc[j];
        }
      }
    });
  }

  /** F64 product for gradient checks: plain sums in increasing k. */
  static void matmulF64(Tensor a, Tensor b, Tensor out) {
    int batch = out.dim(0), m = out.dim(1), n = out.dim(2), k = a.dim(2);
    int[] as = a.strides(), bs = b.strides();
    double[] pa = ((CpuStorage) a.storage()).doubles(), pb = ((CpuStorage) b.storage()).doubles();
    double[] pc = ((CpuStorage) out.storage()).doubles();
    int ao = a.offset(), bo = b.offset(), co = out.offset();
    Parallel.forRange(batch * m, 16, (from, to) -> {
      for (int row = from; row < to; row++) {
        int bi = row / m, i = row % m;
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int kk = 0; kk < k; kk++) {
            s += pa[ao + bi * as[0] + i * as[1] + kk * as[2]] * pb[bo + bi * bs[0] + kk * bs[1] + j * bs[2]];
          }
          pc[co + (bi * m + i) * n + j] = s;
        }
      }
    });
  }
}
