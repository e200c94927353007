package org.reason4j.tensor.cpu;

import org.reason4j.tensor.DType;
import org.reason4j.tensor.ReduceOp;
import org.reason4j.tensor.Tensor;

/**
 * Reductions, scans and softmax over the middle axis of an (outer, n, inner) layout. Sums accumulate in
 * double in a fixed pattern (four interleaved partial sums, combined in a fixed order), so the bits never
 * depend on the thread count: threads only decide who computes which output, never how.
 */
final class CpuReduce {
  private CpuReduce() {}

  static void reduce(ReduceOp op, Tensor a, int outer, int n, int inner, Tensor out) {
    Object src = CpuElementwise.arr(a);
    int base = a.offset();
    Object dst = CpuElementwise.arr(out);
    int obase = out.offset();
    DType t = a.dtype();
    int outputs = outer * inner;
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
      case SUM: {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
          s0 += a[s + i];
          s1 += a[s + i + 1];
          s2 += a[s + i + 2];
          s3 += a[s + i + 3];
        }
        for (; i < n; i++) s0 += a[s + i];
        return (s0 + s1) + (s2 + s3);
      }
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
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
          s0 += v[i];
          s1 += v[i + 1];
          s2 += v[i + 2];
          s3 += v[i + 3];
        }
        for (; i < n; i++) s0 += v[i];
        return (s0 + s1) + (s2 + s3);
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
      for (int r = from; r < to; r++) {
        if (a.dtype() == DType.F32) {
          softmaxRowF32(((CpuStorage) a.storage()).floats(), base + r * n, ((CpuStorage) out.storage()).floats(), obase + r * n, n, log);
        } else {
          softmaxRowF64(((CpuStorage) a.storage()).doubles(), base + r * n, ((CpuStorage) out.storage()).doubles(), obase + r * n, n, log);
        }
      }
    });
  }

  static void softmaxRowF32(float[] x, int xs, float[] y, int ys, int n, boolean log) {
    float m = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) m = Math.max(m, x[xs + i]);
    if (m == Float.NEGATIVE_INFINITY) { // a fully masked row gives zeros, not the NaN of 0/0
      for (int i = 0; i < n; i++) y[ys + i] = log ? Float.NEGATIVE_INFINITY : 0f;
      return;
    }
    double sum = 0;
    for (int i = 0; i < n; i++) sum += Math.exp(x[xs + i] - m);
    if (log) {
      float lse = (float) Math.log(sum);
      for (int i = 0; i < n; i++) y[ys + i] = x[xs + i] - m - lse;
    } else {
      double inv = 1 / sum;
      for (int i = 0; i < n; i++) y[ys + i] = (float) (Math.exp(x[xs + i] - m) * inv);
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
