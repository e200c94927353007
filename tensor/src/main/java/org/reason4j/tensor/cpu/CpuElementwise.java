package org.reason4j.tensor.cpu;

import org.reason4j.tensor.BinaryOp;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.UnaryOp;

/**
 * Elementwise kernels: unary, binary (with broadcast operands of stride 0), clamp and where. The hot F32
 * cases (contiguous runs, or a run against a broadcast scalar) are plain loops the JIT vectorises;
 * everything else goes through one scalar formula per op, which is also the reference for other
 * backends. Integer DIV is floor division, as in Python.
 */
final class CpuElementwise {
  /** Elements per task: large enough that scheduling costs little. */
  static final int GRAIN = 1 << 15;

  private CpuElementwise() {}

  // ------------------------------------------------------------------ unary

  static void unary(UnaryOp op, Tensor a, Tensor out) {
    Strided it = new Strided(out, a);
    Object src = arr(a), dst = arr(out);
    DType t = a.dtype();
    Parallel.forRange(it.numel, GRAIN, (from, to) -> it.forEachRun(from, to, (o, len) -> {
      switch (t) {
        case F32: unaryF32(op, (float[]) src, o[1], it.inner[1], (float[]) dst, o[0], len); break;
        case F64: unaryF64(op, (double[]) src, o[1], it.inner[1], (double[]) dst, o[0], len); break;
        case BOOL: {
          byte[] s = (byte[]) src, d = (byte[]) dst;
          for (int j = 0; j < len; j++) d[o[0] + j] = (byte) (s[o[1] + j * it.inner[1]] == 0 ? 1 : 0);
          break;
        }
        default:
          for (int j = 0; j < len; j++) setLong(dst, o[0] + j, unaryLong(op, getLong(src, o[1] + j * it.inner[1])));
      }
    }));
  }

  private static void unaryF32(UnaryOp op, float[] a, int ai, int as, float[] o, int oi, int n) {
    if (as == 1) {
      switch (op) {
        case NEG: for (int j = 0; j < n; j++) o[oi + j] = -a[ai + j]; return;
        case SQUARE: for (int j = 0; j < n; j++) o[oi + j] = a[ai + j] * a[ai + j]; return;
        case RELU: for (int j = 0; j < n; j++) o[oi + j] = Math.max(a[ai + j], 0f); return;
        case ABS: for (int j = 0; j < n; j++) o[oi + j] = Math.abs(a[ai + j]); return;
        case EXP: for (int j = 0; j < n; j++) o[oi + j] = (float) Math.exp(a[ai + j]); return;
        case SIGMOID: for (int j = 0; j < n; j++) o[oi + j] = (float) sigmoid(a[ai + j]); return;
        default: break;
      }
    }
    for (int j = 0; j < n; j++) o[oi + j] = (float) unaryDouble(op, a[ai + j * as]);
  }

  private static void unaryF64(UnaryOp op, double[] a, int ai, int as, double[] o, int oi, int n) {
    for (int j = 0; j < n; j++) o[oi + j] = unaryDouble(op, a[ai + j * as]);
  }

  /** The reference formula of every float unary op (F32 results are this, rounded to float). */
  static double unaryDouble(UnaryOp op, double x) {
    switch (op) {
      case NEG: return -x;
      case ABS: return Math.abs(x);
      case EXP: return Math.exp(x);
      case LOG: return Math.log(x);
      case LOG1P: return Math.log1p(x);
      case SQRT: return Math.sqrt(x);
      case RSQRT: return 1 / Math.sqrt(x);
      case TANH: return Math.tanh(x);
      case SIGMOID: return sigmoid(x);
      case RELU: return x > 0 ? x : (x == x ? 0 : x);
      case SIN: return Math.sin(x);
      case COS: return Math.cos(x);
      case SIGN: return Math.signum(x);
      case RECIPROCAL: return 1 / x;
      case SQUARE: return x * x;
      case FLOOR: return Math.floor(x);
      case CEIL: return Math.ceil(x);
      case ERF: return Erf.erf(x);
      default: throw new IllegalArgumentException(op + " is not a float op");
    }
  }

  /** 1 / (1 + e^-x), in the form that cannot overflow for either sign. */
  private static double sigmoid(double x) {
    if (x >= 0) return 1 / (1 + Math.exp(-x));
    double e = Math.exp(x);
    return e / (1 + e);
  }

  private static long unaryLong(UnaryOp op, long x) {
    switch (op) {
      case NEG: return -x;
      case ABS: return Math.abs(x);
      case SIGN: return Long.signum(x);
      case SQUARE: return x * x;
      default: throw new IllegalArgumentException(op + " is not defined for integers");
    }
  }

  // ------------------------------------------------------------------ binary

