package org.reason4j.tensor.cpu;

/**
 * The error function in double precision (Java has none): a positive-term series for |x| < 3 and a
 * continued fraction for erfc beyond. Accurate to about 1e-15, smooth enough for gradient checks of
 * exact GELU.
 */
final class Erf {
  private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

  private Erf() {}

  static double erf(double x) {
    if (Double.isNaN(x)) return x;
    double ax = Math.abs(x);
    if (ax >= 6) return Math.signum(x);
    double r = ax < 3 ? series(ax) : 1 - erfcContinuedFraction(ax);
    return x < 0 ? -r : r;
  }

  /** erf(x) = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (1*3*...*(2n+1)); all terms positive. */
  private static double series(double x) {
    double x2 = x * x, term = x, sum = x;
    for (int n = 1; n < 200; n++) {
      term *= 2 * x2 / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }

  /** erfc(x) for x >= 3 by Lentz's method on the Laplace continued fraction. */
  private static double erfcContinuedFraction(double x) {
    double tiny = 1e-300;
    double f = x, c = x, d = 0;
    for (int n = 1; n < 300; n++) {
      double an = n / 2.0;
      d = x + an * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = x + an / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) break;
    }
    return Math.exp(-x * x) / (f * Math.sqrt(Math.PI));
  }
}
