package org.reason4j.tensor;

/**
 * Conversions between F32 and the 16-bit storage types. BF16 is the top half of an F32 (rounded to
 * nearest even on the way down); F16 is IEEE 754 binary16 with subnormals, infinities and NaN.
 */
public final class Half {
  private Half() {}

  public static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  public static short floatToBf16(float f) {
    int x = Float.floatToRawIntBits(f);
    if ((x & 0x7FFFFFFF) > 0x7F800000) return (short) ((x >>> 16) | 0x40); // quiet NaN stays NaN
    int rounding = 0x7FFF + ((x >>> 16) & 1);
    return (short) ((x + rounding) >>> 16);
  }

  public static float f16ToFloat(short bits) {
    int h = bits & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1F;
    int mant = h & 0x3FF;
    if (exp == 0x1F) return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
    if (exp == 0) {
      if (mant == 0) return Float.intBitsToFloat(sign);
      float v = mant * 0x1.0p-24f; // subnormal: mant * 2^-24
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  public static short floatToF16(float f) {
    int x = Float.floatToRawIntBits(f);
    int sign = (x >>> 16) & 0x8000;
    int abs = x & 0x7FFFFFFF;
    if (abs >= 0x7F800000) return (short) (sign | 0x7C00 | (abs > 0x7F800000 ? 0x200 : 0));
    if (abs >= 0x477FF000) return (short) (sign | 0x7C00); // rounds to infinity
    if (abs < 0x38800000) { // subnormal or zero in f16
      if (abs < 0x33000000) return (short) sign; // below half the smallest subnormal
      int e = abs >>> 23;
      int m = (abs & 0x7FFFFF) | 0x800000;
      int shift = 126 - e; // value = m * 2^(e-150); f16 subnormal unit is 2^-24
      int q = m >>> shift;
      int rem = m & ((1 << shift) - 1);
      int half = 1 << (shift - 1);
      if (rem > half || (rem == half && (q & 1) != 0)) q++;
      return (short) (sign | q);
    }
    int rounded = abs + 0xFFF + ((abs >>> 13) & 1);
    return (short) (sign | ((rounded - 0x38000000) >>> 13));
  }
}
