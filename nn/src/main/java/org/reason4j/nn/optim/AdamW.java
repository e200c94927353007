package org.reason4j.nn.optim;

import java.util.List;
import java.util.Map;
import org.reason4j.autograd.Var;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Tensor;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay Regularization",
 * ICLR 2019), with PyTorch's torch.optim.AdamW semantics and defaults. For step t and gradient g:
 *
 * <pre>
 *   p   = p * (1 - lr * wd)                      (decay, only for parameters the DecayRule picks)
 *   m   = beta1 * m + (1 - beta1) * g             (exp_avg)
 *   v   = beta2 * v + (1 - beta2) * g^2           (exp_avg_sq)
 *   p   = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * One call per parameter to the backend's fused {@code adamw} kernel does all of it in place on F32.
 *
 * <p>Gradient accumulation is not zeroing: gradients of leaf Vars add up across backward passes, so
 * <pre>{@code
 * for (int micro = 0; micro < k; micro++) lossOf(batch[micro]).div(k).backward(); // grads accumulate
 * GradClip.clipGradNorm(model.parameters(), 1.0);                                  // optional
 * optimizer.setLr(schedule.lr(step));
 * optimizer.step();
 * optimizer.zeroGrad();
 * }</pre>
 * takes one step on the mean loss of k micro-batches.
 */
public final class AdamW extends Optimizer {
  /** Hyperparameters; {@link #defaults()} are PyTorch's. */
  public record Config(double lr, double beta1, double beta2, double eps, double weightDecay, DecayRule decayRule) {
    public Config {
      if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException("AdamW: betas (" + beta1 + ", " + beta2 + ") must be in [0, 1)");
      }
      if (!(eps >= 0) || !(weightDecay >= 0)) throw new IllegalArgumentException("AdamW: eps " + eps + " and weight decay " + weightDecay + " must be >= 0");
    }

    /** lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01 on every parameter. */
    public static Config defaults() {
      return new Config(1e-3, 0.9, 0.999, 1e-8, 0.01, DecayRule.ALL);
    }

    public Config withLr(double v) {
      return new Config(v, beta1, beta2, eps, weightDecay, decayRule);
    }

    public Config withBetas(double b1, double b2) {
      return new Config(lr, b1, b2, eps, weightDecay, decayRule);
    }

    public Config withEps(double v) {
      return new Config(lr, beta1, beta2, v, weightDecay, decayRule);
    }

    public Config withWeightDecay(double v) {
      return new Config(lr, beta1, beta2, eps, v, decayRule);
    }

    public Config withDecayRule(DecayRule v) {
      return new Config(lr, beta1, beta2, eps, weightDecay, v);
    }
  }

  private final Config config;

  public AdamW(Map<String, Var> params, Config config) {
    super(params, config.lr(), config.decayRule(), List.of("exp_avg", "exp_avg_sq"));
    this.config = config;
  }

  public AdamW(Map<String, Var> params) {
    this(params, Config.defaults());
  }

  public Config config() {
    return config;
  }

  @Override
  protected void update(Slot slot, Tensor grad) {
    Tensor p = slot.value();
    if (p.dtype() != DType.F32 || grad.dtype() != DType.F32) {
      throw new IllegalArgumentException("AdamW: parameter '" + slot.name() + "' is " + p.dtype() + " with a "
          + grad.dtype() + " gradient; the fused AdamW kernel updates F32 parameters");
    }
    double wd = slot.decays() ? config.weightDecay() : 0;
    p.backend().adamw(p, grad, slot.state("exp_avg"), slot.state("exp_avg_sq"), lr(),
        config.beta1(), config.beta2(), config.eps(), wd, slot.step());
  }
}
