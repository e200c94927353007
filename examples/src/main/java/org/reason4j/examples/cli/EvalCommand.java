package org.reason4j.examples.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.reason4j.rl.eval.Evaluator;
import org.reason4j.rl.eval.SampledEvaluation;
import org.reason4j.rl.rewardmodel.RewardModel;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.tensor.io.Json;
import org.reason4j.transformer.generate.GenerationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code reason4j eval}: greedy accuracy of a model on a data set, and from one set of N sampled
 * responses per problem the unbiased pass@k, majority voting (maj@K) and reward-model reranking
 * (rerank@K over the same K candidates), per tier where there are tiers (ALGORITHMS §8-9).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Greedy accuracy, unbiased pass@k, maj@k and rerank@k of a model on a data set.")
final class EvalCommand implements Callable<Integer> {
  @Mixin ModelDataOptions data;

  @Option(names = "--pass-at", defaultValue = "0", paramLabel = "K", description = "Report the unbiased pass@K from the N samples.")
  int k;

  @Option(names = "--samples", defaultValue = "0", paramLabel = "N",
      description = "Responses sampled per problem (default: the largest of --pass-at and --vote).")
  int samples;

  @Option(names = "--vote", defaultValue = "0", paramLabel = "K", description = "Report maj@K: the plurality answer of K samples.")
  int vote;

  @Option(names = "--rerank", paramLabel = "MODEL",
      description = "A reward model folder (reason4j reward-model): report rerank@K over the same K samples as --vote.")
  Path rerank;

  @Option(names = "--max-new-tokens", defaultValue = "256", paramLabel = "N")
  int maxNewTokens;

  @Option(names = "--temperature", defaultValue = "1.0", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
  double temperature;

  @Option(names = "--top-p", defaultValue = "1.0")
  double topP;

  @Option(names = "--batch-size", defaultValue = "64", description = "Generator rows per call.")
  int batchSize;

  @Option(names = "--seed", defaultValue = "1234")
  long seed;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    return Training.userErrors(() -> {
      if (rerank != null && vote == 0) throw new IllegalArgumentException("--rerank needs --vote K, the number of sampled candidates to rerank");
      int n = Math.max(samples, Math.max(k, vote));
      if (n > 0 && k == 0 && vote == 0) k = 1;
      if (k > n || vote > n) throw new IllegalArgumentException("--samples " + samples + " is fewer than --pass-at or --vote");
      LoadedModel loaded = data.loadModel();
      TaskData task = data.loadTask(data.data, data.limit);
      Policy policy = data.policy(loaded, task);
      Evaluator evaluator = new Evaluator(task.verifier(), new Evaluator.Config(maxNewTokens, batchSize, temperature, topP, seed));
      Evaluator.Result greedy = evaluator.evaluate(policy, task.problems(), 0, 0);
      SampledEvaluation.Result sampled = null;
      if (n > 0) {
        RewardModel scorer = rerank == null ? null : rewardModel(policy);
        List<List<GenerationResult>> responses = evaluator.sampleResponses(policy, task.problems(), n);
        sampled = SampledEvaluation.evaluate(task.problems(), responses, task.verifier(), new SampledEvaluation.Settings(k, vote, scorer));
      }
      print(greedy, sampled);
      return 0;
    });
  }

  private RewardModel rewardModel(Policy policy) throws java.io.IOException {
    RewardModel rm = RewardModel.load(rerank);
    if (rm.backbone().config().vocabSize() < policy.tokenizer().vocabSize()) {
      throw new IllegalArgumentException("--rerank " + rerank + ": the reward model has " + rm.backbone().config().vocabSize()
          + " embedding rows but the policy's tokenizer " + policy.tokenizer().vocabSize() + " ids; it must share the policy's tokenizer");
    }
    return rm;
  }

  private void print(Evaluator.Result greedy, SampledEvaluation.Result sampled) {
    if (json) {
      Map<String, Object> j = new LinkedHashMap<>(greedy.toJson());
      if (sampled != null) j.put("sampled", sampled.toJson());
      System.out.println(Json.writePretty(j, "  "));
      return;
    }
    System.out.print(greedy.table());
    if (sampled != null) System.out.print(sampled.table());
    System.out.printf("%d problems in %.1f s (greedy)%n", greedy.problems(), greedy.seconds());
  }
}
