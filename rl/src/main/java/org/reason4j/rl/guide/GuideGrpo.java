package org.reason4j.rl.guide;

import java.util.List;
import java.util.Objects;
import org.reason4j.rl.config.ConfigBinder;
import org.reason4j.rl.config.Overrides;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.loss.PolicyLoss;
import org.reason4j.rl.loss.ShapedRatio;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.Sample;
import org.reason4j.rl.trainer.GroupTrainer;
import org.reason4j.rl.trainer.RunOptions;
import org.reason4j.rl.verify.Verifier;

/**
 * Guide-GRPO (Nath et al. 2025, "Adaptive Guidance Accelerates Reinforcement Learning of Reasoning
 * Models"; ALGORITHMS §6) as an option of the {@link GroupTrainer}, not a trainer of its own: GRPO whose
 * group stage is a {@link GuideStage} (hints for all-failed groups, fresh guided groups) and whose loss is
 * a {@link PolicyLoss.RowSelect}: the shaped ratio ({@link ShapedRatio}) on guided rows, PPO's clipped
 * surrogate on plain ones. Advantages are GRPO's, std-normalised within each group.
 */
public final class GuideGrpo {
  private GuideGrpo() {}

  /**
   * The guidance options.
   *
   * @param hintTemplate  how q⊕h is written ({@link HintTemplate}); default {@code "{question}\n\nHint: {hint}"}
   * @param hintSource    where a problem's hint comes from
   * @param ratioMode     the guided rows' ratio shaping (released default {@code SHAPED_PERCENTILE})
   * @param gamma         its γ: the quantile level (0.9), the constant, or the exponent
   * @param carryOver     keep groups sampled past the batch size for the next step (the reference does)
   */
  public record Guidance(String hintTemplate, HintSource hintSource, ShapedRatio.Mode ratioMode, double gamma, boolean carryOver) {
    public Guidance {
      new HintTemplate(hintTemplate);
      Objects.requireNonNull(hintSource, "hintSource");
      Objects.requireNonNull(ratioMode, "ratioMode");
    }

    public static Guidance defaults() {
      return new Guidance(HintTemplate.DEFAULT, HintSource.PROBLEM_THEN_REFERENCE, ShapedRatio.Mode.SHAPED_PERCENTILE, 0.9, true);
    }
  }

  /**
   * Guide-GRPO's whole configuration: the group trainer's and the guidance's.
   *
   * @param rl    the group trainer; its dynamic sampling must be off (the guide stage filters groups itself)
   * @param guide the guidance
   */
  public record Config(GroupTrainer.Config rl, Guidance guide) {
    public Config {
      Objects.requireNonNull(rl, "rl");
      Objects.requireNonNull(guide, "guide");
      if (rl.dynamicSampling()) {
        throw new IllegalArgumentException("rl.dynamicSampling must be false: the guide stage replaces DAPO's filter with its own");
      }
    }

    /**
     * The released Qwen2.5-Math-7B config ({@code guide_grpo_qwen.sh}) [code]: 128 prompts x 8, responses up
     * to 3072 tokens, lr 1e-6, mini-batches of 64 prompts (2 updates per step), ε 0.2, no KL, no entropy
     * bonus, 0/1 reward, 2 epochs, {@code SEQ_MEAN_TOKEN_MEAN}.
     */
    public static Config defaults() {
      GroupTrainer.Config rl = GroupTrainer.Config.grpo().with("promptsPerStep=128", "groupSize=8", "generationBatchPrompts=128",
          "maxNewTokens=3072", "lr=1e-6", "miniBatchSize=512", "epsilonLow=0.2", "epsilonHigh=0.2", "klCoef=0", "entropyCoef=0",
          "reward=BINARY", "epochs=2", "aggregation=SEQ_MEAN_TOKEN_MEAN", "scaleRewardsByStd=true", "advantageEpsilon=1e-6");
      return new Config(rl, Guidance.defaults());
    }

    /** This config with {@code key=value} assignments applied ({@code rl.lr=...}, {@code guide.gamma=...}). */
    public Config with(String... assignments) {
      return ConfigBinder.bind(Config.class, Overrides.apply(ConfigBinder.toMap(this), List.of(assignments)));
    }
  }

  /** The loss: shaped ratio on guided (off-policy) rows, the clipped surrogate on plain rows. */
  public static PolicyLoss loss(Config c) {
    return new PolicyLoss.RowSelect(GuideGrpo::guided, new ShapedRatio(c.guide().ratioMode(), c.guide().gamma(), c.rl().epsilonLow()),
        new PolicyLoss.ClippedSurrogate(c.rl().epsilonLow(), c.rl().epsilonHigh()));
  }

  /** The group trainer's parts with Guide's stage and loss. */
  public static GroupTrainer.Parts parts(Config c, Policy policy, Verifier verifier) {
    GuideStage stage = new GuideStage(policy::promptIds, new HintTemplate(c.guide().hintTemplate()), c.guide().hintSource(), c.guide().carryOver());
    return GroupTrainer.Parts.from(c.rl(), verifier).withStage(stage).withLoss(loss(c));
  }

  public static GroupTrainer trainer(Config c, Policy policy, List<Problem> train, Verifier verifier, RunOptions options) {
    return new GroupTrainer(c.rl(), policy, train, parts(c, policy, verifier), options);
  }

  /** Whether a row was sampled behind a hint (and so is trained with the shaped ratio). */
  public static boolean guided(Sample s) {
    return !s.onPolicy();
  }
}
