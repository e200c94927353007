package org.reason4j.rl.loss;

import org.reason4j.autograd.Var;

/**
 * Entropy of the full next-token distribution at each position, H_t = −Σ_v p_v log p_v with
 * p = softmax(z), z = logits / τ (ALGORITHMS §0; a bonus only in ReLIFT, a metric everywhere), written
 * as H = logsumexp(z) − Σ_v p_v z_v, which needs no log of a probability that underflowed to 0.
 */
public final class Entropy {
  private Entropy() {}

  /** logits (..., V) -> entropies (...), differentiable. */
  public static Var of(Var logits, double temperature) {
    if (!(temperature > 0)) throw new IllegalArgumentException("entropy: temperature must be positive, got " + temperature);
    int last = logits.rank() - 1;
    Var z = temperature == 1 ? logits : logits.div(temperature); // (..., V)
    Var p = z.softmax(last); // (..., V)
    return z.logsumexp(last, false).sub(p.mul(z).sum(last, false)); // (...)
  }
}
