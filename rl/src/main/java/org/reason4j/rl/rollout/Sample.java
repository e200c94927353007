package org.reason4j.rl.rollout;

import java.util.Objects;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.verify.RewardFunction.Reward;
import org.reason4j.rl.verify.Verdict;
import org.reason4j.transformer.generate.FinishReason;

/**
 * One sampled response to one problem, with everything training needs from the rollout: the exact token
 * ids (never re-tokenised from text), the log-prob of each sampled token under the sampling policy
 * (ℓ^old, ALGORITHMS §0), why it stopped, the decoded text, and its reward.
 *
 * <p>{@code promptWidth} is the left-padded prompt width of the generate call that produced it (the
 * longest prompt of that call). Training batches rebuild the same layout from it, so the training forward
 * computes each token's log-prob on the same padding the sampler did. Arrays are not copied; treat them
 * as read-only.
 *
 * @param score  the reward function's value and verdict
 * @param reward the scalar reward the trainer uses: {@code score.value()} plus any length shaping
 */
public record Sample(Problem problem, int[] promptIds, int promptWidth, int[] responseIds, float[] logProbs,
    FinishReason finishReason, String text, Reward score, double reward) {

  public Sample {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(finishReason, "finishReason");
    if (promptIds.length == 0 || promptWidth < promptIds.length) {
      throw new IllegalArgumentException("prompt of " + promptIds.length + " ids does not fit its width " + promptWidth);
    }
    if (logProbs.length != responseIds.length) {
      throw new IllegalArgumentException(responseIds.length + " response ids but " + logProbs.length + " log-probs");
    }
  }

  /** Response tokens, EOS included when it stopped on one. */
  public int length() {
    return responseIds.length;
  }

  /** It hit the length limit without EOS or a stop string. */
  public boolean truncated() {
    return finishReason == FinishReason.LENGTH;
  }

  public Verdict verdict() {
    return score.verdict();
  }

  /** The same sample with another scalar reward (a shaping or a filter applied later). */
  public Sample withReward(double r) {
    return new Sample(problem, promptIds, promptWidth, responseIds, logProbs, finishReason, text, score, r);
  }

  /**
   * The same response, trained behind another prompt (guidance methods sample with a hint and train
   * without it). The rollout log-probs stay those of the prompt that produced the tokens.
   */
  public Sample withTrainingPrompt(int[] ids, int width) {
    return new Sample(problem, ids, width, responseIds, logProbs, finishReason, text, score, reward);
  }
}
