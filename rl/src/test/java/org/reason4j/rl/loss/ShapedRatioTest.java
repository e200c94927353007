package org.reason4j.rl.loss;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reason4j.autograd.Var;
import org.reason4j.rl.rollout.Sample;
import org.reason4j.tensor.Tensor;

/** Guide's shaped ratio (ALGORITHMS §6 test 4, the percentile γ over valid guided tokens, detached and floored). */
class ShapedRatioTest {

  static Sample guided(String id) {
    Sample s = SampleStub.of(id);
    return s.withTrainingPrompt(s.promptIds(), s.promptWidth());
  }

  /** Per-token losses and ∂L/∂ℓ for rows of ratios (one row per array, padded with ratio 1 and mask 0). */
  record Result(float[] loss, float[] grad) {}

  static Result run(PolicyLoss loss, double advantage, List<Sample> rows, double[]... ratios) {
    int n = ratios.length, r = 0;
    for (double[] row : ratios) r = Math.max(r, row.length);
    float[] logp = new float[n * r], mask = new float[n * r], adv = new float[n * r];
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < ratios[i].length; t++) {
        logp[i * r + t] = (float) Math.log(ratios[i][t]);
        mask[i * r + t] = 1;
      }
      for (int t = 0; t < r; t++) adv[i * r + t] = (float) advantage;
    }
    Var logProbs = Var.param(Tensor.of(logp, n, r));
    PolicyLoss.Input in = new PolicyLoss.Input(logProbs, Tensor.zeros(n, r), Tensor.of(adv, n, r), Tensor.of(mask, n, r), rows);
    Var perToken = loss.perToken(in);
    perToken.mul(Tensor.of(mask, n, r)).sum().backward();
    return new Result(perToken.value().toFloatArray(), logProbs.grad().toFloatArray());
  }

  @Test
  void theShapedRatioLiesInZeroOneRisesWithRhoAndStillTeachesTokensFarAboveTheClip() {
    double[] rhos = {0.01, 0.3, 0.8, 1.0, 1.2, 1.5, 3, 10, 100};
    ShapedRatio constant = new ShapedRatio(ShapedRatio.Mode.SHAPED_CONST, 0.9, 0.2);
    Result r = run(constant, -1.0, List.of(guided("a")), rhos); // −A·f = f
    for (int i = 0; i < rhos.length; i++) {
      assertTrue(r.loss()[i] > 0 && r.loss()[i] < 1, "f(" + rhos[i] + ") = " + r.loss()[i]);
      if (i > 0) assertTrue(r.loss()[i] > r.loss()[i - 1], "f is not increasing at " + rhos[i]);
      assertEquals(rhos[i] / (rhos[i] + 0.9), r.loss()[i], 1e-6);
    }
    for (ShapedRatio.Mode mode : List.of(ShapedRatio.Mode.SHAPED_CONST, ShapedRatio.Mode.SHAPED_PERCENTILE, ShapedRatio.Mode.POWER)) {
      Result g = run(new ShapedRatio(mode, 0.9, 0.2), 1.0, List.of(guided("a")), new double[] {3.0, 10.0});
      assertTrue(g.grad()[0] < 0 && g.grad()[1] < 0, mode + ": a positive-advantage token at ρ ≫ 1.2 got no push up: " + g.grad()[0]);
    }
    Result clipped = run(new ShapedRatio(ShapedRatio.Mode.CLIPPED, 0.9, 0.2), 1.0, List.of(guided("a")), new double[] {3.0, 10.0});
    assertEquals(0f, clipped.grad()[0], 0f, "PPO clipping kills the same token's gradient");
    assertNull(constant.clipRange());
  }

  @Test
  void thePercentileGammaIsTheQuantileOfValidGuidedTokensOnly() {
    Tensor ratio = Tensor.of(new float[] {1, 2, 3, 4, 5, 99, 99, 99, 50, 60, 70, 80}, 3, 4);
    Tensor mask = Tensor.of(new float[] {1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1}, 3, 4);
    List<Sample> rows = List.of(guided("a"), guided("b"), SampleStub.of("c"));
    // Valid guided ratios 1, 2, 3, 4, 5 (padding's 99 and the plain row's 50-80 excluded): 0.9-quantile = 4 + 0.6·1.
    assertEquals(4.6, ShapedRatio.percentileGamma(ratio, mask, rows, 0.9), 1e-6);
    // Without any guided row the quantile is over all valid tokens.
    List<Sample> plain = List.of(SampleStub.of("a"), SampleStub.of("b"), SampleStub.of("c"));
    assertEquals(ShapedRatio.quantile(new double[] {1, 2, 3, 4, 5, 50, 60, 70, 80}, 0.9), ShapedRatio.percentileGamma(ratio, mask, plain, 0.9));
    Tensor tiny = Tensor.of(new float[] {1e-7f, 1e-6f}, 1, 2);
    assertEquals(ShapedRatio.MIN_GAMMA, ShapedRatio.percentileGamma(tiny, Tensor.ones(1, 2), List.of(guided("a")), 0.9));
  }

  @Test
  void thePercentileGammaIsDetachedFromTheGradient() {
    double[] rhos = {0.5, 1.0, 2.0, 4.0};
    Result r = run(ShapedRatio.defaults(), 1.0, List.of(guided("a")), rhos);
    double gamma = ShapedRatio.quantile(rhos.clone(), 0.9);
    for (int t = 0; t < rhos.length; t++) {
      // d/dℓ of −A·ρ/(ρ+γ) with γ held fixed: −A·γρ/(ρ+γ)².
      double expected = -gamma * rhos[t] / ((rhos[t] + gamma) * (rhos[t] + gamma));
      assertEquals(expected, r.grad()[t], 1e-6, "token " + t);
    }
  }

  @Test
  void badSettingsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new ShapedRatio(ShapedRatio.Mode.SHAPED_PERCENTILE, 1.5, 0.2));
    assertThrows(IllegalArgumentException.class, () -> new ShapedRatio(ShapedRatio.Mode.SHAPED_CONST, 0, 0.2));
  }
}
