package org.reason4j.rl.loss;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.reason4j.autograd.Var;
import org.reason4j.rl.rollout.Sample;
import org.reason4j.tensor.Tensor;

/**
 * Guide-GRPO's loss for guided rows (Nath et al. 2025, "Adaptive Guidance Accelerates Reinforcement
 * Learning of Reasoning Models"; the authors' {@code apply_off_policy_shaping}; ALGORITHMS §6). A guided
 * response was sampled behind a hinted prompt, so its ratio ρ = πθ(o | q) / π_old(o | q, h) compares the
 * hint-free policy with the hinted one and is often far from 1. Clipping it as PPO does would throw away
 * most of the positive-advantage signal, so the ratio is reshaped instead:
 * <pre>
 *   SHAPED_PERCENTILE  L = −A · ρ / (ρ + γ),  γ = the q-quantile of ρ over the guided tokens (detached, ≥ 1e-4)
 *   SHAPED_CONST       L = −A · ρ / (ρ + γ),  γ a constant
 *   POWER              L = −A · ρ^γ
 *   CLIPPED            L = −min(ρA, clip(ρ, 1 − ε, 1 + ε)A)   (plain PPO clipping, for comparison)
 * </pre>
 * f(ρ) = ρ/(ρ + γ) lies in (0, 1) and rises with ρ, so tokens with ρ ≫ 1 + ε still receive gradient.
 * "Guided tokens" are the valid tokens of off-policy rows ({@link Sample#onPolicy()} false); the
 * quantile ignores padding and on-policy rows [ours: the reference includes padding]. A batch with no
 * guided row takes the quantile over all valid tokens. It is used through {@link PolicyLoss.RowSelect}
 * on guided rows, with the clipped surrogate on the others.
 *
 * @param mode    which shaping
 * @param gamma   the quantile level for {@code SHAPED_PERCENTILE} (0.9 in the released config), the constant γ
 *                for {@code SHAPED_CONST}, the exponent for {@code POWER}
 * @param epsilon the clip range of {@code CLIPPED}
 */
public record ShapedRatio(Mode mode, double gamma, double epsilon) implements PolicyLoss {

  /** The shaping of the guided ratio. */
  public enum Mode {
    /** ρ/(ρ + γ) with γ the quantile of the batch's guided ratios (the released default). */
    SHAPED_PERCENTILE,
    /** ρ/(ρ + γ) with a constant γ. */
    SHAPED_CONST,
    /** ρ^γ. */
    POWER,
    /** PPO's clipped surrogate. */
    CLIPPED
  }

  /** The floor of a percentile γ, as the reference clamps it. */
  public static final double MIN_GAMMA = 1e-4;

  public ShapedRatio {
    Objects.requireNonNull(mode, "mode");
    if (mode == Mode.SHAPED_PERCENTILE && !(gamma >= 0 && gamma <= 1)) {
      throw new IllegalArgumentException("SHAPED_PERCENTILE needs a quantile level gamma in [0, 1], got " + gamma);
    }
    if (mode == Mode.SHAPED_CONST && !(gamma > 0)) throw new IllegalArgumentException("SHAPED_CONST needs gamma > 0, got " + gamma);
    if (!(epsilon >= 0 && epsilon < 1)) throw new IllegalArgumentException("epsilon must be in [0, 1), got " + epsilon);
  }

  /** The released configuration: the 0.9-quantile shaping. */
  public static ShapedRatio defaults() {
    return new ShapedRatio(Mode.SHAPED_PERCENTILE, 0.9, 0.2);
  }

  @Override
  public Var perToken(Input in) {
    Var advantages = Var.constant(in.advantages());
    Var ratio = in.ratio(); // (N, R)
    return switch (mode) {
      case SHAPED_PERCENTILE -> shaped(ratio, percentileGamma(ratio.value(), in.mask(), in.samples(), gamma)).mul(advantages).neg();
      case SHAPED_CONST -> shaped(ratio, gamma).mul(advantages).neg();
      case POWER -> ratio.pow(gamma).mul(advantages).neg();
      case CLIPPED -> PolicyLoss.ClippedSurrogate.symmetric(epsilon).perToken(in);
    };
  }

  @Override
  public ClipRange clipRange() {
    return mode == Mode.CLIPPED ? new ClipRange(1 - epsilon, 1 + epsilon) : null;
  }

  /** f(ρ) = ρ / (ρ + γ), elementwise; γ is a constant, so no gradient flows through it. */
  public static Var shaped(Var ratio, double gamma) {
    return ratio.div(ratio.add(gamma)); // (N, R)
  }

  /**
   * γ = the {@code level}-quantile (linear interpolation, as {@code torch.quantile}) of the ratios on valid
   * tokens of off-policy rows, at least {@link #MIN_GAMMA}; over all valid tokens when no row is off-policy
   * (or no rows are given); 1 when there is no valid token.
   *
   * @param ratio (N, R) the current ratios (values only)
   * @param mask  (N, R) F32, 1 on valid tokens
   * @param rows  the samples of the N rows
   */
  public static double percentileGamma(Tensor ratio, Tensor mask, List<Sample> rows, double level) {
    int n = ratio.dim(0), r = ratio.dim(1);
    if (!rows.isEmpty() && rows.size() != n) throw new IllegalArgumentException(rows.size() + " samples for " + n + " rows");
    boolean anyGuided = rows.stream().anyMatch(s -> !s.onPolicy());
    float[] rho = ratio.contiguous().toFloatArray(), m = mask.contiguous().toFloatArray();
    double[] picked = new double[rho.length];
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (anyGuided && rows.get(i).onPolicy()) continue;
      for (int t = 0; t < r; t++) if (m[i * r + t] > 0) picked[count++] = rho[i * r + t];
    }
    if (count == 0) return 1.0;
    return Math.max(MIN_GAMMA, quantile(Arrays.copyOf(picked, count), level));
  }

  /** The q-quantile with linear interpolation between order statistics (NumPy's and torch's default). */
  static double quantile(double[] values, double q) {
    Arrays.sort(values);
    double pos = q * (values.length - 1);
    int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
    return values[lo] + (values[hi] - values[lo]) * (pos - lo);
  }
}
