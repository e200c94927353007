package org.reason4j.examples.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.reason4j.rl.data.SyntheticTask;
import org.reason4j.rl.eval.Evaluator;
import org.reason4j.rl.rewardmodel.RewardModelTrainer;
import org.reason4j.rl.trainer.GroupTrainer;
import org.reason4j.rl.trainer.SftTrainer;
import org.reason4j.transformer.model.ModelConfig;
import org.reason4j.transformer.tokenizer.CharTokenizer;

/**
 * Everything the demo runs with: the data ({@link DemoTask}), the model shape, the SFT recipe, the rows
 * after SFT ({@link Method}s) and the evaluation. {@link #forBudget} gives the default run for a time
 * budget; tests build small ones directly.
 *
 * @param sftSteps     SFT optimizer steps (its schedule warms up and decays over them)
 * @param sftBatch     demonstrations per SFT step
 * @param sftLr        SFT peak learning rate
 * @param eval         generation settings of the evaluation (response limit, batch, sampling temperature, seed)
 * @param passK        k of pass@k on the hardest tier (k samples per problem)
 * @param passProblems hardest-tier problems scored with pass@k
 */
public record DemoConfig(DemoTask task, ModelShape model, int sftSteps, int sftBatch, double sftLr, List<Method> methods, Evaluator.Config eval,
    int passK, int passProblems) {

  /** The time budget the defaults are sized for, in minutes on two cores. */
  public static final double DEFAULT_BUDGET_MINUTES = 10;

  /**
   * A Llama-style decoder over the task's characters.
   *
   * @param maxPositions context length; a hinted prompt plus the longest response must fit
   */
  public record ModelShape(int hidden, int intermediate, int layers, int heads, int maxPositions) {
    public ModelShape {
      if (hidden < 1 || intermediate < 1 || layers < 1 || heads < 1 || hidden % heads != 0 || maxPositions < 8) {
        throw new IllegalArgumentException("bad model shape: hidden " + hidden + " (a multiple of heads " + heads + "), intermediate "
            + intermediate + ", layers " + layers + ", context " + maxPositions);
      }
    }

    /** 2 layers x 64 channels, 4 heads, SwiGLU 176: about 106k parameters. */
    public static ModelShape small() {
      return new ModelShape(64, 176, 2, 4, 192);
    }

    /** The model config over {@code tokenizer}'s vocabulary, with its special tokens. */
    public ModelConfig config(CharTokenizer tokenizer) {
      return ModelConfig.llama(tokenizer.vocabSize(), hidden, intermediate, layers, heads, heads, maxPositions)
          .withSpecialTokens(List.of(CharTokenizer.EOS), CharTokenizer.BOS, CharTokenizer.PAD);
    }
  }

  public DemoConfig {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(eval, "eval");
    methods = List.copyOf(methods);
    if (sftSteps < 1 || sftBatch < 1) throw new IllegalArgumentException("sftSteps and sftBatch must be >= 1");
    if (methods.stream().map(Method::name).distinct().count() != methods.size() || methods.stream().anyMatch(m -> m.name().equals("SFT"))) {
      throw new IllegalArgumentException("method names must be distinct and not SFT, got " + methods.stream().map(Method::name).toList());
    }
  }

  /**
   * The default demo for a budget in minutes on two cores: the step counts of SFT and of each RL method
   * scale with {@code minutes / 10}; the model, the data and the evaluation do not.
   */
  public static DemoConfig forBudget(double minutes) {
    if (!(minutes > 0)) throw new IllegalArgumentException("the budget must be a positive number of minutes, got " + minutes);
    double scale = minutes / DEFAULT_BUDGET_MINUTES;
    int maxNewTokens = 56;
    return new DemoConfig(DemoTask.defaults(), ModelShape.small(), (int) Math.round(1200 * scale), 32, 3e-3,
        RlMethods.defaults((int) Math.max(1, Math.round(80 * scale)), maxNewTokens, 3e-5),
        new Evaluator.Config(maxNewTokens, 256, 1.0, 1.0, 1234), 8, 100);
  }

  /**
   * {@code reason4j demo --full}: the default rows, then the guided methods and the ReFT baselines
   * ({@link GuidedMethods}), then majority voting and reward-model reranking over 8 samples on top of SFT and
   * of PPO (ReFT) ({@link SampledRows}). The data stages (ReGFT's pass rates and positives, offline
   * self-training's samples, the reward model's training data) sample 800 of the RL prompts drawn across
   * the tiers, 4 responses each (8 for pass rates); ReGFT's 150 fine-tuning steps, ReLIFT's fine-tuning
   * steps and the reward model (3 epochs) train at a tenth of the SFT peak learning rate (3e-4), as ReFT's
   * reward model does relative to its SFT.
   */
  public static DemoConfig fullForBudget(double minutes) {
    DemoConfig base = forBudget(minutes);
    return base.withFullRows((int) Math.max(1, Math.round(150 * minutes / DEFAULT_BUDGET_MINUTES)), 800, 8, 3);
  }

  /**
   * This config's rows (which must include PPO, GRPO and DAPO) followed by the {@code --full} rows.
   *
   * @param ftSteps      ReGFT's fine-tuning steps
   * @param dataProblems RL prompts the data stages sample
   * @param k            samples per held-out problem for maj@k and rerank@k
   * @param rmEpochs     passes of the reward model over its data
   */
  public DemoConfig withFullRows(int ftSteps, int dataProblems, int k, int rmEpochs) {
    List<Method> rows = new ArrayList<>(methods);
    GroupTrainer.Config grpo = groupRow(rows, "GRPO"), dapo = groupRow(rows, "DAPO");
    Evaluator.Config sampling = new Evaluator.Config(eval.maxNewTokens(), eval.batchSize(), 1.0, 1.0, eval.seed() + 1);
    rows.addAll(GuidedMethods.defaults(grpo, dapo, sftConfig(0), ftSteps, sftLr / 10, sampling, dataProblems));
    rows.add(new SampledRows.Voting("SFT maj@" + k, "SFT", k));
    rows.add(new SampledRows.Voting("PPO maj@" + k, "PPO", k));
    RewardModelTrainer.Config rm = RewardModelTrainer.Config.defaults().with("samplesPerQuestion=4", "sampling.maxNewTokens=" + sampling.maxNewTokens(),
        "sampling.batchSize=" + sampling.batchSize(), "sampling.seed=" + sampling.seed(), "epochs=" + rmEpochs, "batchSize=" + sftBatch,
        "microBatchSize=" + sftBatch, "lr=" + sftLr / 10, "maxLength=" + model.maxPositions());
    rows.add(new SampledRows.Reranking("SFT rerank@" + k, "SFT", k, dataProblems, rm));
    rows.add(new SampledRows.Reranking("PPO rerank@" + k, "PPO", k, dataProblems, rm));
    return withMethods(rows);
  }

  private static GroupTrainer.Config groupRow(List<Method> rows, String name) {
    for (Method m : rows) {
      if (m instanceof RlMethods.Group g && g.name().equals(name)) return g.config();
    }
    throw new IllegalStateException("no " + name + " row among " + rows.stream().map(Method::name).toList());
  }

  public DemoConfig withMethods(List<Method> newMethods) {
    return new DemoConfig(task, model, sftSteps, sftBatch, sftLr, newMethods, eval, passK, passProblems);
  }

  /**
   * SFT with the ReFT recipe's shape (AdamW, 5% warm-up then linear decay, clipping at 1, no weight decay)
   * at this model's scale: a peak learning rate of {@code sftLr} and {@code sftSteps} steps of
   * {@code sftBatch} demonstrations.
   */
  public SftTrainer.Config sftConfig(long seed) {
    return new SftTrainer.Config(sftLr, 0.05, 1, sftSteps, sftBatch, sftBatch, 1.0, 0.0, 1e-8, 0.9, 0.999, model.maxPositions(), true, seed,
        0, 0, 1);
  }

  /** The tokenizer of the task's alphabet. */
  public static CharTokenizer tokenizer() {
    return new CharTokenizer(SyntheticTask.alphabet());
  }
}
