package org.reason4j.rl.loss;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reason4j.autograd.Var;
import org.reason4j.tensor.Tensor;

/** ALGORITHMS §4 tests (3)-(5), §5 tests (3)-(4), §3 test (5), on hand-built tensors. */
class LossTest {

  /** The gradient of a clipped surrogate at one token with ratio ρ and advantage A, with respect to ℓ. */
  static double surrogateGradient(PolicyLoss loss, double ratio, double advantage) {
    Var logProbs = Var.param(Tensor.of(new float[] {(float) Math.log(ratio)}, 1, 1));
    Tensor old = Tensor.zeros(1, 1), mask = Tensor.ones(1, 1);
    PolicyLoss.Input in = new PolicyLoss.Input(logProbs, old, Tensor.of(new float[] {(float) advantage}, 1, 1), mask, List.of());
    loss.perToken(in).sum().backward();
    return logProbs.grad().item();
  }

  @Test
  void positiveAdvantageAboveTheClipHasZeroGradientAndBelowItDoesNot() {
    PolicyLoss grpo = PolicyLoss.ClippedSurrogate.symmetric(0.2);
    assertEquals(0.0, surrogateGradient(grpo, 1.3, 1.0), 0.0);
    double g = surrogateGradient(grpo, 0.7, 1.0);
    assertEquals(-0.7, g, 1e-6); // d(−ρA)/dℓ = −ρA
    assertEquals(0.0, surrogateGradient(grpo, 0.7, -1.0), 0.0); // A < 0 below 1 − ε: clipped
    assertEquals(1.3, surrogateGradient(grpo, 1.3, -1.0), 1e-6); // A < 0 above: not clipped
  }

  @Test
  void clipHigherLetsARatioOf125LearnUnderDapoButNotUnderGrpo() {
    assertNotEquals(0.0, surrogateGradient(new PolicyLoss.ClippedSurrogate(0.2, 0.28), 1.25, 1.0));
    assertEquals(0.0, surrogateGradient(PolicyLoss.ClippedSurrogate.symmetric(0.2), 1.25, 1.0), 0.0);
  }

  @Test
  void unclippedLossAlwaysHasGradient() {
    assertEquals(-3.0 * 2, surrogateGradient(new PolicyLoss.Unclipped(), 3.0, 2.0), 1e-5);
  }

  @Test
  void k3IsZeroWithZeroGradientAtTheReferenceAndPositiveElsewhere() {
    Tensor ref = Tensor.of(new float[] {-1.2f, -0.3f, -2f}, 1, 3);
    Var same = Var.param(ref.copy());
    Var k3 = KlEstimator.K3.perToken(same, ref);
    for (float v : k3.value().toFloatArray()) assertEquals(0f, v, 0f);
    k3.sum().backward();
    for (float g : same.grad().toFloatArray()) assertEquals(0f, g, 0f);
    Var other = Var.param(Tensor.of(new float[] {-1f, -0.9f, -5f}, 1, 3));
    for (float v : KlEstimator.K3.perToken(other, ref).value().toFloatArray()) assertTrue(v > 0, "k3 = " + v);
    assertEquals(KlEstimator.K3_CLAMP, KlEstimator.K3.perToken(Var.constant(Tensor.of(new float[] {-30f}, 1, 1)),
        Tensor.of(new float[] {0f}, 1, 1)).value().item(), 0.0);
    assertEquals(0.5f, KlEstimator.K1.perToken(Var.constant(Tensor.of(new float[] {-1f}, 1, 1)), Tensor.of(new float[] {-1.5f}, 1, 1)).value().item(), 0f);
  }

