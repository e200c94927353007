package org.reason4j.examples.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.selftrain.OfflineSelfTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code reason4j offline-st}: offline self-training (ALGORITHMS §9.1). The {@code --sampler} model (ReFT's
 * warm-up checkpoint) samples solutions; the {@code --model} (the base model) is fine-tuned on the kept
 * ones plus the gold solutions. The run folder holds {@code offline-st.json}, {@code data.jsonl},
 * {@code sft/} and {@code final/}.
 */
@Command(name = "offline-st", mixinStandardHelpOptions = true,
    description = "Offline self-training: SFT of the base model on <= 10 unique correct samples of a warm-up model plus the gold solution.")
final class OfflineStCommand implements Callable<Integer> {
  static final String SAVED = "offline-st.json";

  @Mixin ModelDataOptions data;
  @Mixin RunOptionsMixin run;

  @Option(names = "--sampler", paramLabel = "PATH", description = "The model that samples the solutions (the warm-up checkpoint); default: --model.")
  String sampler;

  @Override
  public Integer call() throws Exception {
    return Training.userErrors(() -> {
      LoadedModel base = data.loadModel();
      TaskData task = data.loadTask(data.data, data.limit);
      Policy basePolicy = data.policy(base, task);
      Policy warmup = sampler == null ? data.policy(data.loadModel(), task) : data.policy(LoadedModel.load(sampler, data.tokenizer), task);
      OfflineSelfTraining.Config config = run.load(OfflineSelfTraining.Config.class, OfflineSelfTraining.Config.defaults(), SAVED);
      run.save(config, SAVED);
      ToDoubleFunction<Policy> eval = Training.evaluation(data, run, config.sampling().maxNewTokens());
      List<Map<String, Object>> lines = OfflineSelfTraining.run(config, warmup, basePolicy, task.problems(),
          (r, p) -> task.verifier().verify(r, p).correct(), run.runOptions(), run.resume, eval);
      Training.finish(basePolicy, base, run, eval, lines, System.out, run.out.resolve("sft"));
      return 0;
    });
  }
}
