package org.reason4j.rl.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Majority voting over sampled answers (ReFT baseline, ALGORITHMS.md §9.3): answers that could not be
 * extracted (null) are dropped; the most frequent canonical answer wins; a tie goes to the answer seen
 * first (the order Python's {@code Counter} keeps); when every answer is null there is no winner and the
 * question counts as wrong.
 */
public final class MajorityVote {
  private MajorityVote() {}

  /** Numeric answers are canonicalised by rounding to 1e-6 [ours]. */
  public static final double NUMERIC_RESOLUTION = 1e-6;

  private static final double SCALE = 1e6; // 1 / NUMERIC_RESOLUTION, written exactly

  /** The winning numeric answer (rounded to {@link #NUMERIC_RESOLUTION}), or null; NaN counts as no answer. */
  public static Double numeric(List<Double> answers) {
    return plurality(answers, x -> x.isNaN() ? null : canonical(x));
  }

  /** The winning text answer (e.g. an option letter) compared exactly, or null. */
  public static String text(List<String> answers) {
    return plurality(answers, Function.identity());
  }

  /**
   * The key with the most votes, first-seen on ties, or null. {@code key} maps an answer to its canonical
   * form, or to null for an answer that does not vote.
   */
  public static <A, K> K plurality(List<A> answers, Function<? super A, ? extends K> key) {
    Map<K, Integer> counts = new LinkedHashMap<>();
    for (A a : answers) {
      if (a == null) continue;
      K k = key.apply(a);
      if (k != null) counts.merge(k, 1, Integer::sum);
    }
    K best = null;
    int bestCount = 0;
    for (Map.Entry<K, Integer> e : counts.entrySet()) {
      if (e.getValue() > bestCount) { // strictly greater: the earlier key keeps a tie
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return best;
  }

  static double canonical(double x) {
    double r = Math.rint(x * SCALE) / SCALE;
    return r == 0.0 ? 0.0 : r; // -0.0 and 0.0 are one answer
  }
}
