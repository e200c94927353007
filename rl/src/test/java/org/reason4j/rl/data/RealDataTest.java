package org.reason4j.rl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.reason4j.rl.verify.AnswerExtractor;
import org.reason4j.rl.verify.Equivalence;
import org.reason4j.rl.verify.ProgramText;
import org.reason4j.rl.verify.Verifier;

/** The loaders and verifiers on the real shared data files (skipped when ../shared/data is absent). */
class RealDataTest {
  private static final Path DATA = Path.of(System.getProperty("reason4j.data", "../../shared/data"));

  private static Path data(String relative) {
    Path p = DATA.resolve(relative);
    assumeTrue(Files.exists(p), p + " is absent; the shared data sets are not checked out beside the project");
    return p;
  }

  /** Every GSM8K line loads, and its gold, read back from its own solution by the verifier, is correct. */
  @Test
  void everyGsm8kGoldParses() {
    int[] expected = {7473, 1319};
    String[] files = {"gsm8k/train.jsonl", "gsm8k/test.jsonl"};
    for (int f = 0; f < files.length; f++) {
      List<Problem> ps = Gsm8kLoader.load(data(files[f]));
      assertEquals(expected[f], ps.size(), files[f]);
      int parsed = 0;
      for (Problem p : ps) {
        if (Verifier.gsm8k().verify(p.referenceSolution(), p).correct()) parsed++;
        assertFalse(SolutionText.stripCalculatorAnnotations(p.referenceSolution()).contains("<<"), p.id());
      }
      assertEquals(expected[f], parsed, files[f] + ": golds that parse and match their own solution");
    }
  }

  @Test
  void calculatorAnnotationsAreStripped() {
    Problem first = Gsm8kLoader.load(data("gsm8k/train.jsonl")).get(0);
    assertEquals("Natalia sold 48/2 = 24 clips in May.\nNatalia sold 48+24 = 72 clips altogether in April and May.\n#### 72",
        SolutionText.stripCalculatorAnnotations(first.referenceSolution()));
    assertEquals("gsm8k-train-0", first.id());
  }

  /** ReFT's GSM8K test set is the official test split in the same order, with the same answers. */
  @Test
  void reftGsm8kTestMatchesTheOfficialSplit() {
    List<Problem> official = Gsm8kLoader.load(data("gsm8k/test.jsonl"));
    List<Problem> reft = ReftLoader.load(data("reft/gsm8k_test_set.json"));
    assertEquals(official.size(), reft.size());
    Equivalence numeric = new Equivalence.Numeric(0);
    for (int i = 0; i < reft.size(); i++) {
      assertEquals("gsm8k_" + i, reft.get(i).id());
      assertTrue(numeric.equivalent(reft.get(i).goldAnswer(), official.get(i).goldAnswer()), reft.get(i).id());
    }
  }

  /** The N-CoT SFT target ReFT builds for every SVAMP training item earns reward 1 from the ReFT verifier. */
  @Test
  void svampNCoTTargetsVerify() {
    List<Problem> ps = ReftLoader.load(data("reft/svamp_nl.json"));
    assertEquals(3076, ps.size());
    Verifier v = Verifier.reftNCoT(ReftSource.SVAMP);
    long ok = ps.stream().filter(p -> v.verify(ReftFormat.sftTarget(p, ReftFormat.Engine.NL), p).correct()).count();
    assertEquals(3076, ok);
    assertTrue(ReftFormat.sftPrompt(ps.get(0)).startsWith("Question:\ntyler an animal"));
  }

  @Test
  void svampPCoTProgramsAssembleWhole() {
    List<Problem> ps = ReftLoader.load(data("reft/svamp_python_sdp.json"));
    assertEquals(3043, ps.size());
    for (Problem p : ps) {
      String program = ProgramText.assemble(ReftFormat.sftTarget(p, ReftFormat.Engine.PYTHON));
      assertEquals("import math\nimport sympy\n" + p.referenceSolution().strip(), program, p.id());
    }
  }

  @Test
  void reftTestSetsLoadWithTheirSources() {
    Map<String, Integer> sizes = Map.of("reft/svamp_test_set.json", 1000, "reft/mathqa_test_set.json", 1605,
        "reft/mathqa-numeric_test_set.json", 1605);
    sizes.forEach((file, n) -> assertEquals(n, ReftLoader.load(data(file)).size(), file));
    List<Problem> mcq = ReftLoader.load(data("reft/mathqa_test_set.json"));
    assertEquals(Set.of("a", "b", "c", "d", "e"), mcq.stream().map(Problem::goldAnswer).collect(Collectors.toSet()));
    assertEquals(Set.of(ReftSource.MATHQA), mcq.stream().map(p -> ReftSource.fromItemId(p.id())).collect(Collectors.toSet()));
    Verifier v = Verifier.reftNCoT(ReftSource.MATHQA);
    Problem p = mcq.get(0);
    assertTrue(v.verify("...\nTherefore, the answer is: " + p.goldAnswer().toUpperCase(), p).correct());
    assertEquals(ReftSource.MATHQA_NUMERIC, ReftSource.fromItemId("mathqa-numeric_2"));
  }

  @Test
  void svampChallengeSetJoinsBodyAndQuestion() {
    List<Problem> ps = SvampLoader.load(data("svamp/SVAMP.json"));
    assertEquals(1000, ps.size());
    Problem first = ps.get(0);
    assertEquals("chal-1", first.id());
    assertEquals("Each pack of dvds costs 76 dollars. If there is a discount of 25 dollars on each pack"
        + " How much do you have to pay to buy each pack?", first.question());
    assertEquals("51.0", first.goldAnswer());
    assertEquals("( 76.0 - 25.0 )", first.referenceSolution());
    assertTrue(new AnswerExtractor.Gsm8kHashes().extract("#### 51", first) != null);
  }
}
