package org.reason4j.rl.trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.reason4j.nn.optim.AdamW;
import org.reason4j.nn.optim.DecayRule;
import org.reason4j.nn.optim.LrSchedule;
import org.reason4j.rl.checkpoint.Checkpoint;
import org.reason4j.rl.config.ConfigBinder;
import org.reason4j.rl.config.Overrides;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.metrics.MetricNames;
import org.reason4j.rl.rollout.Policy;

/**
 * Supervised fine-tuning (ALGORITHMS §2): the SFT baseline and ReFT's warm-up. Completion-only loss (the
 * prompt is context, the target and EOS are supervised; {@link SftBatch}), the token mean over each batch
 * with gradient accumulation over micro-batches ({@link SftUpdate}), AdamW with linear warm-up then linear
 * decay to 0, clipping by global norm, epochs over shuffled data, an evaluation after every
 * {@code evalEvery} epochs with the best model kept in {@code best/}.
 *
 * <p>A step is one optimizer step. Checkpoints hold weights, AdamW state, the data position and the best
 * score; resuming gives the same weights, bit for bit, as never stopping.
 */
public final class SftTrainer {

  /**
   * @param lr              peak learning rate [code: ReFT 1e-5]
   * @param warmupRatio     fraction of the steps spent warming up linearly from 0 [code: 0.1]
   * @param epochs          passes over the data [code: 40 for the SFT baseline; the ReFT warm-up is epoch 2]
   * @param totalSteps      stop after this many steps instead (the schedule then spans them); -1 = epochs
   * @param batchSize       examples per optimizer step [code: 48 = 6 per GPU x 8]
   * @param microBatchSize  examples per forward (gradient accumulation); the loss is the same
   * @param gradClip        max global gradient norm [code: 1.0]; 0 = off
   * @param weightDecay     AdamW's decoupled decay [code: 0]
   * @param adamEps         AdamW epsilon [code: 1e-8]
   * @param maxLength       prompt + target ids kept [code: 1024]
   * @param evalEvery       evaluate after every this many epochs (0 = never) [code: every epoch]
   * @param saveEvery       checkpoint every this many steps (0 = only when the run stops)
   * @param keepCheckpoints newest checkpoints kept
   */
  public record Config(double lr, double warmupRatio, int epochs, int totalSteps, int batchSize, int microBatchSize, double gradClip,
      double weightDecay, double adamEps, double beta1, double beta2, int maxLength, boolean shuffle, long seed, int evalEvery,
      int saveEvery, int keepCheckpoints) {

    public Config {
      if (batchSize < 1 || microBatchSize < 1) throw new IllegalArgumentException("batchSize and microBatchSize must be >= 1");
      if (epochs < 1 && totalSteps < 1) throw new IllegalArgumentException("need epochs >= 1 or totalSteps >= 1");
      if (!(warmupRatio >= 0 && warmupRatio <= 1)) throw new IllegalArgumentException("warmupRatio must be in [0, 1], got " + warmupRatio);
    }

    /** ReFT's SFT recipe (train_sft_model.py and its scripts) [code]. */
    public static Config defaults() {
      return new Config(1e-5, 0.1, 40, -1, 48, 6, 1.0, 0.0, 1e-8, 0.9, 0.999, 1024, true, 42, 1, 0, 2);
    }

    /** This config with {@code key=value} assignments applied, as {@code --set} applies them. */
    public Config with(String... assignments) {
      return ConfigBinder.bind(Config.class, Overrides.apply(ConfigBinder.toMap(this), List.of(assignments)));
    }
  }

  private final Config config;
  private final Policy policy;
  private final RunOptions options;
  private final DataCursor<SftExample> cursor;
  private final AdamW optimizer;
  private final long totalSteps;
  private final LrSchedule schedule;
  private ToDoubleFunction<Policy> evaluation;
  private long step;
  private long numTokens;
  private long lastSeen; // tokens of the last step, for the progress bar's rate
  private final BestModel best = new BestModel();

  /** SFT on the problems' reference solutions, in the policy's prompt format. */
  public SftTrainer(Config config, Policy policy, List<Problem> train, RunOptions options) {
    this(config, policy, options, examples(policy, train, config.maxLength()));
  }

  /**
   * SFT on examples built elsewhere: self-generated solutions (self-training, ReGFT), demonstrations, or
   * pairs whose prompt differs from the problem's own.
   */
  public static SftTrainer onExamples(Config config, Policy policy, List<SftExample> examples, RunOptions options) {
    return new SftTrainer(config, policy, options, examples);
  }

