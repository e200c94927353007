package org.reason4j.examples.demo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.eval.SampledEvaluation;
import org.reason4j.rl.rewardmodel.RewardModel;
import org.reason4j.rl.rewardmodel.RewardModelData;
import org.reason4j.rl.rewardmodel.RewardModelTrainer;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.verify.Verifier;
import org.reason4j.transformer.generate.GenerationResult;

/**
 * The ReFT paper's inference-time rows (ALGORITHMS §9.3-9.4): an earlier row's policy answering by majority
 * vote over k samples (maj@k), or by the sample a reward model scores highest among those with an answer
 * (rerank@k). They train no policy; the tier columns hold maj@k or rerank@k instead of greedy accuracy, and
 * the pass@k columns stay empty.
 */
public final class SampledRows {
  private SampledRows() {}

  /** maj@k of the policy of row {@code of} ("SFT", "PPO"). */
  public record Voting(String name, String of, int k) implements Method {
    public Voting {
      Objects.requireNonNull(of, "of");
      if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
    }

    @Override
    public Policy train(Policy start, Context ctx) {
      return earlier(ctx, of);
    }

    @Override
    public Scores evaluate(Policy trained, DemoEvaluation evaluation) {
      return scores(evaluation, trained, new SampledEvaluation.Settings(0, k, null), false);
    }
  }

  /**
   * rerank@k of the policy of row {@code of}: a reward model whose backbone starts from that policy is
   * trained on samples of the SFT model (the warm-up checkpoint) on {@code dataProblems} of the RL
   * prompts (a seeded draw across the tiers), labelled by the verifier, as the ReFT paper trains its reranker on warm-up samples.
   */
  public static final class Reranking implements Method {
    private final String name, of;
    private final int k, dataProblems;
    private final RewardModelTrainer.Config config;
    private RewardModel model;

    public Reranking(String name, String of, int k, int dataProblems, RewardModelTrainer.Config config) {
      this.name = Objects.requireNonNull(name, "name");
      this.of = Objects.requireNonNull(of, "of");
      if (k < 1 || dataProblems < 1) throw new IllegalArgumentException("k and dataProblems must be >= 1, got " + k + ", " + dataProblems);
      this.k = k;
      this.dataProblems = dataProblems;
      this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Policy train(Policy start, Context ctx) throws IOException {
      Policy policy = earlier(ctx, of);
      RewardModelTrainer.Config c = config.with("seed=" + ctx.seed(), "sampling.seed=" + ctx.seed());
      List<Problem> problems = GuidedMethods.sample(ctx.rlProblems(), dataProblems, ctx.seed());
      List<RewardModelData> data = RewardModelData.build(earlier(ctx, "SFT"), problems, c.samplesPerQuestion(), c.sampling(),
          (r, p) -> ctx.verifier().verify(r, p).correct(), c.maxLength(), ctx.run().progress());
      Policy backbone = ctx.freshPolicy().apply(ctx.seed());
      backbone.model().loadStateDict(policy.model().stateDict(), true);
      model = new RewardModel(backbone.model(), ctx.seed());
      new RewardModelTrainer(c, model, data, ctx.run()).train();
      return policy;
    }

    @Override
    public Scores evaluate(Policy trained, DemoEvaluation evaluation) {
      return scores(evaluation, trained, new SampledEvaluation.Settings(0, k, model), true);
    }
  }

  static Policy earlier(Method.Context ctx, String row) {
    Policy p = ctx.earlier().get(row);
    if (p == null) throw new IllegalStateException("row " + row + " must run before this one (rows so far: " + ctx.earlier().keySet() + ")");
    return p;
  }

  /** maj@k or rerank@k per tier over every held-out problem, from k samples each. */
  static Scores scores(DemoEvaluation evaluation, Policy policy, SampledEvaluation.Settings settings, boolean rerank) {
    List<Problem> all = evaluation.allHeldOut();
    List<List<GenerationResult>> samples = evaluation.evaluator().sampleResponses(policy, all, settings.voteK());
    SampledEvaluation.Result r = SampledEvaluation.evaluate(all, samples, Verifier.synthetic(), settings);
    List<Double> tiers = new ArrayList<>();
    for (SampledEvaluation.Row row : r.tiers()) tiers.add(rerank ? row.rerank() : row.majority());
    double overall = rerank ? r.all().rerank() : r.all().majority();
    return new Scores(tiers, overall, Double.NaN, Double.NaN);
  }
}
