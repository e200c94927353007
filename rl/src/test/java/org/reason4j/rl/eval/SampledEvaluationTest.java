package org.reason4j.rl.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.verify.Verdict;
import org.reason4j.rl.verify.Verifier;
import org.reason4j.transformer.generate.FinishReason;
import org.reason4j.transformer.generate.GenerationResult;

/** maj@k, rerank@k and pass@k from one set of samples (ALGORITHMS §9.3-9.4, §8 metric). */
class SampledEvaluationTest {

  static GenerationResult response(String text, int marker) {
    return new GenerationResult(new int[] {1}, new int[] {marker, 2}, text, new float[] {0f, 0f}, FinishReason.EOS);
  }

  static Problem problem(String id, String gold, int tier) {
    return new Problem(id, "q", null, gold, null, tier);
  }

  @Test
  void votingDropsNullsCanonicalisesNumbersAndBreaksTiesByTheFirstAnswerSeen() {
    assertTrue(SampledEvaluation.majorityCorrect(List.of(new Verdict(null, false), new Verdict(null, false), new Verdict("5", false),
        new Verdict("7", true), new Verdict("7.0000001", true))));
    assertFalse(SampledEvaluation.majorityCorrect(List.of(new Verdict("5", false), new Verdict("7", true))), "a tie goes to the first answer");
    assertTrue(SampledEvaluation.majorityCorrect(List.of(new Verdict("7", true), new Verdict("5", false))));
    assertFalse(SampledEvaluation.majorityCorrect(List.of(new Verdict(null, false), new Verdict(null, false))), "all null is wrong");
    assertEquals(SampledEvaluation.canonical("3"), SampledEvaluation.canonical("3.0000000001"));
    assertEquals("b", SampledEvaluation.canonical(" b "));
  }

  @Test
  void rerankingNeverPicksACandidateWithoutAnAnswer() {
    Problem p = problem("a", "7", Problem.NO_TIER);
    // Marker token 9 = no answer, scored highest; 8 = wrong answer, scored middle; 7 = right answer, scored lowest.
    CandidateScorer scorer = seqs -> seqs.stream().mapToDouble(s -> s[1] == 9 ? 0.99 : s[1] == 8 ? 0.6 : 0.2).toArray();
    List<GenerationResult> samples = List.of(response("no answer", 9), response("#### 5", 8), response("#### 7", 7));
    SampledEvaluation.Outcome o = SampledEvaluation.outcome(p, samples, Verifier.gsm8k(), new SampledEvaluation.Settings(0, 3, scorer));
    assertFalse(o.rerank(), "the best-scored answered candidate is the wrong one");
    List<GenerationResult> onlyRightAnswered = List.of(response("no answer", 9), response("nothing", 9), response("#### 7", 7));
    assertTrue(SampledEvaluation.outcome(p, onlyRightAnswered, Verifier.gsm8k(), new SampledEvaluation.Settings(0, 3, scorer)).rerank(),
        "a null candidate scored 0.99 was picked over the only answered one");
    List<GenerationResult> none = List.of(response("x", 9), response("y", 9));
    assertFalse(SampledEvaluation.outcome(p, none, Verifier.gsm8k(), new SampledEvaluation.Settings(0, 2, scorer)).rerank());
  }

  @Test
  void perTierNumbersComeFromTheFirstKSamplesAndPassAtKFromAllN() {
    List<Problem> problems = List.of(problem("a", "1", 0), problem("b", "2", 0), problem("c", "3", 1));
    List<List<GenerationResult>> responses = new ArrayList<>();
    responses.add(List.of(response("#### 1", 7), response("#### 1", 7), response("#### 4", 8), response("#### 4", 8)));
    responses.add(List.of(response("#### 5", 8), response("#### 2", 7), response("#### 5", 8), response("#### 2", 7)));
    responses.add(List.of(response("#### 9", 8), response("none", 9), response("#### 3", 7), response("#### 3", 7)));
    CandidateScorer prefersRight = seqs -> seqs.stream().mapToDouble(s -> s[1] == 7 ? 0.9 : 0.1).toArray();
    SampledEvaluation.Result r = SampledEvaluation.evaluate(problems, responses, Verifier.gsm8k(), new SampledEvaluation.Settings(2, 2, prefersRight));
    assertEquals(4, r.samples());
    assertEquals(2, r.tiers().size());
    SampledEvaluation.Row t0 = r.tiers().get(0), t1 = r.tiers().get(1);
    assertEquals(0.5, t0.majority(), 1e-12); // a: 1,1 -> right; b: 5,2 tie -> 5 wrong
    assertEquals(1.0, t0.rerank(), 1e-12); // a: right; b: the 2 (scored 0.9)
    assertEquals(0.0, t1.majority(), 1e-12); // c: 9 and a null -> 9 wrong
    assertEquals(0.0, t1.rerank(), 1e-12); // c: only the wrong 9 is answered among the first 2
    double expectedPass = (PassAtK.estimate(4, 2, 2) + PassAtK.estimate(4, 2, 2)) / 2;
    assertEquals(expectedPass, t0.passAtK(), 1e-12);
    assertEquals(PassAtK.estimate(4, 2, 2), t1.passAtK(), 1e-12);
    assertEquals(2.0 / 3, r.all().rerank(), 1e-12);
    assertTrue(r.table().contains("maj@2") && r.table().contains("rerank@2") && r.table().contains("pass@2 (n=4)"), r.table());
    assertThrows(IllegalArgumentException.class,
        () -> SampledEvaluation.evaluate(problems, responses, Verifier.gsm8k(), new SampledEvaluation.Settings(5, 0, null)));
  }
}
