package org.reason4j.rl.guide;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.reason4j.rl.Samples;
import org.reason4j.rl.TinyModels;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.data.SyntheticTask;
import org.reason4j.rl.loss.PolicyLoss;
import org.reason4j.rl.loss.ShapedRatio;
import org.reason4j.rl.rollout.Group;
import org.reason4j.rl.rollout.LogProbs;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.RolloutBatch;
import org.reason4j.rl.rollout.RolloutEngine;
import org.reason4j.rl.rollout.Sample;
import org.reason4j.rl.rollout.SequenceBatch;
import org.reason4j.rl.trainer.GroupStage;
import org.reason4j.rl.verify.RewardFunction;
import org.reason4j.rl.verify.Verdict;
import org.reason4j.tensor.Tensor;
import org.reason4j.transformer.generate.GenerationConfig;
import org.reason4j.transformer.tokenizer.TokenizerException;

/** Guide's rollout stage (ALGORITHMS §6, tests 1-3 and 5, the behaviour log-probs, the template, the carry-over). */
class GuideStageTest {
  static final List<Problem> TRAIN = TinyModels.problems(1, 4);

  /** A resampler over a real engine whose groups are made mixed: the first response right, the rest wrong. */
  static GroupStage.Resampler mixedResampler(Policy policy, List<List<int[]>> requests) {
    RewardFunction any = (r, p) -> new RewardFunction.Reward(0, new Verdict(null, false));
    RolloutEngine engine = new RolloutEngine(policy, any, null,
        new GenerationConfig(6, 1.0, 0, 1.0, 0, 1, List.of(), policy.eosIds(), 0));
    return (problems, prompts, g) -> {
      requests.add(prompts);
      List<Group> mixed = new ArrayList<>();
      for (Group x : engine.rollout(problems, prompts, g, 7).groups()) {
        boolean[] verdicts = new boolean[g];
        verdicts[0] = true;
        mixed.add(Samples.withVerdicts(x, verdicts));
      }
      return new RolloutBatch(mixed, 0, 0, 0, 0);
    };
  }

  static Tensor ones(SequenceBatch b) {
    return b.responseMask();
  }

  @Test
  void anEmptyHintMakesTheBehaviourInputTheTrainInputSoTheRatioIsExactlyOneAtTheStart() {
    Policy policy = TinyModels.policy(21);
    Problem p = new Problem("p", TRAIN.get(0).question(), TRAIN.get(0).referenceSolution(), TRAIN.get(0).goldAnswer(), "", 1);
    GuideStage stage = new GuideStage(policy::promptIds, new HintTemplate("{question}{hint}"), HintSource.PROBLEM, false);
    List<Group> out = stage.process(List.of(Samples.group(p, false, false, false, false)), mixedResampler(policy, new ArrayList<>()));
    assertEquals(1, out.size());
    List<Sample> rows = out.get(0).samples();
    for (Sample s : rows) {
      assertFalse(s.onPolicy());
      assertArrayEquals(s.behaviourPromptIds(), s.promptIds());
    }
    SequenceBatch b = SequenceBatch.of(rows);
    LogProbs.Output o = LogProbs.noGrad(policy.model(), null, b, 1.0);
    PolicyLoss.Input in = new PolicyLoss.Input(o.logProbs(), b.oldLogProbs(), ones(b).mul(-1), b.responseMask(), rows);
    float[] ratio = in.ratio().value().toFloatArray(), mask = b.responseMask().toFloatArray();
    float[] constant = new ShapedRatio(ShapedRatio.Mode.SHAPED_CONST, 0.5, 0.2).perToken(in).value().toFloatArray();
    float[] percentile = ShapedRatio.defaults().perToken(in).value().toFloatArray();
    for (int i = 0; i < ratio.length; i++) {
      if (mask[i] == 0) continue;
      assertEquals(1f, ratio[i], 0f, "token " + i);
      assertEquals(1 / 1.5f, constant[i], 1e-7f); // f(1) = 1 / (1 + γ), times −A = 1
      assertEquals(0.5f, percentile[i], 1e-7f); // γ = the quantile of all-ones ratios = 1
    }
  }

