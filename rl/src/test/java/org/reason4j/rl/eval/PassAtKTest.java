package org.reason4j.rl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/** The product form against the binomial definition, and its behaviour where binomials overflow. */
class PassAtKTest {

  private static BigInteger choose(int n, int k) {
    if (k < 0 || k > n) return BigInteger.ZERO;
    BigInteger r = BigInteger.ONE;
    for (int i = 0; i < k; i++) r = r.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
    return r;
  }

  /** 1 − C(n−c, k)/C(n, k) computed exactly with big integers. */
  private static double exact(int n, int c, int k) {
    BigDecimal ratio = new BigDecimal(choose(n - c, k)).divide(new BigDecimal(choose(n, k)), MathContext.DECIMAL128);
    return BigDecimal.ONE.subtract(ratio).doubleValue();
  }

  @Test
  void matchesTheBinomialDefinition() {
    for (int n = 1; n <= 30; n++) {
      for (int c = 0; c <= n; c++) {
        for (int k = 1; k <= n; k++) {
          assertEquals(exact(n, c, k), PassAtK.estimate(n, c, k), 1e-12, "n=" + n + " c=" + c + " k=" + k);
        }
      }
    }
  }

  @Test
  void handValues() {
    assertEquals(0.1, PassAtK.estimate(10, 1, 1), 1e-15);
    assertEquals(0.0, PassAtK.estimate(10, 0, 5));
    assertEquals(1.0, PassAtK.estimate(10, 6, 5), "fewer than k wrong samples");
    assertEquals(5.0 / 6, PassAtK.estimate(4, 2, 2), 1e-15); // 1 - C(2,2)/C(4,2) = 1 - 1/6
  }

  @Test
  void largeNDoesNotOverflowAndStaysExact() {
    // C(1024, 512) is far beyond a double; the product form needs no binomial.
    assertEquals(exact(1024, 7, 512), PassAtK.estimate(1024, 7, 512), 1e-12);
    assertEquals(exact(1024, 1, 64), PassAtK.estimate(1024, 1, 64), 1e-12);
    double previous = 0;
    for (int k = 1; k <= 1024; k *= 2) {
      double p = PassAtK.estimate(1024, 3, k);
      assertTrue(p >= previous && p <= 1.0, "pass@k grows with k and stays <= 1");
      previous = p;
    }
  }

  @Test
  void meanAveragesProblems() {
    assertEquals((0.1 + 1.0 + 0.0) / 3, PassAtK.mean(10, new int[] {1, 10, 0}, 1), 1e-15);
  }

  @Test
  void rejectsImpossibleCounts() {
    assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(10, 11, 1));
    assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(10, 1, 11));
    assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(10, 1, 0));
  }
}
