package org.reason4j.nn.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.reason4j.autograd.Var;

/** Gradient clipping by global norm, as torch.nn.utils.clip_grad_norm_. Not clipping by value. */
public final class GradClip {
  private GradClip() {}

  /**
   * Scales all gradients by maxNorm / (total + 1e-6) when that is below 1, where total is the L2 norm of
   * all gradients together; returns total (before clipping). Each parameter's sum of squares comes from
   * the backend's deterministic reduction and they are added in double in parameter order, so the
   * result has the same bits on every run. Parameters without a gradient are skipped; a Var listed twice
   * counts once. A non-finite total is returned as is (and the gradients scaled by NaN, as PyTorch
   * does): the caller decides what to do.
   *
   * <p>Clipped gradients are new tensors, not scaled in place: the engine may hand two leaves the same
   * gradient tensor (both inputs of an add), and scaling it in place would scale it twice.
   */
  public static double clipGradNorm(Iterable<Var> params, double maxNorm) {
    if (!(maxNorm > 0)) throw new IllegalArgumentException("clipGradNorm: maxNorm " + maxNorm + " must be positive");
    Set<Var> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Var> withGrad = new ArrayList<>();
    for (Var p : params) if (p.grad() != null && seen.add(p)) withGrad.add(p);
    double sumSquares = 0;
    for (Var p : withGrad) sumSquares += p.grad().square().sum().item();
    double total = Math.sqrt(sumSquares);
    double coef = maxNorm / (total + 1e-6);
    if (coef < 1 || Double.isNaN(coef)) {
      for (Var p : withGrad) p.setGrad(p.grad().mul(coef));
    }
    return total;
  }
}
