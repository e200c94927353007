package org.reason4j.rl.loss;

import org.reason4j.rl.data.Problem;
import org.reason4j.rl.rollout.Sample;
import org.reason4j.rl.verify.RewardFunction.Reward;
import org.reason4j.rl.verify.Verdict;
import org.reason4j.transformer.generate.FinishReason;

/** A one-token sample for loss tests that only look at its problem id. */
final class SampleStub {
  private SampleStub() {}

  static Sample of(String id) {
    Problem p = new Problem(id, "q", null, "1");
    return new Sample(p, new int[] {1}, 1, new int[] {2}, new float[] {0f}, FinishReason.EOS, "", new Reward(0, new Verdict(null, false)), 0);
  }
}
