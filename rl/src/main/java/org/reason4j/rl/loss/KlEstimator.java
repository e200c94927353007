package org.reason4j.rl.loss;

import org.reason4j.autograd.Var;
import org.reason4j.tensor.Tensor;

/**
 * Per-token estimators of KL(π ‖ π_ref) on the sampled token (Schulman, "Approximating KL divergence",
 * 2020; ALGORITHMS §0). {@code logProbs} is ℓ of the policy whose divergence is measured (the current
 * policy in GRPO's loss, ℓ^old in ReFT's reward penalty), {@code refLogProbs} is ℓ^ref.
 */
public enum KlEstimator {
  /** k1 = ℓ − ℓ^ref: unbiased, can be negative; ReFT's reward penalty. */
  K1,
  /**
   * k3 = exp(ℓ^ref − ℓ) − (ℓ^ref − ℓ) − 1 ≥ 0, clamped to [−10, 10] as verl's {@code low_var_kl}
   * (DeepSeekMath eq. 4, GRPO's loss term). Zero with zero gradient where ℓ = ℓ^ref.
   */
  K3;

  /** The clamp of verl's low_var_kl. */
  public static final double K3_CLAMP = 10;

  /** (N, R) -> (N, R); differentiable in {@code logProbs}. */
  public Var perToken(Var logProbs, Tensor refLogProbs) {
    return switch (this) {
      case K1 -> logProbs.sub(Var.constant(refLogProbs));
      case K3 -> {
        Var logRatio = Var.constant(refLogProbs).sub(logProbs); // ℓ^ref − ℓ
        yield logRatio.exp().sub(logRatio).sub(1).clamp(-K3_CLAMP, K3_CLAMP);
      }
    };
  }
}
