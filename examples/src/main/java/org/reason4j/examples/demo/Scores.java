package org.reason4j.examples.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * One row's numbers for one seed: held-out greedy accuracy per tier and overall, and on the hardest tier
 * pass@k from sampling, without and with the hint in the prompt. A value a row does not measure is NaN.
 *
 * @param tierAccuracy      greedy accuracy of tiers 0, 1, ...
 * @param overall           greedy accuracy over all held-out problems (the tiers have equal counts)
 * @param passAtK           pass@k on the hardest tier, plain prompt
 * @param passAtKWithHint   pass@k on the hardest tier with its first step as a hint
 */
public record Scores(List<Double> tierAccuracy, double overall, double passAtK, double passAtKWithHint) {
  public Scores {
    tierAccuracy = List.copyOf(tierAccuracy);
  }

  /** The values in {@link #columns} order. */
  public List<Double> values() {
    List<Double> v = new ArrayList<>(tierAccuracy);
    v.add(overall);
    v.add(passAtK);
    v.add(passAtKWithHint);
    return v;
  }

  /** Column labels for a task with {@code tiers} tiers whose hardest is scored with pass@{@code k}. */
  public static List<String> columns(int tiers, int k) {
    List<String> c = new ArrayList<>();
    for (int t = 0; t < tiers; t++) c.add("tier " + t);
    c.add("overall");
    c.add("pass@" + k + " tier " + (tiers - 1));
    c.add("pass@" + k + " tier " + (tiers - 1) + " +hint");
    return c;
  }
}
