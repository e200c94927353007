package org.reason4j.rl.trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.reason4j.autograd.GradMode;
import org.reason4j.autograd.Var;
import org.reason4j.nn.optim.AdamW;
import org.reason4j.nn.optim.DecayRule;
import org.reason4j.nn.optim.GradClip;
import org.reason4j.rl.advantage.Gae;
import org.reason4j.rl.advantage.TokenRewards;
import org.reason4j.rl.checkpoint.Checkpoint;
import org.reason4j.rl.config.ConfigBinder;
import org.reason4j.rl.config.Overrides;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.loss.Aggregation;
import org.reason4j.rl.loss.PolicyLoss;
import org.reason4j.rl.loss.ValueLoss;
import org.reason4j.rl.metrics.MetricNames;
import org.reason4j.rl.rollout.LogProbs;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.RolloutBatch;
import org.reason4j.rl.rollout.RolloutEngine;
import org.reason4j.rl.rollout.Sample;
import org.reason4j.rl.rollout.SequenceBatch;
import org.reason4j.rl.verify.RewardFunction;
import org.reason4j.rl.verify.Verifier;
import org.reason4j.tensor.Rng;
import org.reason4j.transformer.generate.GenerationConfig;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ValueHead;

/**
 * ReFT: PPO with a value head shared with the policy's transformer (Luong et al. 2024; ALGORITHMS §3).
 * A step:
 * <pre>
 *   sample one response per prompt; score with the partial reward (1 / 0.1 / 0)
 *   no-grad forward: V^old; π_ref forward: ℓ^ref;  ℓ^old = the rollout's log-probs
 *   r_t = −β·(ℓ^old_t − ℓ^ref_t) + [t = T]·R                       (KL penalty in the reward)
 *   Â, R̂ = GAE(r, V^old; γ, λ);  whiten Â over all valid tokens
 *   ppoEpochs × shuffled mini-batches:
 *       L = SEQ_MEAN_TOKEN_MEAN(clipped surrogate) + α · SEQ_MEAN_TOKEN_MEAN(clipped value loss)
 * </pre>
 * Every forward runs with dropout off, as the reference code puts the model in eval mode even for the
 * update. π_ref is a frozen copy of the start (warm-up SFT) model. A step is one rollout batch.
 */
public final class PpoTrainer {

  /**
   * ReFT's settings ([code]: train_rl_reft.py and its scripts).
   *
   * @param promptsPerStep    prompts per rollout batch, one response each [code: 4 per GPU x 8 GPUs]
   * @param miniBatchSize     responses per optimizer step [code: 4 per GPU x 8 GPUs, i.e. the whole batch]
   * @param ppoEpochs         passes over each rollout batch [code: 2]
   * @param maxNewTokens      response limit [code: 700 total with prompts up to 300]
   * @param gamma             γ [code: 1.0]
   * @param lambda            λ [code: 0.95]
   * @param klCoef            β of the KL reward penalty [code: 0.05 N-CoT, 0.01 P-CoT]
   * @param clipRange         ε of the policy surrogate [code: 0.2]
   * @param valueClipRange    ε_v of the value loss [code: 0.2]
   * @param valueLossCoef     α [code: 5]
   * @param whitenEps         added to the variance when whitening Â [code: 1e-8]
   * @param valueHeadDropout  dropout of a fresh value head (inactive: every forward is in eval mode) [code: 0.1]
   * @param epochs            passes over the training prompts [code: 300]
   * @param totalSteps        steps to run; -1 = epochs × ceil(prompts / promptsPerStep)
   */
  public record Config(int promptsPerStep, int miniBatchSize, int ppoEpochs, int maxNewTokens, double temperature, double topP, int topK,
      Rewards reward, double lr, double weightDecay, double adamEps, double beta1, double beta2, double gradClip, double gamma, double lambda,
      double klCoef, double clipRange, double valueClipRange, double valueLossCoef, double whitenEps, double valueHeadDropout, int epochs,
      int totalSteps, long seed, int evalEvery, int saveEvery, int keepCheckpoints) {

    public Config {
      if (promptsPerStep < 1 || miniBatchSize < 1 || ppoEpochs < 1 || maxNewTokens < 1) {
        throw new IllegalArgumentException("promptsPerStep, miniBatchSize, ppoEpochs and maxNewTokens must be >= 1");
      }
      if (epochs < 1 && totalSteps < 1) throw new IllegalArgumentException("need epochs >= 1 or totalSteps >= 1");
    }

    /** ReFT N-CoT: lr 3e-7 constant, β 0.05, γ 1, λ 0.95, ε 0.2, α 5, 2 PPO epochs, partial reward [code]. */
    public static Config defaults() {
      return new Config(32, 32, 2, 400, 1.0, 1.0, 0, Rewards.REFT_PARTIAL, 3e-7, 0.0, 1e-8, 0.9, 0.999, 1.0, 1.0, 0.95,
          0.05, 0.2, 0.2, 5.0, 1e-8, 0.1, 300, -1, 42, 0, 0, 2);
    }

    /** This config with {@code key=value} assignments applied, as {@code --set} applies them. */
    public Config with(String... assignments) {
      return ConfigBinder.bind(Config.class, Overrides.apply(ConfigBinder.toMap(this), List.of(assignments)));
    }
  }

