package org.reason4j.examples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.trainer.PpoTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code reason4j ppo}: ReFT's PPO with a value head (ALGORITHMS §3), usually from an SFT warm-up model. */
@Command(name = "ppo", mixinStandardHelpOptions = true,
    description = "ReFT: PPO with a shared value head, KL penalty in the reward, GAE; config keys are PpoTrainer.Config's.")
final class PpoCommand implements Callable<Integer> {
  @Mixin ModelDataOptions data;
  @Mixin RunOptionsMixin run;

  @Override
  public Integer call() throws Exception {
    return Training.userErrors(() -> {
      LoadedModel loaded = data.loadModel();
      TaskData task = data.loadTask(data.data, data.limit);
      PpoTrainer.Config config = run.load(PpoTrainer.Config.class, PpoTrainer.Config.defaults());
      PpoTrainer trainer = new PpoTrainer(config, data.policy(loaded, task), task.problems(), task.verifier(), run.runOptions());
      ToDoubleFunction<Policy> eval = Training.evaluation(data, run, config.maxNewTokens());
      if (eval != null) trainer.withEvaluation(eval);
      Path checkpoint = run.checkpointToResume();
      if (checkpoint != null) trainer.resume(checkpoint);
      List<Map<String, Object>> lines = trainer.train();
      Training.finish(trainer.policy(), loaded, run, eval, lines, System.out);
      return 0;
    });
  }
}
