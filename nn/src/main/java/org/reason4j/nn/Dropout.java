package org.reason4j.nn;

import org.reason4j.autograd.Functional;
import org.reason4j.autograd.Var;
import org.reason4j.tensor.Rng;

/**
 * Inverted dropout: while training, zeroes each element with probability p and scales the rest by
 * 1 / (1 - p); in eval mode, the identity. The masks come from a seeded stream, so a run repeats exactly.
 */
public final class Dropout extends Module implements Layer {
  private final double p;
  private final Rng rng;

  public Dropout(double p, Rng rng) {
    if (p < 0 || p >= 1) throw new IllegalArgumentException("Dropout: p = " + p + " must be in [0, 1)");
    this.p = p;
    this.rng = rng;
  }

  /** x (...) -> (...). */
  @Override
  public Var forward(Var x) {
    return Functional.dropout(x, p, isTraining(), rng);
  }

  public double p() {
    return p;
  }
}
