package org.reason4j.rl.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.verify.Verifier;
import org.reason4j.transformer.generate.GenerationConfig;
import org.reason4j.transformer.generate.GenerationResult;
import org.reason4j.transformer.generate.Generator;

/**
 * Accuracy of a policy on a data set: greedy (top-1) accuracy, and the unbiased pass@k (Chen et al. 2021;
 * {@link PassAtK}) from N sampled responses per problem, overall and per difficulty tier when the problems
 * have tiers. Prompts go to the generator in batches; sample j of problem i comes from a seed that depends
 * only on (seed, call), so a run is reproducible.
 *
 * <p>It holds no policy: the same evaluator scores a model before and after training (the trainers call
 * {@link #greedyAccuracy} as their evaluation hook).
 */
public final class Evaluator {

  /** Whether a response answers a problem correctly. */
  @FunctionalInterface
  public interface Judge {
    boolean correct(String response, Problem problem);
  }

  /**
   * @param maxNewTokens response limit
   * @param batchSize    generator rows per call (prompts, or prompts × N when sampling)
   * @param temperature  sampling temperature for pass@k (greedy accuracy ignores it)
   * @param topP         nucleus filter for pass@k samples (1 = off)
   * @param seed         base seed of the samples
   */
  public record Config(int maxNewTokens, int batchSize, double temperature, double topP, long seed) {
    public Config {
      if (maxNewTokens < 1 || batchSize < 1) throw new IllegalArgumentException("maxNewTokens and batchSize must be >= 1");
    }

    public static Config defaults() {
      return new Config(256, 64, 1.0, 1.0, 1234);
    }
  }

  /** One tier's numbers (tier {@link Problem#NO_TIER} for problems without one). */
  public record TierResult(int tier, int problems, double greedyAccuracy, Double passAtK) {}

  /**
   * @param k       the k of pass@k, 0 when no sampling was done
   * @param samples N, responses sampled per problem (0 = none)
   * @param passAtK mean pass@k, or null without sampling
   * @param tiers   per tier, in tier order (empty when no problem has a tier)
   */
  public record Result(int problems, double greedyAccuracy, int k, int samples, Double passAtK, List<TierResult> tiers, double seconds) {

