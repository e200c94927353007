package org.reason4j.nn;

import org.reason4j.autograd.Var;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Shape;

/**
 * y = x @ W^T + b, with W stored (out, in) as in PyTorch and Hugging Face checkpoints, so a checkpoint's
 * {@code q_proj.weight} copies in without a transpose. Not a quantised or LoRA layer.
 */
public final class Linear extends Module implements Layer {
  private final Var weight; // (out, in)
  private final Var bias; // (out), or null

  /**
   * PyTorch's default initialisation (kaiming_uniform_ with a = sqrt 5): weight and bias uniform in
   * [-1/sqrt(in), 1/sqrt(in)], drawn from the given seeded stream.
   */
  public Linear(int inFeatures, int outFeatures, boolean bias, Rng rng) {
    this(uniform(rng, 1 / Math.sqrt(inFeatures), outFeatures, inFeatures),
        bias ? uniform(rng, 1 / Math.sqrt(inFeatures), outFeatures) : null);
  }

  /**
   * A layer over existing weights: (out, in) and an optional (out) bias (null for none). Pass the
   * embedding table's Var to tie an output head to it.
   */
  public Linear(Var weight, Var bias) {
    if (weight.rank() != 2) throw new IllegalArgumentException("Linear: weight must be (out, in), got " + Shape.str(weight.shape()));
    if (bias != null && (bias.rank() != 1 || bias.dim(0) != weight.dim(0))) {
      throw new IllegalArgumentException("Linear: bias " + Shape.str(bias.shape()) + " does not match weight " + Shape.str(weight.shape()));
    }
    this.weight = registerParameter("weight", weight);
    this.bias = bias == null ? null : registerParameter("bias", bias);
  }

  private static Var uniform(Rng rng, double bound, int... shape) {
    return Var.param(rng.uniform(shape).mul(2 * bound).sub(bound)); // U[0,1) -> U[-bound, bound)
  }

  /** x (..., in) -> (..., out). */
  @Override
  public Var forward(Var x) {
    int[] s = x.shape();
    int in = weight.dim(1), out = weight.dim(0);
    if (s.length == 0 || s[s.length - 1] != in) {
      throw new IllegalArgumentException("Linear: input " + Shape.str(s) + " does not end in " + in + " features");
    }
    Var rows = x.reshape(-1, in); // (N, in): one plain matmul, and a weight gradient with no batch copies
    Var y = rows.matmul(weight.transpose(0, 1)); // (N, out)
    if (bias != null) y = y.add(bias);
    s[s.length - 1] = out;
    return y.reshape(s); // (..., out)
  }

  public Var weight() {
    return weight;
  }

  /** The bias, or null when the layer has none. */
  public Var bias() {
    return bias;
  }

  public int inFeatures() {
    return weight.dim(1);
  }

  public int outFeatures() {
    return weight.dim(0);
  }
}
