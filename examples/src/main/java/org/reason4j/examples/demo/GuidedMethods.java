package org.reason4j.examples.demo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.eval.Evaluator;
import org.reason4j.rl.guide.GuideGrpo;
import org.reason4j.rl.guide.HintTemplate;
import org.reason4j.rl.guide.ReferencePrefix;
import org.reason4j.rl.guide.Regft;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.selftrain.OfflineSelfTraining;
import org.reason4j.rl.selftrain.OnlineSelfTraining;
import org.reason4j.rl.trainer.GroupTrainer;
import org.reason4j.rl.trainer.Relift;
import org.reason4j.rl.trainer.SftExample;
import org.reason4j.rl.trainer.SftPair;
import org.reason4j.rl.trainer.SftTrainer;
import org.reason4j.tensor.Rng;

/**
 * The demo's rows for the guided methods and the ReFT paper's self-training baselines (ALGORITHMS §6-9),
 * each the library's method run from a copy of the SFT checkpoint on the seed's RL prompts. What each may
 * know about the hardest tier, which SFT never demonstrated, is its paper's premise and no more: Guide-GRPO
 * sees a problem's hint (its first step) when a whole group failed, ReLIFT a demonstration of the questions
 * it fails, ReGFT a partial reference of the problems it finds hard. The self-training baselines get gold
 * solutions only where SFT had demonstrations (tiers below the hardest), as in the ReFT paper, where they
 * reuse the SFT data.
 */
public final class GuidedMethods {
  private GuidedMethods() {}

  /**
   * ReGFT (§8): pass rates of the SFT model on {@code dataProblems} of the RL prompts, positives of the
   * hard ones sampled with and without a partial reference, fine-tuning on them behind the plain prompt,
   * then DAPO with the DAPO row's settings.
   */
  public record RegftThenDapo(String name, Regft.Config config, int dataProblems) implements Method {
    public RegftThenDapo {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(config, "config");
      if (dataProblems < 1) throw new IllegalArgumentException("dataProblems must be >= 1, got " + dataProblems);
    }

    @Override
    public Policy train(Policy start, Context ctx) throws IOException {
      long s = ctx.seed();
      Regft.Config c = config.with("sampling.seed=" + s, "sft.seed=" + s, "dapo.seed=" + s);
      List<Problem> problems = sample(ctx.rlProblems(), dataProblems, s);
      Regft.run(c, start, problems, ctx.verifier(), ctx.run(), false, null);
      return start;
    }
  }

  /** A row that trains one group-trainer variant (Guide-GRPO, ReLIFT, online self-training) built for the seed. */
  public record GroupVariant(String name, TrainerFactory factory) implements Method {
    /** Builds the variant's trainer on {@code start} from the seed's prompts, verifier and run folder. */
    @FunctionalInterface
    public interface TrainerFactory {
      GroupTrainer create(Policy start, Context ctx);
    }

    public GroupVariant {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(factory, "factory");
    }

    @Override
    public Policy train(Policy start, Context ctx) throws IOException {
      GroupTrainer t = factory.create(start, ctx);
      t.train();
      return t.policy();
    }
  }

  /**
   * Offline self-training (§9.1): the SFT model (the warm-up) samples {@code dataProblems} of the RL
   * prompts; a fresh model is trained with the SFT recipe on the SFT demonstrations plus up to
   * {@code keepPerQuestion} distinct correct samples per prompt.
   */
  public record OfflineSt(String name, OfflineSelfTraining.Config config, int dataProblems, int maxLength) implements Method {
    public OfflineSt {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(config, "config");
      if (dataProblems < 1) throw new IllegalArgumentException("dataProblems must be >= 1, got " + dataProblems);
    }

    @Override
    public Policy train(Policy start, Context ctx) throws IOException {
      long s = ctx.seed();
      OfflineSelfTraining.Config c = config.with("addGold=false", "sampling.seed=" + s, "sft.seed=" + s);
      List<Problem> problems = sample(ctx.rlProblems(), dataProblems, s);
      List<SftPair> pairs = OfflineSelfTraining.buildData(c, start, problems, (r, p) -> ctx.verifier().verify(r, p).correct(),
          ctx.run().progress());
      Policy base = ctx.freshPolicy().apply(s);
      List<SftExample> examples = new ArrayList<>(ctx.task().sftExamples(base, s, maxLength));
      examples.addAll(SftPair.examples(base, pairs, maxLength));
      SftTrainer.onExamples(c.sft(), base, examples, ctx.run()).train();
      return base;
    }
  }

  /**
   * {@code n} of the problems (all of them if fewer), drawn without replacement by a stream of {@code seed}:
   * the RL prompts come in tier order, so their first n would be the easiest tiers only.
   */
  static List<Problem> sample(List<Problem> problems, int n, long seed) {
    if (n >= problems.size()) return problems;
    int[] order = new Rng(seed, 301).permutation(problems.size());
    List<Problem> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(problems.get(order[i]));
    return out;
  }

