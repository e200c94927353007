package org.reason4j.rl.rewardmodel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.reason4j.autograd.GradMode;
import org.reason4j.autograd.Var;
import org.reason4j.nn.Losses;
import org.reason4j.nn.optim.AdamW;
import org.reason4j.nn.optim.DecayRule;
import org.reason4j.nn.optim.GradClip;
import org.reason4j.nn.optim.LrSchedule;
import org.reason4j.rl.checkpoint.Checkpoint;
import org.reason4j.rl.config.ConfigBinder;
import org.reason4j.rl.config.Overrides;
import org.reason4j.rl.eval.Evaluator;
import org.reason4j.rl.metrics.MetricNames;
import org.reason4j.rl.trainer.DataCursor;
import org.reason4j.rl.trainer.RunOptions;
import org.reason4j.rl.trainer.TrainerState;
import org.reason4j.rl.trainer.TrainingRun;
import org.reason4j.tensor.Tensor;

/**
 * Trains a {@link RewardModel} with cross-entropy on (prompt + solution, correct?) pairs (ReFT's
 * {@code train_reward_model.py} recipe; ALGORITHMS §9.4): AdamW with linear warm-up then linear decay,
 * epochs over shuffled data, the batch loss the mean over its examples with gradients accumulated over
 * micro-batches, clipping by global norm. A step is one optimizer step; checkpoints hold the weights, the
 * optimizer, the data position and the config, so a resumed run repeats the uninterrupted one.
 */
public final class RewardModelTrainer {

  /** The fraction of a step's examples whose class the model got right (ours). */
  public static final String ACCURACY = "train/accuracy";

  /**
   * @param samplesPerQuestion solutions sampled per training question for the data [code: 100]
   * @param sampling           their sampling (τ = 1) [code]
   * @param epochs             passes over the data [code: 3]
   * @param totalSteps         stop after this many steps instead; -1 = epochs
   * @param batchSize          examples per optimizer step [code: 24]
   * @param lr                 peak learning rate [code: 1e-6], linear decay after warm-up [code: 10 %]
   * @param maxLength          prompt + solution ids kept [code: 700]
   */
  public record Config(int samplesPerQuestion, Evaluator.Config sampling, int epochs, int totalSteps, int batchSize, int microBatchSize,
      double lr, double warmupRatio, double weightDecay, double adamEps, double beta1, double beta2, double gradClip, int maxLength, long seed,
      int saveEvery, int keepCheckpoints) {
    public Config {
      Objects.requireNonNull(sampling, "sampling");
      if (samplesPerQuestion < 1 || batchSize < 1 || microBatchSize < 1 || maxLength < 2) {
        throw new IllegalArgumentException("samplesPerQuestion, batchSize and microBatchSize must be >= 1 and maxLength >= 2");
      }
      if (epochs < 1 && totalSteps < 1) throw new IllegalArgumentException("need epochs >= 1 or totalSteps >= 1");
    }

    public static Config defaults() {
      return new Config(100, new Evaluator.Config(400, 100, 1.0, 1.0, 1234), 3, -1, 24, 4, 1e-6, 0.1, 0.0, 1e-8, 0.9, 0.999, 1.0, 700, 42, 0, 2);
    }

    public Config with(String... assignments) {
      return ConfigBinder.bind(Config.class, Overrides.apply(ConfigBinder.toMap(this), List.of(assignments)));
    }
  }

  private final Config config;
  private final RewardModel model;
  private final RunOptions options;
  private final DataCursor<RewardModelData> cursor;
  private final AdamW optimizer;
  private final LrSchedule schedule;
  private final long totalSteps;
  private long step;

