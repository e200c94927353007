package org.reason4j.rl.trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.reason4j.autograd.GradMode;
import org.reason4j.autograd.Var;
import org.reason4j.nn.optim.AdamW;
import org.reason4j.nn.optim.DecayRule;
import org.reason4j.nn.optim.GradClip;
import org.reason4j.nn.optim.LrSchedule;
import org.reason4j.nn.optim.Optimizer;
import org.reason4j.rl.advantage.AdvantageEstimator;
import org.reason4j.rl.advantage.GroupNormalized;
import org.reason4j.rl.checkpoint.Checkpoint;
import org.reason4j.rl.config.ConfigBinder;
import org.reason4j.rl.config.Overrides;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.loss.Aggregation;
import org.reason4j.rl.loss.KlEstimator;
import org.reason4j.rl.loss.PolicyLoss;
import org.reason4j.rl.metrics.MetricNames;
import org.reason4j.rl.rollout.Group;
import org.reason4j.rl.rollout.LogProbs;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.RolloutBatch;
import org.reason4j.rl.rollout.RolloutEngine;
import org.reason4j.rl.rollout.Sample;
import org.reason4j.rl.rollout.SequenceBatch;
import org.reason4j.rl.verify.OverlongShaping;
import org.reason4j.rl.verify.RewardFunction;
import org.reason4j.rl.verify.Verifier;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;
import org.reason4j.transformer.generate.GenerationConfig;
import org.reason4j.transformer.model.CausalLM;

/**
 * One trainer for the group-relative policy-gradient family: GRPO, Dr. GRPO and DAPO are presets of its
 * {@link Config} (ALGORITHMS §4-5). A step is the shared group-RL step:
 * <pre>
 *   groups = []
 *   while |groups| &lt; B:                         sample G responses for a generation batch of prompts,
 *       groups += stage.process(new groups)       score them, filter or guide them (GroupStage)
 *   A   = advantages(groups)                      group-normalised, with or without the std
 *   ℓold = rollout log-probs; ℓref = π_ref(groups)  if β &gt; 0
 *   repeat μ times, over shuffled mini-batches:
 *       L = aggregate(policyLoss(ρ, A) + β·k3) − c·tokenMean(H)
 *       backward, clip, AdamW step
 *   hooks.afterUpdate(groups)                      an extra phase (ReLIFT's fine-tuning)
 * </pre>
 * The parts are swappable without editing this file ({@link Parts}): a new {@link PolicyLoss} record, a new
 * {@link AdvantageEstimator}, a {@link GroupStage} (dynamic sampling, guidance) and {@link StepHook}s.
 *
 * <p>A step is one rollout batch (verl's {@code global_steps}); it takes μ × (batch / mini-batch)
 * optimizer steps. Metrics per step use TRL's names. Generation seeds and mini-batch orders come from
 * two saved random streams, so resuming repeats the uninterrupted run bit for bit.
 */
public final class GroupTrainer {