  /**
   * A rollout batch made ready for the updates, all per sample and per response token.
   *
   * @param tokenRewards r_t
   * @param oldValues    V^old_t
   * @param advantages   Â_t, whitened
   * @param returns      R̂_t = raw Â_t + V^old_t
   * @param kl           token mean of ℓ^old − ℓ^ref (0 when β = 0)
   */
  record Prepared(List<Sample> samples, float[][] tokenRewards, float[][] oldValues, float[][] advantages, float[][] returns, double kl) {}

  private final Config config;
  private final Policy policy;
  private final RunOptions options;
  private final RolloutEngine engine;
  private final CausalLM reference;
  private final DataCursor<Problem> cursor;
  private final AdamW optimizer;
  private final long totalSteps;
  private final BestModel best = new BestModel();
  private final Gae gae;
  private final PolicyLoss policyLoss;
  private Rng sampling;
  private Rng shuffle;
  private ToDoubleFunction<Policy> evaluation;
  private long step;
  private long numTokens;
  private long lastCompletionTokens;

  /** The config's reward on the task's verifier; a fresh value head is attached when the policy has none. */
  public PpoTrainer(Config config, Policy policy, List<Problem> train, Verifier verifier, RunOptions options) {
    this(config, policy, train, config.reward().of(verifier), options);
  }

  /** With a reward function of one's own. */
  public PpoTrainer(Config config, Policy policy, List<Problem> train, RewardFunction reward, RunOptions options) {
    this.config = config;
    ValueHead head = policy.valueHead() != null ? policy.valueHead()
        : new ValueHead(policy.model().config().hiddenSize(), config.valueHeadDropout(), new Rng(config.seed(), 7));
    this.policy = policy.withValueHead(head).eval();
    this.options = options;
    GenerationConfig generation = new GenerationConfig(config.maxNewTokens(), config.temperature(), config.topK(), config.topP(), 0, 1,
        List.of(), policy.eosIds(), 0);
    this.engine = new RolloutEngine(this.policy, reward, null, generation);
    this.reference = config.klCoef() != 0 ? Reference.frozenCopy(policy.model()) : null;
    this.cursor = new DataCursor<>(train, config.seed(), true);
    this.optimizer = new AdamW(this.policy.parameters(), new AdamW.Config(config.lr(), config.beta1(), config.beta2(), config.adamEps(),
        config.weightDecay(), DecayRule.ALL));
    this.totalSteps = config.totalSteps() > 0 ? config.totalSteps()
        : (long) config.epochs() * ((train.size() + config.promptsPerStep() - 1) / config.promptsPerStep());
    this.gae = new Gae(config.gamma(), config.lambda());
    this.policyLoss = PolicyLoss.ClippedSurrogate.symmetric(config.clipRange());
    this.sampling = new Rng(config.seed(), 101);
    this.shuffle = new Rng(config.seed(), 102);
  }

