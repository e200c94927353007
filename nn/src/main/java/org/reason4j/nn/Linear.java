package org.reason4j.nn;

import org.reason4j.autograd.GradMode;
import org.reason4j.autograd.Var;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Shape;
import org.reason4j.tensor.Tensor;

/**
 * y = x @ W^T + b, with W stored (out, in) as in PyTorch and Hugging Face checkpoints, so a checkpoint's
 * {@code q_proj.weight} copies in without a transpose. Not a quantised or LoRA layer.
 */
public final class Linear extends Module implements Layer {
  private final Var weight; // (out, in)
  private final Var bias; // (out), or null
  private Tensor transposedCopy; // W^T (in, out) row-major while a decoder keeps it, else null
  private Tensor copiedFrom; // the weight value the copy was made from

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
    boolean useCopy = transposedCopy != null && copiedFrom == weight.value() && !GradMode.isEnabled();
    Var y = rows.matmul(useCopy ? Var.constant(transposedCopy) : weight.transpose(0, 1)); // (N, out)
    if (bias != null) y = y.add(bias);
    s[s.length - 1] = out;
    return y.reshape(s); // (..., out)
  }

  /**
   * Keeps a row-major copy of W^T for no-grad forwards, or drops it. The product's bits do not depend on
   * the layout, but its speed does when there are few rows (see
   * {@link org.reason4j.tensor.Backend#rowsFavouringRowMajorWeights}). The copy stands for the
   * weight it was made from: a weight replaced by {@code assign} is used directly again, but one changed
   * in place is not noticed, so a decoder keeps copies only while the weights cannot change.
   */
  public void keepTransposedCopy(boolean keep) {
    Tensor w = weight.value();
    if (!keep) {
      transposedCopy = null;
      copiedFrom = null;
    } else if (copiedFrom != w) {
      transposedCopy = w.mT().contiguous(); // (in, out)
      copiedFrom = w;
    }
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