  @Test
  void tokenMeanAndSequenceMeanOfTokenMeansDifferAsInTheSpec() {
    // Lengths 1 and 3 with per-token losses 1 and 2.
    Var loss = Var.constant(Tensor.of(new float[] {1, 0, 0, 2, 2, 2}, 2, 3));
    Tensor mask = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 2, 3);
    assertEquals(1.75, Aggregation.TOKEN_MEAN.aggregate(loss, mask, 3).value().item(), 1e-7);
    assertEquals(1.5, Aggregation.SEQ_MEAN_TOKEN_MEAN.aggregate(loss, mask, 3).value().item(), 1e-7);
    assertEquals(7.0 / (2 * 4), Aggregation.SEQ_SUM_CONST.aggregate(loss, mask, 4).value().item(), 1e-7);
  }

  /** The total gradient one response receives from the batch loss, summed over its tokens. */
  static double responseWeight(Aggregation a, int length, int otherLength) {
    int r = Math.max(length, otherLength);
    float[] mask = new float[2 * r];
    for (int t = 0; t < length; t++) mask[t] = 1;
    for (int t = 0; t < otherLength; t++) mask[r + t] = 1;
    Var loss = Var.param(Tensor.ones(2, r));
    a.aggregate(loss, Tensor.of(mask, 2, r), 16).backward();
    float[] g = loss.grad().toFloatArray();
    double sum = 0;
    for (int t = 0; t < r; t++) sum += g[t];
    return sum;
  }

  @Test
  void doublingAResponsesLengthDoublesItsDrGrpoContributionButNotItsGrpoContribution() {
    assertEquals(2 * responseWeight(Aggregation.SEQ_SUM_CONST, 3, 5), responseWeight(Aggregation.SEQ_SUM_CONST, 6, 5), 1e-7);
    assertEquals(responseWeight(Aggregation.SEQ_MEAN_TOKEN_MEAN, 3, 5), responseWeight(Aggregation.SEQ_MEAN_TOKEN_MEAN, 6, 5), 1e-7);
  }

  @Test
  void aSequenceWithoutValidTokensAddsNothingToTheSequenceMean() {
    Var loss = Var.constant(Tensor.of(new float[] {4, 4, 9, 9}, 2, 2));
    Tensor mask = Tensor.of(new float[] {1, 1, 0, 0}, 2, 2);
    assertEquals(2.0, Aggregation.SEQ_MEAN_TOKEN_MEAN.aggregate(loss, mask, 2).value().item(), 1e-7);
  }

  @Test
  void valueMovedPastTheClipWithTheLargerClippedErrorGetsNoGradient() {
    // V^old = 0, V = 0.5 (moved 0.5 > ε = 0.2), R̂ = 1: V_clip = 0.2, its error 0.64 > 0.25.
    Var values = Var.param(Tensor.of(new float[] {0.5f}, 1, 1));
    Var loss = ValueLoss.clipped(values, Tensor.zeros(1, 1), Tensor.of(new float[] {1f}, 1, 1), 0.2);
    assertEquals(0.5 * 0.64, loss.value().item(), 1e-6);
    loss.sum().backward();
    assertEquals(0.0, values.grad().item(), 0.0);
    // Moved the other way (V = -0.5, R̂ = 1): the unclipped error is larger and keeps its gradient.
    Var away = Var.param(Tensor.of(new float[] {-0.5f}, 1, 1));
    ValueLoss.clipped(away, Tensor.zeros(1, 1), Tensor.of(new float[] {1f}, 1, 1), 0.2).sum().backward();
    assertEquals(-1.5, away.grad().item(), 1e-6);
  }

  @Test
  void rowSelectAppliesEachLossToItsRows() {
    PolicyLoss clipped = PolicyLoss.ClippedSurrogate.symmetric(0.2);
    Var logProbs = Var.param(Tensor.of(new float[] {(float) Math.log(2), (float) Math.log(2)}, 2, 1));
    org.reason4j.rl.rollout.Sample a = SampleStub.of("a"), b = SampleStub.of("b");
    PolicyLoss select = new PolicyLoss.RowSelect(s -> s.problem().id().equals("a"), new PolicyLoss.Unclipped(), clipped);
    PolicyLoss.Input in = new PolicyLoss.Input(logProbs, Tensor.zeros(2, 1), Tensor.ones(2, 1), Tensor.ones(2, 1), List.of(a, b));
    float[] l = select.perToken(in).value().toFloatArray();
    assertEquals(-2f, l[0], 1e-6f); // −ρA unclipped
    assertEquals(-1.2f, l[1], 1e-6f); // −clip(ρ)A
    assertEquals(clipped.clipRange(), select.clipRange());
  }

  @Test
  void entropyOfAUniformDistributionIsLogV() {
    Var logits = Var.constant(Tensor.zeros(2, 3, 5));
    for (float h : Entropy.of(logits, 0.7).value().toFloatArray()) assertEquals(Math.log(5), h, 1e-6);
    Var peaked = Var.constant(Tensor.of(new float[] {0, 0, 40}, 1, 3));
    assertEquals(0, Entropy.of(peaked, 1).value().item(), 1e-6);
  }
}
