package org.reason4j.examples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import org.reason4j.rl.guide.GuideGrpo;
import org.reason4j.rl.guide.HintTemplate;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.selftrain.OnlineSelfTraining;
import org.reason4j.rl.trainer.GroupTrainer;
import org.reason4j.rl.trainer.Relift;
import org.reason4j.rl.trainer.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code reason4j guide | relift | online-st}: methods that are options of the group trainer
 * (ALGORITHMS §6, §7, §9.2). Each config nests the group trainer's keys under {@code rl} beside the
 * method's own ({@code --set rl.lr=1e-6 --set guide.gamma=0.8}); the whole config is saved as
 * {@code <command>.json} in the run folder (config.json holds the trainer's part) and {@code --resume}
 * reads it back.
 */
abstract class MethodCommands<C extends Record> implements Callable<Integer> {
  @Mixin ModelDataOptions data;
  @Mixin RunOptionsMixin run;

  abstract String name();

  abstract Class<C> type();

  /** The paper's defaults, adapted to the data format where the text must fit it (the synthetic alphabet). */
  abstract C preset(boolean synthetic);

  abstract GroupTrainer.Config rl(C config);

  abstract GroupTrainer trainer(C config, Policy policy, TaskData task, RunOptions options);

  @Override
  public Integer call() throws Exception {
    return Training.userErrors(() -> {
      LoadedModel loaded = data.loadModel();
      TaskData task = data.loadTask(data.data, data.limit);
      Policy policy = data.policy(loaded, task);
      C config = run.load(type(), preset(data.dataFormat.equalsIgnoreCase("synthetic")), name() + ".json");
      run.save(config, name() + ".json");
      GroupTrainer trainer = trainer(config, policy, task, run.runOptions());
      ToDoubleFunction<Policy> eval = Training.evaluation(data, run, rl(config).maxNewTokens());
      if (eval != null) trainer.withEvaluation(eval);
      Path checkpoint = run.checkpointToResume();
      if (checkpoint != null) trainer.resume(checkpoint);
      List<Map<String, Object>> lines = trainer.train();
      Training.finish(policy, loaded, run, eval, lines, System.out);
      return 0;
    });
  }

  @Command(name = "guide", mixinStandardHelpOptions = true,
      description = "Guide-GRPO: hints for prompts whose G responses all failed, trained hint-free with a shaped importance ratio.")
  static final class Guide extends MethodCommands<GuideGrpo.Config> {
    @Override
    String name() {
      return "guide";
    }

    @Override
    Class<GuideGrpo.Config> type() {
      return GuideGrpo.Config.class;
    }

    @Override
    GuideGrpo.Config preset(boolean synthetic) {
      GuideGrpo.Config c = GuideGrpo.Config.defaults();
      return synthetic ? c.with("guide.hintTemplate=\"" + HintTemplate.SYNTHETIC + "\"") : c;
    }

    @Override
    GroupTrainer.Config rl(GuideGrpo.Config config) {
      return config.rl();
    }

    @Override
    GroupTrainer trainer(GuideGrpo.Config config, Policy policy, TaskData task, RunOptions options) {
      return GuideGrpo.trainer(config, policy, task.problems(), task.verifier(), options);
    }
  }

  @Command(name = "relift", mixinStandardHelpOptions = true,
      description = "ReLIFT: Dr. GRPO without clipping, interleaved with fine-tuning on demonstrations of the hardest questions.")
  static final class ReliftCommand extends MethodCommands<Relift.Config> {
    @Override
    String name() {
      return "relift";
    }

    @Override
    Class<Relift.Config> type() {
      return Relift.Config.class;
    }

    @Override
    Relift.Config preset(boolean synthetic) {
      return Relift.Config.defaults();
    }

    @Override
    GroupTrainer.Config rl(Relift.Config config) {
      return config.rl();
    }

    @Override
    GroupTrainer trainer(Relift.Config config, Policy policy, TaskData task, RunOptions options) {
      return Relift.trainer(config, policy, task.problems(), task.verifier(), options);
    }
  }

  @Command(name = "online-st", mixinStandardHelpOptions = true,
      description = "Online self-training (ReFT baseline): one sample per prompt, 0.5 NLL of correct samples + 0.5 NLL of the gold solutions.")
  static final class OnlineSt extends MethodCommands<OnlineSelfTraining.Config> {
    @Override
    String name() {
      return "online-st";
    }

    @Override
    Class<OnlineSelfTraining.Config> type() {
      return OnlineSelfTraining.Config.class;
    }

    @Override
    OnlineSelfTraining.Config preset(boolean synthetic) {
      return OnlineSelfTraining.Config.defaults();
    }

    @Override
    GroupTrainer.Config rl(OnlineSelfTraining.Config config) {
      return config.rl();
    }

    @Override
    GroupTrainer trainer(OnlineSelfTraining.Config config, Policy policy, TaskData task, RunOptions options) {
      return OnlineSelfTraining.trainer(config, policy, task.problems(), task.verifier(), options);
    }
  }
}
