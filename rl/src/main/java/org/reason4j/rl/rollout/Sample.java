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
 * <p>Guidance methods sample behind one prompt and train behind another (ALGORITHMS §6): {@code promptIds} is
 * always the prompt of the training forward, {@code behaviourPromptIds} the one the tokens were sampled
 * behind (and {@code logProbs} were computed with), and {@code onPolicy} is false for such a row.
 *
 * @param score              the reward function's value and verdict
 * @param reward             the scalar reward the trainer uses: {@code score.value()} plus any length shaping
 * @param behaviourPromptIds the prompt the response was sampled behind ({@code promptIds} for on-policy rows)
 * @param onPolicy           sampled behind the training prompt itself
 */
public record Sample(Problem problem, int[] promptIds, int promptWidth, int[] responseIds, float[] logProbs,
    FinishReason finishReason, String text, Reward score, double reward, int[] behaviourPromptIds, boolean onPolicy) {

  /** An on-policy sample: sampled behind the prompt it trains behind. */
  public Sample(Problem problem, int[] promptIds, int promptWidth, int[] responseIds, float[] logProbs, FinishReason finishReason,
      String text, Reward score, double reward) {
    this(problem, promptIds, promptWidth, responseIds, logProbs, finishReason, text, score, reward, promptIds, true);
  }

  public Sample {
    Objects.requireNonNull(behaviourPromptIds, "behaviourPromptIds");
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
    return new Sample(problem, promptIds, promptWidth, responseIds, logProbs, finishReason, text, score, r, behaviourPromptIds, onPolicy);
  }

  /**
   * The same response, trained behind another prompt (guidance methods sample with a hint and train
   * without it): an off-policy row. The log-probs stay those of the prompt that produced the tokens (ℓ^old of
   * the behaviour policy), and {@code width} is the training layout's prompt width (at least {@code ids.length}).
   */
  public Sample withTrainingPrompt(int[] ids, int width) {
    return new Sample(problem, ids, width, responseIds, logProbs, finishReason, text, score, reward, behaviourPromptIds, false);
  }
}
