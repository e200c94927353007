package org.reason4j.tensor.cpu;

import org.reason4j.tensor.DType;
import org.reason4j.tensor.ReduceOp;
import org.reason4j.tensor.Tensor;

/**
 * Reductions, scans and softmax over the middle axis of an (outer, n, inner) layout. Sums accumulate in
 * double in a fixed pattern that depends only on n: the line is cut into blocks of {@link #SUM_BLOCK};
 * inside a block, element i goes to partial sum i % 16, and the 16 partials are combined in a fixed tree;
 * the block sums are then added in block order. So the bits never depend on the thread count: threads
 * only decide who computes which output (or, for a few long lines, which blocks), never how.
 */
final class CpuReduce {
  /** Elements per block of a sum. Blocks of a long line may be summed on different threads. */
  static final int SUM_BLOCK = 1 << 13;

  private CpuReduce() {}

  static void reduce(ReduceOp op, Tensor a, int outer, int n, int inner, Tensor out) {
    Object src = CpuElementwise.arr(a);
    int base = a.offset();
    Object dst = CpuElementwise.arr(out);
    int obase = out.offset();
    DType t = a.dtype();
    int outputs = outer * inner;
    if (op == ReduceOp.SUM && inner > 1 && t == DType.F32 && out.dtype() == DType.F32) {
      sumColumns((float[]) src, base, outer, n, inner, (float[]) dst, obase);
      return;
    }
    if (op == ReduceOp.SUM && inner == 1 && t == DType.F32 && outputs < Parallel.threads() && n >= 2 * SUM_BLOCK) {
      for (int q = 0; q < outputs; q++) write(dst, out.dtype(), obase + q, sumSplit((float[]) src, base + q * n, n));
      return;
    }
    int grain = Math.max(1, CpuElementwise.GRAIN / Math.max(1, n));
    Parallel.forRange(outputs, grain, (from, to) -> {
      double[] line = inner == 1 ? null : new double[n];
      for (int q = from; q < to; q++) {
        int o = q / inner, in = q % inner;
        int start = base + o * n * inner + in;
        double r;
        if (inner == 1 && t == DType.F32) {
          r = reduceRun(op, (float[]) src, start, n);
        } else {
          double[] v = line != null ? line : new double[n];
          for (int i = 0; i < n; i++) v[i] = read(src, t, start + i * inner);
          r = reduceLine(op, v, n);
        }
        write(dst, out.dtype(), obase + q, r);
      }
    });
  }

  private static double read(Object a, DType t, int i) {
    return CpuCopy.readDouble(a, t, i);
  }

  private static void write(Object a, DType t, int i, double v) {
    CpuCopy.writeDouble(a, t, i, v);
  }

  /** F32 contiguous run: the common case (rows of logits, whole-tensor sums). */
  private static double reduceRun(ReduceOp op, float[] a, int s, int n) {
    switch (op) {
      case SUM:
        return sumLine(a, s, n);
      case MAX: {
        float m = a[s];
        for (int i = 1; i < n; i++) m = Math.max(m, a[s + i]);
        return m;
      }
      case MIN: {
        float m = a[s];
        for (int i = 1; i < n; i++) m = Math.min(m, a[s + i]);
        return m;
      }
      case LOGSUMEXP: {
        float m = a[s];
        for (int i = 1; i < n; i++) m = Math.max(m, a[s + i]);
        if (Float.isInfinite(m)) return m;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.exp(a[s + i] - m);
        return m + Math.log(sum);
      }
      default: {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = a[s + i];
        return reduceLine(op, v, n);
      }
    }
  }

  /** The reference: one line of values already widened to double. */
  static double reduceLine(ReduceOp op, double[] v, int n) {
    switch (op) {
      case SUM: {
        double total = sumBlock(v, 0, Math.min(n, SUM_BLOCK));
        for (int b = SUM_BLOCK; b < n; b += SUM_BLOCK) total += sumBlock(v, b, Math.min(SUM_BLOCK, n - b));
        return total;
      }
      case MAX: {
        double m = v[0];
        for (int i = 1; i < n; i++) m = Math.max(m, v[i]);
        return m;
      }
      case MIN: {
        double m = v[0];
        for (int i = 1; i < n; i++) m = Math.min(m, v[i]);
        return m;
      }
      case ARGMAX: {
        int best = 0;
        for (int i = 1; i < n; i++) if (v[i] > v[best] || (Double.isNaN(v[i]) && !Double.isNaN(v[best]))) best = i;
        return best;
      }
      case ARGMIN: {
        int best = 0;
        for (int i = 1; i < n; i++) if (v[i] < v[best] || (Double.isNaN(v[i]) && !Double.isNaN(v[best]))) best = i;
        return best;
      }
      case LOGSUMEXP: {
        double m = v[0];
        for (int i = 1; i < n; i++) m = Math.max(m, v[i]);
        if (Double.isInfinite(m)) return m;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.exp(v[i] - m);
        return m + Math.log(sum);
      }
      default:
        throw new IllegalArgumentException("unknown reduction " + op);
    }
  }

