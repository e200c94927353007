package org.reason4j.rl.guide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.reason4j.rl.checkpoint.CheckpointIO;
import org.reason4j.rl.config.ConfigBinder;
import org.reason4j.rl.config.Overrides;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.eval.Evaluator;
import org.reason4j.rl.eval.ResponseSampler;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.PromptFormat;
import org.reason4j.rl.trainer.GroupTrainer;
import org.reason4j.rl.trainer.RunOptions;
import org.reason4j.rl.trainer.SftPair;
import org.reason4j.rl.trainer.SftTrainer;
import org.reason4j.rl.verify.Verifier;
import org.reason4j.transformer.generate.GenerationResult;

/**
 * ReGFT, reference-guided fine-tuning before RL (Wu et al. 2026, "Learn Hard Problems During RL with
 * Reference Guided Fine-tuning"; ALGORITHMS §8), as a pipeline over the core trainers:
 * <pre>
 *   1. hard set     sample n (16) responses per problem from the base model; hard iff pass rate p &lt; 0.25
 *   2. plain        sample K per hard problem behind the plain prompt; keep the verified-correct ones
 *   3. guided       sample K behind question + the first 80 % of the reference ({@link ReferencePrefix});
 *                   keep the verified-correct ones
 *   4. SFT data     (plain question prompt, trajectory) for both, exact duplicates removed: the reference
 *                   is never in the input and never a target
 *   5. SFT          the base model on that data ({@link SftTrainer})
 *   6. DAPO         from the ReGFT checkpoint on the full training set ({@link GroupTrainer})
 * </pre>
 * The ablations of the paper are {@link Variant}s: RL from the raw model, SFT on plain (ReFT-style)
 * positives only, SFT on the human references of the hard problems.
 *
 * <p>With a run folder, stage outputs are kept ({@code data.jsonl}, {@code sft/}, {@code dapo/}) and a resumed
 * run reuses the data and continues each trainer from its newest checkpoint.
 */
public final class Regft {
  private Regft() {}

  /** What precedes DAPO. */
  public enum Variant {
    /** SFT on plain and reference-guided positives of the hard problems (ReGFT). */
    REGFT,
    /** SFT on plain positives only (the paper's "ReFT" row: rejection-sampled self-generated solutions). */
    REFT_ONLY,
    /** SFT on the human reference solutions of the hard problems. */
    HUMAN_REFERENCE,
    /** No SFT: DAPO from the base model. */
    RAW
  }

  /** Sources of SFT targets, as written in {@code data.jsonl}. */
  public static final String PLAIN = "plain", GUIDED = "guided", REFERENCE = "reference";

  /**
   * @param passRateSamples n, samples per problem for the pass rate [blog: 16]
   * @param hardThreshold   hard iff p &lt; this [blog: 0.25]
   * @param plainSamples    K behind the plain prompt [paper coverage study: 64; training K unconfirmed]
   * @param guidedSamples   K behind the reference-guided prompt [same]
   * @param prefixFraction  share of the reference shown [blog: 0.8]
   * @param guidedTemplate  the reference-guided prompt ({@link ReferencePrefix})
   * @param maxPerProblem   positives kept per problem after deduplication, 0 = all [ours]
   * @param sampling        sampling for steps 1-3 (τ, top-p, length, generator rows, seed)
   * @param sft             step 5 [recipe not found: §2 defaults with fewer epochs, ours]
   * @param dapo            step 6 [blog: lr 1e-6, 20 warm-up steps, 512 x 16, ε 0.2/0.28, 16384 tokens, τ 0.7, top-p 0.9]
   */
  public record Config(Variant variant, int passRateSamples, double hardThreshold, int plainSamples, int guidedSamples, double prefixFraction,
      String guidedTemplate, int maxPerProblem, Evaluator.Config sampling, SftTrainer.Config sft, GroupTrainer.Config dapo) {
    public Config {
      Objects.requireNonNull(variant, "variant");
      Objects.requireNonNull(sampling, "sampling");
      Objects.requireNonNull(sft, "sft");
      Objects.requireNonNull(dapo, "dapo");
      if (passRateSamples < 1 || plainSamples < 0 || guidedSamples < 0 || maxPerProblem < 0) {
        throw new IllegalArgumentException("passRateSamples must be >= 1; plainSamples, guidedSamples and maxPerProblem >= 0");
      }
      new ReferencePrefix(guidedTemplate, prefixFraction);
    }

    public static Config defaults() {
      Evaluator.Config sampling = new Evaluator.Config(16384, 64, 0.7, 0.9, 1234);
      SftTrainer.Config sft = SftTrainer.Config.defaults().with("epochs=3");
      GroupTrainer.Config dapo = GroupTrainer.Config.dapo().with("maxNewTokens=16384", "temperature=0.7", "topP=0.9", "miniBatchSize=2048",
          "overlongBuffer=4096");
      return new Config(Variant.REGFT, 16, 0.25, 64, 64, 0.8, ReferencePrefix.DEFAULT, 0, sampling, sft, dapo);
    }

    /** This config with {@code key=value} assignments applied ({@code sft.lr=...}, {@code dapo.groupSize=...}). */
    public Config with(String... assignments) {
      return ConfigBinder.bind(Config.class, Overrides.apply(ConfigBinder.toMap(this), List.of(assignments)));
    }

    public ReferencePrefix prefix() {
      return new ReferencePrefix(guidedTemplate, prefixFraction);
    }
  }

