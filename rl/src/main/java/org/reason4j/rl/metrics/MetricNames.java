package org.reason4j.rl.metrics;

import java.util.List;

/**
 * The keys of a {@code metrics.jsonl} line. Where TRL logs the same quantity, the key is TRL's, so a
 * Python user's plotting scripts and habits carry over (TRL {@code GRPOTrainer._metrics} and the
 * Hugging Face {@code Trainer} log, checked against {@code trl/trainer/grpo_trainer.py}). Keys marked
 * "ours" have no TRL counterpart.
 *
 * <table>
 * <caption>Metric keys</caption>
 * <tr><th>key</th><th>meaning</th><th>source</th></tr>
 * <tr><td>{@code step}</td><td>optimizer steps done (the line's x value)</td><td>HF Trainer</td></tr>
 * <tr><td>{@code epoch}</td><td>fractional passes over the training prompts</td><td>HF Trainer</td></tr>
 * <tr><td>{@code loss}</td><td>total loss of the step</td><td>HF Trainer</td></tr>
 * <tr><td>{@code learning_rate}</td><td>learning rate used by the step</td><td>HF Trainer</td></tr>
 * <tr><td>{@code grad_norm}</td><td>global gradient norm before clipping</td><td>HF Trainer</td></tr>
 * <tr><td>{@code reward}</td><td>mean reward over the batch's completions</td><td>TRL GRPO</td></tr>
 * <tr><td>{@code reward_std}</td><td>mean over groups of the within-group reward std (TRL's definition, not the
 *     batch std)</td><td>TRL GRPO</td></tr>
 * <tr><td>{@code rewards/<name>/mean}, {@code /std}</td><td>one reward function's mean and std ({@link #rewardMean},
 *     {@link #rewardStd})</td><td>TRL GRPO</td></tr>
 * <tr><td>{@code frac_reward_zero_std}</td><td>fraction of groups whose rewards are all equal (no signal)</td><td>TRL GRPO</td></tr>
 * <tr><td>{@code kl}</td><td>token-mean KL to the reference policy (k3 in GRPO)</td><td>TRL GRPO</td></tr>
 * <tr><td>{@code entropy}</td><td>token-mean policy entropy</td><td>TRL GRPO</td></tr>
 * <tr><td>{@code clip_ratio/low_mean}</td><td>fraction of tokens with ratio below 1-eps_low and A &lt; 0</td><td>TRL GRPO</td></tr>
 * <tr><td>{@code clip_ratio/low_min}</td><td>smallest such fraction over micro-batches</td><td>TRL GRPO</td></tr>
 * <tr><td>{@code clip_ratio/high_mean}</td><td>fraction of tokens with ratio above 1+eps_high and A &gt; 0</td><td>TRL GRPO</td></tr>
 * <tr><td>{@code clip_ratio/high_max}</td><td>largest such fraction over micro-batches</td><td>TRL GRPO</td></tr>
 * <tr><td>{@code clip_ratio/region_mean}</td><td>fraction of tokens clipped either way</td><td>TRL GRPO</td></tr>
 * <tr><td>{@code completions/mean_length}, {@code min_length}, {@code max_length}</td><td>completion lengths in
 *     tokens</td><td>TRL GRPO</td></tr>
 * <tr><td>{@code completions/clipped_ratio}</td><td>fraction of completions cut at the length limit (no EOS)</td><td>TRL GRPO</td></tr>
 * <tr><td>{@code completions/mean_terminated_length}, {@code min_…}, {@code max_…}</td><td>lengths of the completions
 *     that ended with EOS</td><td>TRL GRPO</td></tr>
 * <tr><td>{@code num_tokens}</td><td>prompt + completion tokens seen so far</td><td>TRL GRPO</td></tr>
 * <tr><td>{@code policy_loss}</td><td>policy part of the loss (TRL PPO logs it as {@code loss/policy_avg})</td><td>ours</td></tr>
 * <tr><td>{@code value_loss}</td><td>value-head part of the loss (TRL PPO: {@code loss/value_avg})</td><td>ours</td></tr>
 * <tr><td>{@code time/generation_s}</td><td>wall seconds spent sampling in the step</td><td>ours</td></tr>
 * <tr><td>{@code time/training_s}</td><td>wall seconds spent in forward, backward and the update</td><td>ours</td></tr>
 * <tr><td>{@code tokens_per_second/generation}</td><td>completion tokens sampled per second</td><td>ours</td></tr>
 * <tr><td>{@code tokens_per_second/training}</td><td>tokens through the training forward per second</td><td>ours</td></tr>
 * </table>
 */
