package org.reason4j.rl.verify;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Python's {@code float(str)}, which the ReFT code uses to read answers ({@code floatify}): surrounding
 * whitespace is ignored; decimal digits with an optional point, exponent and sign; underscores only between
 * digits ({@code 1_000}); {@code inf}, {@code infinity} and {@code nan} in any case, with an optional sign.
 * Anything else is null (Python raises {@code ValueError}). Java's {@code Double.parseDouble} is not used
 * directly because it also accepts {@code 0x1p3}, {@code 5d} and {@code 5f}, and rejects {@code inf}.
 * Only ASCII digits are accepted (Python also reads other Unicode decimal digits).
 */
public final class PythonFloat {
  private PythonFloat() {}

  private static final String DIGITS = "\\d(?:_?\\d)*";
  private static final Pattern DECIMAL = Pattern.compile(
      "[+-]?(?:" + DIGITS + "(?:\\.(?:" + DIGITS + ")?)?|\\." + DIGITS + ")(?:[eE][+-]?" + DIGITS + ")?");

  /** The value, or null when Python's {@code float()} would raise. */
  public static Double parse(String text) {
    String s = text.strip();
    if (DECIMAL.matcher(s).matches()) return Double.parseDouble(s.replace("_", ""));
    String lower = s.toLowerCase(Locale.ROOT);
    boolean negative = lower.startsWith("-");
    String word = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
    if (word.equals("inf") || word.equals("infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (word.equals("nan")) return Double.NaN;
    return null;
  }
}