  /** The problems with their reference removed from tier {@code tiers} up, so that no gold row reaches them. */
  static List<Problem> goldOnlyBelow(List<Problem> problems, int tiers) {
    List<Problem> out = new ArrayList<>(problems.size());
    for (Problem p : problems) out.add(p.tier() < tiers ? p : new Problem(p.id(), p.question(), null, p.goldAnswer(), p.hint(), p.tier()));
    return out;
  }

  /**
   * The rows at the demo's scale, built from the plain rows' settings so that each differs from its plain
   * counterpart by its method only: Guide-GRPO is the GRPO row plus guidance; ReGFT's RL stage is the DAPO
   * row; ReLIFT is Dr. GRPO at the GRPO row's sizes with a fine-tuning step whenever a batch of failed
   * questions waits; online self-training samples one response per prompt at PPO's batch size; offline
   * self-training retrains from scratch with the demo's SFT recipe.
   *
   * @param grpo         the GRPO row's config
   * @param dapo         the DAPO row's config
   * @param sft          the demo's SFT recipe
   * @param ftSteps      ReGFT's fine-tuning steps
   * @param ftLr         the learning rate of ReGFT's and ReLIFT's fine-tuning
   * @param sampling     sampling of the data stages (ReGFT, offline self-training)
   * @param dataProblems RL prompts the data stages sample (a seeded draw across the tiers)
   */
  public static List<Method> defaults(GroupTrainer.Config grpo, GroupTrainer.Config dapo, SftTrainer.Config sft, int ftSteps, double ftLr,
      Evaluator.Config sampling, int dataProblems) {
    List<Method> out = new ArrayList<>();
    Regft.Config regft = new Regft.Config(Regft.Variant.REGFT, 8, 0.25, 4, 4, 0.8, ReferencePrefix.SYNTHETIC, 0, sampling,
        sft.with("totalSteps=" + ftSteps, "lr=" + ftLr), dapo);
    out.add(new RegftThenDapo("ReGFT+DAPO", regft, dataProblems));
    GuideGrpo.Config guide = new GuideGrpo.Config(grpo, GuideGrpo.Config.defaults().guide()).with("guide.hintTemplate=\"" + HintTemplate.SYNTHETIC + "\"");
    // Guide-GRPO (§6): the GRPO row's settings, with hints for groups whose rollouts all failed.
    out.add(new GroupVariant("Guide-GRPO",
        (p, ctx) -> GuideGrpo.trainer(guide.with("rl.seed=" + ctx.seed()), p, ctx.rlProblems(), ctx.verifier(), ctx.run())));
    Relift.Config relift = Relift.Config.defaults();
    relift = new Relift.Config(relift.rl().with("promptsPerStep=" + grpo.promptsPerStep(), "groupSize=" + grpo.groupSize(),
        "generationBatchPrompts=" + grpo.generationBatchPrompts(), "maxNewTokens=" + grpo.maxNewTokens(), "lr=" + grpo.lr(),
        "totalSteps=" + grpo.totalSteps(), "miniBatchSize=" + grpo.miniBatchSize(), "updatesPerBatch=" + grpo.updatesPerBatch(), "gradClip=1.0"),
        relift.relift().with("bufferSize=" + grpo.promptsPerStep(), "microBatchSize=" + grpo.promptsPerStep(), "lr=" + ftLr,
            "maxDemoTokens=" + sft.maxLength()), false);
    // ReLIFT (§7): Dr. GRPO without clipping, with fine-tuning steps on demonstrations of the questions it fails.
    Relift.Config reliftRow = relift;
    out.add(new GroupVariant("ReLIFT",
        (p, ctx) -> Relift.trainer(reliftRow.with("rl.seed=" + ctx.seed()), p, ctx.rlProblems(), ctx.verifier(), ctx.run())));
    OfflineSelfTraining.Config offline = new OfflineSelfTraining.Config(4, 4, false, sampling, sft);
    out.add(new OfflineSt("Offline-ST", offline, dataProblems, sft.maxLength()));
    OnlineSelfTraining.Config online = OnlineSelfTraining.Config.defaults();
    online = new OnlineSelfTraining.Config(online.rl().with("promptsPerStep=64", "generationBatchPrompts=64", "maxNewTokens=" + grpo.maxNewTokens(),
        "lr=" + grpo.lr(), "totalSteps=" + grpo.totalSteps(), "miniBatchSize=32", "epochs=1"), online.sampleWeight(), online.goldWeight(),
        sft.maxLength());
    // Online self-training (§9.2); gold rows only for prompts of the tiers SFT demonstrated.
    OnlineSelfTraining.Config onlineRow = online;
    out.add(new GroupVariant("Online-ST", (p, ctx) -> OnlineSelfTraining.trainer(onlineRow.with("rl.seed=" + ctx.seed()), p,
        goldOnlyBelow(ctx.rlProblems(), ctx.task().sftTiers()), ctx.verifier(), ctx.run())));
    return out;
  }
}
