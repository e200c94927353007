package org.reason4j.rl.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.data.ReftSource;

/** Equivalence checks (§1.3), verifier composition and the reward table (§1.4). */
class VerifierAndRewardTest {
  private static final Problem GSM = new Problem("gsm8k_1", "q", null, "1,200");
  private static final Problem MCQ = new Problem("mathqa_0", "q", null, "c");
  private static final Problem MATH = new Problem("m", "q", null, "\\frac{1}{2}");

  @Test
  void numericToleranceIsInclusiveOneHundredth() {
    Equivalence.Numeric eq = new Equivalence.Numeric(1e-2);
    assertTrue(eq.equivalent("1200.01", "1,200"));
    assertTrue(eq.equivalent("1199.99", "1200"));
    assertFalse(eq.equivalent("1200.02", "1200"));
    assertFalse(eq.equivalent("nan", "1200"));
    assertFalse(eq.equivalent("twelve", "1200"));
    assertThrows(IllegalArgumentException.class, () -> eq.equivalent("1", "abc"));
  }

  @Test
  void multipleChoiceIgnoresCaseAndQuotes() {
    Equivalence.MultipleChoice eq = new Equivalence.MultipleChoice();
    assertTrue(eq.equivalent("'C'", "c"));
    assertFalse(eq.equivalent("c )", "c"));
  }

  @Test
  void verifiersComposeExtractorAndEquivalence() {
    assertEquals(new Verdict("1200", true), Verifier.gsm8k().verify("...\n#### 1200", GSM));
    assertEquals(new Verdict("1300", false), Verifier.gsm8k().verify("#### 1,300", GSM));
    assertEquals(new Verdict(null, false), Verifier.gsm8k().verify("1200", GSM));
    assertTrue(Verifier.reftNCoT(ReftSource.MATHQA).verify("x\nTherefore, the answer is: C", MCQ).correct());
    assertTrue(Verifier.math(false).verify("so \\boxed{0.5}", MATH).correct());
    assertFalse(Verifier.math(false).afterThink().verify("so \\boxed{0.5}", MATH).hasAnswer());
    assertTrue(Verifier.math(false).afterThink().verify("<think>\\boxed{2}</think>\\boxed{1/2}", MATH).correct());
  }

  @Test
  void pCoTOnMultipleChoiceIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Verifier.reftPCoT(ReftSource.MATHQA, p -> 1.0));
  }

  @Test
  void reftPartialGivesOneForCorrectATenthForWrongAndZeroForNone() {
    ReFTPartial r = new ReFTPartial(Verifier.gsm8k());
    assertEquals(1.0, r.score("#### 1200", GSM).value());
    assertEquals(0.1, r.score("#### 7", GSM).value());
    assertEquals(0.0, r.score("I do not know", GSM).value());
    assertFalse(r.score("I do not know", GSM).hasAnswer());
    assertTrue(r.score("#### 7", GSM).hasAnswer());
  }

  @Test
  void binaryAndPlusMinusOne() {
    Binary01 b = new Binary01(Verifier.gsm8k());
    PlusMinus1 pm = new PlusMinus1(Verifier.gsm8k());
    assertEquals(1.0, b.score("#### 1200", GSM).value());
    assertEquals(0.0, b.score("#### 7", GSM).value());
    assertEquals(0.0, b.score("none", GSM).value());
    assertEquals(1.0, pm.score("#### 1200", GSM).value());
    assertEquals(-1.0, pm.score("#### 7", GSM).value());
    assertEquals(-1.0, pm.score("none", GSM).value());
  }

  @Test
  void pCoTRewardUsesTheProgramValue() {
    Problem svamp = new Problem("svamp_0", "q", null, "203.0");
    ReFTPartial r = new ReFTPartial(Verifier.reftPCoT(ReftSource.SVAMP, program -> program.contains("* 7") ? 203.0 : null));
    assertEquals(1.0, r.score("    result = 29 * 7\n    return result", svamp).value());
    assertEquals(0.0, r.score("    result = 29 +\n    return result", svamp).value());
  }

  // DAPO test (2) of ALGORITHMS.md §5.
  @Test
  void overlongShapingIsZeroThenLinearToMinusPhi() {
    double phi = 0.7;
    OverlongShaping s = new OverlongShaping(20480, 4096, phi);
    assertEquals(0.0, s.penalty(20480 - 4096));
    assertEquals(0.0, s.penalty(100));
    assertEquals(-0.5 * phi, s.penalty(20480 - 4096 / 2), 1e-12);
    assertEquals(-phi, s.penalty(20480), 1e-12);
    assertEquals(1.0 - phi, s.apply(1.0, 20480), 1e-12);
    assertEquals(-1.0, OverlongShaping.dapo().penalty(20480), 1e-12);
  }

  @Test
  void overlongShapingRejectsAnEmptyRamp() {
    assertThrows(IllegalArgumentException.class, () -> new OverlongShaping(100, 0, 1.0));
    assertThrows(IllegalArgumentException.class, () -> new OverlongShaping(100, 101, 1.0));
  }
}
