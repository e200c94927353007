package org.reason4j.rl.selftrain;

import java.util.Arrays;
import org.reason4j.autograd.Var;
import org.reason4j.rl.loss.PolicyLoss;
import org.reason4j.rl.rollout.Sample;
import org.reason4j.tensor.Tensor;

/**
 * Online self-training's loss (ReFT paper's baseline; ALGORITHMS §9.2) as a per-token policy loss:
 * <pre>
 *   L = w_s · NLL(sampled responses judged correct) + w_g · NLL(gold solutions),   w_s = w_g = 0.5
 * </pre>
 * each NLL a token mean over its own rows. Samples judged wrong (reward 0.1 for an answer, 0 for none) get
 * weight 0 and never train. When no sample is correct only the gold term remains.
 *
 * <p>The trainer aggregates per-token losses itself; with {@code TOKEN_MEAN} (Σ m·L / Σ m), a token of a
 * correct sample carrying −ℓ·w_s·Σm/n_s and a gold token −ℓ·w_g·Σm/n_g (n_s, n_g their token counts)
 * add up to exactly the two token means above, so this loss requires that aggregation. ℓ is the trainer's
 * log-prob at its sampling temperature: the NLL proper at τ = 1, online self-training's setting.
 *
 * @param sampleWeight w_s
 * @param goldWeight   w_g
 */
public record SelfTrainingNll(double sampleWeight, double goldWeight) implements PolicyLoss {

  /** Which term a row belongs to: gold rows are the off-policy ones ({@link GoldRows}). */
  enum Term {
    SAMPLE,
    GOLD,
    NONE
  }

  static Term termOf(Sample s) {
    if (!s.onPolicy()) return Term.GOLD;
    return s.verdict().correct() ? Term.SAMPLE : Term.NONE;
  }

  @Override
  public Var perToken(Input in) {
    int n = in.samples().size(), r = in.mask().dim(1);
    float[] mask = in.mask().contiguous().toFloatArray();
    double[] tokens = new double[Term.values().length];
    double total = 0;
    for (int i = 0; i < n; i++) {
      Term t = termOf(in.samples().get(i));
      for (int j = 0; j < r; j++) {
        tokens[t.ordinal()] += mask[i * r + j];
        total += mask[i * r + j];
      }
    }
    float[] weights = new float[n * r];
    for (int i = 0; i < n; i++) {
      Term t = termOf(in.samples().get(i));
      double w = switch (t) {
        case SAMPLE -> sampleWeight * total / Math.max(1, tokens[t.ordinal()]);
        case GOLD -> goldWeight * total / Math.max(1, tokens[t.ordinal()]);
        case NONE -> 0;
      };
      Arrays.fill(weights, i * r, (i + 1) * r, (float) w);
    }
    return in.logProbs().mul(Tensor.of(weights, n, r)).neg(); // (N, R)
  }
}