  @Test
  void hintsAreRequestedOnlyForGroupsWhoseResponsesAllFailed() {
    Policy policy = TinyModels.policy(22);
    List<List<int[]>> requests = new ArrayList<>();
    Group failed = Samples.group(TRAIN.get(0), false, false, false);
    Group mixed = Samples.group(TRAIN.get(1), true, false, false);
    Group solved = Samples.group(TRAIN.get(2), true, true, true);
    GuideStage stage = new GuideStage(policy::promptIds, HintTemplate.synthetic(), HintSource.PROBLEM, false);
    List<Group> out = stage.process(List.of(failed, mixed, solved), mixedResampler(policy, requests));
    assertEquals(1, requests.size());
    assertEquals(1, requests.get(0).size());
    int[] hinted = policy.promptIds(HintTemplate.synthetic().apply(TRAIN.get(0), TRAIN.get(0).hint()));
    assertArrayEquals(hinted, requests.get(0).get(0));
    assertEquals(2, out.size());
    assertSame(mixed, out.get(0));
    assertEquals(TRAIN.get(0), out.get(1).problem());
    Map<String, Object> m = stage.metrics();
    assertEquals(1.0, m.get(GuideStage.PLAIN_GROUPS));
    assertEquals(1.0, m.get(GuideStage.DROPPED_SOLVED));
    assertEquals(1.0, m.get(GuideStage.HINTED_PROMPTS));
    assertEquals(1.0, m.get(GuideStage.GUIDED_GROUPS));
    assertEquals(0.0, stage.metrics().get(GuideStage.HINTED_PROMPTS), "the counts start over each step");
  }

  @Test
  void aGuidedGroupThatAllFailsIsDroppedAndGuidedGroupsNeverHoldPlainRollouts() {
    Group a = Samples.group(TRAIN.get(0), false, false), b = Samples.group(TRAIN.get(1), false, false);
    GroupStage.Resampler fake = (problems, prompts, g) -> new RolloutBatch(List.of(
        Samples.group(problems.get(0), false, false), Samples.group(problems.get(1), false, true)), 0, 0, 0, 0);
    GuideStage stage = new GuideStage(TinyModels.policy(23)::promptIds, HintTemplate.synthetic(), HintSource.PROBLEM, false);
    List<Group> out = stage.process(List.of(a, b), fake);
    assertEquals(1, out.size());
    Group guided = out.get(0);
    assertEquals(TRAIN.get(1), guided.problem());
    Set<Sample> plain = Collections.newSetFromMap(new IdentityHashMap<>());
    plain.addAll(a.samples());
    plain.addAll(b.samples());
    for (Sample s : guided.samples()) {
      assertFalse(s.onPolicy(), "a guided group holds only guided rows");
      assertFalse(plain.contains(s));
    }
    assertEquals(1.0, stage.metrics().get(GuideStage.DROPPED_GUIDED));
  }

  @Test
  void guidedRowsTrainBehindThePlainPromptWithLogProbsFromTheHintedOne() {
    Policy policy = TinyModels.policy(24);
    Problem p = TRAIN.get(3);
    GuideStage stage = new GuideStage(policy::promptIds, HintTemplate.synthetic(), HintSource.PROBLEM, false);
    List<Sample> rows = stage.process(List.of(Samples.group(p, false, false, false)), mixedResampler(policy, new ArrayList<>())).get(0).samples();
    int[] plain = policy.promptIds(p), hint = TinyModels.TOKENIZER.encode(" hint " + p.hint(), false);
    SequenceBatch train = SequenceBatch.of(rows);
    long[] ids = train.ids().toLongArray();
    int width = train.ids().dim(1), promptWidth = train.promptWidth();
    for (int i = 0; i < rows.size(); i++) {
      Sample s = rows.get(i);
      assertArrayEquals(plain, s.promptIds());
      assertTrue(contains(s.behaviourPromptIds(), hint), "the behaviour prompt holds the hint");
      int[] promptColumns = new int[plain.length];
      for (int j = 0; j < plain.length; j++) promptColumns[j] = (int) ids[i * width + promptWidth - plain.length + j];
      assertArrayEquals(plain, promptColumns);
      for (int j = 0; j < promptWidth - plain.length; j++) assertEquals(SequenceBatch.PAD_ID, ids[i * width + j]);
    }
    // ℓ^old is the hinted prompt's: rebuilding the sampling layout reproduces it bit for bit, the plain prompt does not.
    List<Sample> behind = new ArrayList<>();
    for (Sample s : rows) behind.add(s.withTrainingPrompt(s.behaviourPromptIds(), s.promptWidth()));
    SequenceBatch sampled = SequenceBatch.of(behind);
    float[][] again = sampled.unpad(LogProbs.noGrad(policy.model(), null, sampled, 1.0).logProbs().value());
    float[][] plainLogProbs = train.unpad(LogProbs.noGrad(policy.model(), null, train, 1.0).logProbs().value());
    boolean differs = false;
    for (int i = 0; i < rows.size(); i++) {
      assertArrayEquals(rows.get(i).logProbs(), again[i], 0f);
      differs |= !Arrays.equals(rows.get(i).logProbs(), plainLogProbs[i]);
    }
    assertTrue(differs, "the hint changed no log-prob: the check above proves nothing");
  }

