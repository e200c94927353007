package org.reason4j.rl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.reason4j.rl.data.SyntheticTask.Op;
import org.reason4j.rl.data.SyntheticTask.Split;
import org.reason4j.rl.data.SyntheticTask.Tier;
import org.reason4j.rl.verify.Verifier;

/** Determinism, disjoint splits, correct arithmetic, the length budget and the alphabet of the synthetic task. */
class SyntheticTaskTest {
  private final SyntheticTask task = new SyntheticTask();
  /** A step line: a first number, then one or more signed terms (a doubling is "a+a", a tripling "a+a+a"), "=", the result. */
  private static final Pattern STEP = Pattern.compile("(\\d+)((?:[-+]\\d+)+)=(\\d+)");
  private static final Pattern TERM = Pattern.compile("([-+])(\\d+)");

  @Test
  void sameSeedSameProblemsAndLongerRequestsExtendShorterOnes() {
    for (int tier = 0; tier < task.tiers().size(); tier++) {
      List<Problem> a = task.generate(7, tier, 50);
      assertEquals(a, new SyntheticTask().generate(7, tier, 50));
      assertEquals(a.subList(0, 20), task.generate(7, tier, 20));
      assertNotEquals(a, task.generate(8, tier, 50));
    }
  }

  /** Fixed values: the generator must not drift between versions (demo results and checkpoints depend on it). */
  @Test
  void theStreamIsPinned() {
    Problem p = task.generate(42, 0, 1).get(0);
    assertEquals(new Problem("synthetic-t0-train-42-0", "ann has 5 . finds 5 . how many ?", "5+5=10\n#### 10", "10",
        "5+5=10", 0), p);
    Problem q = task.generate(42, 3, 1).get(0);
    assertEquals("sue has 19 . doubles . buys 4 . buys 5 . how many ?", q.question());
    assertEquals("19+19=38\n38+4=42\n42+5=47\n#### 47", q.referenceSolution());
    assertEquals("19+19=38", q.hint());
  }

  @Test
  void noHeldOutQuestionIsInTheTrainingSet() {
    for (int tier = 0; tier < task.tiers().size(); tier++) {
      Set<String> train = new HashSet<>();
      task.generate(1, tier, 5000, Split.TRAIN).forEach(p -> train.add(p.question()));
      List<Problem> heldOut = task.generate(2, tier, 500, Split.HELD_OUT);
      for (Problem p : heldOut) {
        assertFalse(train.contains(p.question()), p.question());
        assertEquals(Split.HELD_OUT, SyntheticTask.splitOf(p.question()));
      }
    }
  }

  @Test
  void solutionsAreCorrectStepByStepAndVerify() {
    for (int tier = 0; tier < task.tiers().size(); tier++) {
      Tier t = task.tiers().get(tier);
      for (Problem p : task.generate(3, tier, 400)) {
        String[] lines = p.referenceSolution().split("\n");
        int steps = lines.length - 1;
        assertTrue(steps >= t.minSteps() && steps <= t.maxSteps(), p.referenceSolution());
        assertEquals(lines[0], p.hint());
        assertEquals("#### " + p.goldAnswer(), lines[steps]);
        int value = -1;
        for (int s = 0; s < steps; s++) {
          Matcher m = STEP.matcher(lines[s]);
          assertTrue(m.matches(), lines[s]);
          int a = Integer.parseInt(m.group(1));
          int expected = a;
          Matcher term = TERM.matcher(m.group(2));
          while (term.find()) expected += (term.group(1).equals("+") ? 1 : -1) * Integer.parseInt(term.group(2));
          int c = Integer.parseInt(m.group(3));
          if (s > 0) assertEquals(value, a, "each step starts from the previous result");
          assertEquals(expected, c, lines[s]);
          assertTrue(c >= 0 && c <= SyntheticTask.MAX_VALUE, lines[s]);
          value = c;
        }
        assertEquals(Integer.toString(value), p.goldAnswer());
        assertEquals(tier, p.tier());
        assertTrue(Verifier.synthetic().verify(p.referenceSolution(), p).correct());
      }
    }
  }