    /** A text table: one row per tier, then "all". */
    public String table() {
      String pass = k > 0 ? String.format(Locale.ROOT, "pass@%d (n=%d)", k, samples) : null;
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "%-6s %9s %8s", "tier", "problems", "greedy"));
      if (pass != null) sb.append(String.format(Locale.ROOT, " %14s", pass));
      sb.append('\n');
      for (TierResult t : tiers) row(sb, String.valueOf(t.tier()), t.problems(), t.greedyAccuracy(), t.passAtK());
      row(sb, "all", problems, greedyAccuracy, passAtK);
      return sb.toString();
    }

    private static void row(StringBuilder sb, String name, int n, double greedy, Double pass) {
      sb.append(String.format(Locale.ROOT, "%-6s %9d %8.4f", name, n, greedy));
      if (pass != null) sb.append(String.format(Locale.ROOT, " %14.4f", pass));
      sb.append('\n');
    }

    /** JSON-ready: {@code {"problems", "greedy_accuracy", "k", "samples", "pass_at_k", "seconds", "tiers": [...]}}. */
    public Map<String, Object> toJson() {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("problems", (long) problems);
      j.put("greedy_accuracy", greedyAccuracy);
      j.put("k", (long) k);
      j.put("samples", (long) samples);
      j.put("pass_at_k", passAtK);
      j.put("seconds", seconds);
      List<Object> ts = new ArrayList<>();
      for (TierResult t : tiers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tier", (long) t.tier());
        m.put("problems", (long) t.problems());
        m.put("greedy_accuracy", t.greedyAccuracy());
        m.put("pass_at_k", t.passAtK());
        ts.add(m);
      }
      j.put("tiers", ts);
      return j;
    }
  }

  private final Judge judge;
  private final Config config;

  public Evaluator(Verifier verifier, Config config) {
    this((response, problem) -> verifier.verify(response, problem).correct(), config);
  }

  public Evaluator(Judge judge, Config config) {
    this.judge = judge;
    this.config = config;
  }

  /** Greedy accuracy only. */
  public double greedyAccuracy(Policy policy, List<Problem> problems) {
    return evaluate(policy, problems, 0, 0).greedyAccuracy();
  }

  /**
   * Greedy accuracy, and pass@k from {@code samples} responses per problem when {@code samples > 0}.
   */
  public Result evaluate(Policy policy, List<Problem> problems, int samples, int k) {
    if (problems.isEmpty()) throw new IllegalArgumentException("no problems to evaluate");
    if (samples > 0 && (k < 1 || k > samples)) throw new IllegalArgumentException("pass@k needs 1 <= k <= samples, got k=" + k + " samples=" + samples);
    long t0 = System.nanoTime();
    boolean[] greedy = greedyCorrect(policy, problems);
    int[] correct = samples > 0 ? sampledCorrect(policy, problems, samples) : null;
    Map<Integer, List<Integer>> byTier = new TreeMap<>();
    boolean tiered = false;
    for (int i = 0; i < problems.size(); i++) {
      byTier.computeIfAbsent(problems.get(i).tier(), t -> new ArrayList<>()).add(i);
      tiered |= problems.get(i).tier() != Problem.NO_TIER;
    }
    List<TierResult> tiers = new ArrayList<>();
    if (tiered) for (Map.Entry<Integer, List<Integer>> e : byTier.entrySet()) tiers.add(summarise(e.getKey(), e.getValue(), greedy, correct, samples, k));
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < problems.size(); i++) all.add(i);
    TierResult total = summarise(Problem.NO_TIER, all, greedy, correct, samples, k);
    return new Result(problems.size(), total.greedyAccuracy(), samples > 0 ? k : 0, samples, total.passAtK(), tiers, (System.nanoTime() - t0) / 1e9);
  }

  private static TierResult summarise(int tier, List<Integer> rows, boolean[] greedy, int[] correct, int samples, int k) {
    int right = 0;
    double pass = 0;
    for (int i : rows) {
      if (greedy[i]) right++;
      if (correct != null) pass += PassAtK.estimate(samples, correct[i], k);
    }
    return new TierResult(tier, rows.size(), (double) right / rows.size(), correct == null ? null : pass / rows.size());
  }

  private boolean[] greedyCorrect(Policy policy, List<Problem> problems) {
    Generator generator = new Generator(policy.model(), policy.tokenizer());
    GenerationConfig greedy = GenerationConfig.greedy(config.maxNewTokens(), policy.eosIds());
    boolean[] out = new boolean[problems.size()];
    for (int start = 0; start < problems.size(); start += config.batchSize()) {
      List<Problem> chunk = problems.subList(start, Math.min(problems.size(), start + config.batchSize()));
      List<int[]> prompts = new ArrayList<>();
      for (Problem p : chunk) prompts.add(policy.promptIds(p));
      List<GenerationResult> res = generator.generate(prompts, greedy);
      for (int i = 0; i < chunk.size(); i++) out[start + i] = judge.correct(res.get(i).text(), chunk.get(i));
    }
    return out;
  }

  private int[] sampledCorrect(Policy policy, List<Problem> problems, int samples) {
    List<List<GenerationResult>> responses = sampleResponses(policy, problems, samples);
    int[] out = new int[problems.size()];
    for (int i = 0; i < out.length; i++) {
      for (GenerationResult r : responses.get(i)) if (judge.correct(r.text(), problems.get(i))) out[i]++;
    }
    return out;
  }

  /**
   * N sampled responses per problem (the config's temperature, top-p and seed), the raw material of pass@k
   * and of majority voting or reranking over samples. Call c of the generator gets seed + c.
   */
  public List<List<GenerationResult>> sampleResponses(Policy policy, List<Problem> problems, int samples) {
    if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, got " + samples);
    Generator generator = new Generator(policy.model(), policy.tokenizer());
    GenerationConfig sampling = GenerationConfig.sampling(config.maxNewTokens(), config.temperature(), policy.eosIds(), config.seed())
        .withTopP(config.topP());
    int perCall = Math.max(1, config.batchSize() / samples);
    List<List<GenerationResult>> out = new ArrayList<>(problems.size());
    for (int start = 0, call = 0; start < problems.size(); start += perCall, call++) {
      List<Problem> chunk = problems.subList(start, Math.min(problems.size(), start + perCall));
      List<int[]> rows = new ArrayList<>();
      for (Problem p : chunk) {
        int[] ids = policy.promptIds(p);
        for (int s = 0; s < samples; s++) rows.add(ids);
      }
      List<GenerationResult> res = generator.generate(rows, sampling.withSeed(config.seed() + call));
      for (int i = 0; i < chunk.size(); i++) out.add(new ArrayList<>(res.subList(i * samples, (i + 1) * samples)));
    }
    return out;
  }
}
