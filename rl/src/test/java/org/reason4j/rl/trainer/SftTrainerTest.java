package org.reason4j.rl.trainer;

import static org.junit.jupiter.api.Assertions.*;
import static org.reason4j.rl.trainer.TrainerAssertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.autograd.Var;
import org.reason4j.rl.TinyModels;
import org.reason4j.rl.checkpoint.CheckpointIO;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.metrics.MetricNames;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.tensor.Tensor;
import org.reason4j.transformer.tokenizer.CharTokenizer;

/** ALGORITHMS §2 tests (a)-(c), gradient accumulation, a smoke run and bit-exact resumption. */
class SftTrainerTest {
  static final List<Problem> TRAIN = TinyModels.problems(0, 12);

  static SftTrainer.Config small() {
    return new SftTrainer.Config(3e-3, 0.2, 1, 6, 4, 2, 1.0, 0.0, 1e-8, 0.9, 0.999, 256, true, 5, 1, 0, 2);
  }

  @Test
  void changingPromptTokensLabelsNeverChangesTheLoss() {
    Policy policy = TinyModels.policy(1);
    SftBatch b = SftBatch.of(List.of(SftExample.of(policy, TRAIN.get(0), 256), SftExample.of(policy, TRAIN.get(1), 256)));
    Var logits = policy.model().forward(b.ids()).logits();
    double loss = SftBatch.tokenMeanNll(logits, b.labels(), b.lossMask()).value().item();
    long[] labels = b.labels().toLongArray();
    float[] mask = b.lossMask().toFloatArray();
    long[] scrambled = labels.clone(), targetChanged = labels.clone();
    int firstTarget = -1;
    for (int i = 0; i < labels.length; i++) {
      if (mask[i] == 0) scrambled[i] = (labels[i] + 5) % policy.tokenizer().vocabSize();
      else if (firstTarget < 0) firstTarget = i;
    }
    targetChanged[firstTarget] = (labels[firstTarget] + 5) % policy.tokenizer().vocabSize();
    Tensor shape = b.labels();
    double again = SftBatch.tokenMeanNll(logits, Tensor.of(scrambled, shape.shape()), b.lossMask()).value().item();
    double other = SftBatch.tokenMeanNll(logits, Tensor.of(targetChanged, shape.shape()), b.lossMask()).value().item();
    assertEquals(Double.doubleToLongBits(loss), Double.doubleToLongBits(again));
    assertNotEquals(loss, other, "a target label must matter, or this test proves nothing");
  }

  @Test
  void lossEqualsTheHandComputedMeanNllOfTwoSequences() {
    // Two sequences, V = 3. Row 0: prompt [1], target [2, 0]; row 1: prompt [1, 1], target [2].
    SftBatch b = SftBatch.of(List.of(new SftExample(new int[] {1}, new int[] {2, 0}), new SftExample(new int[] {1, 1}, new int[] {2})));
    float[] z = {0, 1, 2, 1, 0, 0, 5, 5, 5, 0, 0, 1, 3, 1, 0, 2, 2, 2};
    Var logits = Var.constant(Tensor.of(z, 2, 3, 3));
    // Supervised: row 0 position 0 -> 2, position 1 -> 0; row 1 position 1 -> 2.
    double expected = (nll(z, 0, 2) + nll(z, 1, 0) + nll(z, 4, 2)) / 3;
    assertEquals(expected, SftBatch.tokenMeanNll(logits, b.labels(), b.lossMask()).value().item(), 1e-6);
    assertEquals(3, b.tokens());
  }

  static double nll(float[] z, int position, int label) {
    double max = Math.max(z[3 * position], Math.max(z[3 * position + 1], z[3 * position + 2])), sum = 0;
    for (int v = 0; v < 3; v++) sum += Math.exp(z[3 * position + v] - max);
    return -(z[3 * position + label] - max - Math.log(sum));
  }

  @Test
  void eosIsASupervisedToken() {
    Policy policy = TinyModels.policy(1);
    SftExample e = SftExample.of(policy, TRAIN.get(0), 256);
    assertEquals(CharTokenizer.EOS, e.targetIds()[e.targetIds().length - 1]);
    assertEquals(TRAIN.get(0).referenceSolution(), policy.tokenizer().decode(e.targetIds(), true));
    SftBatch b = SftBatch.of(List.of(e));
    int eosPrediction = e.length() - 2;
    assertEquals(1f, b.lossMask().toFloatArray()[eosPrediction]);
    assertEquals(CharTokenizer.EOS, b.labels().toLongArray()[eosPrediction]);
    assertEquals(e.targetIds().length, b.tokens());
  }

