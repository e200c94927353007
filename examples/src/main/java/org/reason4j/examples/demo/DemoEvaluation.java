package org.reason4j.examples.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.eval.Evaluator;
import org.reason4j.rl.metrics.ProgressBar;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.verify.Verifier;

/**
 * Scores a policy on the demo's held-out problems ({@link DemoTask#heldOut()}): greedy accuracy per tier in
 * one pass over all of them, then pass@k on the first {@code passProblems} of the hardest tier from k samples
 * each, once with the plain prompt and once with the problem's hint (its first step) in the prompt. The
 * samples use the {@link Evaluator.Config}'s temperature and seed, so every row is scored on the same draws.
 */
public final class DemoEvaluation {
  private final Evaluator evaluator;
  private final Map<Integer, List<Problem>> heldOut;
  private final List<Problem> hardest;
  private final List<Problem> hardestHinted;
  private final int k;
  private final boolean progress;
  private final String label;

  /**
   * @param k            samples per problem for pass@k (k of them, so pass@k is "any of k is right")
   * @param passProblems hardest-tier problems scored with pass@k (at most the held-out count)
   * @param progress     draw a progress bar per evaluation
   */
  public DemoEvaluation(DemoTask task, Verifier verifier, Evaluator.Config config, int k, int passProblems, boolean progress) {
    if (k < 1 || passProblems < 1) throw new IllegalArgumentException("k and passProblems must be >= 1, got " + k + ", " + passProblems);
    this.evaluator = new Evaluator(verifier, config);
    this.heldOut = task.heldOut();
    List<Problem> hard = heldOut.get(task.hardestTier());
    this.hardest = hard.subList(0, Math.min(passProblems, hard.size()));
    this.hardestHinted = new ArrayList<>();
    for (Problem p : hardest) hardestHinted.add(DemoTask.hinted(p, p.hint()));
    this.k = k;
    this.progress = progress;
    this.label = "eval";
  }

  private DemoEvaluation(DemoEvaluation e, String label) {
    this.evaluator = e.evaluator;
    this.heldOut = e.heldOut;
    this.hardest = e.hardest;
    this.hardestHinted = e.hardestHinted;
    this.k = e.k;
    this.progress = e.progress;
    this.label = label;
  }

  /** The same evaluation with {@code label} on its progress bar. */
  public DemoEvaluation labelled(String label) {
    return new DemoEvaluation(this, label);
  }

  public int k() {
    return k;
  }

  public int tiers() {
    return heldOut.size();
  }

  public Evaluator evaluator() {
    return evaluator;
  }

  /** The held-out problems by tier. */
  public Map<Integer, List<Problem>> heldOut() {
    return heldOut;
  }

  /** Every held-out problem, tier by tier. */
  public List<Problem> allHeldOut() {
    List<Problem> all = new ArrayList<>();
    heldOut.values().forEach(all::addAll);
    return all;
  }

  /** Greedy accuracy per tier and overall, pass@k on the hardest tier without and with the hint. */
  public Scores evaluate(Policy policy) {
    List<Problem> all = allHeldOut();
    try (ProgressBar bar = progress ? ProgressBar.builder(label, 3).unit("pass").build() : null) {
      Evaluator.Result greedy = evaluator.evaluate(policy, all, 0, 0);
      advance(bar);
      double plain = evaluator.evaluate(policy, hardest, k, k).passAtK();
      advance(bar);
      double hinted = evaluator.evaluate(policy, hardestHinted, k, k).passAtK();
      advance(bar);
      List<Double> tiers = new ArrayList<>();
      for (Evaluator.TierResult t : greedy.tiers()) tiers.add(t.greedyAccuracy());
      return new Scores(tiers, greedy.greedyAccuracy(), plain, hinted);
    }
  }

  private static void advance(ProgressBar bar) {
    if (bar != null) bar.step();
  }
}
