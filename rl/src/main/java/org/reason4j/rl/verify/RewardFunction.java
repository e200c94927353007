package org.reason4j.rl.verify;

import org.reason4j.rl.data.Problem;

/**
 * A scalar reward for one response to one problem (ALGORITHMS.md §1.4). Token-level trainers place it on
 * the last valid response token. Length shaping, which needs the token count, is added separately
 * ({@link OverlongShaping}).
 *
 * <p>An open extension point: a new reward is a small record implementing this and a test.
 */
@FunctionalInterface
public interface RewardFunction {

  Reward score(String response, Problem problem);

  /** A reward value with the verdict it came from (trainers log and filter on both). */
  record Reward(double value, Verdict verdict) {
    public boolean hasAnswer() {
      return verdict.hasAnswer();
    }

    public boolean correct() {
      return verdict.correct();
    }
  }
}
