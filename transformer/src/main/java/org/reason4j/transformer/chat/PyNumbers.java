package org.reason4j.transformer.chat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Python's number text: {@code repr(float)} (shortest round-trip digits, exponent form outside
 * 1e-4..1e16, always a {@code .0} or exponent so floats read back as floats) and the parsing that
 * {@code int()} and {@code float()} accept. Both matter because templates print numbers and
 * {@code tojson} writes them exactly as Python's json does.
 */
final class PyNumbers {
  private PyNumbers() {}

  private static final String DIGITS = "\\d(?:_?\\d)*";
  private static final Pattern FLOAT_TEXT = Pattern.compile("[+-]?(?:(?:" + DIGITS + "\\.(?:" + DIGITS + ")?|(?:"
      + DIGITS + ")?\\." + DIGITS + "|" + DIGITS + ")(?:[eE][+-]?" + DIGITS + ")?|inf|infinity|nan)",
      Pattern.CASE_INSENSITIVE);

  static String floatRepr(double d) {
    if (Double.isNaN(d)) return "nan";
    if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
    if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
    BigDecimal exact = new BigDecimal(d);
    BigDecimal shortest = exact;
    for (int p = 1; p <= 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == d) {
        shortest = r;
        break;
      }
    }
    shortest = shortest.stripTrailingZeros();
    String digits = shortest.unscaledValue().abs().toString();
    int exp10 = digits.length() - 1 - shortest.scale();
    String sign = d < 0 ? "-" : "";
    if (exp10 >= -4 && exp10 < 16) return sign + fixed(digits, exp10);
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return sign + mantissa + "e" + (exp10 < 0 ? "-" : "+") + (Math.abs(exp10) < 10 ? "0" : "") + Math.abs(exp10);
  }

  private static String fixed(String digits, int exp10) {
    if (exp10 < 0) return "0." + "0".repeat(-exp10 - 1) + digits;
    if (digits.length() <= exp10 + 1) return digits + "0".repeat(exp10 + 1 - digits.length()) + ".0";
    return digits.substring(0, exp10 + 1) + "." + digits.substring(exp10 + 1);
  }

  /** Python's {@code float(text)}, or null where Python raises ValueError. */
  static Double parseFloat(String text) {
    String t = PyStrings.strip(text, null);
    if (!FLOAT_TEXT.matcher(t).matches()) return null;
    String lower = t.toLowerCase().replace("_", "");
    if (lower.endsWith("nan")) return Double.NaN;
    if (lower.endsWith("inf") || lower.endsWith("infinity")) {
      return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.parseDouble(lower);
  }

  /** Python's {@code int(text, base)} for bases 2, 8, 10 and 16, or null where Python raises ValueError. */
  static Long parseInt(String text, int base) {
    String t = PyStrings.strip(text, null);
    String sign = t.startsWith("-") ? "-" : "";
    if (t.startsWith("-") || t.startsWith("+")) t = t.substring(1);
    String prefix = base == 16 ? "0x" : base == 8 ? "0o" : base == 2 ? "0b" : null;
    if (prefix != null && t.toLowerCase().startsWith(prefix)) t = t.substring(2);
    if (t.isEmpty() || t.startsWith("_") || t.endsWith("_") || t.contains("__")) return null;
    try {
      return Long.parseLong(sign + t.replace("_", ""), base);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
