package org.reason4j.examples.cli;

import java.util.concurrent.Callable;
import org.reason4j.rl.eval.Evaluator;
import org.reason4j.tensor.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code reason4j eval}: greedy accuracy and pass@k of a model on a data set, per tier where there are tiers. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Greedy accuracy and unbiased pass@k of a model on a data set.")
final class EvalCommand implements Callable<Integer> {
  @Mixin ModelDataOptions data;

  @Option(names = "--pass-at", defaultValue = "0", paramLabel = "K", description = "Report pass@K (needs --samples >= K).")
  int k;

  @Option(names = "--samples", defaultValue = "0", paramLabel = "N", description = "Responses sampled per problem for pass@k.")
  int samples;

  @Option(names = "--max-new-tokens", defaultValue = "256", paramLabel = "N")
  int maxNewTokens;

  @Option(names = "--temperature", defaultValue = "1.0", description = "Sampling temperature for pass@k (default: ${DEFAULT-VALUE}).")
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
      if (k > 0 && samples == 0) samples = k;
      if (samples > 0 && k == 0) k = 1;
      LoadedModel loaded = data.loadModel();
      TaskData task = data.loadTask(data.data, data.limit);
      Evaluator evaluator = new Evaluator(task.verifier(), new Evaluator.Config(maxNewTokens, batchSize, temperature, topP, seed));
      Evaluator.Result r = evaluator.evaluate(data.policy(loaded, task), task.problems(), samples, k);
      if (json) {
        System.out.println(Json.writePretty(r.toJson(), "  "));
      } else {
        System.out.print(r.table());
        System.out.printf("%d problems in %.1f s%n", r.problems(), r.seconds());
      }
      return 0;
    });
  }
}
