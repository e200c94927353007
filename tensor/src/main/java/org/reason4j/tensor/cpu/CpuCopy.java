package org.reason4j.tensor.cpu;

import org.reason4j.tensor.DType;
import org.reason4j.tensor.Half;
import org.reason4j.tensor.Tensor;

/**
 * Moving elements: strided copies with dtype conversion (including BF16/F16 to and from F32), fills, and
 * the host transfers. A same-dtype copy of a contiguous run is an {@code arraycopy}.
 */
final class CpuCopy {
  private CpuCopy() {}

  static void copy(Tensor src, Tensor dst) {
    Strided it = new Strided(dst, src);
    Object s = CpuElementwise.arr(src), d = CpuElementwise.arr(dst);
    DType st = src.dtype(), dt = dst.dtype();
    Parallel.forRange(it.numel, CpuElementwise.GRAIN, (from, to) -> it.forEachRun(from, to, (o, len) -> {
      int ss = it.inner[1], ds = it.inner[0];
      if (st == dt && ss == 1 && ds == 1) {
        System.arraycopy(s, o[1], d, o[0], len);
      } else if (st == DType.F32 && dt == DType.F32) {
        float[] a = (float[]) s, b = (float[]) d;
        for (int j = 0; j < len; j++) b[o[0] + j * ds] = a[o[1] + j * ss];
      } else if (st == DType.BF16 && dt == DType.F32) {
        short[] a = (short[]) s;
        float[] b = (float[]) d;
        for (int j = 0; j < len; j++) b[o[0] + j * ds] = Half.bf16ToFloat(a[o[1] + j * ss]);
      } else {
        for (int j = 0; j < len; j++) convert(s, st, o[1] + j * ss, d, dt, o[0] + j * ds);
      }
    }));
  }

  /** One element from any dtype to any dtype: floats go through double, integers through long. */
  private static void convert(Object s, DType st, int si, Object d, DType dt, int di) {
    if (st.isFloat() && dt.isFloat() || st.isFloat() && dt == DType.BOOL) {
      writeDouble(d, dt, di, readDouble(s, st, si));
    } else if (st.isFloat()) {
      CpuElementwise.setLong(d, di, (long) readDouble(s, st, si)); // truncation toward zero, as in C
    } else if (dt.isFloat()) {
      writeDouble(d, dt, di, CpuElementwise.getLong(s, si));
    } else {
      CpuElementwise.setLong(d, di, CpuElementwise.getLong(s, si));
    }
  }

  static double readDouble(Object a, DType t, int i) {
    switch (t) {
      case F32: return ((float[]) a)[i];
      case F64: return ((double[]) a)[i];
      case BF16: return Half.bf16ToFloat(((short[]) a)[i]);
      case F16: return Half.f16ToFloat(((short[]) a)[i]);
      default: return CpuElementwise.getLong(a, i);
    }
  }

  static void writeDouble(Object a, DType t, int i, double v) {
    switch (t) {
      case F32: ((float[]) a)[i] = (float) v; break;
      case F64: ((double[]) a)[i] = v; break;
      case BF16: ((short[]) a)[i] = Half.floatToBf16((float) v); break;
      case F16: ((short[]) a)[i] = Half.floatToF16((float) v); break;
      case BOOL: ((byte[]) a)[i] = (byte) (v != 0 ? 1 : 0); break;
      default: CpuElementwise.setLong(a, i, (long) v);
    }
  }

  static void fill(Tensor dst, double value) {
    Object a = CpuElementwise.arr(dst);
    int off = dst.offset(), n = dst.numel();
    switch (dst.dtype()) {
      case F32: java.util.Arrays.fill((float[]) a, off, off + n, (float) value); break;
      case F64: java.util.Arrays.fill((double[]) a, off, off + n, value); break;
      case BF16: java.util.Arrays.fill((short[]) a, off, off + n, Half.floatToBf16((float) value)); break;
      case F16: java.util.Arrays.fill((short[]) a, off, off + n, Half.floatToF16((float) value)); break;
      case I32: java.util.Arrays.fill((int[]) a, off, off + n, (int) value); break;
      case I64: java.util.Arrays.fill((long[]) a, off, off + n, (long) value); break;
      case BOOL: java.util.Arrays.fill((byte[]) a, off, off + n, (byte) (value != 0 ? 1 : 0)); break;
      default: throw new IllegalArgumentException("fill: unknown dtype " + dst.dtype());
    }
  }
}
