package org.reason4j.examples.demo;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.data.SyntheticTask;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.PromptFormat;
import org.reason4j.rl.trainer.SftExample;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.tokenizer.CharTokenizer;

/** The demo's data: which tiers have demonstrations, answer-only and hinted ones, RL prompts, the fixed held-out sets. */
class DemoTaskTest {
  static final CharTokenizer TOK = DemoConfig.tokenizer();
  static final Policy POLICY = new Policy(CausalLM.create(new DemoConfig.ModelShape(8, 16, 1, 2, 192).config(TOK), 1), TOK,
      PromptFormat.synthetic());
  final DemoTask task = new DemoTask(new SyntheticTask(), 3, 400, 0.5, 1, 0.25, List.of(10, 20, 30, 40), 50, 99);

  private static String text(int[] ids) {
    return TOK.decode(ids, false);
  }

  @Test
  void demonstrationsCoverAllButTheHardestTierAndMixWorkedAnswerOnlyAndHinted() {
    List<Problem> problems = task.sftProblems(5);
    List<SftExample> examples = task.sftExamples(POLICY, 5, 192);
    assertEquals(3 * 400, examples.size());
    assertTrue(problems.stream().allMatch(p -> p.tier() < 3), "the hardest tier has no demonstrations");
    int answerOnly = 0, hinted = 0, answerOnlyTier0 = 0;
    for (int i = 0; i < examples.size(); i++) {
      Problem p = problems.get(i);
      String prompt = text(examples.get(i).promptIds()), target = text(examples.get(i).targetIds());
      if (!target.contains("=")) {
        answerOnly++;
        if (p.tier() == 0) answerOnlyTier0++;
        assertEquals(DemoTask.answerOnly(p) + "<eos>", target);
      } else {
        assertEquals(p.referenceSolution() + "<eos>", target, "worked and hinted examples learn the whole solution");
      }
      if (prompt.contains(" hint ")) {
        hinted++;
        String hint = prompt.substring(prompt.indexOf(" hint ") + 6, prompt.length() - 1);
        assertTrue(p.referenceSolution().startsWith(hint + "\n"), "a hint is the first steps: " + hint + " / " + p.referenceSolution());
        assertFalse(hint.contains("####"), hint);
      }
    }
    assertEquals(0, answerOnlyTier0, "tier 0 keeps its worked solutions");
    assertEquals(0.5 * 800, answerOnly, 60);
    assertEquals(0.25 * (1200 - answerOnly), hinted, 60);
  }

  @Test
  void theSameSeedGivesTheSameExamples() {
    List<SftExample> a = task.sftExamples(POLICY, 3, 192), b = task.sftExamples(POLICY, 3, 192), c = task.sftExamples(POLICY, 4, 192);
    for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).targetIds(), b.get(i).targetIds());
    assertNotEquals(text(a.get(0).promptIds()) + text(a.get(1).promptIds()), text(c.get(0).promptIds()) + text(c.get(1).promptIds()));
  }

  @Test
  void rlPromptsFollowTheMixAndAreNotTheDemonstrations() {
    List<Problem> rl = task.rlProblems(5);
    for (int t = 0; t < 4; t++) {
      int tier = t;
      assertEquals((long) task.rlPerTier().get(t), rl.stream().filter(p -> p.tier() == tier).count());
    }
    Set<String> demoIds = new HashSet<>();
    task.sftProblems(5).forEach(p -> demoIds.add(p.id()));
    assertTrue(rl.stream().noneMatch(p -> demoIds.contains(p.id())));
  }

  @Test
  void heldOutProblemsAreFixedAndComeFromTheHeldOutSplit() {
    Map<Integer, List<Problem>> a = task.heldOut(), b = task.heldOut();
    assertEquals(a, b);
    assertEquals(4, a.size());
    for (List<Problem> ps : a.values()) {
      assertEquals(50, ps.size());
      for (Problem p : ps) assertEquals(SyntheticTask.Split.HELD_OUT, SyntheticTask.splitOf(p.question()));
    }
  }

  @Test
  void aHintJoinsTheQuestionInTheTasksAlphabet() {
    Problem p = task.heldOut().get(3).get(0);
    Problem h = DemoTask.hinted(p, p.hint());
    assertEquals(p.question() + " hint " + p.hint(), h.question());
    assertEquals(p.goldAnswer(), h.goldAnswer());
    TOK.encode(POLICY.format().prompt(h), true); // every character is in the alphabet, or this throws
  }

  @Test
  void badSettingsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new DemoTask(new SyntheticTask(), 5, 10, 0, 1, 0, List.of(1, 1, 1, 1), 5, 1));
    assertThrows(IllegalArgumentException.class, () -> new DemoTask(new SyntheticTask(), 3, 10, 1.0, 1, 0, List.of(1, 1, 1, 1), 5, 1));
    assertThrows(IllegalArgumentException.class, () -> new DemoTask(new SyntheticTask(), 3, 10, 0, 1, 0, List.of(1, 1), 5, 1));
  }
}
