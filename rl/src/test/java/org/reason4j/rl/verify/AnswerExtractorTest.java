package org.reason4j.rl.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.verify.AnswerExtractor.AfterThink;
import org.reason4j.rl.verify.AnswerExtractor.AnswerType;
import org.reason4j.rl.verify.AnswerExtractor.Boxed;
import org.reason4j.rl.verify.AnswerExtractor.Gsm8kHashes;
import org.reason4j.rl.verify.AnswerExtractor.ProgramResult;
import org.reason4j.rl.verify.AnswerExtractor.ReftTrigger;

/** Every extractor of ALGORITHMS.md §1.2, on answers that are there, malformed, or missing. */
class AnswerExtractorTest {
  private static final Problem P = new Problem("p", "how many ?", null, "5");

  @Test
  void gsm8kTakesTheTextAfterTheLastHashesWithoutCommasAndDollars() {
    Gsm8kHashes x = new Gsm8kHashes();
    assertEquals("72", x.extract("48+24=72\n#### 72", P));
    assertEquals("1200", x.extract("#### 5\nso\n####  $1,200 ", P));
    assertEquals("-3.5", x.extract("#### -3.5", P));
    assertNull(x.extract("the answer is 72", P), "no ####");
    assertNull(x.extract("#### 72 apples", P), "not a number");
    assertNull(x.extract("#### ", P), "empty");
    assertNull(x.extract("#### inf", P), "not finite");
  }

  @Test
  void reftNumberTakesTheTextAfterTheLastTriggerWithItsColon() {
    ReftTrigger x = new ReftTrigger(AnswerType.NUMBER);
    assertEquals("203.0", x.extract("29 * 7 = 203\nTherefore, the answer is: 203.0", P));
    assertEquals("1000", x.extract("a\nTherefore, the answer is: 7\nb\nTherefore, the answer is:  1,000 \n", P));
    assertNull(x.extract("so\nTherefore, the answer is <203>.", P), "the data's own sentence is not the trigger");
    assertNull(x.extract("x\nTherefore, the answer is: about 5", P));
    assertNull(x.extract("Therefore, the answer is: 5", P), "the trigger starts with a newline");
  }

  @Test
  void reftNumberReadsLikePythonFloatWhenTheTriggerIsMissing() {
    ReftTrigger x = new ReftTrigger(AnswerType.NUMBER);
    assertEquals("42", x.extract(" 42 ", P), "split(t)[-1] is the whole text");
    assertEquals("5", x.extract("junk\nAnswer reasoning:\n5", P), "only the text after the last cot trigger");
  }

  @Test
  void reftChoiceLowercasesStripsQuotesAndNeverReturnsNull() {
    ReftTrigger x = new ReftTrigger(AnswerType.CHOICE);
    assertEquals("c", x.extract("so\nTherefore, the answer is: 'C' ", P));
    assertEquals("d", x.extract("so\nTherefore, the answer is: \"D\"", P));
    assertEquals("no trigger here", x.extract("No trigger here", P));
  }

  /** {response, expected}: verl's last_boxed_only_string + remove_boxed, run once in CPython. */
  @Test
  void boxedMatchesVerl() {
    String[][] cases = {
        {"The answer is \\boxed{42}.", "42"},
        {"\\boxed{\\frac{1}{2}} and \\boxed{3}", "3"},
        {"so \\boxed 5$ done", "5"},
        {"\\boxed 7", "7"},
        {"\\boxed{3", null},
        {"none", null},
        {"x \\boxed{a{b}c} y", "a{b}c"},
        {"\\boxed {3}", "{3}"},
        {"\\boxed{1} then \\boxed 2$", "2"},
        {"\\fbox{1} \\boxed{2}", "2"},
        {"}\\boxed{}", ""},
        {"\\boxed\\frac{1}{2}", null}, // verl's remove_boxed raises; its compute_score gives 0
    };
    Boxed x = new Boxed();
    for (String[] c : cases) assertEquals(c[1], x.extract(c[0], P), c[0]);
  }

  @Test
  void boxedFallsBackToFbox() {
    assertEquals("9", new Boxed().extract("a \\fbox{9} b", P)); // verl raises here; ALGORITHMS.md §1.2 asks for it
  }

  @Test
  void thinkGateReadsOnlyAfterTheLastEndOfThinking() {
    AfterThink x = new AfterThink(new Boxed());
    assertNull(x.extract("\\boxed{5}", P), "no </think>: no answer");
    assertNull(x.extract("<think>\\boxed{5}</think> I am done", P), "an answer inside the thinking does not count");
    assertEquals("6", x.extract("<think>\\boxed{5}</think> so \\boxed{6}", P));
    assertEquals("7", x.extract("</think>\\boxed{6}</think>\\boxed{7}", P));
  }

  @Test
  void programResultRunsTheAssembledProgramWithThePromptHeader() {
    List<String> seen = new ArrayList<>();
    ProgramRunner runner = program -> {
      seen.add(program);
      return 203.0;
    };
    Problem q = new Problem("svamp_0", " pairs of birds ? ", null, "203.0");
    String response = "    a = 29\n    result = a * 7\n    return result\n\nprint('extra')";
    assertEquals("203.0", new ProgramResult(runner, true).extract(response, q));
    assertEquals("import math\nimport sympy\ndef solution():\n    \"\"\"pairs of birds ?\"\"\"\n"
        + "    a = 29\n    result = a * 7\n    return result", seen.get(0));
  }

  @Test
  void programResultIsNullWhenTheRunnerFails() {
    assertNull(new ProgramResult(program -> null, false).extract("def solution():\n    return 1", P));
  }

  @Test
  void programTextFollowsReftProcessCode() {
    String completion = "x = 1\ndef solution():\n    import sys\n    sys.exit(3)\n   \n    return 2";
    assertEquals("import math\nimport sympy\nx = 1\ndef solution():\n    import sys\n    print(3)",
        ProgramText.assemble(completion));
  }

  @Test
  void pythonFloatAcceptsWhatPythonAcceptsAndNothingElse() {
    assertEquals(1000.0, PythonFloat.parse(" 1_000 "));
    assertEquals(0.5, PythonFloat.parse(".5"));
    assertEquals(5.0, PythonFloat.parse("5."));
    assertEquals(-1e3, PythonFloat.parse("-1E3"));
    assertEquals(Double.NEGATIVE_INFINITY, PythonFloat.parse("-Infinity"));
    assertEquals(Double.NaN, PythonFloat.parse("nan"));
    for (String bad : new String[] {"", ".", "1_", "_1", "1__0", "1._5", "0x10", "5d", "5f", "1,0", "1 0", "e5", "--1"}) {
      assertNull(PythonFloat.parse(bad), bad);
    }
  }
}