  @Test
  void textsStayShortAndUseTheSmallAlphabet() {
    int[] maxLength = {60, 75, 100, 100};
    String alphabet = SyntheticTask.alphabet();
    for (int tier = 0; tier < task.tiers().size(); tier++) {
      for (Problem p : task.generate(4, tier, 1000)) {
        String text = p.question() + "\n" + p.referenceSolution();
        assertTrue(text.length() <= maxLength[tier], text);
        for (char c : text.toCharArray()) assertTrue(alphabet.indexOf(c) >= 0, "'" + c + "' in " + text);
      }
    }
    assertTrue(alphabet.length() <= 40, alphabet);
  }

  @Test
  void onlyTheHardestDefaultTierMultipliesAndItsFirstStepIsTheMultiplication() {
    for (int tier = 0; tier < 3; tier++) {
      assertTrue(task.generate(5, tier, 300).stream().noneMatch(p -> p.question().contains("doubles") || p.question().contains("triples")));
    }
    List<Problem> hardest = task.generate(5, 3, 300);
    for (Problem p : hardest) {
      String first = p.question().split(" \\. ")[1];
      assertTrue(first.equals("doubles") || first.equals("triples"), p.question());
      String v = p.question().split(" ")[2];
      assertEquals(first.equals("doubles") ? v + "+" + v : v + "+" + v + "+" + v, p.hint().substring(0, p.hint().indexOf('=')), p.hint());
      assertFalse(p.question().substring(p.question().indexOf(first) + first.length()).contains("doubles"), "only the first step multiplies");
    }
    assertTrue(hardest.stream().anyMatch(p -> p.question().contains("triples")));
    assertTrue(hardest.stream().anyMatch(p -> p.question().contains("doubles")));
  }

  @Test
  void startValuesComeFromTheirOwnRange() {
    SyntheticTask t = new SyntheticTask(List.of(new Tier(2, 2, 40, 60, 1, 3, EnumSet.of(Op.ADD, Op.SUB), null)));
    for (Problem p : t.generate(6, 0, 200)) {
      int start = Integer.parseInt(p.question().split(" ")[2]);
      assertTrue(start >= 40 && start <= 60, p.question());
      for (String line : p.referenceSolution().split("\n")) {
        Matcher m = STEP.matcher(line);
        if (m.matches()) assertTrue(Math.abs(Integer.parseInt(m.group(3)) - Integer.parseInt(m.group(1))) <= 3, line);
      }
    }
  }

  @Test
  void customTiersAndTheirLimits() {
    SyntheticTask custom = new SyntheticTask(List.of(new Tier(6, 6, 100, 400, EnumSet.allOf(Op.class))));
    for (Problem p : custom.generate(9, 0, 200)) assertEquals(7, p.referenceSolution().split("\n").length);
    assertThrows(IllegalArgumentException.class, () -> new Tier(0, 1, 1, 9, EnumSet.of(Op.ADD, Op.SUB)));
    assertThrows(IllegalArgumentException.class, () -> new Tier(1, 1, 501, 900, EnumSet.of(Op.ADD, Op.SUB)));
    assertThrows(IllegalArgumentException.class, () -> new Tier(1, 1, 1, 9, EnumSet.of(Op.ADD)));
    assertThrows(IllegalArgumentException.class, () -> task.generate(1, 4, 1));
    assertThrows(IllegalArgumentException.class, () -> new Tier(1, 1, 5, 4, 1, 9, EnumSet.of(Op.ADD, Op.SUB), null), "start range");
    assertThrows(IllegalArgumentException.class, () -> new Tier(1, 1, 10, 600, 1, 9, EnumSet.of(Op.ADD, Op.SUB), Op.MUL),
        "a first doubling must stay within MAX_VALUE");
  }
}
