package org.reason4j.rl.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.verify.Verdict;
import org.reason4j.rl.verify.Verifier;
import org.reason4j.transformer.generate.GenerationResult;

/**
 * The accuracies one set of N sampled responses per problem gives (the ReFT paper's inference-time
 * baselines, ALGORITHMS §9.3-9.4, and the unbiased pass@k, §8):
 * <pre>
 *   pass@k     1 − C(N−c, k)/C(N, k) over all N samples ({@link PassAtK})
 *   maj@K      the plurality answer of the first K samples, nulls dropped ({@link MajorityVote})
 *   rerank@K   among the first K samples WITH an answer, the one a reward model scores highest ({@link Rerank})
 * </pre>
 * overall and per difficulty tier. A question whose K samples have no answer at all counts as wrong for
 * both. Answers vote by their canonical form: a number rounded to 1e-6, else the text.
 */
public final class SampledEvaluation {
  private SampledEvaluation() {}

  /**
   * @param passK   k of pass@k (0 = not reported)
   * @param voteK   candidates for maj@K and rerank@K (0 = neither)
   * @param scorer  the reward model for rerank@K, or null
   */
  public record Settings(int passK, int voteK, CandidateScorer scorer) {
    public Settings {
      if (passK < 0 || voteK < 0) throw new IllegalArgumentException("k values must be >= 0");
    }
  }

  /** One row of the table (tier {@link Problem#NO_TIER} is "all"); null where not computed. */
  public record Row(int tier, int problems, Double passAtK, Double majority, Double rerank) {}

  public record Result(int samples, Settings settings, List<Row> tiers, Row all) {
    public String table() {
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-6s %9s", "tier", "problems"));
      if (settings.passK() > 0) sb.append(String.format(Locale.ROOT, " %14s", "pass@" + settings.passK() + " (n=" + samples + ")"));
      if (settings.voteK() > 0) sb.append(String.format(Locale.ROOT, " %9s", "maj@" + settings.voteK()));
      if (settings.scorer() != null) sb.append(String.format(Locale.ROOT, " %10s", "rerank@" + settings.voteK()));
      sb.append('\n');
      for (Row r : tiers) row(sb, String.valueOf(r.tier()), r);
      row(sb, "all", all);
      return sb.toString();
    }

    private void row(StringBuilder sb, String name, Row r) {
      sb.append(String.format(Locale.ROOT, "%-6s %9d", name, r.problems()));
      if (r.passAtK() != null) sb.append(String.format(Locale.ROOT, " %14.4f", r.passAtK()));
      if (r.majority() != null) sb.append(String.format(Locale.ROOT, " %9.4f", r.majority()));
      if (r.rerank() != null) sb.append(String.format(Locale.ROOT, " %10.4f", r.rerank()));
      sb.append('\n');
    }

    public Map<String, Object> toJson() {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("samples", (long) samples);
      j.put("pass_k", (long) settings.passK());
      j.put("vote_k", (long) settings.voteK());
      j.put("all", json(all));
      List<Object> ts = new ArrayList<>();
      for (Row r : tiers) ts.add(json(r));
      j.put("tiers", ts);
      return j;
    }

    private static Map<String, Object> json(Row r) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("tier", (long) r.tier());
      m.put("problems", (long) r.problems());
      m.put("pass_at_k", r.passAtK());
      m.put("maj_at_k", r.majority());
      m.put("rerank_at_k", r.rerank());
      return m;
    }
  }

  /** The per-problem outcomes: correct samples among all N, and whether maj@K and rerank@K got it right. */
  record Outcome(int correct, boolean majority, boolean rerank) {}

  public static Result evaluate(List<Problem> problems, List<List<GenerationResult>> responses, Verifier verifier, Settings s) {
    if (problems.size() != responses.size()) throw new IllegalArgumentException(problems.size() + " problems but " + responses.size() + " response lists");
    int n = responses.isEmpty() ? 0 : responses.get(0).size();
    if (s.passK() > n || s.voteK() > n) throw new IllegalArgumentException("k exceeds the " + n + " samples per problem");
    Outcome[] outcomes = new Outcome[problems.size()];
    Map<Integer, List<Integer>> byTier = new TreeMap<>();
    for (int i = 0; i < problems.size(); i++) {
      outcomes[i] = outcome(problems.get(i), responses.get(i), verifier, s);
      if (problems.get(i).tier() != Problem.NO_TIER) byTier.computeIfAbsent(problems.get(i).tier(), t -> new ArrayList<>()).add(i);
    }
    List<Row> tiers = new ArrayList<>();
    for (Map.Entry<Integer, List<Integer>> e : byTier.entrySet()) tiers.add(summarise(e.getKey(), e.getValue(), outcomes, n, s));
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < problems.size(); i++) all.add(i);
    return new Result(n, s, tiers, summarise(Problem.NO_TIER, all, outcomes, n, s));
  }

  static Outcome outcome(Problem p, List<GenerationResult> samples, Verifier verifier, Settings s) {
    List<Verdict> verdicts = new ArrayList<>(samples.size());
    int correct = 0;
    for (GenerationResult r : samples) {
      Verdict v = verifier.verify(r.text(), p);
      verdicts.add(v);
      if (v.correct()) correct++;
    }
    List<Verdict> first = verdicts.subList(0, s.voteK());
    boolean majority = s.voteK() > 0 && majorityCorrect(first);
    boolean rerank = false;
    if (s.scorer() != null && s.voteK() > 0) {
      List<int[]> sequences = new ArrayList<>();
      for (GenerationResult r : samples.subList(0, s.voteK())) sequences.add(concat(r.promptIds(), r.ids()));
      double[] scores = s.scorer().probabilityCorrect(sequences);
      List<Rerank.Candidate<String>> candidates = new ArrayList<>();
      for (int i = 0; i < first.size(); i++) candidates.add(new Rerank.Candidate<>(first.get(i).answer(), scores[i]));
      OptionalInt pick = Rerank.select(candidates);
      rerank = pick.isPresent() && first.get(pick.getAsInt()).correct();
    }
    return new Outcome(correct, majority, rerank);
  }

  /** Whether the plurality answer is right: the verdict of the first sample that gave it. */
  static boolean majorityCorrect(List<Verdict> verdicts) {
    Object winner = MajorityVote.plurality(verdicts, v -> v.answer() == null ? null : canonical(v.answer()));
    if (winner == null) return false;
    for (Verdict v : verdicts) if (v.answer() != null && canonical(v.answer()).equals(winner)) return v.correct();
    return false;
  }

  /** A number rounded to 1e-6 when the answer parses as one, else the answer's text. */
  static Object canonical(String answer) {
    try {
      double x = Double.parseDouble(answer.strip());
      if (!Double.isNaN(x) && !Double.isInfinite(x)) return MajorityVote.canonical(x);
    } catch (NumberFormatException e) {
      // not a number: votes as text
    }
    return answer.strip();
  }

  private static Row summarise(int tier, List<Integer> rows, Outcome[] outcomes, int n, Settings s) {
    double pass = 0, maj = 0, rerank = 0;
    for (int i : rows) {
      if (s.passK() > 0) pass += PassAtK.estimate(n, outcomes[i].correct(), s.passK());
      if (outcomes[i].majority()) maj++;
      if (outcomes[i].rerank()) rerank++;
    }
    int size = rows.size();
    return new Row(tier, size, s.passK() > 0 ? pass / size : null, s.voteK() > 0 ? maj / size : null,
        s.scorer() != null && s.voteK() > 0 ? rerank / size : null);
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
