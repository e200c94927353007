package org.reason4j.tensor.cpu;

import org.reason4j.tensor.DType;
import org.reason4j.tensor.Distribution;
import org.reason4j.tensor.Philox;
import org.reason4j.tensor.Tensor;

/**
 * Fused kernels on F32 (and F64 where gradient checks need them): cross-entropy, RMSNorm, LayerNorm,
 * RoPE, AdamW, random fills. Each one is a single pass that the composite version would take several
 * tensors for; each has a composite twin in the tests that it must match.
 */
final class CpuFused {
  private CpuFused() {}

  private static double[] d(Tensor t) {
    return ((CpuStorage) t.storage()).doubles();
  }

  private static float[] f(Tensor t) {
    return ((CpuStorage) t.storage()).floats();
  }

  /** Reads element i of a contiguous F32 or F64 tensor as double. */
  private static double get(Tensor t, int i) {
    return t.dtype() == DType.F32 ? f(t)[t.offset() + i] : d(t)[t.offset() + i];
  }

  private static void set(Tensor t, int i, double v) {
    if (t.dtype() == DType.F32) f(t)[t.offset() + i] = (float) v;
    else d(t)[t.offset() + i] = v;
  }

  // ------------------------------------------------------------------ cross-entropy

  static void crossEntropy(Tensor logits, Tensor targets, Tensor loss, Tensor lse) {
    int rows = logits.dim(0), v = logits.dim(1);
    Object tg = CpuElementwise.arr(targets);
    int to = targets.offset();
    boolean f32 = allF32(logits, loss, lse);
    Parallel.forRange(rows, Math.max(1, 8192 / Math.max(1, v)), (from, end) -> {
      for (int r = from; r < end; r++) {
        double l = f32 ? logSumExpF32(f(logits), logits.offset() + r * v, v) : logSumExp(logits, r * v, v);
        set(lse, r, l);
        long t = CpuElementwise.getLong(tg, to + r);
        if (t < 0) {
          set(loss, r, 0);
        } else if (t >= v) {
          throw new IndexOutOfBoundsException("crossEntropy: target " + t + " at row " + r + " is outside the vocabulary of " + v);
        } else {
          set(loss, r, l - get(logits, r * v + (int) t));
        }
      }
    });
  }

