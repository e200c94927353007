package org.reason4j.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.reason4j.rl.rewardmodel.RewardModel;
import org.reason4j.rl.rewardmodel.RewardModelData;
import org.reason4j.rl.rewardmodel.RewardModelTrainer;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.tensor.io.Json;
import org.reason4j.transformer.tokenizer.CharTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code reason4j reward-model}: trains the outcome reward model of ALGORITHMS §9.4 for
 * {@code reason4j eval --rerank}. The {@code --sampler} model (ReFT's warm-up checkpoint) samples solutions
 * to the training questions; the {@code --model} (the best SFT or ReFT checkpoint) is the backbone. The run
 * folder holds {@code config.json}, {@code data.jsonl}, checkpoints, metrics and {@code final/}.
 */
@Command(name = "reward-model", mixinStandardHelpOptions = true,
    description = "Train an outcome reward model (backbone + 2-way classifier on the last token) on sampled, verified solutions.")
final class RewardModelCommand implements Callable<Integer> {
  @Mixin ModelDataOptions data;
  @Mixin RunOptionsMixin run;

  @Option(names = "--sampler", paramLabel = "PATH", description = "The model that samples the training solutions; default: --model.")
  String sampler;

  @Override
  public Integer call() throws Exception {
    return Training.userErrors(() -> {
      LoadedModel backbone = data.loadModel();
      TaskData task = data.loadTask(data.data, data.limit);
      RewardModelTrainer.Config config = run.load(RewardModelTrainer.Config.class, RewardModelTrainer.Config.defaults());
      Path dataFile = run.out.resolve("data.jsonl");
      List<RewardModelData> examples;
      if (run.resume && Files.exists(dataFile)) {
        examples = RewardModelData.read(dataFile);
      } else {
        Policy samplerPolicy = data.policy(sampler == null ? data.loadModel() : LoadedModel.load(sampler, data.tokenizer), task);
        examples = RewardModelData.build(samplerPolicy, task.problems(), config.samplesPerQuestion(), config.sampling(),
            (r, p) -> task.verifier().verify(r, p).correct(), config.maxLength(), !run.quiet);
        Files.createDirectories(run.out);
        RewardModelData.write(dataFile, examples);
      }
      if (examples.isEmpty()) throw new IllegalArgumentException("--data " + data.data + ": no sampled solutions to train on");
      System.out.printf("data: %d solutions, %.1f%% correct, in %s%n", examples.size(), 100 * RewardModelData.positiveRate(examples), dataFile);
      RewardModel model = new RewardModel(backbone.model(), config.seed());
      RewardModelTrainer trainer = new RewardModelTrainer(config, model, examples, run.runOptions());
      Path checkpoint = run.checkpointToResume();
      if (checkpoint != null) trainer.resume(checkpoint);
      List<Map<String, Object>> lines = trainer.train();
      Path fin = run.out.resolve("final");
      model.save(fin);
      backbone.copyTokenizerFiles(fin);
      if (backbone.tokenizer() instanceof CharTokenizer chars) chars.saveTo(fin);
      if (!lines.isEmpty()) System.out.println("last step: " + Json.write(lines.get(lines.size() - 1)));
      System.out.println("reward model: " + fin + "  (use: reason4j eval --vote K --rerank " + fin + ")");
      System.out.println("metrics: " + run.out.resolve("metrics.jsonl") + "  plots: " + run.out.resolve("plots"));
      return 0;
    });
  }
}