  @Test
  void microBatchesGiveTheGradientOfTheWholeBatch() {
    Policy a = TinyModels.policy(2), b = TinyModels.policy(2);
    List<SftExample> batch = List.of(SftExample.of(a, TRAIN.get(0), 256), SftExample.of(a, TRAIN.get(3), 256), SftExample.of(a, TRAIN.get(5), 256));
    var optA = new org.reason4j.nn.optim.SGD(a.parameters(), org.reason4j.nn.optim.SGD.Config.of(0.5));
    var optB = new org.reason4j.nn.optim.SGD(b.parameters(), org.reason4j.nn.optim.SGD.Config.of(0.5));
    SftUpdate.Result whole = SftUpdate.step(a.model(), a.parameters().values(), optA, batch, 3, 0, 0);
    SftUpdate.Result micro = SftUpdate.step(b.model(), b.parameters().values(), optB, batch, 1, 0, 0);
    assertEquals(whole.loss(), micro.loss(), 1e-6);
    assertEquals(whole.gradNorm(), micro.gradNorm(), 1e-5 * whole.gradNorm());
    Map<String, float[]> wa = snapshot(a), wb = snapshot(b);
    for (String k : wa.keySet()) for (int i = 0; i < wa.get(k).length; i++) assertEquals(wa.get(k)[i], wb.get(k)[i], 1e-6, k);
  }

  @Test
  void smokeRunHasFiniteLossesMovesTheWeightsAndWritesTheRunFolder(@TempDir Path out) throws Exception {
    Policy policy = TinyModels.policy(3);
    Map<String, float[]> before = snapshot(policy);
    SftTrainer t = new SftTrainer(small(), policy, TRAIN, RunOptions.files(out).quiet()).withEvaluation(p -> 0.25);
    List<Map<String, Object>> lines = t.trainUntil(3);
    assertEquals(3, lines.size());
    assertFiniteEverywhere(lines, MetricNames.LOSS);
    assertFiniteEverywhere(lines, MetricNames.GRAD_NORM);
    assertTrue(changed(before, snapshot(policy)) > 0);
    assertEquals(0.0, ((Number) lines.get(0).get(MetricNames.LEARNING_RATE)).doubleValue()); // warm-up starts at 0
    assertEquals(0.25, lines.get(2).get(TrainingRun.EVAL_ACCURACY)); // 12 examples / 4 = one epoch in 3 steps
    assertTrue(Files.exists(out.resolve("config.json")));
    assertTrue(Files.exists(out.resolve("metrics.jsonl")));
    assertTrue(Files.exists(out.resolve("best").resolve(CharTokenizer.FILE_NAME)));
    assertTrue(Files.exists(out.resolve("plots").resolve("loss.png")));
    assertEquals(3, CheckpointIO.load(CheckpointIO.latest(out).orElseThrow()).step());
  }

  @Test
  void resumingGivesTheSameWeightsBitForBitAsNeverStopping(@TempDir Path out) throws Exception {
    Policy straight = TinyModels.policy(4);
    new SftTrainer(small(), straight, TRAIN, RunOptions.inMemory()).train();
    Policy again = TinyModels.policy(4);
    new SftTrainer(small(), again, TRAIN, RunOptions.inMemory()).train();
    assertSameBits(snapshot(straight), snapshot(again)); // same seed, same result

    new SftTrainer(small(), TinyModels.policy(4), TRAIN, RunOptions.files(out).quiet()).trainUntil(3);
    Policy resumed = TinyModels.policy(99); // other initial weights: the checkpoint must replace all of them
    SftTrainer second = new SftTrainer(small(), resumed, TRAIN, RunOptions.files(out).quiet());
    second.resume(CheckpointIO.latest(out).orElseThrow());
    assertEquals(3, second.step());
    second.train();
    assertEquals(6, second.step());
    assertSameBits(snapshot(straight), snapshot(resumed));
    assertEquals(6, org.reason4j.rl.metrics.MetricsLogger.read(out.resolve("metrics.jsonl")).size());
  }

  @Test
  void resumingWithAnotherLearningRateIsRefused(@TempDir Path out) throws Exception {
    new SftTrainer(small(), TinyModels.policy(4), TRAIN, RunOptions.files(out).quiet()).trainUntil(1);
    SftTrainer.Config other = new SftTrainer.Config(1e-3, 0.2, 1, 6, 4, 2, 1.0, 0.0, 1e-8, 0.9, 0.999, 256, true, 5, 1, 0, 2);
    SftTrainer t = new SftTrainer(other, TinyModels.policy(4), TRAIN, RunOptions.inMemory());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.resume(CheckpointIO.latest(out).orElseThrow()));
    assertTrue(e.getMessage().contains("lr"), e.getMessage());
  }
}
