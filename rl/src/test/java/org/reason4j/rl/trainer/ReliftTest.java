package org.reason4j.rl.trainer;

import static org.junit.jupiter.api.Assertions.*;
import static org.reason4j.rl.trainer.TrainerAssertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.autograd.GradMode;
import org.reason4j.autograd.Var;
import org.reason4j.nn.Losses;
import org.reason4j.rl.Samples;
import org.reason4j.rl.TinyModels;
import org.reason4j.rl.checkpoint.CheckpointIO;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.loss.Aggregation;
import org.reason4j.rl.loss.PolicyLoss;
import org.reason4j.rl.metrics.MetricNames;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.verify.Verifier;
import org.reason4j.tensor.Tensor;

/** ReLIFT (ALGORITHMS §7 tests 1-4, the separate optimizer in checkpoints). */
class ReliftTest {
  static final List<Problem> TRAIN = TinyModels.problems(0, 12);

  static ReliftFineTuning hook(int m, Policy policy) {
    return new ReliftFineTuning(ReliftFineTuning.Config.defaults().with("bufferSize=" + m), policy, TRAIN);
  }

  @Test
  void aQuestionEntersTheBufferIffNoneOfItsResponsesIsCorrectNewestFirst() {
    ReliftFineTuning h = hook(100, TinyModels.policy(41));
    Problem noDemo = new Problem("nd", TRAIN.get(3).question(), null, "1");
    Map<String, Object> m = h.afterUpdate(1, List.of(Samples.group(TRAIN.get(0), false, false), Samples.group(TRAIN.get(1), true, false),
        Samples.group(TRAIN.get(2), true, true), Samples.group(noDemo, false, false)), null);
    assertEquals(List.of(TRAIN.get(0)), h.buffered());
    assertEquals(2.0, m.get(ReliftFineTuning.HARDEST));
    assertEquals(1.0, m.get(ReliftFineTuning.NO_DEMO));
    h.afterUpdate(2, List.of(Samples.group(TRAIN.get(4), false, false), Samples.group(TRAIN.get(0), true, false)), null);
    assertEquals(List.of(TRAIN.get(4), TRAIN.get(0)), h.buffered(), "newest first, and a later success revokes nothing");
  }

  @Test
  void fineTuningFiresOnTheFirstStepTheBufferReachesMAndPopsExactlyM() {
    Policy policy = TinyModels.policy(42);
    ReliftFineTuning h = hook(3, policy);
    Map<String, float[]> before = snapshot(policy);
    Map<String, Object> first = h.afterUpdate(1, List.of(Samples.group(TRAIN.get(0), false), Samples.group(TRAIN.get(1), false)), policy);
    assertEquals(0, changed(before, snapshot(policy)), "fine-tuned below M");
    assertEquals(2.0, first.get(ReliftFineTuning.BUFFER));
    assertFalse(first.containsKey(ReliftFineTuning.FT_LOSS));
    Map<String, Object> second = h.afterUpdate(2, List.of(Samples.group(TRAIN.get(2), false), Samples.group(TRAIN.get(3), false)), policy);
    assertTrue(changed(before, snapshot(policy)) > 0, "no fine-tuning step at |buffer| = 4 >= M = 3");
    assertEquals(1.0, second.get(ReliftFineTuning.FT_STEPS));
    assertEquals(1.0, second.get(ReliftFineTuning.BUFFER));
    assertEquals(List.of(TRAIN.get(0)), h.buffered(), "the three newest were popped, the oldest waits");
    assertEquals((double) second.get(ReliftFineTuning.FT_NLL) - 0.001 * (double) second.get(ReliftFineTuning.FT_ENTROPY),
        (double) second.get(ReliftFineTuning.FT_LOSS), 1e-9, "the entropy bonus is part of the fine-tuning loss");
  }

  @Test
  void theFineTuningLossIsTheTokenMeanNllOfTheDemonstrationAndEosOnly() {
    Policy policy = TinyModels.policy(43);
    ReliftFineTuning h = new ReliftFineTuning(ReliftFineTuning.Config.defaults().with("bufferSize=1", "lr=0"), policy, TRAIN);
    Problem p = TRAIN.get(5);
    SftExample e = h.demonstration(p);
    assertEquals(policy.eosId(), e.targetIds()[e.targetIds().length - 1]);
    double expected;
    try (GradMode g = GradMode.disabled()) {
      int[] ids = new int[e.length()];
      System.arraycopy(e.promptIds(), 0, ids, 0, e.promptIds().length);
      System.arraycopy(e.targetIds(), 0, ids, e.promptIds().length, e.targetIds().length);
      long[] all = new long[ids.length], targets = new long[e.targetIds().length];
      for (int i = 0; i < ids.length; i++) all[i] = ids[i];
      for (int i = 0; i < targets.length; i++) targets[i] = e.targetIds()[i];
      Var logits = policy.model().forward(Tensor.of(all, 1, ids.length)).logits();
      int p0 = e.promptIds().length;
      Var logp = Losses.logProbsOfTargets(logits.slice(1, p0 - 1, p0 - 1 + targets.length), Tensor.of(targets, 1, targets.length), 1.0);
      expected = -logp.value().sum().item() / targets.length;
    }
    Map<String, Object> m = h.afterUpdate(1, List.of(Samples.group(p, false)), policy);
    assertEquals(expected, (double) m.get(ReliftFineTuning.FT_NLL), 1e-5, "prompt positions must not count");
  }