public final class MetricNames {
  private MetricNames() {}

  public static final String STEP = "step";
  public static final String EPOCH = "epoch";
  public static final String LOSS = "loss";
  public static final String LEARNING_RATE = "learning_rate";
  public static final String GRAD_NORM = "grad_norm";

  public static final String REWARD = "reward";
  public static final String REWARD_STD = "reward_std";
  public static final String FRAC_REWARD_ZERO_STD = "frac_reward_zero_std";
  public static final String KL = "kl";
  public static final String ENTROPY = "entropy";

  public static final String CLIP_RATIO_LOW_MEAN = "clip_ratio/low_mean";
  public static final String CLIP_RATIO_LOW_MIN = "clip_ratio/low_min";
  public static final String CLIP_RATIO_HIGH_MEAN = "clip_ratio/high_mean";
  public static final String CLIP_RATIO_HIGH_MAX = "clip_ratio/high_max";
  public static final String CLIP_RATIO_REGION_MEAN = "clip_ratio/region_mean";

  public static final String COMPLETIONS_MEAN_LENGTH = "completions/mean_length";
  public static final String COMPLETIONS_MIN_LENGTH = "completions/min_length";
  public static final String COMPLETIONS_MAX_LENGTH = "completions/max_length";
  public static final String COMPLETIONS_CLIPPED_RATIO = "completions/clipped_ratio";
  public static final String COMPLETIONS_MEAN_TERMINATED_LENGTH = "completions/mean_terminated_length";
  public static final String COMPLETIONS_MIN_TERMINATED_LENGTH = "completions/min_terminated_length";
  public static final String COMPLETIONS_MAX_TERMINATED_LENGTH = "completions/max_terminated_length";
  public static final String NUM_TOKENS = "num_tokens";

  public static final String POLICY_LOSS = "policy_loss";
  public static final String VALUE_LOSS = "value_loss";

  public static final String TIME_GENERATION_S = "time/generation_s";
  public static final String TIME_TRAINING_S = "time/training_s";
  public static final String TOKENS_PER_SECOND_GENERATION = "tokens_per_second/generation";
  public static final String TOKENS_PER_SECOND_TRAINING = "tokens_per_second/training";

  /** The curves worth a chart after any RL run; {@link Plots#fromMetrics} skips those a run did not log. */
  public static final List<String> PLOTTED = List.of(
      REWARD, REWARD_STD, FRAC_REWARD_ZERO_STD, KL, ENTROPY, LOSS, POLICY_LOSS, VALUE_LOSS,
      CLIP_RATIO_REGION_MEAN, COMPLETIONS_MEAN_LENGTH, COMPLETIONS_CLIPPED_RATIO, GRAD_NORM, LEARNING_RATE,
      TOKENS_PER_SECOND_GENERATION, TOKENS_PER_SECOND_TRAINING);

  /** {@code rewards/<function>/mean}: one reward function's mean, as TRL names it. */
  public static String rewardMean(String function) {
    return "rewards/" + function + "/mean";
  }

  /** {@code rewards/<function>/std}: one reward function's standard deviation, as TRL names it. */
  public static String rewardStd(String function) {
    return "rewards/" + function + "/std";
  }
}
