package org.reason4j.rl.advantage;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** ALGORITHMS §4 tests (1), (2) and the G = 1 rule; §3 test (1) and whitening. */
class AdvantageTest {

  @Test
  void allEqualRewardsGiveZeroAdvantagesAndNoNaN() {
    for (GroupNormalized est : new GroupNormalized[] {GroupNormalized.grpo(), GroupNormalized.drGrpo(), new GroupNormalized(true, 0)}) {
      for (double v : new double[] {0, 1, 0.1, -1}) {
        for (double a : est.estimate(new double[] {v, v, v})) assertEquals(0.0, a, 0.0, est + " at reward " + v);
      }
    }
  }

  @Test
  void advantagesSumToZeroAndWithStdTheirSquaresSumToGMinusOne() {
    double[] rewards = {1, 0, 0, 1, 1, 0.1, 0};
    double[] a = new GroupNormalized(true, 0).estimate(rewards);
    double sum = 0, squares = 0;
    for (double x : a) {
      sum += x;
      squares += x * x;
    }
    assertEquals(0, sum, 1e-12);
    assertEquals(rewards.length - 1, squares, 1e-9);
    double[] eps = GroupNormalized.grpo().estimate(rewards);
    double epsSquares = 0;
    for (double x : eps) epsSquares += x * x;
    assertEquals(rewards.length - 1, epsSquares, 1e-4); // ε = 1e-6 shrinks them a little
    double[] centred = GroupNormalized.drGrpo().estimate(rewards);
    double centredSum = 0;
    for (double x : centred) centredSum += x;
    assertEquals(0, centredSum, 1e-12);
    assertEquals(1 - 3.1 / 7, centred[0], 1e-12);
  }

  @Test
  void aGroupOfOneHasZeroAdvantage() {
    assertArrayEquals(new double[] {0}, GroupNormalized.grpo().estimate(new double[] {1}));
    assertArrayEquals(new double[] {0}, GroupNormalized.drGrpo().estimate(new double[] {-1}));
  }

  @Test
  void zeroValuesUnitGammaLambdaAndNoKlGiveTheRewardAtEveryToken() {
    float r = 0.7f;
    float[] old = {-1f, -2f, -0.5f, -3f}, ref = {-1.5f, -1f, -0.25f, -2f};
    float[] tokenRewards = TokenRewards.klPenalized(old, ref, 0, r);
    Gae.Result res = new Gae(1, 1).estimate(tokenRewards, new float[4]);
    for (int t = 0; t < 4; t++) {
      assertEquals(r, res.advantages()[t], 0f, "advantage at " + t);
      assertEquals(r, res.returns()[t], 0f, "return at " + t);
    }
  }

  @Test
  void gaeMatchesTheSumOfDiscountedTdErrors() {
    float[] rewards = {0.1f, -0.2f, 1f}, values = {0.5f, 0.25f, -0.5f};
    double gamma = 0.9, lambda = 0.8;
    Gae.Result res = new Gae(gamma, lambda).estimate(rewards, values);
    double d0 = 0.1 + gamma * 0.25 - 0.5, d1 = -0.2 + gamma * -0.5 - 0.25, d2 = 1 - -0.5;
    double gl = gamma * lambda;
    assertEquals(d0 + gl * d1 + gl * gl * d2, res.advantages()[0], 1e-6);
    assertEquals(d1 + gl * d2, res.advantages()[1], 1e-6);
    assertEquals(d2, res.advantages()[2], 1e-6);
    assertEquals(res.advantages()[1] + 0.25, res.returns()[1], 1e-6);
  }

  @Test
  void klPenaltyUsesOldMinusRefOnEveryTokenAndTheRewardOnlyOnTheLast() {
    float[] r = TokenRewards.klPenalized(new float[] {-1f, -2f}, new float[] {-1.5f, -1f}, 0.05, 1.0);
    assertEquals(-0.05 * 0.5, r[0], 1e-7);
    assertEquals(-0.05 * -1 + 1.0, r[1], 1e-7);
  }

  @Test
  void whiteningGivesZeroMeanUnitVarianceOverAllTokensOfTheBatch() {
    float[][] x = {{1f, 2f, 3f}, {10f}, {-4f, 0.5f}};
    Gae.whiten(x, 1e-8);
    double sum = 0, ss = 0;
    int n = 0;
    for (float[] row : x) for (float v : row) {
      sum += v;
      ss += v * v;
      n++;
    }
    assertEquals(0, sum / n, 1e-6);
    assertEquals(1, ss / (n - 1), 1e-5); // unbiased, as TRL's masked_var
    assertEquals(3, x[0].length);
  }
}
