package org.reason4j.rl.rollout;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.reason4j.rl.TinyModels;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.verify.OverlongShaping;
import org.reason4j.rl.verify.RewardFunction;
import org.reason4j.rl.verify.Verdict;
import org.reason4j.transformer.generate.GenerationConfig;

/** Groups, rewards with overlong shaping, seeds and token counts of the rollout engine. */
class RolloutEngineTest {
  static final Policy POLICY = TinyModels.policyStoppingAtSpaces(8);
  static final RewardFunction ONE = (r, p) -> new RewardFunction.Reward(1, new Verdict(null, false));

  @Test
  void eachProblemGetsAGroupOfGScoredResponsesWithShapingAdded() {
    OverlongShaping shaping = new OverlongShaping(10, 4, 1.0);
    RolloutEngine engine = new RolloutEngine(POLICY, ONE, shaping, GenerationConfig.sampling(10, 1.0, Set.of(), 0));
    List<Problem> ps = TinyModels.problems(0, 3);
    RolloutBatch b = engine.rollout(ps, 4, 17);
    assertEquals(3, b.groups().size());
    long completion = 0, prompt = 0;
    boolean someShaped = false;
    for (int i = 0; i < 3; i++) {
      Group g = b.groups().get(i);
      assertSame(ps.get(i), g.problem());
      assertEquals(4, g.size());
      for (Sample s : g.samples()) {
        assertSame(ps.get(i), s.problem());
        assertArrayEquals(POLICY.promptIds(ps.get(i)), s.promptIds());
        assertEquals(1.0, s.score().value());
        assertEquals(1.0 + shaping.penalty(s.length()), s.reward(), 0.0);
        someShaped |= s.reward() < 1;
        assertEquals(POLICY.tokenizer().decode(s.responseIds(), true), s.text());
        completion += s.length();
        prompt += s.promptIds().length;
      }
    }
    assertTrue(someShaped, "no response reached the shaping ramp; the test would prove nothing about it");
    assertEquals(completion, b.completionTokens());
    assertEquals(prompt, b.promptTokens());
    assertEquals(12, b.samples().size());
  }

  @Test
  void theSameSeedGivesTheSameResponsesAndAnotherSeedOthers() {
    RolloutEngine engine = new RolloutEngine(POLICY, ONE, null, GenerationConfig.sampling(10, 1.0, Set.of(), 0));
    List<Problem> ps = TinyModels.problems(1, 2);
    List<Sample> a = engine.rollout(ps, 3, 5).samples(), b = engine.rollout(ps, 3, 5).samples(), c = engine.rollout(ps, 3, 6).samples();
    boolean differs = false;
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i).responseIds(), b.get(i).responseIds());
      differs |= !java.util.Arrays.equals(a.get(i).responseIds(), c.get(i).responseIds());
    }
    assertTrue(differs);
  }

  @Test
  void groupStatisticsUseTheSampleStd() {
    Sample s = engine().rollout(TinyModels.problems(0, 1), 1, 1).samples().get(0);
    Group g = new Group(s.problem(), List.of(s.withReward(1), s.withReward(0), s.withReward(0), s.withReward(1)));
    assertEquals(0.5, g.meanReward());
    assertEquals(Math.sqrt(1.0 / 3), g.rewardStd(), 1e-12);
    assertFalse(g.allEqual());
    assertTrue(new Group(s.problem(), List.of(s, s)).allEqual());
    assertEquals(0, new Group(s.problem(), List.of(s)).rewardStd());
  }

  static RolloutEngine engine() {
    return new RolloutEngine(POLICY, ONE, null, GenerationConfig.sampling(4, 1.0, Set.of(), 0));
  }
}
