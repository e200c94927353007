package org.reason4j.rl.verify;

import java.util.Locale;

/**
 * Whether an extracted answer matches the gold answer (ALGORITHMS.md §1.3). A closed set: numbers within
 * a tolerance, multiple-choice letters, and MATH-style normalised strings.
 */
public sealed interface Equivalence {

  /** Both arguments are non-null: the extracted answer and the problem's gold answer as written. */
  boolean equivalent(String predicted, String gold);

  /**
   * {@code |pred − gold| <= tolerance} (ReFT uses 1e-2 for GSM8K, SVAMP and MathQA-numeric). Both sides are
   * read with {@link PythonFloat} after removing commas and {@code $}; a prediction that is not a number is
   * not equivalent, a gold answer that is not a number is an error naming it.
   */
  record Numeric(double tolerance) implements Equivalence {
    /** ReFT's tolerance. */
    public static final double REFT_TOLERANCE = 1e-2;

    public Numeric {
      if (!(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
    }

    @Override
    public boolean equivalent(String predicted, String gold) {
      Double p = PythonFloat.parse(clean(predicted));
      Double g = PythonFloat.parse(clean(gold));
      if (g == null) throw new IllegalArgumentException("gold answer '" + gold + "' is not a number");
      return p != null && Math.abs(p - g) <= tolerance;
    }

    private static String clean(String s) {
      return s.replace(",", "").replace("$", "");
    }
  }

  /** MathQA-MCQ as ReFT compares options: lower-case, quotes removed, stripped, then exact equality. */
  record MultipleChoice() implements Equivalence {
    @Override
    public boolean equivalent(String predicted, String gold) {
      return canonical(predicted).equals(canonical(gold));
    }

    public static String canonical(String text) {
      return text.toLowerCase(Locale.ROOT).replace("\"", "").replace("'", "").strip();
    }
  }

  /**
   * verl's {@code is_equiv} for competition math: both sides through {@link MathNormalizer#normalize}, then
   * string equality (raw equality where verl's normaliser raises). With {@code rationalFallback}, two
   * answers that both read as exact rationals ({@code 033}, {@code 0.50}, {@code \frac{2}{4}}) are also
   * equal when their values are [ours].
   */
  record MathNormalized(boolean rationalFallback) implements Equivalence {
    @Override
    public boolean equivalent(String predicted, String gold) {
      return rationalFallback ? MathNormalizer.isEquivOrSameRational(predicted, gold)
          : MathNormalizer.isEquiv(predicted, gold);
    }
  }
}
