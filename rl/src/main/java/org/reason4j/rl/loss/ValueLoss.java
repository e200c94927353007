package org.reason4j.rl.loss;

import org.reason4j.autograd.Var;
import org.reason4j.tensor.Tensor;

/**
 * PPO's clipped value loss as ReFT (and TRL's PPO) write it (ALGORITHMS §3, step 7):
 * <pre>
 *   V_clip = clip(V, V^old − ε_v, V^old + ε_v)
 *   L_v,t  = 0.5 · max((V − R̂)², (V_clip − R̂)²)
 * </pre>
 * The max keeps the pessimistic error, so a value that moved more than ε_v from V^old in the direction
 * that lowers the error gets no further gradient in that step.
 */
public final class ValueLoss {
  private ValueLoss() {}

  /**
   * @param values    V (N, R), with gradient
   * @param oldValues V^old (N, R) from the rollout's no-grad forward
   * @param returns   R̂ (N, R)
   * @param clipRange ε_v (ReFT: 0.2)
   * @return the per-token loss (N, R), before masking and aggregation
   */
  public static Var clipped(Var values, Tensor oldValues, Tensor returns, double clipRange) {
    Var old = Var.constant(oldValues), target = Var.constant(returns);
    Var clippedValues = values.sub(old).clamp(-clipRange, clipRange).add(old); // (N, R)
    Var error = values.sub(target).square(); // (N, R)
    Var clippedError = clippedValues.sub(target).square(); // (N, R)
    return error.maximum(clippedError).mul(0.5); // (N, R)
  }
}
