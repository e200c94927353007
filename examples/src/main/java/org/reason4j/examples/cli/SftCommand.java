package org.reason4j.examples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.trainer.SftTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code reason4j sft}: supervised fine-tuning on the data set's reference solutions (ALGORITHMS §2). */
@Command(name = "sft", mixinStandardHelpOptions = true,
    description = "Supervised fine-tuning (completion-only loss); config keys are SftTrainer.Config's (ReFT's recipe by default).")
final class SftCommand implements Callable<Integer> {
  @Mixin ModelDataOptions data;
  @Mixin RunOptionsMixin run;

  @Override
  public Integer call() throws Exception {
    return Training.userErrors(() -> {
      LoadedModel loaded = data.loadModel();
      TaskData task = data.loadTask(data.data, data.limit);
      Policy policy = data.policy(loaded, task);
      SftTrainer.Config config = run.load(SftTrainer.Config.class, SftTrainer.Config.defaults());
      SftTrainer trainer = new SftTrainer(config, policy, task.problems(), run.runOptions());
      ToDoubleFunction<Policy> eval = Training.evaluation(data, run, 256);
      if (eval != null) trainer.withEvaluation(eval);
      Path checkpoint = run.checkpointToResume();
      if (checkpoint != null) trainer.resume(checkpoint);
      List<Map<String, Object>> lines = trainer.train();
      Training.finish(policy, loaded, run, eval, lines, System.out);
      return 0;
    });
  }
}