  /**
   * The algorithm's settings; presets {@link #grpo()}, {@link #drGrpo()}, {@link #dapo()} carry each paper's
   * values ([paper], [code], or recalled from memory where marked).
   *
   * @param promptsPerStep         B, groups in a training batch
   * @param groupSize              G, responses per prompt
   * @param generationBatchPrompts prompts per generate call (DAPO samples more than B to survive filtering)
   * @param reward                 the reward function (on the task's verifier)
   * @param warmupSteps            linear warm-up over this many optimizer steps, then constant
   * @param updatesPerBatch        μ, passes over each rollout batch
   * @param miniBatchSize          responses per optimizer step; 0 = the whole batch
   * @param aggregation            how per-token losses are reduced (§0)
   * @param scaleRewardsByStd      divide by the group std (GRPO, DAPO) or not (Dr. GRPO)
   * @param klCoef                 β of the k3 penalty in the loss, against a frozen copy of the start model
   * @param entropyCoef            c, weight of an entropy bonus: c times the token mean of H over the mini-batch is subtracted
   *                               from the loss, whatever the aggregation (verl's {@code masked_mean}, ReLIFT's −0.001·H)
   * @param dynamicSampling        drop groups with uniform outcomes and sample more (DAPO)
   * @param dynamicSamplingSignal  what "uniform" is judged on
   * @param maxNumGenBatches       generate calls allowed per step before failing (≤ 0: no limit)
   * @param overlongBuffer         L_cache of DAPO's overlong shaping with L_max = maxNewTokens; 0 = off
   * @param overlongPenalty        φ, the shaping's penalty at L_max
   * @param overlongFiltering      mask truncated responses out of the loss (DAPO paper's filter; off in its best runs)
   * @param totalSteps             steps to run; -1 = epochs × ceil(prompts / B)
   * @param evalEvery              evaluate every this many steps (0 = never)
   * @param saveEvery              checkpoint every this many steps (0 = only when the run stops)
   */
  public record Config(int promptsPerStep, int groupSize, int generationBatchPrompts, int maxNewTokens, double temperature, double topP,
      int topK, Rewards reward, double lr, int warmupSteps, double weightDecay, double adamEps, double beta1, double beta2, double gradClip,
      int updatesPerBatch, int miniBatchSize, double epsilonLow, double epsilonHigh, Aggregation aggregation, boolean scaleRewardsByStd,
      double advantageEpsilon, double klCoef, double entropyCoef, boolean dynamicSampling, GroupStage.Signal dynamicSamplingSignal,
      int maxNumGenBatches, int overlongBuffer, double overlongPenalty, boolean overlongFiltering, int epochs, int totalSteps, long seed,
      int evalEvery, int saveEvery, int keepCheckpoints) {

    public Config {
      if (promptsPerStep < 1 || groupSize < 1 || generationBatchPrompts < 1) {
        throw new IllegalArgumentException("promptsPerStep, groupSize and generationBatchPrompts must be >= 1");
      }
      if (updatesPerBatch < 1) throw new IllegalArgumentException("updatesPerBatch must be >= 1, got " + updatesPerBatch);
      if (maxNewTokens < 1) throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
      if (epochs < 1 && totalSteps < 1) throw new IllegalArgumentException("need epochs >= 1 or totalSteps >= 1");
      if (overlongBuffer < 0 || overlongBuffer > maxNewTokens) {
        throw new IllegalArgumentException("overlongBuffer must be in [0, maxNewTokens = " + maxNewTokens + "], got " + overlongBuffer);
      }
    }

    /** The default is GRPO. */
    public static Config defaults() {
      return grpo();
    }

    /**
     * GRPO as DeepSeekMath trained it (recalled): lr 1e-6, β 0.04, G 64, 1024 responses per batch (16
     * prompts x 64), 1024 new tokens, one update per rollout batch, ε 0.2, std-normalised advantages
     * (ε 1e-6 as verl), {@code SEQ_MEAN_TOKEN_MEAN}, 0/1 reward.
     */
    public static Config grpo() {
      return new Config(16, 64, 16, 1024, 1.0, 1.0, 0, Rewards.BINARY, 1e-6, 0, 0.0, 1e-8, 0.9, 0.999, 1.0,
          1, 0, 0.2, 0.2, Aggregation.SEQ_MEAN_TOKEN_MEAN, true, 1e-6, 0.04, 0.0, false, GroupStage.Signal.REWARD,
          10, 0, 1.0, false, 1, -1, 42, 0, 0, 2);
    }

    /** Dr. GRPO [code: TRL dr_grpo, ReLIFT]: GRPO without the std and with {@code SEQ_SUM_CONST}, β = 0. */
    public static Config drGrpo() {
      return grpo().with("scaleRewardsByStd=false", "aggregation=SEQ_SUM_CONST", "klCoef=0");
    }

    /**
     * DAPO (Yu et al. 2025; verl recipe [code], sizes recalled): clip-higher ε 0.2/0.28, dynamic sampling
     * judged on accuracy with up to 10 generation batches of 1536 prompts for B = 512, G 16, mini-batches
     * of 512 responses (16 updates per rollout), {@code TOKEN_MEAN}, overlong shaping (L_max 20480, L_cache
     * 4096, φ 1), ±1 reward, no KL, no entropy bonus, lr 1e-6 with 20 warm-up steps, weight decay 0.1.
     */
    public static Config dapo() {
      return grpo().with("promptsPerStep=512", "groupSize=16", "generationBatchPrompts=1536", "maxNewTokens=20480",
          "reward=PLUS_MINUS_ONE", "warmupSteps=20", "weightDecay=0.1", "miniBatchSize=512", "epsilonHigh=0.28",
          "aggregation=TOKEN_MEAN", "klCoef=0", "dynamicSampling=true", "dynamicSamplingSignal=ACCURACY",
          "overlongBuffer=4096", "overlongPenalty=1.0");
    }

    /** This config with {@code key=value} assignments applied, as {@code --set} applies them. */
    public Config with(String... assignments) {
      return ConfigBinder.bind(Config.class, Overrides.apply(ConfigBinder.toMap(this), List.of(assignments)));
    }
  }

