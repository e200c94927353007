package org.reason4j.tensor.cuda;

import static org.junit.jupiter.api.Assertions.*;

import org.reason4j.tensor.Backends;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Tensor;

/**
 * How close a backend's result must be to the CPU's: EXACT compares bits (any dtype); otherwise
 * |actual - expected| <= abs + rel * |expected| per element, with NaN equal to NaN and infinities equal
 * to themselves.
 */
record Tolerance(double rel, double abs, String why) {
  static final Tolerance EXACT = new Tolerance(0, 0, "bit-identical");
  /** F32 results of CUDA's accurate float functions (expf, logf, tanhf, ... within 2 ulp). */
  static final Tolerance F32_MATH = new Tolerance(1e-5, 1e-6, "F32 transcendental functions");
  /** F32 values produced from double-precision sums whose order may differ from the CPU's. */
  static final Tolerance F32_SUM = new Tolerance(1e-5, 1e-6, "F32 from double sums in another order");
  static final Tolerance F64_MATH = new Tolerance(1e-12, 1e-14, "F64 functions and sums");

  static Tolerance math(DType t) {
    return t == DType.F64 ? F64_MATH : F32_MATH;
  }

  static Tolerance sum(DType t) {
    return t == DType.F64 ? F64_MATH : F32_SUM;
  }

  /** Both tensors are on the CPU. */
  void check(Tensor expected, Tensor actual, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
    if (rel == 0 && abs == 0) {
      Object e = Backends.cpu().download(expected), a = Backends.cpu().download(actual);
      if (e instanceof float[]) {
        float[] x = (float[]) e, y = (float[]) a;
        for (int i = 0; i < x.length; i++) {
          if (Float.floatToIntBits(x[i]) != Float.floatToIntBits(y[i])) fail(what + ": element " + i + ": expected " + x[i] + " but got " + y[i]);
        }
      } else if (e instanceof double[]) {
        double[] x = (double[]) e, y = (double[]) a;
        for (int i = 0; i < x.length; i++) {
          if (Double.doubleToLongBits(x[i]) != Double.doubleToLongBits(y[i])) fail(what + ": element " + i + ": expected " + x[i] + " but got " + y[i]);
        }
      } else {
        assertEquals(java.util.Arrays.deepToString(new Object[] {e}), java.util.Arrays.deepToString(new Object[] {a}), what);
      }
      return;
    }
    double[] x = expected.toDoubleArray(), y = actual.toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      if (Double.isNaN(x[i]) && Double.isNaN(y[i]) || x[i] == y[i]) continue;
      double err = Math.abs(x[i] - y[i]);
      if (!(err <= abs + rel * Math.abs(x[i]))) {
        fail(what + ": element " + i + ": expected " + x[i] + " but got " + y[i] + " (" + why + ": rel " + rel + ", abs " + abs + ")");
      }
    }
  }
}
