package org.reason4j.rl.loss;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.reason4j.autograd.Var;
import org.reason4j.rl.rollout.Sample;
import org.reason4j.tensor.Tensor;

/**
 * A policy-gradient loss per token: the open extension point of the RL trainers. A new loss (GSPO, CISPO,
 * a shaped ratio...) is one record implementing {@link #perToken} and a test; the trainer masks and
 * aggregates what it returns ({@link Aggregation}) and adds the KL and entropy terms itself, so a loss
 * holds only its own equation.
 *
 * <p>The built-in losses are records: {@link ClippedSurrogate} (PPO/GRPO, with DAPO's asymmetric clip),
 * {@link Unclipped} (ReLIFT's −ρ·A) and {@link RowSelect}, which applies one loss to some rows and another
 * to the rest (guided rows vs on-policy rows, say).
 */
public interface PolicyLoss {

  /**
   * What a loss sees for one mini-batch; every tensor is (N, R) over response tokens.
   *
   * @param logProbs    ℓ_t(θ), the current policy's log-probs, with gradient
   * @param oldLogProbs ℓ^old, the sampling policy's
   * @param advantages  A_{i,t}
   * @param mask        m_t, F32 1 on response tokens (losses that take statistics over tokens need it)
   * @param samples     the rows, for losses that treat rows differently
   */
  record Input(Var logProbs, Tensor oldLogProbs, Tensor advantages, Tensor mask, List<Sample> samples) {
    /** ρ_t = exp(ℓ_t(θ) − ℓ_t^old), with gradient. */
    public Var ratio() {
      return logProbs.sub(Var.constant(oldLogProbs)).exp();
    }
  }

  /** L[i,t] (N, R), before masking and aggregation; minimising it raises the advantage-weighted likelihood. */
  Var perToken(Input in);

  /** The ratio interval this loss clips to, for the clip-ratio metrics; null when it does not clip. */
  default ClipRange clipRange() {
    return null;
  }

  /** Ratios outside [low, high] are clipped. */
  record ClipRange(double low, double high) {}

  /**
   * PPO's clipped surrogate (Schulman et al. 2017, eq. 7) with DAPO's decoupled bounds (Yu et al. 2025,
   * eq. 10): {@code L = −min(ρ·A, clip(ρ, 1 − ε_low, 1 + ε_high)·A)}. GRPO and ReFT use ε = 0.2 both ways;
   * DAPO's clip-higher uses ε_high = 0.28.
   */
  record ClippedSurrogate(double epsilonLow, double epsilonHigh) implements PolicyLoss {
    public ClippedSurrogate {
      if (!(epsilonLow >= 0 && epsilonLow < 1) || !(epsilonHigh >= 0)) {
        throw new IllegalArgumentException("clip epsilons must satisfy 0 <= epsilonLow < 1 and epsilonHigh >= 0, got " + epsilonLow + ", " + epsilonHigh);
      }
    }

    /** ε = 0.2 both ways (PPO, GRPO, ReFT). */
    public static ClippedSurrogate symmetric(double epsilon) {
      return new ClippedSurrogate(epsilon, epsilon);
    }

    @Override
    public Var perToken(Input in) {
      Var advantages = Var.constant(in.advantages());
      Var ratio = in.ratio(); // (N, R)
      Var clipped = ratio.clamp(1 - epsilonLow, 1 + epsilonHigh); // (N, R)
      return ratio.mul(advantages).minimum(clipped.mul(advantages)).neg(); // (N, R)
    }

    @Override
    public ClipRange clipRange() {
      return new ClipRange(1 - epsilonLow, 1 + epsilonHigh);
    }
  }

  /**
   * The plain importance-weighted policy gradient {@code L = −ρ·A}, no clipping (ReLIFT's
   * {@code loss_remove_clip}; REINFORCE with an importance ratio).
   */
  record Unclipped() implements PolicyLoss {
    @Override
    public Var perToken(Input in) {
      return in.ratio().mul(in.advantages()).neg(); // (N, R)
    }
  }

  /**
   * {@code ifTrue} on the rows whose sample passes {@code test}, {@code ifFalse} on the others: the
   * per-row loss selection that guidance methods need (Guide-GRPO: shaped ratio on guided rows, clipped
   * surrogate on on-policy rows). Both losses see the whole batch; the rows are then picked.
   */
  record RowSelect(Predicate<Sample> test, PolicyLoss ifTrue, PolicyLoss ifFalse) implements PolicyLoss {
    public RowSelect {
      Objects.requireNonNull(test, "test");
      Objects.requireNonNull(ifTrue, "ifTrue");
      Objects.requireNonNull(ifFalse, "ifFalse");
    }

    @Override
    public Var perToken(Input in) {
      int n = in.samples().size(), r = in.mask().dim(1);
      boolean[] pick = new boolean[n * r];
      for (int i = 0; i < n; i++) {
        if (test.test(in.samples().get(i))) Arrays.fill(pick, i * r, (i + 1) * r, true);
      }
      return Var.where(Tensor.of(pick, n, r), ifTrue.perToken(in), ifFalse.perToken(in)); // (N, R)
    }

    /** The clip metrics use {@code ifFalse}'s range (the on-policy rows, in guidance methods). */
    @Override
    public ClipRange clipRange() {
      return ifFalse.clipRange();
    }
  }
}
