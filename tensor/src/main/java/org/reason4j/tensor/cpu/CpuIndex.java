package org.reason4j.tensor.cpu;

import org.reason4j.tensor.Tensor;

/**
 * Index kernels over (outer, n, inner) layouts: indexSelect and its backward indexAdd, gather and its
 * backward scatterAdd. The accumulating kernels give each thread a disjoint slice of the output columns
 * and walk the indices in order, so there are no races and the sums are deterministic. Out-of-range
 * indices are errors, never silent reads.
 */
final class CpuIndex {
  private CpuIndex() {}

  private static int index(Object idx, int at, int n, String op) {
    long v = CpuElementwise.getLong(idx, at);
    if (v < 0 || v >= n) throw new IndexOutOfBoundsException(op + ": index " + v + " is out of range [0, " + n + ")");
    return (int) v;
  }

  static void indexSelect(Tensor a, int outer, int n, int inner, Tensor index, Tensor out) {
    Object src = CpuElementwise.arr(a), dst = CpuElementwise.arr(out), idx = CpuElementwise.arr(index);
    int m = index.numel(), ao = a.offset(), oo = out.offset(), io = index.offset();
    Parallel.forRange(outer * m, Math.max(1, 4096 / Math.max(1, inner)), (from, to) -> {
      for (int q = from; q < to; q++) {
        int o = q / m, i = q % m;
        int j = index(idx, io + i, n, "indexSelect");
        System.arraycopy(src, ao + (o * n + j) * inner, dst, oo + (o * m + i) * inner, inner);
      }
    });
  }

  static void indexAdd(Tensor out, int outer, int n, int inner, Tensor index, Tensor src) {
    Object dst = CpuElementwise.arr(out), s = CpuElementwise.arr(src), idx = CpuElementwise.arr(index);
    int m = index.numel(), oo = out.offset(), so = src.offset(), io = index.offset();
    for (int i = 0; i < m; i++) index(idx, io + i, n, "indexAdd");
    boolean f32 = s instanceof float[];
    // Split the inner columns between threads; every thread walks all indices in order.
    Parallel.forRange(outer * inner, 256, (from, to) -> {
      for (int q = from; q < to; ) {
        int o = q / inner, c0 = q % inner, c1 = Math.min(inner, c0 + (to - q));
        for (int i = 0; i < m; i++) {
          int j = (int) CpuElementwise.getLong(idx, io + i);
          int d = oo + (o * n + j) * inner, sr = so + (o * m + i) * inner;
          if (f32) {
            float[] dd = (float[]) dst, ss = (float[]) s;
            for (int c = c0; c < c1; c++) dd[d + c] += ss[sr + c];
          } else if (dst instanceof double[]) {
            double[] dd = (double[]) dst, ss = (double[]) s;
            for (int c = c0; c < c1; c++) dd[d + c] += ss[sr + c];
          } else {
            for (int c = c0; c < c1; c++) CpuElementwise.setLong(dst, d + c, CpuElementwise.getLong(dst, d + c) + CpuElementwise.getLong(s, sr + c));
          }
        }
        q += c1 - c0;
      }
    });
  }

  static void gather(Tensor a, int outer, int n, int inner, Tensor index, Tensor out) {
    Object src = CpuElementwise.arr(a), dst = CpuElementwise.arr(out), idx = CpuElementwise.arr(index);
    int m = index.numel() / Math.max(1, outer * inner);
    int ao = a.offset(), oo = out.offset(), io = index.offset();
    int total = outer * m * inner;
    Parallel.forRange(total, CpuElementwise.GRAIN, (from, to) -> {
      for (int q = from; q < to; q++) {
        int o = q / (m * inner), in = q % inner;
        int j = index(idx, io + q, n, "gather");
        copyOne(src, ao + (o * n + j) * inner + in, dst, oo + q);
      }
    });
  }

  static void scatterAdd(Tensor out, int outer, int n, int inner, Tensor index, Tensor src) {
    Object dst = CpuElementwise.arr(out), s = CpuElementwise.arr(src), idx = CpuElementwise.arr(index);
    int m = index.numel() / Math.max(1, outer * inner);
    int oo = out.offset(), so = src.offset(), io = index.offset();
    // One task per (outer, inner) line; within a line, i runs in order.
    Parallel.forRange(outer * inner, 64, (from, to) -> {
      for (int line = from; line < to; line++) {
        int o = line / inner, in = line % inner;
        for (int i = 0; i < m; i++) {
          int q = (o * m + i) * inner + in;
          int j = index(idx, io + q, n, "scatterAdd");
          int d = oo + (o * n + j) * inner + in;
          if (dst instanceof float[]) ((float[]) dst)[d] += ((float[]) s)[so + q];
          else if (dst instanceof double[]) ((double[]) dst)[d] += ((double[]) s)[so + q];
          else CpuElementwise.setLong(dst, d, CpuElementwise.getLong(dst, d) + CpuElementwise.getLong(s, so + q));
        }
      }
    });
  }

  private static void copyOne(Object src, int si, Object dst, int di) {
    if (src instanceof float[]) ((float[]) dst)[di] = ((float[]) src)[si];
    else if (src instanceof double[]) ((double[]) dst)[di] = ((double[]) src)[si];
    else if (src instanceof short[]) ((short[]) dst)[di] = ((short[]) src)[si];
    else CpuElementwise.setLong(dst, di, CpuElementwise.getLong(src, si));
  }
}
