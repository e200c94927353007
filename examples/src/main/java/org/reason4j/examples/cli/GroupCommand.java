package org.reason4j.examples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.trainer.GroupTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code reason4j grpo | drgrpo | dapo}: the group trainer (ALGORITHMS §4-5) started from one of its
 * presets; a config file and --set overrides change any key of GroupTrainer.Config.
 */
abstract class GroupCommand implements Callable<Integer> {
  @Mixin ModelDataOptions data;
  @Mixin RunOptionsMixin run;

  abstract GroupTrainer.Config preset();

  @Override
  public Integer call() throws Exception {
    return Training.userErrors(() -> {
      LoadedModel loaded = data.loadModel();
      TaskData task = data.loadTask(data.data, data.limit);
      Policy policy = data.policy(loaded, task);
      GroupTrainer.Config config = run.load(GroupTrainer.Config.class, preset());
      GroupTrainer trainer = new GroupTrainer(config, policy, task.problems(), task.verifier(), run.runOptions());
      ToDoubleFunction<Policy> eval = Training.evaluation(data, run, config.maxNewTokens());
      if (eval != null) trainer.withEvaluation(eval);
      Path checkpoint = run.checkpointToResume();
      if (checkpoint != null) trainer.resume(checkpoint);
      List<Map<String, Object>> lines = trainer.train();
      Training.finish(policy, loaded, run, eval, lines, System.out);
      return 0;
    });
  }

  @Command(name = "grpo", mixinStandardHelpOptions = true, description = "GRPO (DeepSeekMath): std-normalised group advantages, k3 KL in the loss.")
  static final class Grpo extends GroupCommand {
    @Override
    GroupTrainer.Config preset() {
      return GroupTrainer.Config.grpo();
    }
  }

  @Command(name = "drgrpo", mixinStandardHelpOptions = true, description = "Dr. GRPO: centred advantages without the std, constant-length loss.")
  static final class DrGrpo extends GroupCommand {
    @Override
    GroupTrainer.Config preset() {
      return GroupTrainer.Config.drGrpo();
    }
  }

  @Command(name = "dapo", mixinStandardHelpOptions = true,
      description = "DAPO: clip-higher, dynamic sampling, token-level loss, overlong shaping, ±1 reward.")
  static final class Dapo extends GroupCommand {
    @Override
    GroupTrainer.Config preset() {
      return GroupTrainer.Config.dapo();
    }
  }
}
