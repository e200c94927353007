package org.reason4j.rl.trainer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.metrics.MetricNames;
import org.reason4j.rl.rollout.Group;
import org.reason4j.rl.rollout.Sample;
import org.reason4j.rl.verify.RewardFunction.Reward;
import org.reason4j.rl.verify.Verdict;
import org.reason4j.transformer.generate.FinishReason;

/** TRL's reward_std (mean of the groups' stds) and the completion statistics. */
class RolloutMetricsTest {
  static final Problem P = new Problem("p", "q", null, "1");

  static Sample sample(double reward, int length, FinishReason why) {
    boolean correct = reward == 1;
    return new Sample(P, new int[] {1}, 1, new int[length], new float[length], why, "",
        new Reward(reward, new Verdict(correct ? "1" : null, correct)), reward);
  }

  @Test
  void rewardStdIsTheMeanOfPerGroupStdsNotTheBatchStd() {
    Group mixed = new Group(P, List.of(sample(1, 2, FinishReason.EOS), sample(0, 4, FinishReason.EOS)));
    Group allRight = new Group(P, List.of(sample(1, 3, FinishReason.EOS), sample(1, 5, FinishReason.LENGTH)));
    Map<String, Object> m = RolloutMetrics.of(List.of(mixed, allRight), "binary");
    assertEquals(0.75, m.get(MetricNames.REWARD));
    assertEquals(Math.sqrt(0.5) / 2, (double) m.get(MetricNames.REWARD_STD), 1e-12);
    assertEquals(0.5, m.get(MetricNames.FRAC_REWARD_ZERO_STD));
    assertEquals(0.5, (double) m.get(MetricNames.rewardStd("binary")), 1e-12); // the batch's own std
    assertEquals(3.5, m.get(MetricNames.COMPLETIONS_MEAN_LENGTH));
    assertEquals(2.0, m.get(MetricNames.COMPLETIONS_MIN_LENGTH));
    assertEquals(5.0, m.get(MetricNames.COMPLETIONS_MAX_LENGTH));
    assertEquals(0.25, m.get(MetricNames.COMPLETIONS_CLIPPED_RATIO));
    assertEquals(3.0, m.get(MetricNames.COMPLETIONS_MEAN_TERMINATED_LENGTH));
    assertEquals(0.75, m.get(RolloutMetrics.ACCURACY));
  }

  @Test
  void groupsOfOneReportTheBatchStdAndNoZeroStdFraction() {
    Map<String, Object> m = RolloutMetrics.of(List.of(new Group(P, List.of(sample(1, 2, FinishReason.EOS))),
        new Group(P, List.of(sample(0, 2, FinishReason.EOS)))), "reft_partial");
    assertEquals(Math.sqrt(0.5), (double) m.get(MetricNames.REWARD_STD), 1e-12);
    assertFalse(m.containsKey(MetricNames.FRAC_REWARD_ZERO_STD));
  }
}
