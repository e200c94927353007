package org.reason4j.rl.selftrain;

import java.util.List;
import java.util.Objects;
import org.reason4j.rl.config.ConfigBinder;
import org.reason4j.rl.config.Overrides;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.loss.Aggregation;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.trainer.GroupTrainer;
import org.reason4j.rl.trainer.RunOptions;
import org.reason4j.rl.verify.Verifier;

/**
 * Online self-training, the ReFT paper's second baseline (ALGORITHMS §9.2): ReFT's loop without a value
 * head or KL. Each step samples one response per prompt from the current policy, scores it with the
 * partial reward, and takes {@code updatesPerBatch} passes of {@code 0.5·NLL(correct samples) +
 * 0.5·NLL(gold solutions of the same prompts)}. It is an option of the {@link GroupTrainer} with G = 1:
 * the {@link GoldRows} stage adds each prompt's gold solution, {@link SelfTrainingNll} is the loss.
 */
public final class OnlineSelfTraining {
  private OnlineSelfTraining() {}

  /**
   * @param rl           the group trainer's settings (G = 1, TOKEN_MEAN; the loss relies on that aggregation)
   * @param sampleWeight weight of the correct samples' NLL [code: 0.5]
   * @param goldWeight   weight of the gold solutions' NLL [code: 0.5]
   * @param goldMaxLength prompt + gold solution ids kept
   */
  public record Config(GroupTrainer.Config rl, double sampleWeight, double goldWeight, int goldMaxLength) {
    public Config {
      Objects.requireNonNull(rl, "rl");
      if (rl.aggregation() != Aggregation.TOKEN_MEAN) {
        throw new IllegalArgumentException("rl.aggregation must be TOKEN_MEAN: the self-training loss weighs its two token means through it");
      }
      if (rl.dynamicSampling()) throw new IllegalArgumentException("rl.dynamicSampling must be false for self-training");
    }

    /**
     * ReFT's online self-training settings [code]: the warm-up model, one sample per prompt at τ = 1, the
     * partial reward, lr 3e-7 constant, 2 passes over each batch in mini-batches of 4 prompts (their 4
     * samples and 4 gold rows), no KL, grad-clip 1; sizes as ReFT's PPO (32 prompts, 400 new tokens).
     */
    public static Config defaults() {
      GroupTrainer.Config rl = GroupTrainer.Config.grpo().with("promptsPerStep=32", "groupSize=1", "generationBatchPrompts=32",
          "maxNewTokens=400", "temperature=1.0", "reward=REFT_PARTIAL", "lr=3e-7", "warmupSteps=0", "updatesPerBatch=2", "miniBatchSize=8",
          "aggregation=TOKEN_MEAN", "klCoef=0", "entropyCoef=0", "gradClip=1.0", "epochs=300");
      return new Config(rl, 0.5, 0.5, 1024);
    }

    public Config with(String... assignments) {
      return ConfigBinder.bind(Config.class, Overrides.apply(ConfigBinder.toMap(this), List.of(assignments)));
    }
  }

  public static GroupTrainer.Parts parts(Config c, Policy policy, Verifier verifier) {
    return GroupTrainer.Parts.from(c.rl(), verifier).withStage(new GoldRows(policy, c.goldMaxLength()))
        .withLoss(new SelfTrainingNll(c.sampleWeight(), c.goldWeight()));
  }

  public static GroupTrainer trainer(Config c, Policy policy, List<Problem> train, Verifier verifier, RunOptions options) {
    return new GroupTrainer(c.rl(), policy, train, parts(c, policy, verifier), options);
  }
}
