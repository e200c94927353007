package org.reason4j.rl.advantage;

/**
 * Group-relative advantages (ALGORITHMS §4):
 * <pre>
 *   GRPO       A_i = (r_i − mean_j r_j) / (std_j r_j + ε)     (DeepSeekMath eq. 3, outcome supervision)
 *   Dr. GRPO   A_i =  r_i − mean_j r_j                        (Liu et al. 2025: no std, no length bias)
 * </pre>
 * std is the sample standard deviation (N − 1), as verl and TRL compute it; ε is 1e-6 in verl, 1e-4 in
 * TRL. Two cases are defined here rather than left to arithmetic: a group whose rewards are all equal
 * gets exactly 0 (no rounding residue divided by ε), and a group of one gets 0 [ours; verl silently
 * uses mean 0 and std 1 there].
 *
 * @param scaleByStd divide by the group's std (GRPO) or not (Dr. GRPO)
 * @param epsilon    ε added to the std
 */
public record GroupNormalized(boolean scaleByStd, double epsilon) implements AdvantageEstimator {

  public GroupNormalized {
    if (!(epsilon >= 0)) throw new IllegalArgumentException("epsilon must be >= 0, got " + epsilon);
  }

  /** GRPO: scaled by std, ε = 1e-6 (verl). */
  public static GroupNormalized grpo() {
    return new GroupNormalized(true, 1e-6);
  }

  /** Dr. GRPO: centred only. */
  public static GroupNormalized drGrpo() {
    return new GroupNormalized(false, 0);
  }

  @Override
  public double[] estimate(double[] rewards) {
    int g = rewards.length;
    double[] a = new double[g];
    if (g < 2 || allEqual(rewards)) return a;
    double mean = 0;
    for (double r : rewards) mean += r;
    mean /= g;
    double ss = 0;
    for (double r : rewards) ss += (r - mean) * (r - mean);
    double std = Math.sqrt(ss / (g - 1));
    for (int i = 0; i < g; i++) a[i] = scaleByStd ? (rewards[i] - mean) / (std + epsilon) : rewards[i] - mean;
    return a;
  }

  private static boolean allEqual(double[] r) {
    for (double x : r) if (x != r[0]) return false;
    return true;
  }
}