  /**
   * The composable parts of a step. {@link #from} builds the ones a config describes; replace any of them
   * with the {@code with*} methods to try a new loss, estimator, filter or extra phase.
   */
  public record Parts(RewardFunction reward, PolicyLoss loss, AdvantageEstimator advantages, GroupStage stage, List<StepHook> hooks) {
    public Parts {
      Objects.requireNonNull(reward, "reward");
      Objects.requireNonNull(loss, "loss");
      Objects.requireNonNull(advantages, "advantages");
      Objects.requireNonNull(stage, "stage");
      hooks = List.copyOf(hooks);
    }

    public static Parts from(Config c, Verifier verifier) {
      GroupStage stage = c.dynamicSampling() ? new GroupStage.DynamicSampling(c.dynamicSamplingSignal()) : new GroupStage.KeepAll();
      return new Parts(c.reward().of(verifier), new PolicyLoss.ClippedSurrogate(c.epsilonLow(), c.epsilonHigh()),
          new GroupNormalized(c.scaleRewardsByStd(), c.advantageEpsilon()), stage, List.of());
    }

    public Parts withReward(RewardFunction r) {
      return new Parts(r, loss, advantages, stage, hooks);
    }

    public Parts withLoss(PolicyLoss l) {
      return new Parts(reward, l, advantages, stage, hooks);
    }

    public Parts withAdvantages(AdvantageEstimator a) {
      return new Parts(reward, loss, a, stage, hooks);
    }

    public Parts withStage(GroupStage s) {
      return new Parts(reward, loss, advantages, s, hooks);
    }

    public Parts withHook(StepHook h) {
      List<StepHook> all = new ArrayList<>(hooks);
      all.add(h);
      return new Parts(reward, loss, advantages, stage, all);
    }
  }

  /** The number of generate calls a step made, when dynamic sampling needs more than one (ours). */
  public static final String NUM_GEN_BATCHES = "num_gen_batches";

  private final Config config;
  private final Policy policy;
  private final Parts parts;
  private final RunOptions options;
  private final RolloutEngine engine;
  private final CausalLM reference;
  private final DataCursor<Problem> cursor;
  private final AdamW optimizer;
  private final LrSchedule schedule;
  private final long totalSteps;
  private final BestModel best = new BestModel();
  private Rng sampling;
  private Rng shuffle;
  private ToDoubleFunction<Policy> evaluation;
  private long step;
  private long optimizerSteps;
  private long numTokens;
  private StepClock clock;

  public GroupTrainer(Config config, Policy policy, List<Problem> train, Verifier verifier, RunOptions options) {
    this(config, policy, train, Parts.from(config, verifier), options);
  }

