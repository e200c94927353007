package org.reason4j.rl.metrics;

import java.util.Locale;

/**
 * Axis ticks at round numbers (1, 2 or 5 times a power of ten), after Heckbert's "nice numbers" (Graphics
 * Gems, 1990), with labels that show just the digits the step needs: 0.2 steps print one decimal, 1e-7
 * steps print scientific notation.
 */
final class Ticks {
  final double lo;
  final double hi;
  final double step;
  final double[] values;
  private final int decimals;
  private final boolean scientific;

  private Ticks(double lo, double hi, double step, double[] values) {
    this.lo = lo;
    this.hi = hi;
    this.step = step;
    this.values = values;
    double largest = Math.max(Math.abs(lo), Math.abs(hi));
    this.scientific = largest >= 1e6 || (largest > 0 && largest < 1e-3);
    int stepExp = (int) Math.floor(Math.log10(step) + 1e-9);
    this.decimals = scientific ? Math.max(0, (int) Math.floor(Math.log10(largest) + 1e-9) - stepExp) : Math.max(0, -stepExp);
  }

  /**
   * About {@code target} ticks over [min, max]. With {@code expand} the axis grows to the enclosing ticks
   * (a y axis); without, it stays at [min, max] and only the ticks inside are kept (an x axis of steps).
   * An empty or degenerate range is widened around its value first.
   */
  static Ticks of(double min, double max, int target, boolean expand) {
    if (!Double.isFinite(min) || !Double.isFinite(max)) {
      min = 0;
      max = 1;
    }
    if (max <= min) {
      double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
      min -= pad;
      max += pad;
    }
    double step = nice((max - min) / Math.max(1, target - 1));
    double lo = expand ? Math.floor(min / step + 1e-9) * step : min;
    double hi = expand ? Math.ceil(max / step - 1e-9) * step : max;
    long first = (long) Math.ceil(lo / step - 1e-9);
    long last = (long) Math.floor(hi / step + 1e-9);
    double[] values = new double[(int) Math.max(0, last - first + 1)];
    for (int i = 0; i < values.length; i++) {
      double v = (first + i) * step;
      values[i] = Math.abs(v) < step * 1e-9 ? 0 : v; // no "-0"
    }
    return new Ticks(lo, hi, step, values);
  }

  /** The nice number (1, 2, 5 x 10^k) closest to x. */
  static double nice(double x) {
    double exp = Math.floor(Math.log10(x));
    double f = x / Math.pow(10, exp);
    double n = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    return n * Math.pow(10, exp);
  }

  String label(double v) {
    if (scientific) {
      if (v == 0) return "0";
      String s = String.format(Locale.ROOT, "%." + decimals + "e", v);
      return s.replace("e+0", "e").replace("e-0", "e-").replace("e+", "e");
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