  static void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
    Strided it = new Strided(out, a, b);
    Object pa = arr(a), pb = arr(b), po = arr(out);
    DType t = a.dtype();
    Parallel.forRange(it.numel, GRAIN, (from, to) -> it.forEachRun(from, to, (o, len) -> {
      int as = it.inner[1], bs = it.inner[2];
      if (t == DType.F32) {
        binaryF32(op, (float[]) pa, o[1], as, (float[]) pb, o[2], bs, po, o[0], len);
      } else if (t == DType.F64) {
        for (int j = 0; j < len; j++) {
          double r = binaryDouble(op, ((double[]) pa)[o[1] + j * as], ((double[]) pb)[o[2] + j * bs]);
          if (op.isComparison()) ((byte[]) po)[o[0] + j] = (byte) r;
          else ((double[]) po)[o[0] + j] = r;
        }
      } else {
        for (int j = 0; j < len; j++) {
          long r = binaryLong(op, getLong(pa, o[1] + j * as), getLong(pb, o[2] + j * bs));
          if (op.isComparison()) ((byte[]) po)[o[0] + j] = (byte) r;
          else setLong(po, o[0] + j, r);
        }
      }
    }));
  }

  private static void binaryF32(
      BinaryOp op, float[] a, int ai, int as, float[] b, int bi, int bs, Object out, int oi, int n) {
    if (op.isComparison()) {
      byte[] o = (byte[]) out;
      for (int j = 0; j < n; j++) o[oi + j] = (byte) binaryDouble(op, a[ai + j * as], b[bi + j * bs]);
      return;
    }
    float[] o = (float[]) out;
    if (as == 1 && bs == 1) {
      switch (op) {
        case ADD: for (int j = 0; j < n; j++) o[oi + j] = a[ai + j] + b[bi + j]; return;
        case SUB: for (int j = 0; j < n; j++) o[oi + j] = a[ai + j] - b[bi + j]; return;
        case MUL: for (int j = 0; j < n; j++) o[oi + j] = a[ai + j] * b[bi + j]; return;
        case DIV: for (int j = 0; j < n; j++) o[oi + j] = a[ai + j] / b[bi + j]; return;
        default: break;
      }
    } else if (as == 1 && bs == 0) {
      float s = b[bi];
      switch (op) {
        case ADD: for (int j = 0; j < n; j++) o[oi + j] = a[ai + j] + s; return;
        case SUB: for (int j = 0; j < n; j++) o[oi + j] = a[ai + j] - s; return;
        case MUL: for (int j = 0; j < n; j++) o[oi + j] = a[ai + j] * s; return;
        case DIV: for (int j = 0; j < n; j++) o[oi + j] = a[ai + j] / s; return;
        default: break;
      }
    } else if (as == 0 && bs == 1) {
      float s = a[ai];
      switch (op) {
        case ADD: for (int j = 0; j < n; j++) o[oi + j] = s + b[bi + j]; return;
        case SUB: for (int j = 0; j < n; j++) o[oi + j] = s - b[bi + j]; return;
        case MUL: for (int j = 0; j < n; j++) o[oi + j] = s * b[bi + j]; return;
        default: break;
      }
    }
    for (int j = 0; j < n; j++) o[oi + j] = binaryFloat(op, a[ai + j * as], b[bi + j * bs]);
  }

  /** F32 arithmetic in float, so results equal the fast loops above bit for bit. */
  private static float binaryFloat(BinaryOp op, float x, float y) {
    switch (op) {
      case ADD: return x + y;
      case SUB: return x - y;
      case MUL: return x * y;
      case DIV: return x / y;
      case POW: return (float) Math.pow(x, y);
      case MAXIMUM: return Math.max(x, y);
      case MINIMUM: return Math.min(x, y);
      default: throw new IllegalArgumentException(op + " is not arithmetic");
    }
  }

  /** The reference formula of every float binary op; comparisons give 1 or 0. */
  static double binaryDouble(BinaryOp op, double x, double y) {
    switch (op) {
      case ADD: return x + y;
      case SUB: return x - y;
      case MUL: return x * y;
      case DIV: return x / y;
      case POW: return Math.pow(x, y);
      case MAXIMUM: return Math.max(x, y);
      case MINIMUM: return Math.min(x, y);
      case EQ: return x == y ? 1 : 0;
      case NE: return x != y ? 1 : 0;
      case LT: return x < y ? 1 : 0;
      case LE: return x <= y ? 1 : 0;
      case GT: return x > y ? 1 : 0;
      case GE: return x >= y ? 1 : 0;
      default: throw new IllegalArgumentException(op + " is not defined for floats");
    }
  }

  private static long binaryLong(BinaryOp op, long x, long y) {
    switch (op) {
      case ADD: return x + y;
      case SUB: return x - y;
      case MUL: return x * y;
      case DIV:
        if (y == 0) throw new ArithmeticException("div: integer division by zero");
        return Math.floorDiv(x, y);
      case POW: return (long) Math.pow(x, y);
      case MAXIMUM: return Math.max(x, y);
      case MINIMUM: return Math.min(x, y);
      case EQ: return x == y ? 1 : 0;
      case NE: return x != y ? 1 : 0;
      case LT: return x < y ? 1 : 0;
      case LE: return x <= y ? 1 : 0;
      case GT: return x > y ? 1 : 0;
      case GE: return x >= y ? 1 : 0;
      case AND: return (x != 0 && y != 0) ? 1 : 0;
      case OR: return (x != 0 || y != 0) ? 1 : 0;
      default: throw new IllegalArgumentException(op + " is not defined for integers");
    }
  }

  // ------------------------------------------------------------------ clamp and where

  static void clamp(Tensor a, double lo, double hi, Tensor out) {
    Strided it = new Strided(out, a);
    Object src = arr(a), dst = arr(out);
    DType t = a.dtype();
    Parallel.forRange(it.numel, GRAIN, (from, to) -> it.forEachRun(from, to, (o, len) -> {
      int as = it.inner[1];
      if (t == DType.F32) {
        float[] s = (float[]) src, d = (float[]) dst;
        float l = (float) lo, h = (float) hi;
        for (int j = 0; j < len; j++) d[o[0] + j] = Math.min(Math.max(s[o[1] + j * as], l), h);
      } else if (t == DType.F64) {
        double[] s = (double[]) src, d = (double[]) dst;
        for (int j = 0; j < len; j++) d[o[0] + j] = Math.min(Math.max(s[o[1] + j * as], lo), hi);
      } else {
        for (int j = 0; j < len; j++) {
          long v = getLong(src, o[1] + j * as);
          setLong(dst, o[0] + j, (long) Math.min(Math.max(v, lo), hi));
        }
      }
    }));
  }

  static void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
    Strided it = new Strided(out, cond, a, b);
    byte[] c = ((CpuStorage) cond.storage()).bytes();
    Object pa = arr(a), pb = arr(b), po = arr(out);
    DType t = a.dtype();
    Parallel.forRange(it.numel, GRAIN, (from, to) -> it.forEachRun(from, to, (o, len) -> {
      int cs = it.inner[1], as = it.inner[2], bs = it.inner[3];
      if (t == DType.F32) {
        whereF32(c, o[1], cs, (float[]) pa, o[2], as, (float[]) pb, o[3], bs, (float[]) po, o[0], len);
      } else if (t == DType.F64) {
        double[] x = (double[]) pa, y = (double[]) pb, d = (double[]) po;
        for (int j = 0; j < len; j++) d[o[0] + j] = c[o[1] + j * cs] != 0 ? x[o[2] + j * as] : y[o[3] + j * bs];
      } else if (po instanceof short[]) { // BF16/F16: select the bit patterns
        short[] x = (short[]) pa, y = (short[]) pb, d = (short[]) po;
        for (int j = 0; j < len; j++) d[o[0] + j] = c[o[1] + j * cs] != 0 ? x[o[2] + j * as] : y[o[3] + j * bs];
      } else {
        for (int j = 0; j < len; j++) {
          setLong(po, o[0] + j, c[o[1] + j * cs] != 0 ? getLong(pa, o[2] + j * as) : getLong(pb, o[3] + j * bs));
        }
      }
    }));
  }

  /**
   * One F32 run of where. A masked fill (one side a broadcast scalar, the mask and the other side
   * contiguous) selects the bit patterns with a mask instead of a branch: a mask that is not one long
   * run (padding, random masks) would mispredict about every other element.
   */
  private static void whereF32(byte[] c, int ci, int cs, float[] x, int xi, int xs, float[] y, int yi, int ys, float[] d, int di, int n) {
    if (cs == 1 && xs == 0 && ys == 1) {
      int v = Float.floatToRawIntBits(x[xi]);
      for (int j = 0; j < n; j++) {
        int m = c[ci + j] != 0 ? -1 : 0;
        d[di + j] = Float.intBitsToFloat((m & v) | (~m & Float.floatToRawIntBits(y[yi + j])));
      }
    } else if (cs == 1 && xs == 1 && ys == 0) {
      int v = Float.floatToRawIntBits(y[yi]);
      for (int j = 0; j < n; j++) {
        int m = c[ci + j] != 0 ? -1 : 0;
        d[di + j] = Float.intBitsToFloat((m & Float.floatToRawIntBits(x[xi + j])) | (~m & v));
      }
    } else {
      for (int j = 0; j < n; j++) d[di + j] = c[ci + j * cs] != 0 ? x[xi + j * xs] : y[yi + j * ys];
    }
  }

  // ------------------------------------------------------------------ helpers

  static Object arr(Tensor t) {
    return ((CpuStorage) t.storage()).array();
  }

  /** Integer-valued read of I32, I64, BOOL (and BF16/F16 bit patterns are never read this way). */
  static long getLong(Object a, int i) {
    if (a instanceof long[]) return ((long[]) a)[i];
    if (a instanceof int[]) return ((int[]) a)[i];
    if (a instanceof byte[]) return ((byte[]) a)[i];
    throw new IllegalArgumentException("not an integer array: " + a.getClass().getSimpleName());
  }

  static void setLong(Object a, int i, long v) {
    if (a instanceof long[]) ((long[]) a)[i] = v;
    else if (a instanceof int[]) ((int[]) a)[i] = (int) v;
    else if (a instanceof byte[]) ((byte[]) a)[i] = (byte) (v != 0 ? 1 : 0);
    else throw new IllegalArgumentException("not an integer array: " + a.getClass().getSimpleName());
  }
}
