package org.reason4j.rl.verify;

import org.reason4j.rl.data.Problem;

/**
 * ReFT's partial reward (Luong et al. 2024; train_rl_reft.py {@code rollout}): 1 for a correct answer,
 * 0.1 for an answer that was extracted but is wrong, 0 when no answer could be extracted.
 */
public record ReFTPartial(Verifier verifier) implements RewardFunction {
  public static final double CORRECT = 1.0;
  public static final double EXTRACTED = 0.1;
  public static final double NONE = 0.0;

  @Override
  public Reward score(String response, Problem problem) {
    Verdict v = verifier.verify(response, problem);
    return new Reward(v.correct() ? CORRECT : v.hasAnswer() ? EXTRACTED : NONE, v);
  }
}