  public RewardModelTrainer(Config config, RewardModel model, List<RewardModelData> data, RunOptions options) {
    this.config = config;
    this.model = model;
    this.options = options;
    this.cursor = new DataCursor<>(data, config.seed(), true);
    this.optimizer = new AdamW(model.parameters(), new AdamW.Config(config.lr(), config.beta1(), config.beta2(), config.adamEps(),
        config.weightDecay(), DecayRule.ALL));
    long perEpoch = (data.size() + config.batchSize() - 1) / config.batchSize();
    this.totalSteps = config.totalSteps() > 0 ? config.totalSteps() : perEpoch * config.epochs();
    this.schedule = LrSchedule.linearWarmupDecay(config.lr(), Math.round(config.warmupRatio() * totalSteps), totalSteps);
  }

  public long step() {
    return step;
  }

  public void resume(Path checkpointDir) throws IOException {
    Checkpoint c = TrainerState.load(checkpointDir, config);
    model.loadStateDict(c.model());
    optimizer.loadStateDict(c.optimizer());
    cursor.restore(c.dataPosition());
    step = c.step();
  }

  public List<Map<String, Object>> train() throws IOException {
    return trainUntil(totalSteps);
  }

  /** Trains until {@code untilStep} steps are done (at most the run's total), then checkpoints. */
  public List<Map<String, Object>> trainUntil(long untilStep) throws IOException {
    long end = Math.min(untilStep, totalSteps);
    List<String> plotted = List.of(MetricNames.LOSS, ACCURACY, MetricNames.LEARNING_RATE, MetricNames.GRAD_NORM);
    try (TrainingRun run = TrainingRun.open("reward-model", options, config, step, totalSteps, plotted)) {
      long saved = step;
      while (step < end) {
        Map<String, Object> m = trainStep();
        run.log(step, m, List.of(MetricNames.LOSS, ACCURACY), 0);
        if (config.saveEvery() > 0 && step % config.saveEvery() == 0) {
          run.checkpoint(checkpoint(), config.keepCheckpoints());
          saved = step;
        }
      }
      if (saved != step) run.checkpoint(checkpoint(), config.keepCheckpoints());
      return run.history();
    }
  }

  /** One optimizer step: mean cross-entropy over the batch, accumulated over micro-batches. */
  private Map<String, Object> trainStep() {
    double lr = schedule.lr(step);
    optimizer.setLr(lr);
    List<RewardModelData> batch = cursor.next(config.batchSize());
    double loss = 0, right = 0;
    for (int start = 0; start < batch.size(); start += config.microBatchSize()) {
      List<RewardModelData> micro = batch.subList(start, Math.min(batch.size(), start + config.microBatchSize()));
      List<int[]> ids = new ArrayList<>(micro.size());
      long[] labels = new long[micro.size()];
      for (int i = 0; i < micro.size(); i++) {
        ids.add(micro.get(i).ids());
        labels[i] = micro.get(i).correct() ? 1 : 0;
      }
      RewardModel.Batch b = RewardModel.Batch.of(ids);
      Var logits = model.logits(b.ids(), b.lengths()); // (b, 2)
      Var microLoss = Losses.crossEntropy(logits, Tensor.of(labels, labels.length)).mul((double) micro.size() / batch.size());
      microLoss.backward();
      loss += microLoss.value().item();
      try (GradMode g = GradMode.disabled()) {
        float[] z = logits.value().toFloatArray();
        for (int i = 0; i < labels.length; i++) if ((z[2 * i + 1] > z[2 * i] ? 1 : 0) == labels[i]) right++;
      }
    }
    double norm = GradClip.clipGradNorm(model.parameters().values(), config.gradClip() > 0 ? config.gradClip() : Double.MAX_VALUE);
    optimizer.step();
    optimizer.zeroGrad();
    step++;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(MetricNames.LOSS, loss);
    m.put(ACCURACY, right / batch.size());
    m.put(MetricNames.LEARNING_RATE, lr);
    m.put(MetricNames.GRAD_NORM, norm);
    m.put(MetricNames.EPOCH, cursor.epochProgress());
    return m;
  }

  private Checkpoint checkpoint() {
    return Checkpoint.builder(step).model(model.stateDict()).optimizer(optimizer.stateDict(), Map.of()).dataPosition(cursor.position())
        .config(config).extra(new LinkedHashMap<>()).build();
  }
}
