package org.reason4j.rl.advantage;

import java.util.Arrays;
import java.util.List;
import org.reason4j.rl.rollout.Group;

/**
 * Turns the scalar rewards of a group of responses to one prompt into one advantage per response, which
 * every token of that response shares (GRPO's outcome supervision, DeepSeekMath §4.1.2). An open
 * extension point: RLOO, a rank-based or a length-aware estimator is one class implementing
 * {@link #estimate}.
 *
 * <p>Token-level estimation with a critic (GAE, for PPO) takes values and per-token rewards instead and
 * lives in {@link Gae}.
 */
@FunctionalInterface
public interface AdvantageEstimator {

  /** A_i for each response i of one group, from the rewards r_1..r_G. */
  double[] estimate(double[] rewards);

  /** Per-token advantages for a batch of groups: each response's A_i copied to all of its tokens. */
  default float[][] perToken(List<Group> groups) {
    int total = 0;
    for (Group g : groups) total += g.size();
    float[][] out = new float[total][];
    int row = 0;
    for (Group g : groups) {
      double[] a = estimate(g.rewards());
      for (int i = 0; i < g.size(); i++, row++) {
        out[row] = new float[g.samples().get(i).length()];
        Arrays.fill(out[row], (float) a[i]);
      }
    }
    return out;
  }
}
