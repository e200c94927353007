package org.reason4j.rl.loss;

import org.reason4j.autograd.Var;
import org.reason4j.tensor.Tensor;

/**
 * How a per-token loss matrix L[i,t] (N, R) with mask m becomes one number (ALGORITHMS §0). The three
 * modes weigh long and short responses differently, which is most of what separates GRPO, DAPO and
 * Dr. GRPO's losses.
 */
public enum Aggregation {
  /**
   * mean over sequences of (Σ_t m·L / Σ_t m): every response counts the same whatever its length (GRPO
   * paper eq. 3, ReFT code, TRL {@code grpo}). A row with no valid token contributes 0.
   */
  SEQ_MEAN_TOKEN_MEAN,
  /** Σ_{i,t} m·L / Σ_{i,t} m: every token counts the same (DAPO eq. 12, TRL {@code bnpo}/{@code dapo}, verl {@code token-mean}). */
  TOKEN_MEAN,
  /**
   * Σ_{i,t} m·L / (N · L_max) with a constant L_max: no length normalisation at all (Dr. GRPO, Liu et al.
   * 2025, eq. 2; TRL {@code dr_grpo}; ReLIFT {@code loss_remove_token_mean}).
   */
  SEQ_SUM_CONST;

  /**
   * @param loss      (N, R) per-token loss
   * @param mask      (N, R) F32, 1 on tokens that count
   * @param maxLength L_max, used only by {@link #SEQ_SUM_CONST}
   */
  public Var aggregate(Var loss, Tensor mask, int maxLength) {
    Var masked = loss.mul(mask); // (N, R)
    int n = loss.dim(0);
    return switch (this) {
      case SEQ_MEAN_TOKEN_MEAN -> masked.sum(1, false).div(Var.constant(mask.sum(1, false).maximum(1))).sum().div(n);
      case TOKEN_MEAN -> masked.sum().div(Math.max(1, mask.sum().item()));
      case SEQ_SUM_CONST -> {
        if (maxLength < 1) throw new IllegalArgumentException("SEQ_SUM_CONST needs a positive L_max, got " + maxLength);
        yield masked.sum().div((double) n * maxLength);
      }
    };
  }
}
