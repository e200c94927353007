package org.reason4j.rl.rollout;

import java.util.List;
import java.util.Objects;
import org.reason4j.rl.data.Problem;

/** The G responses sampled for one problem (a "group" in GRPO), in sampling order. */
public record Group(Problem problem, List<Sample> samples) {
  public Group {
    Objects.requireNonNull(problem, "problem");
    samples = List.copyOf(samples);
    if (samples.isEmpty()) throw new IllegalArgumentException("a group needs at least one sample (problem " + problem.id() + ")");
  }

  public int size() {
    return samples.size();
  }

  public double[] rewards() {
    double[] r = new double[samples.size()];
    for (int i = 0; i < r.length; i++) r[i] = samples.get(i).reward();
    return r;
  }

  public double meanReward() {
    double s = 0;
    for (Sample x : samples) s += x.reward();
    return s / samples.size();
  }

  /** The sample standard deviation (N − 1, as torch.std and TRL); 0 for a group of one. */
  public double rewardStd() {
    int n = samples.size();
    if (n < 2) return 0;
    double mean = meanReward(), ss = 0;
    for (Sample x : samples) ss += (x.reward() - mean) * (x.reward() - mean);
    return Math.sqrt(ss / (n - 1));
  }

  /** Every reward is the same, so the group carries no learning signal for group-relative methods. */
  public boolean allEqual() {
    double first = samples.get(0).reward();
    for (Sample x : samples) if (x.reward() != first) return false;
    return true;
  }
}
