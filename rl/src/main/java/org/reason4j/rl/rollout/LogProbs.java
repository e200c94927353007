package org.reason4j.rl.rollout;

import org.reason4j.autograd.GradMode;
import org.reason4j.autograd.Var;
import org.reason4j.nn.Losses;
import org.reason4j.rl.loss.Entropy;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ValueHead;

/**
 * The training forward over a {@link SequenceBatch}: per-token log-probs ℓ_t = log softmax(logits / τ)[o_t]
 * of the response tokens (ALGORITHMS §0), optionally the entropy of each full next-token distribution and
 * the value head's V_t, all (N, R). Response column t is read from the logits (and hidden state) at
 * sequence column P − 1 + t: "the state before token t".
 *
 * <p>It calls the same {@link Losses#logProbsOfTargets} on the same left-padded layout the
 * {@link org.reason4j.transformer.generate.Generator} used, so for the rows of one generate call the
 * log-probs equal the rollout's bit for bit (tested in {@code RolloutInvariantTest}).
 */
public final class LogProbs {
  private LogProbs() {}

  /** What to compute besides log-probs. */
  public enum Entropies {
    /** No entropy. */
    NONE,
    /** Entropy as a metric only: computed without a graph. */
    DETACHED,
    /** Entropy as part of the loss (an entropy bonus): differentiable. */
    WITH_GRAD
  }

  /**
   * @param logProbs (N, R), 0 on padding; differentiable when grad mode is on
   * @param entropy  (N, R) or null
   * @param values   (N, R) or null when no value head was given
   */
  public record Output(Var logProbs, Var entropy, Var values) {}

  /** Log-probs and, when {@code head} is not null, values; no entropy. */
  public static Output forward(CausalLM model, ValueHead head, SequenceBatch b, double temperature) {
    return forward(model, head, b, temperature, Entropies.NONE);
  }

  public static Output forward(CausalLM model, ValueHead head, SequenceBatch b, double temperature, Entropies entropies) {
    int p = b.promptWidth(), r = b.responseWidth();
    CausalLM.Output out = model.forward(b.ids(), b.positions(), b.keyMask(), null); // logits (N, S, V)
    Var logits = out.logits().slice(1, p - 1, p - 1 + r); // (N, R, V): column t predicts response token t
    Var logProbs = Losses.logProbsOfTargets(logits, b.targets(), temperature); // (N, R)
    Var entropy = null;
    if (entropies == Entropies.WITH_GRAD) {
      entropy = Entropy.of(logits, temperature); // (N, R)
    } else if (entropies == Entropies.DETACHED) {
      try (GradMode g = GradMode.disabled()) {
        entropy = Entropy.of(logits.detach(), temperature); // (N, R)
      }
    }
    Var values = head == null ? null : head.forward(out.hidden().slice(1, p - 1, p - 1 + r)); // (N, R)
    return new Output(logProbs, entropy, values);
  }

  /** The same under no-grad, for ℓ^ref, V^old and evaluation. */
  public static Output noGrad(CausalLM model, ValueHead head, SequenceBatch b, double temperature) {
    try (GradMode g = GradMode.disabled()) {
      return forward(model, head, b, temperature, Entropies.NONE);
    }
  }
}
