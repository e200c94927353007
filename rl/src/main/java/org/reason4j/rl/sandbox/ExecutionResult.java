package org.reason4j.rl.sandbox;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What running a program gave: the returned value, or null with the reason.
 *
 * <p>{@code value} is a {@code Double} (the program returned an int, float or bool) or a
 * {@code String} (it returned a str); {@code text} is Python's {@code str()} of the returned value,
 * which the reference compares for multiple-choice sets (MathQA). A successful run has
 * {@code failure == null}. {@link #asDouble()} is the reference's {@code floatify}: the number that
 * a reward compares with the gold answer, or null.
 */
public record ExecutionResult(Object value, String text, Failure failure, String detail) {
  /** Why a run produced no value. */
  public enum Failure {
    /** The program does not parse (Python would raise SyntaxError or IndentationError). */
    SYNTAX,
    /** Valid Python that this sandbox refuses to run (an import, builtin or construct outside the subset). */
    UNSUPPORTED,
    /** More evaluation steps than the budget allows (an endless or very long loop). */
    STEP_BUDGET,
    /** More wall-clock time than the budget allows. */
    TIME_BUDGET,
    /** Allocated more list elements, string characters or big-integer bits than the budget allows. */
    MEMORY_BUDGET,
    /** Python-level calls nested deeper than the budget (Python's RecursionError). */
    DEPTH_BUDGET,
    /** The program raised an exception (ZeroDivisionError, NameError, TypeError, ...). */
    RUNTIME_ERROR,
    /** It ran, but there was no {@code solution()}, it returned None, or a value that is not a number or string. */
    NO_RESULT
  }

  private static final String DIGITS = "\\d(?:_?\\d)*";
  private static final Pattern PY_FLOAT = Pattern.compile(
      "[+-]?(?:" + DIGITS + "\\.?(?:" + DIGITS + ")?|\\." + DIGITS + ")(?:[eE][+-]?" + DIGITS + ")?");
  private static final Pattern PY_SPECIAL = Pattern.compile("(?i)[+-]?(inf|infinity|nan)");

  public ExecutionResult {
    if (failure == null) Objects.requireNonNull(value, "a successful result needs a value");
    else if (value != null) throw new IllegalArgumentException("a failed result has no value");
    if (value != null && !(value instanceof Double || value instanceof String))
      throw new IllegalArgumentException("value must be a Double or a String, got " + value.getClass());
  }

  /** A value the program returned: a Double or a String, with Python's str() of what was returned. */
  public static ExecutionResult of(Object value, String text) {
    return new ExecutionResult(value, text, null, null);
  }

  /** No value, and why. */
  public static ExecutionResult failed(Failure failure, String detail) {
    return new ExecutionResult(null, null, Objects.requireNonNull(failure), detail);
  }

  public boolean ok() {
    return failure == null;
  }

  /** Python's {@code float(value)} or null when that would raise, as the reference's {@code floatify}. */
  public Double asDouble() {
    if (value instanceof Double d) return d;
    if (value instanceof String s) return parsePythonFloat(s);
    return null;
  }

  /** Python's {@code float(str)}: surrounding whitespace, underscores between digits, inf and nan allowed. */
  static Double parsePythonFloat(String s) {
    String t = s.strip();
    if (PY_SPECIAL.matcher(t).matches()) {
      boolean negative = t.startsWith("-");
      if (t.toLowerCase().endsWith("nan")) return Double.NaN;
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (!PY_FLOAT.matcher(t).matches()) return null;
    return Double.parseDouble(t.replace("_", ""));
  }

  @Override
  public String toString() {
    return ok() ? "ExecutionResult[" + text + "]" : "ExecutionResult[" + failure + ": " + detail + "]";
  }
}