  public GroupTrainer(Config config, Policy policy, List<Problem> train, Parts parts, RunOptions options) {
    this.config = config;
    this.policy = policy.eval();
    this.parts = parts;
    this.options = options;
    OverlongShaping shaping = config.overlongBuffer() > 0
        ? new OverlongShaping(config.maxNewTokens(), config.overlongBuffer(), config.overlongPenalty()) : null;
    GenerationConfig generation = new GenerationConfig(config.maxNewTokens(), config.temperature(), config.topK(), config.topP(), 0, 1,
        List.of(), policy.eosIds(), 0);
    this.engine = new RolloutEngine(policy, parts.reward(), shaping, generation);
    this.reference = config.klCoef() > 0 ? Reference.frozenCopy(policy.model()) : null;
    this.cursor = new DataCursor<>(train, config.seed(), true);
    this.optimizer = new AdamW(policy.parameters(), new AdamW.Config(config.lr(), config.beta1(), config.beta2(), config.adamEps(),
        config.weightDecay(), DecayRule.ALL));
    double lr = config.lr();
    int warmup = config.warmupSteps();
    this.schedule = s -> s < warmup ? lr * s / warmup : lr;
    this.totalSteps = config.totalSteps() > 0 ? config.totalSteps()
        : (long) config.epochs() * ((train.size() + config.promptsPerStep() - 1) / config.promptsPerStep());
    this.sampling = new Rng(config.seed(), 101);
    this.shuffle = new Rng(config.seed(), 102);
  }