  /**
   * What the data stage found: the hard problems with their pass rates, the SFT pairs, and coverage counts
   * (hard problems solved by plain sampling, by guided sampling, by guided only).
   */
  public record Data(List<Problem> hard, Map<String, Double> passRates, List<SftPair> pairs, Map<String, Object> stats) {}

  /** What a whole run produced: the data stage and the two trainers' metric lines (empty when skipped). */
  public record Result(Data data, List<Map<String, Object>> sft, List<Map<String, Object>> dapo) {}

  // ------------------------------------------------------------------ steps 1-4

  /** Pass rates over n samples; problems without a reference solution are left out (they cannot be guided). */
  public static Map<String, Double> passRates(Config c, Policy base, List<Problem> problems, Evaluator.Judge judge, boolean progress) {
    List<List<GenerationResult>> samples = ResponseSampler.sample(base, problems, c.passRateSamples(), c.sampling(),
        progress ? "regft pass rates" : null);
    Map<String, Double> rates = new LinkedHashMap<>();
    for (int i = 0; i < problems.size(); i++) {
      int right = 0;
      for (GenerationResult r : samples.get(i)) if (judge.correct(r.text(), problems.get(i))) right++;
      rates.put(problems.get(i).id(), (double) right / c.passRateSamples());
    }
    return rates;
  }

  /** The hard set: problems with a reference and a pass rate below the threshold. */
  public static List<Problem> hardSet(List<Problem> problems, Map<String, Double> passRates, double threshold) {
    List<Problem> hard = new ArrayList<>();
    for (Problem p : problems) if (p.hasReference() && passRates.get(p.id()) < threshold) hard.add(p);
    return hard;
  }

  /** Steps 1-4: the hard set and the SFT pairs of the config's variant; {@code judge} verifies responses. */
  public static Data buildData(Config c, Policy base, List<Problem> train, Evaluator.Judge judge, boolean progress) {
    List<Problem> withReference = new ArrayList<>();
    for (Problem p : train) if (p.hasReference()) withReference.add(p);
    if (c.variant() == Variant.RAW) return new Data(List.of(), Map.of(), List.of(), Map.of());
    Map<String, Double> rates = passRates(c, base, withReference, judge, progress);
    List<Problem> hard = hardSet(withReference, rates, c.hardThreshold());
    List<SftPair> pairs = new ArrayList<>();
    Set<String> plainSolved = new HashSet<>(), guidedSolved = new HashSet<>();
    if (c.variant() == Variant.HUMAN_REFERENCE) {
      for (Problem p : hard) pairs.add(new SftPair(p.id(), REFERENCE, base.format().sftPrompt(p), base.format().target(p)));
    } else {
      pairs.addAll(positives(c, base, hard, hard, c.plainSamples(), PLAIN, judge, progress, plainSolved));
      if (c.variant() == Variant.REGFT) {
        List<Problem> guided = new ArrayList<>(hard.size());
        for (Problem p : hard) guided.add(c.prefix().guided(p, base.tokenizer()));
        pairs.addAll(positives(c, base, hard, guided, c.guidedSamples(), GUIDED, judge, progress, guidedSolved));
      }
    }
    return new Data(hard, rates, dedupe(pairs, c.maxPerProblem()), coverage(train.size(), hard.size(), plainSolved, guidedSolved));
  }

  /**
   * Verified-correct responses to {@code asked} (the prompts sampled behind), paired with the plain SFT
   * prompt of the matching problem in {@code plain}: the guided prompt never becomes a training input.
   */
  private static List<SftPair> positives(Config c, Policy base, List<Problem> plain, List<Problem> asked, int k, String source,
      Evaluator.Judge judge, boolean progress, Set<String> solved) {
    if (k == 0 || plain.isEmpty()) return List.of();
    List<List<GenerationResult>> samples = ResponseSampler.sample(base, asked, k, c.sampling(), progress ? "regft " + source + " samples" : null);
    List<SftPair> out = new ArrayList<>();
    for (int i = 0; i < plain.size(); i++) {
      Problem p = plain.get(i);
      for (GenerationResult r : samples.get(i)) {
        if (!judge.correct(r.text(), p)) continue;
        solved.add(p.id());
        out.add(new SftPair(p.id(), source, base.format().sftPrompt(p), rolloutTail(base.format(), p) + r.text()));
      }
    }
    return out;
  }

