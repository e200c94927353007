package org.reason4j.rl.verify;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MATH answer normaliser as verl uses it (verl/utils/reward_score/math.py {@code strip_string} and its
 * helpers, from Hendrycks et al.'s MATH release via lm-evaluation-harness), ported step by step with
 * Python's string semantics: {@code split} keeps empty pieces, and lengths and indexing count code points.
 *
 * <p>Where verl's code raises (an {@code \sqrt} or {@code \frac} with nothing after it, two
 * {@code "\text{ "} units), {@link #normalize} returns null and {@link #isEquiv} falls back, as verl's
 * {@code is_equiv} does, to comparing the raw strings. This class knows nothing about symbolic math;
 * {@link #isEquivOrSameRational} adds an exact comparison of plain rationals [ours].
 */
public final class MathNormalizer {
  private MathNormalizer() {}

  /** verl's {@code is_equiv}: equal after normalisation, or equal as raw strings if either fails. */
  public static boolean isEquiv(String a, String b) {
    String na = normalize(a);
    String nb = normalize(b);
    if (na == null || nb == null) return a.equals(b);
    return na.equals(nb);
  }

  /** {@link #isEquiv}, or both sides are plain rationals (after normalisation) with the same value. */
  public static boolean isEquivOrSameRational(String a, String b) {
    if (isEquiv(a, b)) return true;
    BigDecimal[] ra = rational(orRaw(normalize(a), a));
    BigDecimal[] rb = rational(orRaw(normalize(b), b));
    return ra != null && rb != null && ra[0].multiply(rb[1]).compareTo(rb[0].multiply(ra[1])) == 0;
  }

  /** verl's {@code strip_string}, or null where it raises. */
  public static String normalize(String s) {
    s = s.replace("\n", "");
    s = s.replace("\\!", "");
    s = s.replace("\\\\", "\\");
    s = s.replace("tfrac", "frac").replace("dfrac", "frac");
    s = s.replace("\\left", "").replace("\\right", "");
    s = s.replace("^{\\circ}", "").replace("^\\circ", "");
    s = s.replace("\\$", "");
    s = removeRightUnits(s);
    if (s == null) return null;
    s = s.replace("\\%", "");
    s = s.replace(" .", " 0.").replace("{.", "{0.");
    if (s.isEmpty()) return s;
    if (s.charAt(0) == '.') s = "0" + s;
    List<String> sides = split(s, "=");
    if (sides.size() == 2 && codePoints(sides.get(0)) <= 2) s = sides.get(1);
    s = fixSqrt(s);
    if (s == null) return null;
    s = s.replace(" ", "");
    s = fixFracs(s);
    if (s == null) return null;
    if (s.equals("0.5")) s = "\\frac{1}{2}";
    return fixASlashB(s);
  }

  /** Drops a trailing {@code "\text{ unit}"}: everything from {@code "\text{ "} on; null if it occurs twice. */
  static String removeRightUnits(String s) {
    List<String> parts = split(s, "\\text{ ");
    if (parts.size() == 1) return s;
    return parts.size() == 2 ? parts.get(0) : null;
  }

  /** {@code \sqrt3} → {@code \sqrt{3}} (one character); null for an {@code \sqrt} with nothing after it. */
  static String fixSqrt(String s) {
    if (!s.contains("\\sqrt")) return s;
    List<String> parts = split(s, "\\sqrt");
    StringBuilder out = new StringBuilder(parts.get(0));
    for (String part : parts.subList(1, parts.size())) {
      String first = codePointAt(part, 0);
      if (first == null) return null;
      if (!first.equals("{")) out.append("\\sqrt{").append(first).append('}').append(codePointsFrom(part, 1));
      else out.append("\\sqrt").append(part);
    }
    return out.toString();
  }

  /**
   * {@code \frac12} → {@code \frac{1}{2}}, {@code \frac1{72}} → {@code \frac{1}{72}}; null for an
   * {@code \frac} with nothing after it; the input unchanged for one with a single character after it.
   */
  static String fixFracs(String s) {
    List<String> parts = split(s, "\\frac");
    StringBuilder out = new StringBuilder(parts.get(0));
    for (String part : parts.subList(1, parts.size())) {
      out.append("\\frac");
      String a = codePointAt(part, 0);
      if (a == null) return null;
      if (a.equals("{")) {
        out.append(part);
        continue;
      }
      String b = codePointAt(part, 1);
      if (b == null) return s;
      String rest = codePointsFrom(part, 2);
      if (!b.equals("{")) out.append('{').append(a).append("}{").append(b).append('}').append(rest);
      else out.append('{').append(a).append('}').append(b).append(rest);
    }
    return out.toString();
  }

  private static final Pattern CANONICAL_INT = Pattern.compile("0|-?[1-9][0-9]*");

  /** {@code a/b} with both canonical integers (as Python's {@code str(int(x)) == x}) → {@code \frac{a}{b}}. */
  static String fixASlashB(String s) {
    List<String> parts = split(s, "/");
    if (parts.size() != 2) return s;
    String a = parts.get(0);
    String b = parts.get(1);
    if (!CANONICAL_INT.matcher(a).matches() || !CANONICAL_INT.matcher(b).matches()) return s;
    return "\\frac{" + a + "}{" + b + "}";
  }

  private static final String NUMBER = "[+-]?(?:\\d+\\.?\\d*|\\.\\d+)";
  private static final Pattern PLAIN = Pattern.compile(NUMBER);
  private static final Pattern FRAC = Pattern.compile("([+-]?)\\\\frac\\{(" + NUMBER + ")\\}\\{(" + NUMBER + ")\\}");
  private static final int MAX_RATIONAL_CHARS = 200;

  /** {numerator, denominator} of a plain decimal or {@code [-]\frac{x}{y}} of decimals, or null. */
  static BigDecimal[] rational(String s) {
    if (s.length() > MAX_RATIONAL_CHARS) return null;
    if (PLAIN.matcher(s).matches()) return new BigDecimal[] {new BigDecimal(s), BigDecimal.ONE};
    Matcher m = FRAC.matcher(s);
    if (!m.matches()) return null;
    BigDecimal num = new BigDecimal(m.group(2));
    BigDecimal den = new BigDecimal(m.group(3));
    if (den.signum() == 0) return null;
    return new BigDecimal[] {m.group(1).equals("-") ? num.negate() : num, den};
  }

  private static String orRaw(String normalized, String raw) {
    return normalized == null ? raw : normalized;
  }

  /** Python's {@code str.split(sep)}: every piece, empty ones included. */
  static List<String> split(String s, String sep) {
    List<String> out = new ArrayList<>();
    int from = 0;
    for (int at = s.indexOf(sep); at >= 0; at = s.indexOf(sep, from)) {
      out.add(s.substring(from, at));
      from = at + sep.length();
    }
    out.add(s.substring(from));
    return out;
  }

  private static int codePoints(String s) {
    return s.codePointCount(0, s.length());
  }

  /** The k-th code point as a string (Python's {@code s[k]}), or null past the end. */
  private static String codePointAt(String s, int k) {
    if (codePoints(s) <= k) return null;
    int start = s.offsetByCodePoints(0, k);
    return s.substring(start, s.offsetByCodePoints(start, 1));
  }

  /** Python's {@code s[k:]}. */
  private static String codePointsFrom(String s, int k) {
    return codePoints(s) <= k ? "" : s.substring(s.offsetByCodePoints(0, k));
  }
}
