package org.reason4j.nn.optim;

import java.util.List;
import java.util.Map;
import org.reason4j.autograd.Var;
import org.reason4j.tensor.BinaryOp;
import org.reason4j.tensor.Tensor;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and (coupled, L2) weight decay,
 * with torch.optim.SGD's semantics (no dampening):
 *
 * <pre>
 *   d   = g + wd * p                       (only for parameters the DecayRule picks)
 *   buf = momentum * buf + d               (momentum_buffer; equal to d on the first step)
 *   d   = nesterov ? d + momentum * buf : buf
 *   p   = p - lr * d
 * </pre>
 *
 * Written with plain tensor ops, so it runs on any backend and any float dtype.
 */
public final class SGD extends Optimizer {
  /** Hyperparameters; {@link #of(double)} is plain SGD. */
  public record Config(double lr, double momentum, boolean nesterov, double weightDecay, DecayRule decayRule) {
    public Config {
      if (!(momentum >= 0) || !(weightDecay >= 0)) throw new IllegalArgumentException("SGD: momentum " + momentum + " and weight decay " + weightDecay + " must be >= 0");
      if (nesterov && momentum == 0) throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0");
    }

    public static Config of(double lr) {
      return new Config(lr, 0, false, 0, DecayRule.ALL);
    }

    public Config withMomentum(double v) {
      return new Config(lr, v, nesterov, weightDecay, decayRule);
    }

    public Config withNesterov(boolean v) {
      return new Config(lr, momentum, v, weightDecay, decayRule);
    }

    public Config withWeightDecay(double v) {
      return new Config(lr, momentum, nesterov, v, decayRule);
    }

    public Config withDecayRule(DecayRule v) {
      return new Config(lr, momentum, nesterov, weightDecay, v);
    }
  }

  private final Config config;

  public SGD(Map<String, Var> params, Config config) {
    super(params, config.lr(), config.decayRule(), config.momentum() == 0 ? List.of() : List.of("momentum_buffer"));
    this.config = config;
  }

  public Config config() {
    return config;
  }

  @Override
  protected void update(Slot slot, Tensor grad) {
    Tensor p = slot.value();
    Tensor d = grad;
    if (slot.decays() && config.weightDecay() != 0) d = d.add(p.mul(config.weightDecay()));
    if (config.momentum() != 0) {
      Tensor buf = slot.state("momentum_buffer"); // zeros before the first step, so it becomes d: PyTorch's clone
      buf.mulInPlace(config.momentum()).addInPlace(d);
      d = config.nesterov() ? d.add(buf.mul(config.momentum())) : buf;
    }
    p.binaryInPlace(BinaryOp.SUB, d.mul(lr()));
  }
}
