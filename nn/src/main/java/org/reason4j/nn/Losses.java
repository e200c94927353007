package org.reason4j.nn;

import java.util.Arrays;
import org.reason4j.autograd.Functional;
import org.reason4j.autograd.Var;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Shape;
import org.reason4j.tensor.Tensor;

/**
 * Token-level losses over language-model logits, built on the fused cross-entropy op. That op keeps the
 * logits and one log-sum-exp per row; its backward writes the logits' gradient in one pass. So a loss
 * here allocates no (tokens x vocab) tensor besides that gradient: no softmax, no log-softmax, no
 * one-hot. (Logits that are a non-contiguous view, such as {@code logits[:, :-1]}, are copied once.)
 *
 * <p>Targets are I32/I64 ids of shape (N) for logits (N, V), or (B, T) for (B, T, V). A negative target
 * marks a position to ignore, which is torch's ignore_index = -100 convention.
 */
public final class Losses {
  private Losses() {}

  /** Mean cross-entropy over the positions whose target is not negative; 0 when there are none. */
  public static Var crossEntropy(Var logits, Tensor targets) {
    Var perToken = perTokenCrossEntropy(logits, targets); // (B, T) or (N)
    Tensor counted = targets.ge(0).to(perToken.value().dtype()).sum().maximum(1); // () on the logits' device
    return perToken.sum().div(Var.constant(counted));
  }

  /** Mean cross-entropy over the positions where mask is true (or non-zero): the token-mean. */
  public static Var crossEntropy(Var logits, Tensor targets, Tensor mask) {
    return crossEntropy(logits, maskTargets(targets, mask));
  }

  /** Mean cross-entropy ignoring positions whose target equals ignoreIndex (a padding id, say). */
  public static Var crossEntropy(Var logits, Tensor targets, long ignoreIndex) {
    return crossEntropy(logits, maskTargets(targets, targets.ne(targets.newFull(targets.dtype(), ignoreIndex))));
  }

  /** Cross-entropy per position, in the targets' shape; ignored positions give 0. */
  public static Var perTokenCrossEntropy(Var logits, Tensor targets) {
    int[] s = logits.shape();
    int[] expected = Arrays.copyOf(s, Math.max(0, s.length - 1));
    if (s.length < 2 || !Shape.equal(targets.shape(), expected)) {
      throw new IllegalArgumentException("crossEntropy: logits " + Shape.str(s) + " need targets " + Shape.str(expected)
          + ", got " + Shape.str(targets.shape()));
    }
    if (!targets.dtype().isInteger()) throw new IllegalArgumentException("crossEntropy: targets must be I32 or I64, got " + targets.dtype());
    int v = s[s.length - 1];
    Var rows = logits.reshape(-1, v); // (N, V), a view
    return Functional.crossEntropyPerRow(rows, targets.reshape(-1)).reshape(expected);
  }

  /**
   * log p(target) per position under softmax(logits / temperature): logits (B, T, V), targets (B, T)
   * -> (B, T). This is minus the per-position cross-entropy, the quantity policy-gradient losses and
   * sampling both need; ignored (negative) targets give 0. A temperature other than 1 makes one scaled
   * copy of the logits, as sampling with that temperature does.
   */
  public static Var logProbsOfTargets(Var logits, Tensor targets, double temperature) {
    if (!(temperature > 0)) throw new IllegalArgumentException("logProbsOfTargets: temperature must be positive, got " + temperature);
    Tensor t = logits.value().newFull(logits.value().dtype(), temperature); // a true division, as a sampler does
    Var scaled = temperature == 1 ? logits : logits.div(Var.constant(t));
    return perTokenCrossEntropy(scaled, targets).neg();
  }

  public static Var logProbsOfTargets(Var logits, Tensor targets) {
    return logProbsOfTargets(logits, targets, 1);
  }

  /** targets where mask holds, -1 (ignored) elsewhere. */
  private static Tensor maskTargets(Tensor targets, Tensor mask) {
    if (!Shape.equal(mask.shape(), targets.shape())) {
      throw new IllegalArgumentException("crossEntropy: mask " + Shape.str(mask.shape()) + " does not match targets " + Shape.str(targets.shape()));
    }
    Tensor keep = mask.dtype() == DType.BOOL ? mask : mask.ne(mask.newZeros(mask.dtype()));
    return Tensor.where(keep, targets, targets.newFull(targets.dtype(), -1));
  }
}
