package org.reason4j.examples.demo;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.trainer.GroupTrainer;
import org.reason4j.rl.trainer.PpoTrainer;

/**
 * The demo's RL rows: PPO with a value head (ReFT) and the group trainer's GRPO and DAPO presets, each
 * scaled down from the papers' sizes to a 100k-parameter model on two CPU cores. What changes from the
 * presets, and why, is in {@link #defaults}; everything else (clipping, advantages, aggregation, rewards,
 * KL, dynamic sampling) is the paper's.
 */
public final class RlMethods {
  private RlMethods() {}

  /** ReFT's PPO (ALGORITHMS §3) from the SFT checkpoint; the returned policy carries its value head. */
  public record Ppo(String name, PpoTrainer.Config config) implements Method {
    public Ppo {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(config, "config");
    }

    @Override
    public Policy train(Policy start, Context ctx) throws IOException {
      PpoTrainer trainer = new PpoTrainer(config.with("seed=" + ctx.seed()), start, ctx.rlProblems(), ctx.verifier(), ctx.run());
      trainer.train();
      return trainer.policy();
    }
  }

  /** A {@link GroupTrainer} preset (GRPO, Dr. GRPO, DAPO; ALGORITHMS §4-5) from the SFT checkpoint. */
  public record Group(String name, GroupTrainer.Config config) implements Method {
    public Group {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(config, "config");
    }

    @Override
    public Policy train(Policy start, Context ctx) throws IOException {
      GroupTrainer trainer = new GroupTrainer(config.with("seed=" + ctx.seed()), start, ctx.rlProblems(), ctx.verifier(), ctx.run());
      trainer.train();
      return trainer.policy();
    }
  }

  /**
   * PPO, GRPO and DAPO with {@code steps} rollout batches each. Shared changes from the presets: responses
   * of at most {@code maxNewTokens} (the longest solution is ~45 characters), a learning rate of {@code lr}
   * (the presets' 1e-6 / 3e-7 are for 7B models; this model moves at ~1e-5..1e-4, and the SFT peak is 3e-3),
   * batches of 16 prompts x 8 responses for the group methods and 64 prompts x 1 response for PPO (about
   * the same tokens per step), DAPO's 20-step warm-up and overlong buffer scaled to the run.
   */
  public static List<Method> defaults(int steps, int maxNewTokens, double lr) {
    String common = "maxNewTokens=" + maxNewTokens;
    PpoTrainer.Config ppo = PpoTrainer.Config.defaults().with(common, "lr=" + lr, "totalSteps=" + steps, "promptsPerStep=64",
        "miniBatchSize=32");
    GroupTrainer.Config grpo = GroupTrainer.Config.grpo().with(common, "lr=" + lr, "totalSteps=" + steps, "promptsPerStep=16",
        "groupSize=8", "generationBatchPrompts=16");
    GroupTrainer.Config dapo = GroupTrainer.Config.dapo().with(common, "lr=" + lr, "totalSteps=" + steps, "promptsPerStep=16",
        "groupSize=8", "generationBatchPrompts=32", "miniBatchSize=0", "warmupSteps=" + Math.max(1, steps / 10),
        "overlongBuffer=" + Math.max(1, maxNewTokens / 4));
    return List.of(new Ppo("PPO", ppo), new Group("GRPO", grpo), new Group("DAPO", dapo));
  }
}