  @Test
  void theSyntheticHintTemplateUsesOnlyTheTaskAlphabet() {
    String alphabet = SyntheticTask.alphabet();
    SyntheticTask task = new SyntheticTask();
    for (int tier = 0; tier < task.tiers().size(); tier++) {
      for (Problem p : task.generate(3, tier, 50)) {
        String hinted = HintTemplate.synthetic().apply(p, p.hint()).question();
        for (char c : hinted.toCharArray()) assertTrue(alphabet.indexOf(c) >= 0, "'" + c + "' in " + hinted);
        TinyModels.TOKENIZER.encode(hinted, true);
      }
    }
    Problem p = TRAIN.get(0);
    assertThrows(TokenizerException.class, () -> TinyModels.TOKENIZER.encode(HintTemplate.defaults().apply(p, p.hint()).question(), true),
        "the default template's 'H' and ':' are outside the alphabet, which is why the synthetic task has its own");
  }

  @Test
  void surplusGroupsCarryOverFirstAndSurviveTheCheckpointState() {
    Policy policy = TinyModels.policy(25);
    GuideStage stage = new GuideStage(policy::promptIds, HintTemplate.synthetic(), HintSource.PROBLEM, true);
    Group surplus = Samples.group(TRAIN.get(2), true, false);
    stage.onSurplus(List.of(surplus));
    GuideStage restored = new GuideStage(policy::promptIds, HintTemplate.synthetic(), HintSource.PROBLEM, true);
    restored.restore(stage.state());
    Group fresh = Samples.group(TRAIN.get(1), false, true);
    List<Group> out = restored.process(List.of(fresh), (a, b, c) -> fail("nothing to guide"));
    assertEquals(2, out.size());
    assertSame(fresh, out.get(1));
    Group back = out.get(0);
    assertEquals(surplus.problem(), back.problem());
    for (int i = 0; i < surplus.size(); i++) {
      Sample x = surplus.samples().get(i), y = back.samples().get(i);
      assertArrayEquals(x.promptIds(), y.promptIds());
      assertArrayEquals(x.responseIds(), y.responseIds());
      assertArrayEquals(x.logProbs(), y.logProbs(), 0f);
      assertEquals(x.verdict(), y.verdict());
      assertEquals(x.reward(), y.reward());
      assertEquals(x.onPolicy(), y.onPolicy());
    }
    assertEquals(0, restored.carried());
    GuideStage off = new GuideStage(policy::promptIds, HintTemplate.synthetic(), HintSource.PROBLEM, false);
    off.onSurplus(List.of(surplus));
    assertEquals(0, off.carried());
  }

  @Test
  void problemsWithoutAHintAreNotGuidedUnlessTheReferenceSuppliesOne() {
    Problem noHint = new Problem("g", "q", "first line\nsecond", "1");
    assertNull(HintSource.PROBLEM.hintOf(noHint));
    assertEquals("first line", HintSource.PROBLEM_THEN_REFERENCE.hintOf(noHint));
    assertEquals(TRAIN.get(0).hint(), HintSource.PROBLEM_THEN_REFERENCE.hintOf(TRAIN.get(0)));
    GuideStage stage = new GuideStage(TinyModels.policy(26)::promptIds, HintTemplate.synthetic(), HintSource.PROBLEM, false);
    Problem synthetic = new Problem("s", TRAIN.get(0).question(), null, "1");
    assertTrue(stage.process(List.of(Samples.group(synthetic, false, false)), (a, b, c) -> fail("no hint to give")).isEmpty());
    assertEquals(1.0, stage.metrics().get(GuideStage.UNGUIDABLE));
  }

  static boolean contains(int[] haystack, int[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
      return true;
    }
    return false;
  }
}
