package org.reason4j.rl.trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.reason4j.rl.rollout.Policy;

/**
 * Keeps the best evaluation score of a run and, when there is a run folder, the model that reached it in
 * {@code best/} ("keep best", ALGORITHMS §2 and §3). Its two numbers travel in checkpoints.
 */
final class BestModel {
  private double score = Double.NEGATIVE_INFINITY;
  private long step = -1;

  /** Scores the policy; a new best is saved to {@code outDir/best} (outDir may be null). */
  double evaluate(ToDoubleFunction<Policy> evaluation, Policy policy, long atStep, Path outDir) throws IOException {
    double s = evaluation.applyAsDouble(policy);
    if (s > score) {
      score = s;
      step = atStep;
      if (outDir != null) policy.save(outDir.resolve("best"));
    }
    return s;
  }

  void putState(Map<String, Object> extra) {
    extra.put("best_score", step < 0 ? null : score);
    extra.put("best_step", step);
  }

  void restore(Map<String, Object> extra) {
    score = extra.get("best_score") instanceof Number n ? n.doubleValue() : Double.NEGATIVE_INFINITY;
    step = extra.get("best_step") instanceof Number n ? n.longValue() : -1;
  }

  static Map<String, Object> newExtra(long numTokens) {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("num_tokens", numTokens);
    return extra;
  }
}