  /** The sum of a contiguous F32 line in the fixed blocked order (see the class comment). */
  static double sumLine(float[] a, int s, int n) {
    double total = sumBlock(a, s, Math.min(n, SUM_BLOCK));
    for (int b = SUM_BLOCK; b < n; b += SUM_BLOCK) total += sumBlock(a, s + b, Math.min(SUM_BLOCK, n - b));
    return total;
  }

  /**
   * Sums along the middle axis of a contiguous F32 (outer, n, inner) tensor with inner > 1 (a column sum
   * such as a bias gradient), in the same order as {@link #sumLine} for each output, but reading whole
   * rows: row t of a block is added into partial row t % 16 of a (16 x width) buffer, for a chunk of
   * columns at a time. Reading a strided line per output instead would touch a cache line per element.
   */
  private static void sumColumns(float[] a, int base, int outer, int n, int inner, float[] out, int obase) {
    int width = Math.min(inner, COLUMN_CHUNK), chunks = (inner + width - 1) / width;
    int grain = (int) Math.max(1, CpuElementwise.GRAIN / Math.max(1L, (long) n * width));
    Parallel.forRange(outer * chunks, grain, (from, to) -> {
      double[] p = new double[16 * width];
      double[] total = new double[width];
      for (int task = from; task < to; task++) {
        int o = task / chunks, c0 = (task % chunks) * width, w = Math.min(width, inner - c0);
        int start = base + o * n * inner + c0;
        for (int b = 0; b == 0 || b < n; b += SUM_BLOCK) {
          java.util.Arrays.fill(p, 0);
          int rows = Math.min(SUM_BLOCK, n - b);
          for (int t = 0; t < rows; t++) {
            int row = start + (b + t) * inner, po = (t & 15) * width;
            if (Simd.ENABLED) SimdReduce.addWidened(p, po, a, row, w);
            else for (int j = 0; j < w; j++) p[po + j] += a[row + j];
          }
          for (int j = 0; j < w; j++) {
            double block = combine(p, j, width);
            total[j] = b == 0 ? block : total[j] + block;
          }
        }
        for (int j = 0; j < w; j++) out[obase + o * inner + c0 + j] = (float) total[j];
      }
    });
  }

  /**
   * Columns per task of {@link #sumColumns}: 16 partial rows of 2048 doubles (256 KB) stay in L2, and
   * rows are read in runs of up to 8 KB (whole rows for most widths), which the prefetcher follows.
   * Narrower chunks only to give a second thread work measured slower: (4096 x 768) took 1.2 ms on one
   * thread reading whole rows and 3 ms on two reading half rows.
   */
  private static final int COLUMN_CHUNK = 2048;

  /** {@link #sumLine} with its blocks summed on all threads; the block sums are still added in order. */
  private static double sumSplit(float[] a, int s, int n) {
    int blocks = (n + SUM_BLOCK - 1) / SUM_BLOCK;
    double[] part = new double[blocks];
    Parallel.forRange(blocks, 1, (from, to) -> {
      for (int b = from; b < to; b++) part[b] = sumBlock(a, s + b * SUM_BLOCK, Math.min(SUM_BLOCK, n - b * SUM_BLOCK));
    });
    double total = part[0];
    for (int b = 1; b < blocks; b++) total += part[b];
    return total;
  }

  /**
   * One block: element i is added to partial sum i % 16 (sixteen independent chains keep the adder
   * busy where one chain would wait on each add), and the partials are combined as
   * ((p0+p4)+(p8+p12)) + ((p1+p5)+(p9+p13)) + ... in the tree of {@link #combine}.
   */
  private static double sumBlock(float[] a, int s, int n) {
    double[] p = new double[16];
    int i = Simd.ENABLED ? SimdReduce.partials(a, s, n, p) : partials(a, s, n, p);
    for (int l = 0; i < n; i++, l++) p[l] += a[s + i];
    return combine(p, 0, 1);
  }

  /** The plain twin of {@link SimdReduce#partials}: element i to p[i % 16] for whole groups of 16. */
  static int partials(float[] a, int s, int n, double[] p) {
    double p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0;
    double p8 = 0, p9 = 0, p10 = 0, p11 = 0, p12 = 0, p13 = 0, p14 = 0, p15 = 0;
    int i = 0;
    for (; i + 16 <= n; i += 16) {
      int j = s + i;
      p0 += a[j]; p1 += a[j + 1]; p2 += a[j + 2]; p3 += a[j + 3];
      p4 += a[j + 4]; p5 += a[j + 5]; p6 += a[j + 6]; p7 += a[j + 7];
      p8 += a[j + 8]; p9 += a[j + 9]; p10 += a[j + 10]; p11 += a[j + 11];
      p12 += a[j + 12]; p13 += a[j + 13]; p14 += a[j + 14]; p15 += a[j + 15];
    }
    double[] sums = {p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15};
    System.arraycopy(sums, 0, p, 0, 16);
    return i;
  }