  /** Scores the policy every {@code evalEvery} steps (higher is better); the best is kept. */
  public GroupTrainer withEvaluation(ToDoubleFunction<Policy> score) {
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

  /** Continues from a checkpoint of a run with the same config and parts. */
  public void resume(Path checkpointDir) throws IOException {
    Checkpoint c = TrainerState.load(checkpointDir, config);
    TrainerState.restore(c, policy, optimizer, hookOptimizers(), cursor);
    step = c.step();
    sampling = c.restoreRng("sampling");
    shuffle = c.restoreRng("shuffle");
    numTokens = ((Number) c.extra().get("num_tokens")).longValue();
    optimizerSteps = ((Number) c.extra().get("optimizer_steps")).longValue();
    best.restore(c.extra());
    parts.stage().restore(asMap(c.extra().get("stage")));
    Map<String, Object> hookStates = asMap(c.extra().get("hooks"));
    for (StepHook h : parts.hooks()) h.restore(asMap(hookStates.get(h.name())));
  }

  public List<Map<String, Object>> train() throws IOException {
    return trainUntil(totalSteps);
  }

  /** Trains until {@code untilStep} steps are done (at most the run's total), then checkpoints. */
  public List<Map<String, Object>> trainUntil(long untilStep) throws IOException {
    long end = Math.min(untilStep, totalSteps);
    List<String> plotted = new ArrayList<>(MetricNames.PLOTTED);
    plotted.add(TrainingRun.EVAL_ACCURACY);
    try (TrainingRun run = TrainingRun.open("rl", options, config, step, totalSteps, plotted)) {
      long saved = step;
      while (step < end) {
        Map<String, Object> m = trainStep();
        run.log(step, m, List.of(MetricNames.REWARD, MetricNames.LOSS), clock.completionTokens);
        if (config.saveEvery() > 0 && step % config.saveEvery() == 0) {
          run.checkpoint(checkpoint(), config.keepCheckpoints());
          saved = step;
        }
      }
      if (saved != step) run.checkpoint(checkpoint(), config.keepCheckpoints());
      return run.history();
    }
  }

  // ------------------------------------------------------------------ one step

  private Map<String, Object> trainStep() throws IOException {
    clock = new StepClock();
    Collected batch = collect();
    List<Sample> samples = new ArrayList<>();
    for (Group g : batch.kept) samples.addAll(g.samples());
    float[][] advantages = parts.advantages().perToken(batch.kept);
    long t0 = System.nanoTime();
    float[][] refLogProbs = reference == null ? null : referenceLogProbs(samples);
    UpdateStats stats = new UpdateStats();
    int n = samples.size(), mini = config.miniBatchSize() <= 0 ? n : Math.min(n, config.miniBatchSize());
    for (int epoch = 0; epoch < config.updatesPerBatch(); epoch++) {
      int[] order = shuffle.permutation(n);
      for (int start = 0; start < n; start += mini) {
        int[] rows = Arrays.copyOfRange(order, start, Math.min(n, start + mini));
        update(samples, rows, advantages, refLogProbs, stats);
      }
    }
    double trainSeconds = (System.nanoTime() - t0) / 1e9;
    step++;
    Map<String, Object> m = new LinkedHashMap<>(RolloutMetrics.of(batch.generated, config.reward().metricName()));
    m.putAll(stats.metrics());
    m.put(MetricNames.LEARNING_RATE, optimizer.lr());
    m.put(MetricNames.EPOCH, cursor.epochProgress());
    numTokens += clock.promptTokens + clock.completionTokens;
    m.put(MetricNames.NUM_TOKENS, numTokens);
    if (batch.generateCalls > 1 || config.dynamicSampling()) m.put(NUM_GEN_BATCHES, (long) batch.generateCalls);
    m.putAll(parts.stage().metrics());
    clock.put(m, trainSeconds, stats.tokens());
    for (StepHook h : parts.hooks()) m.putAll(h.afterUpdate(step, batch.kept, policy));
    if (evaluation != null && config.evalEvery() > 0 && step % config.evalEvery() == 0) {
      m.put(TrainingRun.EVAL_ACCURACY, best.evaluate(evaluation, policy, step, options.outDir()));
    }
    return m;
  }

  /** The batch of B groups, and every group sampled on the way (for the rollout metrics). */
  private record Collected(List<Group> kept, List<Group> generated, int generateCalls) {}

  private Collected collect() {
    int b = config.promptsPerStep();
    List<Group> kept = new ArrayList<>(), generated = new ArrayList<>();
    int calls = 0;
    while (kept.size() < b) {
      if (config.maxNumGenBatches() > 0 && calls >= config.maxNumGenBatches()) {
        throw new IllegalStateException("step " + (step + 1) + ": after " + calls + " generation batches (maxNumGenBatches) only "
            + kept.size() + " of " + b + " groups passed the " + parts.stage().getClass().getSimpleName()
            + " filter (their rewards all equal: the prompts are too easy or too hard for the policy). Raise maxNumGenBatches or "
            + "generationBatchPrompts, or use data closer to the policy's level");
      }
      List<Problem> problems = cursor.nextWrapping(config.generationBatchPrompts());
      List<int[]> prompts = new ArrayList<>(problems.size());
      for (Problem p : problems) prompts.add(policy.promptIds(p));
      RolloutBatch fresh = resample(problems, prompts, config.groupSize());
      generated.addAll(fresh.groups());
      kept.addAll(parts.stage().process(fresh.groups(), this::resample));
      calls++;
    }
    if (kept.size() > b) parts.stage().onSurplus(new ArrayList<>(kept.subList(b, kept.size())));
    return new Collected(new ArrayList<>(kept.subList(0, b)), generated, calls);
  }

  /** One generate call with the next seed of the sampling stream; its cost goes on the step's clock. */
  private RolloutBatch resample(List<Problem> problems, List<int[]> prompts, int groupSize) {
    long seed = (long) (sampling.nextDouble() * 0x1p53);
    RolloutBatch r = engine.rollout(problems, prompts, groupSize, seed);
    clock.add(r);
    return r;
  }

  private float[][] referenceLogProbs(List<Sample> samples) {
    float[][] out = new float[samples.size()][];
    int chunk = config.miniBatchSize() <= 0 ? samples.size() : config.miniBatchSize();
    for (int start = 0; start < samples.size(); start += chunk) {
      SequenceBatch b = SequenceBatch.of(samples.subList(start, Math.min(samples.size(), start + chunk)));
      float[][] part = b.unpad(LogProbs.noGrad(reference, null, b, config.temperature()).logProbs().value());
      System.arraycopy(part, 0, out, start, part.length);
    }
    return out;
  }

  /** One optimizer step on the given rows of the batch. */
  private void update(List<Sample> samples, int[] rows, float[][] advantages, float[][] refLogProbs, UpdateStats stats) {
    List<Sample> mini = new ArrayList<>(rows.length);
    float[][] adv = new float[rows.length][], ref = refLogProbs == null ? null : new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      mini.add(samples.get(rows[i]));
      adv[i] = advantages[rows[i]];
      if (ref != null) ref[i] = refLogProbs[rows[i]];
    }
    SequenceBatch b = SequenceBatch.of(mini).withAdvantages(adv);
    Tensor mask = config.overlongFiltering() ? b.responseMask().mul(completedRows(mini, b.responseWidth())) : b.responseMask();
    LogProbs.Entropies entropies = config.entropyCoef() != 0 ? LogProbs.Entropies.WITH_GRAD : LogProbs.Entropies.DETACHED;
    LogProbs.Output out = LogProbs.forward(policy.model(), null, b, config.temperature(), entropies);
    PolicyLoss.Input in = new PolicyLoss.Input(out.logProbs(), b.oldLogProbs(), b.advantages(), mask, b.samples());
    Var policyLoss = parts.loss().perToken(in); // (N, R)
    Var perToken = policyLoss;
    Var kl = null;
    if (ref != null) {
      kl = KlEstimator.K3.perToken(out.logProbs(), b.pad(ref)); // (N, R)
      perToken = perToken.add(kl.mul(config.klCoef()));
    }
    Var loss = config.aggregation().aggregate(perToken, mask, config.maxNewTokens());
    if (config.entropyCoef() != 0) loss = loss.sub(Aggregation.TOKEN_MEAN.aggregate(out.entropy(), mask, 0).mul(config.entropyCoef()));
    loss.backward();
    double norm = GradClip.clipGradNorm(policy.parameters().values(), config.gradClip() > 0 ? config.gradClip() : Double.MAX_VALUE);
    optimizer.setLr(schedule.lr(optimizerSteps));
    optimizer.step();
    optimizer.zeroGrad();
    optimizerSteps++;
    try (GradMode g = GradMode.disabled()) {
      double pg = config.aggregation().aggregate(policyLoss.detach(), mask, config.maxNewTokens()).value().item();
      stats.update(loss.value().item(), pg, norm, b.realTokens());
      stats.clip(parts.loss().clipRange(), in.ratio().value(), b.advantages(), mask);
      if (kl != null) stats.kl(UpdateStats.maskedMean(kl.value(), mask));
      stats.entropy(UpdateStats.maskedMean(out.entropy().value(), mask));
    }
  }

