package org.reason4j.tensor.io;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Half;

/**
 * Turns little-endian bytes of one safetensors dtype (a mapped window of the file) into elements of a
 * Java array of a reason4j dtype, writing straight into the target array: no staging copy of the
 * tensor is ever made. Bit-identical reads are bulk gets; BF16/F16 to F32 is one pass over the mapped
 * shorts through a 16 KB scratch block; everything else goes element by element through an exact
 * double or long.
 *
 * <p>Allowed conversions: to the stored type's own dtype; between floating types; from integer types
 * to floating types; between integer types when every value fits (checked per element). Not allowed:
 * floating to integer, anything but BOOL/U8 to BOOL, and the FP8 and complex types.
 */
final class SafetensorsDecoder {
  private SafetensorsDecoder() {}

  /** Null when {@code from} can be read as {@code to}; otherwise why not. */
  static String unsupported(SafetensorsDType from, DType to) {
    if (from.tensorDType() == to) return null;
    if (from.isFloat() && to.isFloat()) return null;
    if (from.isInteger() && (to.isFloat() || to.isInteger())) return null;
    if (to == DType.BOOL) return "only BOOL and U8 data can be read as BOOL";
    if (from.isFloat() && to.isInteger()) return "floating-point data is not rounded to integers on load";
    return "reason4j has no decoder for " + from + " data";
  }

  static Object newArray(DType t, int n) {
    switch (t) {
      case F32: return new float[n];
      case F64: return new double[n];
      case BF16:
      case F16: return new short[n];
      case I32: return new int[n];
      case I64: return new long[n];
      case BOOL: return new byte[n];
      default: throw new IllegalArgumentException("no array type for " + t);
    }
  }

  /**
   * Decodes {@code n} elements from {@code src} (little-endian, starting at index 0) into
   * {@code dst[at, at + n)}. Returns the index (relative to {@code at}) of the first integer that does
   * not fit the target type, or -1 when all fit.
   */
  static long decode(ByteBuffer src, SafetensorsDType from, Object dst, int at, DType to, int n) {
    if (from.tensorDType() == to) {
      bulk(src, dst, at, to, n);
      return -1;
    }
    if (to == DType.F32 && (from == SafetensorsDType.BF16 || from == SafetensorsDType.F16)) {
      halfToFloat(src.asShortBuffer(), from == SafetensorsDType.BF16, (float[]) dst, at, n);
      return -1;
    }
    if (from.isFloat()) {
      for (int i = 0; i < n; i++) writeDouble(dst, to, at + i, readDouble(src, from, i));
      return -1;
    }
    for (int i = 0; i < n; i++) {
      long v = readLong(src, from, i);
      if (to.isFloat()) {
        writeDouble(dst, to, at + i, from == SafetensorsDType.U64 ? unsignedToDouble(v) : v);
      } else if (!fits(v, from, to)) {
        return i;
      } else if (to == DType.I32) {
        ((int[]) dst)[at + i] = (int) v;
      } else {
        ((long[]) dst)[at + i] = v;
      }
    }
    return -1;
  }

  /** The element at {@code i} as text, for error messages (U64 unsigned). */
  static String describe(ByteBuffer src, SafetensorsDType from, int i) {
    long v = readLong(src, from, i);
    return from == SafetensorsDType.U64 ? Long.toUnsignedString(v) : Long.toString(v);
  }

  private static void bulk(ByteBuffer src, Object dst, int at, DType to, int n) {
    switch (to) {
      case F32: src.asFloatBuffer().get((float[]) dst, at, n); break;
      case F64: src.asDoubleBuffer().get((double[]) dst, at, n); break;
      case BF16:
      case F16: src.asShortBuffer().get((short[]) dst, at, n); break;
      case I32: src.asIntBuffer().get((int[]) dst, at, n); break;
      case I64: src.asLongBuffer().get((long[]) dst, at, n); break;
      case BOOL: src.duplicate().get((byte[]) dst, at, n); break;
      default: throw new IllegalArgumentException("no array type for " + to);
    }
  }

  /** Scratch for the 16-bit path: bulk gets from the map are memory copies, and plain array loops compile well. */
  private static final int BLOCK = 8192;

  private static void halfToFloat(ShortBuffer src, boolean bf16, float[] dst, int at, int n) {
    short[] block = new short[Math.min(BLOCK, n)];
    for (int done = 0; done < n; done += block.length) {
      int m = Math.min(block.length, n - done);
      src.get(done, block, 0, m);
      if (bf16) {
        for (int i = 0; i < m; i++) dst[at + done + i] = Float.intBitsToFloat((block[i] & 0xFFFF) << 16);
      } else {
        for (int i = 0; i < m; i++) dst[at + done + i] = Half.f16ToFloat(block[i]);
      }
    }
  }

  private static double readDouble(ByteBuffer src, SafetensorsDType from, int i) {
    switch (from) {
      case F16: return Half.f16ToFloat(src.getShort(2 * i));
      case BF16: return Half.bf16ToFloat(src.getShort(2 * i));
      case F32: return src.getFloat(4 * i);
      case F64: return src.getDouble(8 * i);
      default: throw new IllegalArgumentException(from + " is not a floating type");
    }
  }

  /** Integer elements as their exact value (U64 as its bit pattern). */
  private static long readLong(ByteBuffer src, SafetensorsDType from, int i) {
    switch (from) {
      case BOOL:
      case U8: return src.get(i) & 0xFFL;
      case I8: return src.get(i);
      case I16: return src.getShort(2 * i);
      case U16: return src.getShort(2 * i) & 0xFFFFL;
      case I32: return src.getInt(4 * i);
      case U32: return src.getInt(4 * i) & 0xFFFF_FFFFL;
      case I64:
      case U64: return src.getLong(8 * i);
      default: throw new IllegalArgumentException(from + " is not an integer type");
    }
  }

  private static boolean fits(long v, SafetensorsDType from, DType to) {
    if (from == SafetensorsDType.U64 && v < 0) return false; // above 2^63-1
    return to != DType.I32 || (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE);
  }

  private static double unsignedToDouble(long v) {
    return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
  }

  private static void writeDouble(Object dst, DType to, int i, double v) {
    switch (to) {
      case F32: ((float[]) dst)[i] = (float) v; break;
      case F64: ((double[]) dst)[i] = v; break;
      case BF16: ((short[]) dst)[i] = Half.floatToBf16((float) v); break;
      case F16: ((short[]) dst)[i] = Half.floatToF16((float) v); break;
      default: throw new IllegalArgumentException(to + " is not a floating type");
    }
  }
}
