package org.reason4j.rl.verify;

import org.reason4j.rl.data.Problem;

/** 1 for a correct answer, else 0 (GRPO, Guide, ReLIFT, evaluation, the self-training filters). */
public record Binary01(Verifier verifier) implements RewardFunction {
  @Override
  public Reward score(String response, Problem problem) {
    Verdict v = verifier.verify(response, problem);
    return new Reward(v.correct() ? 1.0 : 0.0, v);
  }
}