  /** max + log(sum exp(x - max)) of one row, in double. */
  private static double logSumExp(Tensor x, int at, int v) {
    double m = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < v; j++) m = Math.max(m, get(x, at + j));
    double s = 0;
    for (int j = 0; j < v; j++) s += Math.exp(get(x, at + j) - m);
    return m + Math.log(s);
  }

  /** {@link #logSumExp} on a float array: the same double arithmetic without a dtype test per element. */
  private static double logSumExpF32(float[] x, int at, int v) {
    double m = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < v; j++) m = Math.max(m, x[at + j]);
    double s = 0;
    for (int j = 0; j < v; j++) s += Math.exp(x[at + j] - m);
    return m + Math.log(s);
  }

  static void crossEntropyBackward(Tensor logits, Tensor targets, Tensor lse, Tensor gradLoss, Tensor grad) {
    int rows = logits.dim(0), v = logits.dim(1);
    Object tg = CpuElementwise.arr(targets);
    int to = targets.offset();
    boolean f32 = allF32(logits, lse, gradLoss, grad);
    Parallel.forRange(rows, Math.max(1, 8192 / Math.max(1, v)), (from, end) -> {
      for (int r = from; r < end; r++) {
        long t = CpuElementwise.getLong(tg, to + r);
        double g = t < 0 ? 0 : get(gradLoss, r), l = get(lse, r);
        if (f32) {
          float[] x = f(logits), out = f(grad);
          int xo = logits.offset() + r * v, oo = grad.offset() + r * v;
          for (int j = 0; j < v; j++) {
            double p = g == 0 ? 0 : Math.exp(x[xo + j] - l) * g;
            out[oo + j] = (float) (j == t ? p - g : p);
          }
          continue;
        }
        for (int j = 0; j < v; j++) {
          double p = g == 0 ? 0 : Math.exp(get(logits, r * v + j) - l) * g;
          set(grad, r * v + j, j == t ? p - g : p);
        }
      }
    });
  }

  private static boolean allF32(Tensor... ts) {
    for (Tensor t : ts) if (t.dtype() != DType.F32) return false;
    return true;
  }

  // ------------------------------------------------------------------ RMSNorm and LayerNorm

  static void rmsNorm(Tensor x, Tensor w, double eps, Tensor out, Tensor rstd) {
    int c = x.dim(-1), rows = x.numel() / c;
    boolean f32 = allF32(x, w, out, rstd);
    Parallel.forRange(rows, Math.max(1, 8192 / c), (from, end) -> {
      for (int r = from; r < end; r++) {
        if (f32) {
          rmsNormRowF32(f(x), x.offset() + r * c, f(w), w.offset(), eps, f(out), out.offset() + r * c, c, f(rstd), rstd.offset() + r);
          continue;
        }
        double ss = 0;
        for (int j = 0; j < c; j++) {
          double xv = get(x, r * c + j);
          ss += xv * xv;
        }
        if (x.dtype() == DType.F32) {
          float rs = (float) (1 / Math.sqrt((float) (ss / c) + eps));
          set(rstd, r, rs);
          for (int j = 0; j < c; j++) set(out, r * c + j, (float) get(w, j) * ((float) get(x, r * c + j) * rs));
        } else {
          double rs = 1 / Math.sqrt(ss / c + eps);
          set(rstd, r, rs);
          for (int j = 0; j < c; j++) set(out, r * c + j, get(w, j) * (get(x, r * c + j) * rs));
        }
      }
    });
  }

  /** One F32 row: the sum of squares in double, the scale and the product in float. */
  private static void rmsNormRowF32(float[] x, int xo, float[] w, int wo, double eps, float[] out, int oo, int c, float[] rstd, int ro) {
    double ss = 0;
    for (int j = 0; j < c; j++) {
      double xv = x[xo + j];
      ss += xv * xv;
    }
    float rs = (float) (1 / Math.sqrt((float) (ss / c) + eps));
    rstd[ro] = rs;
    for (int j = 0; j < c; j++) out[oo + j] = w[wo + j] * (x[xo + j] * rs);
  }

  static void rmsNormBackward(Tensor x, Tensor w, Tensor rstd, Tensor g, Tensor gx, Tensor gw) {
    int c = x.dim(-1), rows = x.numel() / c;
    boolean f32 = allF32(x, w, rstd, g, gx, gw);
    Parallel.forRange(rows, Math.max(1, 8192 / c), (from, end) -> {
      for (int r = from; r < end; r++) {
        if (f32) {
          rmsNormBackwardRowF32(f(x), x.offset() + r * c, f(w), w.offset(), f(g), g.offset() + r * c, f(gx), gx.offset() + r * c, c, f(rstd)[rstd.offset() + r]);
          continue;
        }
        double rs = get(rstd, r), dot = 0;
        for (int j = 0; j < c; j++) dot += get(g, r * c + j) * get(w, j) * get(x, r * c + j);
        double k = rs * rs * rs * dot / c;
        for (int j = 0; j < c; j++) {
          set(gx, r * c + j, rs * get(w, j) * get(g, r * c + j) - k * get(x, r * c + j));
        }
      }
    });
    // Weight gradient: each column's sum runs over the rows in order. Threads split the columns; each
    // walks its columns row by row (a column at a time would touch a cache line per element).
    Parallel.forRange(c, 64, (from, end) -> {
      double[] s = new double[end - from];
      for (int r = 0; r < rows; r++) {
        double rs = get(rstd, r);
        if (f32) {
          float[] gg = f(g), xx = f(x);
          int go = g.offset() + r * c, xo = x.offset() + r * c;
          for (int j = from; j < end; j++) s[j - from] += (double) gg[go + j] * xx[xo + j] * rs;
        } else {
          for (int j = from; j < end; j++) s[j - from] += get(g, r * c + j) * get(x, r * c + j) * rs;
        }
      }
      for (int j = from; j < end; j++) set(gw, j, s[j - from]);
    });
  }

  /** One F32 row of the input gradient, in double as the generic path computes it. */
  private static void rmsNormBackwardRowF32(float[] x, int xo, float[] w, int wo, float[] g, int go, float[] gx, int oo, int c, double rs) {
    double dot = 0;
    for (int j = 0; j < c; j++) dot += (double) g[go + j] * w[wo + j] * x[xo + j];
    double k = rs * rs * rs * dot / c;
    for (int j = 0; j < c; j++) gx[oo + j] = (float) (rs * w[wo + j] * g[go + j] - k * x[xo + j]);
  }

  static void layerNorm(Tensor x, Tensor w, Tensor b, double eps, Tensor out, Tensor mean, Tensor rstd) {
    int c = x.dim(-1), rows = x.numel() / c;
    Parallel.forRange(rows, Math.max(1, 8192 / c), (from, end) -> {
      for (int r = from; r < end; r++) {
        double s = 0;
        for (int j = 0; j < c; j++) s += get(x, r * c + j);
        double mu = s / c, var = 0;
        for (int j = 0; j < c; j++) {
          double dx = get(x, r * c + j) - mu;
          var += dx * dx;
        }
        double rs = 1 / Math.sqrt(var / c + eps);
        set(mean, r, mu);
        set(rstd, r, rs);
        for (int j = 0; j < c; j++) set(out, r * c + j, (get(x, r * c + j) - mu) * rs * get(w, j) + get(b, j));
      }
    });
  }

  static void layerNormBackward(Tensor x, Tensor w, Tensor mean, Tensor rstd, Tensor g, Tensor gx, Tensor gw, Tensor gb) {
    int c = x.dim(-1), rows = x.numel() / c;
    Parallel.forRange(rows, Math.max(1, 8192 / c), (from, end) -> {
      for (int r = from; r < end; r++) {
        double mu = get(mean, r), rs = get(rstd, r);
        double sumDy = 0, sumDyXhat = 0;
        for (int j = 0; j < c; j++) {
          double dy = get(g, r * c + j) * get(w, j);
          double xhat = (get(x, r * c + j) - mu) * rs;
          sumDy += dy;
          sumDyXhat += dy * xhat;
        }
        for (int j = 0; j < c; j++) {
          double dy = get(g, r * c + j) * get(w, j);
          double xhat = (get(x, r * c + j) - mu) * rs;
          set(gx, r * c + j, rs * (dy - sumDy / c - xhat * sumDyXhat / c));
        }
      }
    });
    Parallel.forRange(c, 64, (from, end) -> {
      for (int j = from; j < end; j++) {
        double sw = 0, sb = 0;
        for (int r = 0; r < rows; r++) {
          double gv = get(g, r * c + j);
          sw += gv * (get(x, r * c + j) - get(mean, r)) * get(rstd, r);
          sb += gv;
        }
        set(gw, j, sw);
        set(gb, j, sb);
      }
    });
  }

  // ------------------------------------------------------------------ RoPE

  /** HF "rotate half": out1 = x1 cos - x2 sin, out2 = x2 cos + x1 sin (sin negated when inverse). */
  static void rope(Tensor x, Tensor cos, Tensor sin, boolean inverse, Tensor out) {
    int b = x.dim(0), h = x.dim(1), t = x.dim(2), dd = x.dim(3), half = dd / 2;
    int bc = cos.dim(0);
    boolean f32 = allF32(x, cos, sin, out);
    Parallel.forRange(b * h * t, Math.max(1, 4096 / dd), (from, end) -> {
      for (int q = from; q < end; q++) {
        int bi = q / (h * t), ti = q % t;
        int cs = ((bc == 1 ? 0 : bi) * t + ti) * half;
        int base = q * dd;
        if (f32) {
          ropeRowF32(f(x), x.offset() + base, f(cos), cos.offset() + cs, f(sin), sin.offset() + cs, inverse, f(out), out.offset() + base, half);
          continue;
        }
        for (int i = 0; i < half; i++) {
          double c = get(cos, cs + i), s = get(sin, cs + i);
          if (inverse) s = -s;
          double x1 = get(x, base + i), x2 = get(x, base + half + i);
          if (x.dtype() == DType.F32) {
            float fc = (float) c, fs = (float) s, f1 = (float) x1, f2 = (float) x2;
            set(out, base + i, f1 * fc - f2 * fs);
            set(out, base + half + i, f2 * fc + f1 * fs);
          } else {
            set(out, base + i, x1 * c - x2 * s);
            set(out, base + half + i, x2 * c + x1 * s);
          }
        }
      }
    });
  }

  /** One F32 vector of D: the float products of the generic path, read straight from the arrays. */
  private static void ropeRowF32(
      float[] x, int xo, float[] cos, int co, float[] sin, int so, boolean inverse, float[] out, int oo, int half) {
    for (int i = 0; i < half; i++) {
      float c = cos[co + i], s = sin[so + i];
      if (inverse) s = -s;
      float x1 = x[xo + i], x2 = x[xo + half + i];
      out[oo + i] = x1 * c - x2 * s;
      out[oo + half + i] = x2 * c + x1 * s;
    }
  }

  // ------------------------------------------------------------------ AdamW

  /** torch.optim.AdamW's update, in float like PyTorch's F32 path. */
  static void adamw(Tensor p, Tensor g, Tensor m, Tensor v, double lr, double b1, double b2, double eps, double wd, long step) {
    for (Tensor t : new Tensor[] {p, g, m, v}) {
      if (t.dtype() != DType.F32) throw new IllegalArgumentException("adamw: parameters and states must be F32, got " + t.dtype());
    }
    float[] pp = f(p), pg = f(g), pm = f(m), pv = f(v);
    int po = p.offset(), go = g.offset(), mo = m.offset(), vo = v.offset();
    double bc1 = 1 - Math.pow(b1, step), bc2 = 1 - Math.pow(b2, step);
    float stepSize = (float) (lr / bc1), bc2Sqrt = (float) Math.sqrt(bc2);
    // 1 - beta is formed in double: rounding beta2 = 0.999 to float first would give 0.00099998713.
    float decay = (float) (1 - lr * wd), fb1 = (float) b1, fb2 = (float) b2, fe = (float) eps;
    float ob1 = (float) (1 - b1), ob2 = (float) (1 - b2);
    Parallel.forRange(p.numel(), CpuElementwise.GRAIN, (from, end) -> {
      for (int i = from; i < end; i++) {
        float gi = pg[go + i];
        float mi = fb1 * pm[mo + i] + ob1 * gi;
        float vi = fb2 * pv[vo + i] + ob2 * gi * gi;
        pm[mo + i] = mi;
        pv[vo + i] = vi;
        float denom = (float) Math.sqrt(vi) / bc2Sqrt + fe;
        pp[po + i] = pp[po + i] * decay - stepSize * (mi / denom);
      }
    });
  }

  // ------------------------------------------------------------------ random

  static void random(Distribution dist, long seed, long stream, long counter, double p, Tensor out) {
    Object a = CpuElementwise.arr(out);
    int off = out.offset();
    DType t = out.dtype();
    Parallel.forRange(out.numel(), CpuElementwise.GRAIN, (from, end) -> {
      for (int i = from; i < end; i++) {
        long c = counter + i;
        double v;
        switch (dist) {
          case UNIFORM:
            v = t == DType.F64 ? Philox.uniformDouble(seed, stream, c) : Philox.uniform(seed, stream, c);
            break;
          case NORMAL:
            v = Philox.normal(seed, stream, c);
            break;
          default:
            v = Philox.uniform(seed, stream, c) < p ? 1 : 0;
        }
        CpuCopy.writeDouble(a, t, off + i, v);
      }
    });
  }
}