  /**
   * The part of the rollout prompt past the SFT prompt (ReFT P-CoT's program header), which an SFT target
   * must write itself; empty for formats whose two prompts agree.
   */
  public static String rolloutTail(PromptFormat format, Problem p) {
    String rollout = format.prompt(p), sft = format.sftPrompt(p);
    return rollout.startsWith(sft) ? rollout.substring(sft.length()) : "";
  }

  /** Exact duplicates (same problem, same target) removed, first kept; at most {@code cap} per problem (0 = all). */
  static List<SftPair> dedupe(List<SftPair> pairs, int cap) {
    Set<String> seen = new HashSet<>();
    Map<String, Integer> perProblem = new LinkedHashMap<>();
    List<SftPair> out = new ArrayList<>();
    for (SftPair p : pairs) {
      if (!seen.add(p.problemId() + "\u0000" + p.target())) continue;
      int n = perProblem.merge(p.problemId(), 1, Integer::sum);
      if (cap == 0 || n <= cap) out.add(p);
    }
    return out;
  }

  private static Map<String, Object> coverage(int problems, int hard, Set<String> plain, Set<String> guided) {
    Set<String> onlyGuided = new HashSet<>(guided), onlyPlain = new HashSet<>(plain), any = new HashSet<>(plain);
    onlyGuided.removeAll(plain);
    onlyPlain.removeAll(guided);
    any.addAll(guided);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("problems", (long) problems);
    m.put("hard", (long) hard);
    m.put("hard_solved_plain", (long) plain.size());
    m.put("hard_solved_guided", (long) guided.size());
    m.put("hard_solved_only_guided", (long) onlyGuided.size());
    m.put("hard_solved_only_plain", (long) onlyPlain.size());
    m.put("hard_solved_any", (long) any.size());
    return m;
  }

  // ------------------------------------------------------------------ steps 5-6

  /**
   * The whole pipeline on {@code policy}, which ends as the DAPO-trained model. {@code evaluation} (may be
   * null) scores both trainers' checkpoints. With {@code options.outDir()} set, a rerun with
   * {@code resume} reuses {@code data.jsonl} and continues the trainers from their newest checkpoints.
   */
  public static Result run(Config c, Policy policy, List<Problem> train, Verifier verifier, RunOptions options, boolean resume,
      ToDoubleFunction<Policy> evaluation) throws IOException {
    return run(c, policy, train, verifier, (r, p) -> verifier.verify(r, p).correct(), options, resume, evaluation);
  }

  /** The same with the data stage judged by {@code judge} (tests stub it); DAPO's rewards use {@code verifier}. */
  static Result run(Config c, Policy policy, List<Problem> train, Verifier verifier, Evaluator.Judge judge, RunOptions options,
      boolean resume, ToDoubleFunction<Policy> evaluation) throws IOException {
    Path out = options.outDir();
    Path dataFile = out == null ? null : out.resolve("data.jsonl");
    Data data;
    if (resume && dataFile != null && Files.exists(dataFile)) {
      data = new Data(List.of(), Map.of(), SftPair.read(dataFile), Map.of("reused", dataFile.toString()));
    } else {
      data = buildData(c, policy, train, judge, options.progress());
      if (dataFile != null) {
        Files.createDirectories(out);
        SftPair.write(dataFile, data.pairs());
      }
    }
    List<Map<String, Object>> sft = List.of();
    if (c.variant() != Variant.RAW && !data.pairs().isEmpty()) {
      SftTrainer trainer = SftTrainer.onExamples(c.sft(), policy, SftPair.examples(policy, data.pairs(), c.sft().maxLength()), stage(options, "sft"));
      if (evaluation != null) trainer.withEvaluation(evaluation);
      Path checkpoint = resume && out != null ? CheckpointIO.latest(out.resolve("sft")).orElse(null) : null;
      if (checkpoint != null) trainer.resume(checkpoint);
      sft = trainer.train();
    }
    GroupTrainer dapo = new GroupTrainer(c.dapo(), policy, train, verifier, stage(options, "dapo"));
    if (evaluation != null) dapo.withEvaluation(evaluation);
    Path checkpoint = resume && out != null ? CheckpointIO.latest(out.resolve("dapo")).orElse(null) : null;
    if (checkpoint != null) dapo.resume(checkpoint);
    return new Result(data, sft, dapo.train());
  }

  private static RunOptions stage(RunOptions options, String name) {
    return options.outDir() == null ? options : new RunOptions(options.outDir().resolve(name), options.progress());
  }
}