  static Relift.Config tiny(int m) {
    return Relift.Config.defaults().with("rl.promptsPerStep=3", "rl.groupSize=2", "rl.generationBatchPrompts=3", "rl.maxNewTokens=6",
        "rl.lr=0.01", "rl.miniBatchSize=3", "rl.totalSteps=3", "relift.bufferSize=" + m, "relift.lr=0.01", "relift.microBatchSize=2");
  }

  static GroupTrainer.Parts parts(Relift.Config c, Policy policy) {
    return Relift.parts(c, policy, TRAIN, Verifier.synthetic()).withReward(GroupTrainerTest.STARTS_WITH_DIGIT);
  }

  @Test
  void withFineTuningOffReliftIsExactlyDrGrpoWithoutClipping() throws Exception {
    Relift.Config off = tiny(-1);
    assertFalse(off.rl().scaleRewardsByStd());
    assertEquals(Aggregation.SEQ_SUM_CONST, off.rl().aggregation());
    assertEquals(0.0, off.rl().klCoef());
    Policy relift = TinyModels.policy(44), drGrpo = TinyModels.policy(44), withFt = TinyModels.policy(44);
    List<Map<String, Object>> a = new GroupTrainer(off.rl(), relift, TRAIN, parts(off, relift), RunOptions.inMemory()).train();
    GroupTrainer.Parts plain = GroupTrainer.Parts.from(off.rl(), Verifier.synthetic()).withReward(GroupTrainerTest.STARTS_WITH_DIGIT)
        .withLoss(new PolicyLoss.Unclipped());
    List<Map<String, Object>> b = new GroupTrainer(off.rl(), drGrpo, TRAIN, plain, RunOptions.inMemory()).train();
    for (int s = 0; s < a.size(); s++) assertEquals(b.get(s).get(MetricNames.LOSS), a.get(s).get(MetricNames.LOSS), "step " + (s + 1));
    assertSameBits(snapshot(drGrpo), snapshot(relift));
    Relift.Config on = tiny(1);
    List<Map<String, Object>> c = new GroupTrainer(on.rl(), withFt, TRAIN, parts(on, withFt), RunOptions.inMemory()).train();
    assertTrue(((Number) c.get(c.size() - 1).get(ReliftFineTuning.FT_STEPS)).intValue() > 0, "fine-tuning never fired");
    assertTrue(changed(snapshot(drGrpo), snapshot(withFt)) > 0, "fine-tuning left no trace; the comparison above proves nothing");
  }

  static GroupTrainer trainer(Policy policy, RunOptions options) {
    Relift.Config c = tiny(2).with("rl.totalSteps=4");
    return new GroupTrainer(c.rl(), policy, TRAIN, parts(c, policy), options);
  }

  @Test
  void aReliftRunResumesBitForBitWithItsOwnOptimizerAndBuffer(@TempDir Path out) throws Exception {
    Policy straight = TinyModels.policy(45);
    List<Map<String, Object>> lines = trainer(straight, RunOptions.inMemory()).train();
    assertTrue(((Number) lines.get(1).get(ReliftFineTuning.FT_STEPS)).intValue() > 0, "no fine-tuning before the checkpoint");
    assertTrue(((Number) lines.get(3).get(ReliftFineTuning.FT_STEPS)).intValue() > ((Number) lines.get(1).get(ReliftFineTuning.FT_STEPS)).intValue(),
        "no fine-tuning after the checkpoint");
    trainer(TinyModels.policy(45), RunOptions.files(out).quiet()).trainUntil(2);
    Policy resumed = TinyModels.policy(45);
    GroupTrainer second = trainer(resumed, RunOptions.files(out).quiet());
    second.resume(CheckpointIO.latest(out).orElseThrow());
    second.train();
    assertSameBits(snapshot(straight), snapshot(resumed));
  }

  @Test
  void theThinkGateScoresOnlyWhatFollowsTheThinkBlock() {
    Relift.Config gated = Relift.Config.defaults().with("thinkFormat=true");
    Verifier v = Relift.verifier(gated, Verifier.synthetic());
    Problem p = TRAIN.get(0);
    assertFalse(v.verify("#### " + p.goldAnswer(), p).correct());
    assertTrue(v.verify("<think>x</think>#### " + p.goldAnswer(), p).correct());
    assertTrue(Relift.verifier(Relift.Config.defaults(), Verifier.synthetic()).verify("#### " + p.goldAnswer(), p).correct());
  }
}