  /** Scores the policy every {@code evalEvery} steps (higher is better); the best is kept. */
  public PpoTrainer withEvaluation(ToDoubleFunction<Policy> score) {
    this.evaluation = score;
    return this;
  }

  public long step() {
    return step;
  }

  public long totalSteps() {
    return totalSteps;
  }

  /** The policy with its value head. */
  public Policy policy() {
    return policy;
  }

  public void resume(Path checkpointDir) throws IOException {
    Checkpoint c = TrainerState.load(checkpointDir, config);
    TrainerState.restore(c, policy, optimizer, Map.of(), cursor);
    step = c.step();
    sampling = c.restoreRng("sampling");
    shuffle = c.restoreRng("shuffle");
    numTokens = ((Number) c.extra().get("num_tokens")).longValue();
    best.restore(c.extra());
  }

  public List<Map<String, Object>> train() throws IOException {
    return trainUntil(totalSteps);
  }

  /** Trains until {@code untilStep} steps are done (at most the run's total), then checkpoints. */
  public List<Map<String, Object>> trainUntil(long untilStep) throws IOException {
    long end = Math.min(untilStep, totalSteps);
    List<String> plotted = new ArrayList<>(MetricNames.PLOTTED);
    plotted.add(TrainingRun.EVAL_ACCURACY);
    try (TrainingRun run = TrainingRun.open("ppo", options, config, step, totalSteps, plotted)) {
      long saved = step;
      while (step < end) {
        Map<String, Object> m = trainStep();
        run.log(step, m, List.of(MetricNames.REWARD, MetricNames.LOSS), lastCompletionTokens);
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
    RolloutBatch rollout = rollout();
    long t0 = System.nanoTime();
    Prepared prepared = prepare(rollout.samples());
    UpdateStats stats = new UpdateStats();
    int n = prepared.samples().size(), mini = Math.min(n, config.miniBatchSize());
    for (int epoch = 0; epoch < config.ppoEpochs(); epoch++) {
      int[] order = shuffle.permutation(n);
      for (int start = 0; start < n; start += mini) update(prepared, Arrays.copyOfRange(order, start, Math.min(n, start + mini)), stats);
    }
    double trainSeconds = (System.nanoTime() - t0) / 1e9;
    step++;
    Map<String, Object> m = new LinkedHashMap<>(RolloutMetrics.of(rollout.groups(), config.reward().metricName()));
    m.putAll(stats.metrics());
    if (config.klCoef() != 0) m.put(MetricNames.KL, prepared.kl());
    m.put(MetricNames.LEARNING_RATE, optimizer.lr());
    m.put(MetricNames.EPOCH, cursor.epochProgress());
    numTokens += rollout.promptTokens() + rollout.completionTokens();
    lastCompletionTokens = rollout.completionTokens();
    m.put(MetricNames.NUM_TOKENS, numTokens);
    StepClock clock = new StepClock();
    clock.add(rollout);
    clock.put(m, trainSeconds, stats.tokens());
    if (evaluation != null && config.evalEvery() > 0 && step % config.evalEvery() == 0) {
      m.put(TrainingRun.EVAL_ACCURACY, best.evaluate(evaluation, policy, step, options.outDir()));
    }
    return m;
  }

  /** The next batch of prompts, one response each. */
  RolloutBatch rollout() {
    List<Problem> problems = cursor.nextWrapping(config.promptsPerStep());
    return engine.rollout(problems, 1, (long) (sampling.nextDouble() * 0x1p53));
  }

  /** Values, reference log-probs, token rewards, GAE and whitening (steps 3-6). */
  Prepared prepare(List<Sample> samples) {
    int n = samples.size();
    float[][] values = new float[n][], ref = new float[n][];
    int chunk = config.miniBatchSize();
    for (int start = 0; start < n; start += chunk) {
      SequenceBatch b = SequenceBatch.of(samples.subList(start, Math.min(n, start + chunk)));
      System.arraycopy(b.unpad(LogProbs.noGrad(policy.model(), policy.valueHead(), b, config.temperature()).values().value()), 0, values, start, b.size());
      if (reference != null) {
        System.arraycopy(b.unpad(LogProbs.noGrad(reference, null, b, config.temperature()).logProbs().value()), 0, ref, start, b.size());
      }
    }
    float[][] rewards = new float[n][], advantages = new float[n][], returns = new float[n][];
    double klSum = 0;
    long tokens = 0;
    for (int i = 0; i < n; i++) {
      Sample s = samples.get(i);
      if (reference == null) ref[i] = s.logProbs();
      rewards[i] = TokenRewards.klPenalized(s.logProbs(), ref[i], config.klCoef(), s.reward());
      Gae.Result r = gae.estimate(rewards[i], values[i]);
      advantages[i] = r.advantages();
      returns[i] = r.returns();
      for (int t = 0; t < s.length(); t++) klSum += (double) s.logProbs()[t] - ref[i][t];
      tokens += s.length();
    }
    Gae.whiten(advantages, config.whitenEps());
    return new Prepared(samples, rewards, values, advantages, returns, tokens > 0 ? klSum / tokens : 0);
  }

  /** The policy and value losses of some rows, differentiable (step 7). */
  record Terms(Var policyLoss, Var valueLoss, PolicyLoss.Input input, SequenceBatch batch) {}

  Terms terms(Prepared p, int[] rows) {
    List<Sample> mini = new ArrayList<>(rows.length);
    float[][] adv = new float[rows.length][], oldValues = new float[rows.length][], returns = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      mini.add(p.samples().get(rows[i]));
      adv[i] = p.advantages()[rows[i]];
      oldValues[i] = p.oldValues()[rows[i]];
      returns[i] = p.returns()[rows[i]];
    }
    SequenceBatch b = SequenceBatch.of(mini).withAdvantages(adv);
    LogProbs.Output out = LogProbs.forward(policy.model(), policy.valueHead(), b, config.temperature());
    PolicyLoss.Input in = new PolicyLoss.Input(out.logProbs(), b.oldLogProbs(), b.advantages(), b.responseMask(), b.samples());
    Var pg = Aggregation.SEQ_MEAN_TOKEN_MEAN.aggregate(policyLoss.perToken(in), b.responseMask(), 0);
    Var vl = Aggregation.SEQ_MEAN_TOKEN_MEAN.aggregate(
        ValueLoss.clipped(out.values(), b.pad(oldValues), b.pad(returns), config.valueClipRange()), b.responseMask(), 0);
    return new Terms(pg, vl, in, b);
  }

  private void update(Prepared p, int[] rows, UpdateStats stats) {
    Terms t = terms(p, rows);
    Var loss = t.policyLoss().add(t.valueLoss().mul(config.valueLossCoef()));
    loss.backward();
    double norm = GradClip.clipGradNorm(policy.parameters().values(), config.gradClip() > 0 ? config.gradClip() : Double.MAX_VALUE);
    optimizer.step();
    optimizer.zeroGrad();
    try (GradMode g = GradMode.disabled()) {
      stats.update(loss.value().item(), t.policyLoss().value().item(), norm, t.batch().realTokens());
      stats.valueLoss(t.valueLoss().value().item());
      stats.clip(policyLoss.clipRange(), t.input().ratio().value(), t.batch().advantages(), t.batch().responseMask());
    }
  }

  private Checkpoint checkpoint() {
    Map<String, Object> extra = BestModel.newExtra(numTokens);
    best.putState(extra);
    Map<String, Rng> rngs = new LinkedHashMap<>();
    rngs.put("sampling", sampling);
    rngs.put("shuffle", shuffle);
    return TrainerState.capture(step, policy, optimizer, Map.of(), rngs, cursor, config, extra);
  }
}
