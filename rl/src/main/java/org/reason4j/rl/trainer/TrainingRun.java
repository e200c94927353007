package org.reason4j.rl.trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reason4j.rl.checkpoint.Checkpoint;
import org.reason4j.rl.checkpoint.CheckpointIO;
import org.reason4j.rl.config.ConfigFiles;
import org.reason4j.rl.metrics.MetricNames;
import org.reason4j.rl.metrics.MetricsLogger;
import org.reason4j.rl.metrics.Plots;
import org.reason4j.rl.metrics.ProgressBar;

/**
 * The bookkeeping every trainer shares, so the trainers themselves stay loops over the algorithm: the
 * run folder (resolved {@code config.json}, {@code metrics.jsonl}, {@code plots/*.png}, checkpoints), the
 * in-memory metric history, and the console progress bar with its ETA.
 *
 * <pre>
 * runs/grpo/
 *   config.json             the resolved config of the run
 *   metrics.jsonl           one line per step (MetricNames keys)
 *   checkpoint-&lt;step&gt;/     the newest checkpoints (CheckpointIO)
 *   best/                   the model with the best evaluation score (when there is an evaluation)
 *   plots/*.png             the curves, drawn when the run closes
 * </pre>
 * It does not decide what to log or when to save: trainers do.
 */
public final class TrainingRun implements AutoCloseable {
  /** The evaluation score key, logged by every trainer with an evaluation hook. */
  public static final String EVAL_ACCURACY = "eval/accuracy";

  private final Path outDir;
  private final MetricsLogger logger;
  private final ProgressBar bar;
  private final List<String> plotted;
  private final List<Map<String, Object>> history = new ArrayList<>();

  private TrainingRun(Path outDir, MetricsLogger logger, ProgressBar bar, List<String> plotted) {
    this.outDir = outDir;
    this.logger = logger;
    this.bar = bar;
    this.plotted = plotted;
  }

  /**
   * Opens a run that starts at {@code startStep} (0, or the step of the checkpoint being resumed: later
   * metric lines are dropped) and ends at {@code totalSteps}.
   */
  public static TrainingRun open(String name, RunOptions options, Record config, long startStep, long totalSteps, List<String> plotted)
      throws IOException {
    MetricsLogger logger = null;
    if (options.outDir() != null) {
      Files.createDirectories(options.outDir());
      ConfigFiles.writeJson(options.outDir().resolve("config.json"), config);
      Path metrics = options.outDir().resolve("metrics.jsonl");
      logger = MetricsLogger.resume(metrics, startStep);
    }
    ProgressBar bar = null;
    if (options.progress()) {
      // A resumed run's bar counts the remaining steps, so its rate and ETA are this process's own.
      String label = startStep > 0 ? name + " (from step " + startStep + ")" : name;
      bar = ProgressBar.builder(label, totalSteps - startStep).unit("step").build();
    }
    return new TrainingRun(options.outDir(), logger, bar, plotted);
  }

  /** The run folder, or null for an in-memory run. */
  public Path outDir() {
    return outDir;
  }

  /**
   * Logs one step's metrics (file and memory) and advances the bar, showing the given keys on it and
   * counting {@code tokens} (processed in the step) for its tokens-per-second; a trainer that counts no
   * tokens (0) shows no tokens-per-second.
   */
  public void log(long step, Map<String, Object> metrics, List<String> shown, long tokens) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put(MetricNames.STEP, step);
    line.putAll(metrics);
    history.add(line);
    if (logger != null) logger.log(step, metrics);
    if (bar != null) {
      for (String k : shown) if (metrics.get(k) instanceof Number v) bar.set(k, v.doubleValue());
      if (tokens > 0) bar.tokens(tokens);
      bar.step();
    }
  }

  /** Every logged line, in order, each starting with {@code step}. */
  public List<Map<String, Object>> history() {
    return history;
  }

  /** Saves {@code checkpoint-<step>} into the run folder, keeping the newest {@code keepLast}; no-op in memory. */
  public Path checkpoint(Checkpoint c, int keepLast) throws IOException {
    if (outDir == null) return null;
    return CheckpointIO.saveInRun(outDir, c, Math.max(1, keepLast));
  }

  /** Ends the bar's line and draws the plots of everything logged. */
  @Override
  public void close() throws IOException {
    if (bar != null) bar.close();
    if (logger != null) {
      logger.close();
      Plots.fromMetrics(logger.path(), outDir.resolve("plots"), plotted);
    }
  }
}
