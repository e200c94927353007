package org.reason4j.rl.verify;

import org.reason4j.rl.data.Problem;

/** +1 for a correct answer, else −1, a missing answer included (DAPO; verl {@code math_dapo}). */
public record PlusMinus1(Verifier verifier) implements RewardFunction {
  @Override
  public Reward score(String response, Problem problem) {
    Verdict v = verifier.verify(response, problem);
    return new Reward(v.correct() ? 1.0 : -1.0, v);
  }
}