  /** The same block sum over doubles (the reference line of {@link #reduceLine}). */
  private static double sumBlock(double[] a, int s, int n) {
    double[] p = new double[16];
    for (int i = 0; i < n; i++) p[i & 15] += a[s + i];
    return combine(p, 0, 1);
  }

  /**
   * Combines the 16 partial sums of a block (partial l at p[at + l * stride]): four groups of four,
   * then the four group sums.
   */
  private static double combine(double[] p, int at, int stride) {
    double[] q = new double[4];
    for (int l = 0; l < 4; l++) {
      q[l] = (p[at + l * stride] + p[at + (l + 4) * stride]) + (p[at + (l + 8) * stride] + p[at + (l + 12) * stride]);
    }
    return (q[0] + q[1]) + (q[2] + q[3]);
  }

  static void cumsum(Tensor a, int outer, int n, int inner, Tensor out) {
    Object src = CpuElementwise.arr(a), dst = CpuElementwise.arr(out);
    int base = a.offset(), obase = out.offset();
    DType t = a.dtype();
    boolean integer = t.isInteger();
    Parallel.forRange(outer * inner, Math.max(1, CpuElementwise.GRAIN / Math.max(1, n)), (from, to) -> {
      for (int q = from; q < to; q++) {
        int o = q / inner, in = q % inner;
        int rel = o * n * inner + in;
        if (integer) {
          long acc = 0;
          for (int i = 0; i < n; i++) {
            acc += CpuElementwise.getLong(src, base + rel + i * inner);
            CpuElementwise.setLong(dst, obase + rel + i * inner, acc);
          }
        } else {
          double acc = 0;
          for (int i = 0; i < n; i++) {
            acc += read(src, t, base + rel + i * inner);
            write(dst, t, obase + rel + i * inner, acc);
          }
        }
      }
    });
  }

  /** Softmax or log-softmax of each row of a contiguous (rows, n) tensor. */
  static void softmax(Tensor a, Tensor out, boolean log) {
    int rows = a.dim(0), n = a.dim(1);
    int base = a.offset(), obase = out.offset();
    Parallel.forRange(rows, Math.max(1, CpuElementwise.GRAIN / Math.max(1, n)), (from, to) -> {
      double[] exps = a.dtype() == DType.F32 && !log ? new double[n] : null;
      for (int r = from; r < to; r++) {
        if (a.dtype() == DType.F32) {
          softmaxRowF32(((CpuStorage) a.storage()).floats(), base + r * n, ((CpuStorage) out.storage()).floats(), obase + r * n, n, log, exps);
        } else {
          softmaxRowF64(((CpuStorage) a.storage()).doubles(), base + r * n, ((CpuStorage) out.storage()).doubles(), obase + r * n, n, log);
        }
      }
    });
  }

  /**
   * One row of F32 softmax or log-softmax. For softmax, {@code exps} (at least n long) keeps each
   * exp(x - max) from the sum pass so the scaling pass does not compute it again: exp dominates the
   * cost, and the result is the same as recomputing it.
   */
  static void softmaxRowF32(float[] x, int xs, float[] y, int ys, int n, boolean log, double[] exps) {
    float m = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) m = Math.max(m, x[xs + i]);
    if (m == Float.NEGATIVE_INFINITY) { // a fully masked row gives zeros, not the NaN of 0/0
      for (int i = 0; i < n; i++) y[ys + i] = log ? Float.NEGATIVE_INFINITY : 0f;
      return;
    }
    double sum = 0;
    if (log) {
      for (int i = 0; i < n; i++) sum += Math.exp(x[xs + i] - m);
      float lse = (float) Math.log(sum);
      for (int i = 0; i < n; i++) y[ys + i] = x[xs + i] - m - lse;
    } else {
      for (int i = 0; i < n; i++) {
        double e = Math.exp(x[xs + i] - m);
        exps[i] = e;
        sum += e;
      }
      double inv = 1 / sum;
      for (int i = 0; i < n; i++) y[ys + i] = (float) (exps[i] * inv);
    }
  }

  private static void softmaxRowF64(double[] x, int xs, double[] y, int ys, int n, boolean log) {
    double m = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) m = Math.max(m, x[xs + i]);
    if (m == Double.NEGATIVE_INFINITY) {
      for (int i = 0; i < n; i++) y[ys + i] = log ? Double.NEGATIVE_INFINITY : 0;
      return;
    }
    double sum = 0;
    for (int i = 0; i < n; i++) sum += Math.exp(x[xs + i] - m);
    double lse = Math.log(sum);
    for (int i = 0; i < n; i++) y[ys + i] = log ? x[xs + i] - m - lse : Math.exp(x[xs + i] - m - lse);
  }
}
