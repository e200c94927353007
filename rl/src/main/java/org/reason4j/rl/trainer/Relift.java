package org.reason4j.rl.trainer;

import java.util.List;
import java.util.Objects;
import org.reason4j.rl.config.ConfigBinder;
import org.reason4j.rl.config.Overrides;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.loss.PolicyLoss;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.verify.Verifier;

/**
 * ReLIFT (Ma et al. 2025, "Learning What Reinforcement Learning Can't: Interleaved Online Fine-Tuning for
 * Hardest Questions"; ALGORITHMS §7) as an option of the {@link GroupTrainer}: Dr. GRPO advantages (no
 * std), the unclipped loss −ρ·A ({@code loss_remove_clip}), {@code SEQ_SUM_CONST}, an entropy bonus, and
 * the {@link ReliftFineTuning} hook that fine-tunes on demonstrations of the hardest questions whenever
 * its buffer fills. With {@code relift.bufferSize = -1} it is exactly Dr. GRPO without clipping.
 */
public final class Relift {
  private Relift() {}

  /**
   * @param rl          the group trainer (Dr. GRPO's settings)
   * @param relift      the fine-tuning phase
   * @param thinkFormat score only the text after {@code </think>} (ReLIFT's format gate; off by default
   *                    because reason4j's built-in prompts do not ask for a think block)
   */
  public record Config(GroupTrainer.Config rl, ReliftFineTuning.Config relift, boolean thinkFormat) {
    public Config {
      Objects.requireNonNull(rl, "rl");
      Objects.requireNonNull(relift, "relift");
    }

    /**
     * The released Qwen2.5-Math-7B settings ({@code examples/math-7b/train.sh}) [code]: 128 prompts x 8
     * responses at τ = 1 up to 8192 tokens, 0/1 reward, Dr. GRPO advantages, no clip, {@code SEQ_SUM_CONST},
     * entropy bonus 0.001, β = 0, mini-batches of 64 prompts (2 optimizer steps), AdamW lr 1e-6 constant,
     * grad-clip 0.7, 3 epochs; fine-tuning as {@link ReliftFineTuning.Config#defaults()}.
     */
    public static Config defaults() {
      GroupTrainer.Config rl = GroupTrainer.Config.drGrpo().with("promptsPerStep=128", "groupSize=8", "generationBatchPrompts=128",
          "maxNewTokens=8192", "temperature=1.0", "reward=BINARY", "lr=1e-6", "warmupSteps=0", "gradClip=0.7", "miniBatchSize=512",
          "entropyCoef=0.001", "klCoef=0", "epochs=3");
      return new Config(rl, ReliftFineTuning.Config.defaults(), false);
    }

    /** This config with {@code key=value} assignments applied ({@code rl.lr=...}, {@code relift.bufferSize=...}). */
    public Config with(String... assignments) {
      return ConfigBinder.bind(Config.class, Overrides.apply(ConfigBinder.toMap(this), List.of(assignments)));
    }
  }

  /** The verifier the rewards use: the task's, behind the think-format gate when it is on. */
  public static Verifier verifier(Config c, Verifier task) {
    return c.thinkFormat() ? task.afterThink() : task;
  }

  /** The group trainer's parts: the config's reward and advantages, the unclipped loss and the fine-tuning hook. */
  public static GroupTrainer.Parts parts(Config c, Policy policy, List<Problem> train, Verifier verifier) {
    return GroupTrainer.Parts.from(c.rl(), verifier(c, verifier)).withLoss(new PolicyLoss.Unclipped())
        .withHook(new ReliftFineTuning(c.relift(), policy, train));
  }

  public static GroupTrainer trainer(Config c, Policy policy, List<Problem> train, Verifier verifier, RunOptions options) {
    return new GroupTrainer(c.rl(), policy, train, parts(c, policy, train, verifier), options);
  }
}
