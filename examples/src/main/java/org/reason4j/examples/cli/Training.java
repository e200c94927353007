package org.reason4j.examples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import org.reason4j.rl.config.ConfigException;
import org.reason4j.rl.data.DataFormatException;
import org.reason4j.rl.eval.Evaluator;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.trainer.TrainingRun;
import org.reason4j.tensor.io.Json;
import org.reason4j.transformer.chat.TemplateException;
import org.reason4j.transformer.tokenizer.TokenizerException;

/** What the training commands share around their trainer: evaluation, the final model, the summary. */
final class Training {
  private Training() {}

  /** Runs a command body, turning the library's input errors into the one-line errors Main prints. */
  static Integer userErrors(Callable<Integer> body) throws Exception {
    try {
      return body.call();
    } catch (DataFormatException | ConfigException | TokenizerException | TemplateException | Json.JsonException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Greedy accuracy on --eval-data, or null without it. */
  static ToDoubleFunction<Policy> evaluation(ModelDataOptions data, RunOptionsMixin run, int maxNewTokens) {
    if (run.evalData == null) return null;
    TaskData eval = data.loadTask(run.evalData, run.evalLimit);
    Evaluator e = new Evaluator(eval.verifier(), new Evaluator.Config(maxNewTokens, 64, 1.0, 1.0, 1234));
    return p -> e.greedyAccuracy(p, eval.problems());
  }

  /**
   * Saves the final model to {@code out/final} (with the tokenizer files, also into {@code out/best}),
   * evaluates it once more when there is evaluation data, and prints where everything is.
   */
  static void finish(Policy policy, LoadedModel loaded, RunOptionsMixin run, ToDoubleFunction<Policy> evaluation,
      List<Map<String, Object>> lines, PrintStream out) throws IOException {
    finish(policy, loaded, run, evaluation, lines, out, run.out);
  }

  /**
   * The same for a run whose last trainer wrote its metrics, plots and best model into {@code stageDir}
   * (a pipeline stage such as {@code out/dapo}); the final model still goes to {@code out/final}.
   */
  static void finish(Policy policy, LoadedModel loaded, RunOptionsMixin run, ToDoubleFunction<Policy> evaluation,
      List<Map<String, Object>> lines, PrintStream out, Path stageDir) throws IOException {
    Path fin = run.out.resolve("final");
    policy.save(fin);
    loaded.copyTokenizerFiles(fin);
    Path best = stageDir.resolve("best");
    if (Files.isDirectory(best)) loaded.copyTokenizerFiles(best);
    if (!lines.isEmpty()) out.println("last step: " + Json.write(lines.get(lines.size() - 1)));
    if (evaluation != null) out.printf("final %s: %.4f%n", TrainingRun.EVAL_ACCURACY, evaluation.applyAsDouble(policy));
    out.println("model: " + fin + (Files.isDirectory(best) ? "  best: " + best : ""));
    out.println("metrics: " + stageDir.resolve("metrics.jsonl") + "  plots: " + stageDir.resolve("plots"));
  }
}
