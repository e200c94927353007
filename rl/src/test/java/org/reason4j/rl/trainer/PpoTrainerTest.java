package org.reason4j.rl.trainer;

import static org.junit.jupiter.api.Assertions.*;
import static org.reason4j.rl.trainer.TrainerAssertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.rl.TinyModels;
import org.reason4j.rl.checkpoint.CheckpointIO;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.metrics.MetricNames;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.verify.Verifier;

/** ReFT's PPO: ALGORITHMS §3 tests (3) and (4) on real rollouts, a smoke run and resumption. */
class PpoTrainerTest {
  static final List<Problem> TRAIN = TinyModels.problems(1, 12);

  static PpoTrainer.Config tiny() {
    return PpoTrainer.Config.defaults().with("promptsPerStep=4", "miniBatchSize=2", "maxNewTokens=12", "lr=0.01", "totalSteps=2");
  }

  @Test
  void withThePolicyEqualToTheReferenceEveryTokenRewardButTheLastIsZero() {
    PpoTrainer t = new PpoTrainer(tiny(), TinyModels.policy(21), TRAIN, Verifier.synthetic(), RunOptions.inMemory());
    PpoTrainer.Prepared p = t.prepare(t.rollout().samples());
    for (int i = 0; i < p.samples().size(); i++) {
      float[] r = p.tokenRewards()[i];
      for (int k = 0; k < r.length - 1; k++) assertEquals(0f, r[k], 0f, "sample " + i + " token " + k);
      assertEquals((float) p.samples().get(i).reward(), r[r.length - 1], 0f);
    }
    assertEquals(0.0, p.kl());
  }

  @Test
  void onTheFirstMiniBatchTheRatioIsOneSoThePolicyLossIsMinusTheMeanWhitenedAdvantage() {
    PpoTrainer t = new PpoTrainer(tiny(), TinyModels.policy(22), TRAIN, Verifier.synthetic(), RunOptions.inMemory());
    PpoTrainer.Prepared p = t.prepare(t.rollout().samples());
    int[] rows = {2, 0};
    PpoTrainer.Terms terms = t.terms(p, rows);
    float[] ratio = terms.input().ratio().value().mul(terms.batch().responseMask()).toFloatArray();
    float[] mask = terms.batch().responseMask().toFloatArray();
    for (int k = 0; k < ratio.length; k++) assertEquals(mask[k], ratio[k], 0f);
    double expected = 0;
    for (int row : rows) {
      double sum = 0;
      for (float a : p.advantages()[row]) sum += a;
      expected += -sum / p.advantages()[row].length;
    }
    assertEquals(expected / rows.length, terms.policyLoss().value().item(), 1e-6);
  }

  @Test
  void smokeRunHasFiniteLossesAndMovesTheWeightsAndTheValueHead() throws Exception {
    PpoTrainer t = new PpoTrainer(tiny(), TinyModels.policy(23), TRAIN, Verifier.synthetic(), RunOptions.inMemory());
    Map<String, float[]> before = snapshot(t.policy());
    List<Map<String, Object>> lines = t.train();
    assertFiniteEverywhere(lines, MetricNames.LOSS);
    assertFiniteEverywhere(lines, MetricNames.VALUE_LOSS);
    assertFiniteEverywhere(lines, MetricNames.KL);
    Map<String, float[]> after = snapshot(t.policy());
    assertTrue(changed(before, after) > 0);
    assertFalse(java.util.Arrays.equals(before.get("v_head.summary.weight"), after.get("v_head.summary.weight")), "the value head did not learn");
  }

  @Test
  void resumingGivesTheSameWeightsBitForBitAsNeverStopping(@TempDir Path out) throws Exception {
    PpoTrainer.Config c = tiny().with("totalSteps=4", "ppoEpochs=2");
    PpoTrainer straight = new PpoTrainer(c, TinyModels.policy(24), TRAIN, Verifier.synthetic(), RunOptions.inMemory());
    straight.train();
    new PpoTrainer(c, TinyModels.policy(24), TRAIN, Verifier.synthetic(), RunOptions.files(out).quiet()).trainUntil(2);
    PpoTrainer second = new PpoTrainer(c, TinyModels.policy(24), TRAIN, Verifier.synthetic(), RunOptions.files(out).quiet());
    second.resume(CheckpointIO.latest(out).orElseThrow());
    second.train();
    assertSameBits(snapshot(straight.policy()), snapshot(second.policy()));
  }
}