  /** (N, R) F32: 1 on rows that ended with EOS, 0 on truncated ones (DAPO's overlong filtering). */
  private static Tensor completedRows(List<Sample> rows, int width) {
    float[] keep = new float[rows.size() * width];
    for (int i = 0; i < rows.size(); i++) if (!rows.get(i).truncated()) Arrays.fill(keep, i * width, (i + 1) * width, 1f);
    return Tensor.of(keep, rows.size(), width);
  }

  // ------------------------------------------------------------------ checkpoints

  private Map<String, Optimizer> hookOptimizers() {
    Map<String, Optimizer> out = new LinkedHashMap<>();
    for (StepHook h : parts.hooks()) if (h.optimizer() != null) out.put(h.name(), h.optimizer());
    return out;
  }

  private Checkpoint checkpoint() {
    Map<String, Object> extra = BestModel.newExtra(numTokens);
    extra.put("optimizer_steps", optimizerSteps);
    best.putState(extra);
    extra.put("stage", parts.stage().state());
    Map<String, Object> hooks = new LinkedHashMap<>();
    for (StepHook h : parts.hooks()) hooks.put(h.name(), h.state());
    extra.put("hooks", hooks);
    Map<String, Rng> rngs = new LinkedHashMap<>();
    rngs.put("sampling", sampling);
    rngs.put("shuffle", shuffle);
    return TrainerState.capture(step, policy, optimizer, hookOptimizers(), rngs, cursor, config, extra);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