  private SftTrainer(Config config, Policy policy, RunOptions options, List<SftExample> examples) {
    this.config = config;
    this.policy = policy;
    this.options = options;
    this.cursor = new DataCursor<>(examples, config.seed(), config.shuffle());
    this.optimizer = new AdamW(policy.parameters(), new AdamW.Config(config.lr(), config.beta1(), config.beta2(), config.adamEps(),
        config.weightDecay(), DecayRule.ALL));
    long perEpoch = (examples.size() + config.batchSize() - 1) / config.batchSize();
    this.totalSteps = config.totalSteps() > 0 ? config.totalSteps() : perEpoch * config.epochs();
    this.schedule = LrSchedule.linearWarmupDecay(config.lr(), Math.round(config.warmupRatio() * totalSteps), totalSteps);
  }

  private static List<SftExample> examples(Policy policy, List<Problem> train, int maxLength) {
    List<SftExample> out = new ArrayList<>(train.size());
    for (Problem p : train) out.add(SftExample.of(policy, p, maxLength));
    return out;
  }

  /** Scores the policy after every {@code evalEvery} epochs (higher is better); the best is kept. */
  public SftTrainer withEvaluation(ToDoubleFunction<Policy> score) {
    this.evaluation = score;
    return this;
  }

  public long step() {
    return step;
  }

  public long totalSteps() {
    return totalSteps;
  }

  public Policy policy() {
    return policy;
  }

  /** Continues from a checkpoint of a run with the same config. */
  public void resume(Path checkpointDir) throws IOException {
    Checkpoint c = TrainerState.load(checkpointDir, config);
    TrainerState.restore(c, policy, optimizer, Map.of(), cursor);
    step = c.step();
    numTokens = ((Number) c.extra().getOrDefault("num_tokens", 0L)).longValue();
    best.restore(c.extra());
  }

  /** Trains to the end; returns the metric lines of this call. */
  public List<Map<String, Object>> train() throws IOException {
    return trainUntil(totalSteps);
  }

  /** Trains until {@code untilStep} steps are done (at most the run's total), then checkpoints. */
  public List<Map<String, Object>> trainUntil(long untilStep) throws IOException {
    long end = Math.min(untilStep, totalSteps);
    List<String> plotted = List.of(MetricNames.LOSS, MetricNames.LEARNING_RATE, MetricNames.GRAD_NORM, TrainingRun.EVAL_ACCURACY);
    try (TrainingRun run = TrainingRun.open("sft", options, config, step, totalSteps, plotted)) {
      long saved = step;
      while (step < end) {
        run.log(step + 1, trainStep(), List.of(MetricNames.LOSS, TrainingRun.EVAL_ACCURACY), lastSeen);
        if (config.saveEvery() > 0 && step % config.saveEvery() == 0) {
          run.checkpoint(checkpoint(), config.keepCheckpoints());
          saved = step;
        }
      }
      if (saved != step) run.checkpoint(checkpoint(), config.keepCheckpoints());
      return run.history();
    }
  }

  private Map<String, Object> trainStep() throws IOException {
    long t0 = System.nanoTime();
    double lr = schedule.lr(step);
    optimizer.setLr(lr);
    SftUpdate.Result r = SftUpdate.step(policy.model(), policy.parameters().values(), optimizer, cursor.next(config.batchSize()),
        config.microBatchSize(), config.gradClip(), 0);
    step++;
    numTokens += r.seen();
    lastSeen = r.seen();
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(MetricNames.LOSS, r.loss());
    m.put(MetricNames.LEARNING_RATE, lr);
    m.put(MetricNames.GRAD_NORM, r.gradNorm());
    m.put(MetricNames.EPOCH, cursor.epochProgress());
    m.put(MetricNames.NUM_TOKENS, numTokens);
    m.put(MetricNames.TIME_TRAINING_S, seconds);
    m.put(MetricNames.TOKENS_PER_SECOND_TRAINING, seconds > 0 ? r.seen() / seconds : 0.0);
    if (cursor.atEpochEnd() && evaluation != null && config.evalEvery() > 0) {
      int epochsDone = (int) Math.round(cursor.epochProgress());
      if (epochsDone % config.evalEvery() == 0) m.put(TrainingRun.EVAL_ACCURACY, best.evaluate(evaluation, policy, step, options.outDir()));
    }
    return m;
  }

  private Checkpoint checkpoint() {
    Map<String, Object> extra = BestModel.newExtra(numTokens);
    best.putState(extra);
    return TrainerState.capture(step, policy, optimizer, Map.of(), Map.of(), cursor, config, extra);
  }
}
