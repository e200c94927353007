package org.reason4j.rl.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reason4j.rl.TinyModels;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.transformer.generate.GenerationConfig;
import org.reason4j.transformer.generate.GenerationResult;
import org.reason4j.transformer.generate.Generator;

/** Greedy accuracy and pass@k against a direct count, per tier. */
class EvaluatorTest {
  static final Policy POLICY = TinyModels.policy(31);
  /** Right when the response starts with a digit: about a quarter of random responses. */
  static final Evaluator.Judge STARTS_WITH_DIGIT = (r, p) -> !r.isEmpty() && Character.isDigit(r.charAt(0));

  static List<Problem> problems() {
    List<Problem> ps = new ArrayList<>(TinyModels.problems(0, 5));
    ps.addAll(TinyModels.problems(1, 4));
    return ps;
  }

  @Test
  void greedyAccuracyCountsTheGreedyResponsesTheJudgeAccepts() {
    List<Problem> ps = problems();
    Evaluator.Result r = new Evaluator(STARTS_WITH_DIGIT, new Evaluator.Config(6, 4, 1.0, 1.0, 3)).evaluate(POLICY, ps, 0, 0);
    Generator g = new Generator(POLICY.model(), POLICY.tokenizer());
    int right = 0, rightTier0 = 0;
    for (Problem p : ps) {
      String text = g.generate(List.of(POLICY.promptIds(p)), GenerationConfig.greedy(6, POLICY.eosIds())).get(0).text();
      if (STARTS_WITH_DIGIT.correct(text, p)) {
        right++;
        if (p.tier() == 0) rightTier0++;
      }
    }
    assertEquals((double) right / ps.size(), r.greedyAccuracy());
    assertEquals(2, r.tiers().size());
    assertEquals(rightTier0 / 5.0, r.tiers().get(0).greedyAccuracy());
    assertNull(r.passAtK());
    assertTrue(r.table().contains("all"), r.table());
  }

  @Test
  void passAtKIsTheUnbiasedEstimateOverTheSampledCounts() {
    List<Problem> ps = TinyModels.problems(0, 3);
    int n = 6, k = 2;
    Evaluator.Config c = new Evaluator.Config(4, 12, 1.0, 1.0, 77); // two problems per generate call
    Evaluator.Result r = new Evaluator(STARTS_WITH_DIGIT, c).evaluate(POLICY, ps, n, k);
    Generator g = new Generator(POLICY.model(), POLICY.tokenizer());
    double expected = 0;
    int totalRight = 0;
    for (int call = 0; call < 2; call++) {
      List<int[]> rows = new ArrayList<>();
      List<Problem> chunk = ps.subList(2 * call, Math.min(3, 2 * call + 2));
      for (Problem p : chunk) for (int s = 0; s < n; s++) rows.add(POLICY.promptIds(p));
      List<GenerationResult> res = g.generate(rows, GenerationConfig.sampling(4, 1.0, POLICY.eosIds(), 77 + call));
      for (int i = 0; i < chunk.size(); i++) {
        int right = 0;
        for (int s = 0; s < n; s++) if (STARTS_WITH_DIGIT.correct(res.get(i * n + s).text(), chunk.get(i))) right++;
        totalRight += right;
        expected += PassAtK.estimate(n, right, k);
      }
    }
    assertTrue(totalRight > 0 && totalRight < 3 * n, "the samples should be neither all right nor all wrong");
    assertEquals(expected / 3, r.passAtK(), 1e-12);
    assertTrue(r.table().contains("pass@2 (n=6)"), r.table());
    assertEquals(expected / 3, (Double) r.toJson().get("pass_at_k"), 1e-12);
  }

  @Test
  void kLargerThanTheSampleCountIsRejected() {
    Evaluator e = new Evaluator(STARTS_WITH_DIGIT, Evaluator.Config.defaults());
    assertThrows(IllegalArgumentException.class, () -> e.evaluate(POLICY, problems(), 2, 4));
  }
}
