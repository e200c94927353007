package org.reason4j.transformer.generate;

import java.util.Arrays;
import org.reason4j.tensor.Rng;

/**
 * Picks the next token from one row of logits: greedy argmax, or a draw from the distribution left after
 * the repetition penalty, temperature, top-k, top-p and min-p filters. Works on host arrays; the row is
 * small next to the forward pass that produced it.
 */
final class Sampler {
  private Sampler() {}

  /**
   * @param logits the row (V), not modified
   * @param seen ids already in the sequence (for the repetition penalty)
   */
  static int next(float[] logits, boolean[] seen, GenerationConfig c, Rng rng) {
    int v = logits.length;
    double[] x = new double[v];
    for (int i = 0; i < v; i++) {
      double l = logits[i];
      if (c.repetitionPenalty() != 1 && seen[i]) l = l > 0 ? l / c.repetitionPenalty() : l * c.repetitionPenalty();
      x[i] = l;
    }
    if (c.greedy()) return argmax(x);
    for (int i = 0; i < v; i++) x[i] /= c.temperature();
    if (c.topK() > 0 && c.topK() < v) keepTopK(x, c.topK());
    double[] p = softmax(x);
    if (c.topP() < 1) keepTopP(p, c.topP());
    if (c.minP() > 0) {
      double cut = c.minP() * Arrays.stream(p).max().orElse(0);
      for (int i = 0; i < v; i++) if (p[i] < cut) p[i] = 0;
    }
    return rng.categorical(p);
  }

  static int argmax(double[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
    return best;
  }

  private static void keepTopK(double[] x, int k) {
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    double kth = sorted[sorted.length - k];
    for (int i = 0; i < x.length; i++) if (x[i] < kth) x[i] = Double.NEGATIVE_INFINITY;
  }

  /** Zeroes tokens outside the smallest most-likely set whose mass reaches p (at least one is kept). */
  private static void keepTopP(double[] p, double topP) {
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
    double mass = 0;
    int keep = 0;
    while (keep < order.length && (keep == 0 || mass < topP)) mass += p[order[keep++]];
    for (int j = keep; j < order.length; j++) p[order[j]] = 0;
  }

  private static double[] softmax(double[] x) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : x) m = Math.max(m, v);
    double[] p = new double[x.length];
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      p[i] = Math.exp(x[i] - m);
      s += p[i];
    }
    for (int i = 0; i < x.length; i++) p[i] /= s;
    return p;
  }
}
