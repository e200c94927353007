package org.reason4j.rl.eval;

import java.util.ArrayList;
import java.util.List;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.metrics.ProgressBar;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.transformer.generate.GenerationResult;

/**
 * N sampled responses for every problem of a data set, in chunks with a progress bar: the raw material
 * of the data-building stages (ReGFT's pass rates and positives, offline self-training, reward-model
 * data) and of voting and reranking. Chunk c samples with seed {@code config.seed() + c·7919}, so the
 * responses depend on the data set, the config and nothing else.
 */
public final class ResponseSampler {
  private ResponseSampler() {}

  private static final long CHUNK_SEED_STRIDE = 7919;

  /**
   * @param config   sampling settings (temperature, top-p, length, generator rows per call, seed)
   * @param label    the progress bar's label, or null for no bar
   */
  public static List<List<GenerationResult>> sample(Policy policy, List<Problem> problems, int n, Evaluator.Config config, String label) {
    if (n < 1) throw new IllegalArgumentException("samples per problem must be >= 1, got " + n);
    int perChunk = Math.max(1, config.batchSize() / n);
    List<List<GenerationResult>> out = new ArrayList<>(problems.size());
    ProgressBar bar = label == null ? null : ProgressBar.builder(label, problems.size()).unit("problem").build();
    try {
      for (int start = 0, chunk = 0; start < problems.size(); start += perChunk, chunk++) {
        List<Problem> part = problems.subList(start, Math.min(problems.size(), start + perChunk));
        Evaluator.Config c = new Evaluator.Config(config.maxNewTokens(), config.batchSize(), config.temperature(), config.topP(),
            config.seed() + chunk * CHUNK_SEED_STRIDE);
        out.addAll(new Evaluator((r, p) -> false, c).sampleResponses(policy, part, n));
        if (bar != null) bar.step(part.size());
      }
    } finally {
      if (bar != null) bar.close();
    }
    return out;
  }
}
