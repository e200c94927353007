package org.reason4j.autograd;

import org.reason4j.autograd.ops.CrossEntropy;
import org.reason4j.autograd.ops.LayerNorm;
import org.reason4j.autograd.ops.RmsNorm;
import org.reason4j.autograd.ops.Rope;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;

/**
 * The fused and stateless functions layers are built from, in the spirit of torch.nn.functional:
 * cross-entropy, normalisations, rotary embeddings, dropout.
 */
public final class Functional {
  private Functional() {}

  /** Per-row cross-entropy (N): logits (N, V), I32/I64 targets (N), negative targets ignored. */
  public static Var crossEntropyPerRow(Var logits, Tensor targets) {
    return Var.apply(new CrossEntropy(targets), logits);
  }

  /**
   * Mean cross-entropy over the rows whose target is not negative (torch's ignore_index convention);
   * 0 when every row is ignored.
   */
  public static Var crossEntropy(Var logits, Tensor targets) {
    Var perRow = crossEntropyPerRow(logits, targets);
    long counted = 0;
    for (long t : targets.toLongArray()) if (t >= 0) counted++;
    return perRow.sum().div(Math.max(1, counted));
  }

  public static Var rmsNorm(Var x, Var weight, double eps) {
    return Var.apply(new RmsNorm(eps), x, weight);
  }

  public static Var layerNorm(Var x, Var weight, Var bias, double eps) {
    return Var.apply(new LayerNorm(eps), x, weight, bias);
  }

  /** Rotates x (B, H, T, D) by the cos/sin tables (1 or B, T, D/2). */
  public static Var rope(Var x, Tensor cos, Tensor sin) {
    return Var.apply(new Rope(cos, sin), x);
  }

  /**
   * Inverted dropout: zeroes each element with probability p and scales the rest by 1 / (1 - p) while
   * training; the identity otherwise. The mask comes from the given seeded stream.
   */
  public static Var dropout(Var x, double p, boolean training, Rng rng) {
    if (!training || p == 0) return x;
    if (p < 0 || p >= 1) throw new IllegalArgumentException("dropout: p = " + p + " must be in [0, 1)");
    Tensor keep = rng.bernoulli(x.value().backend(), 1 - p, x.shape()).to(x.value().dtype()).mul(1 / (1 - p));
    return x.mul(keep);
  }

  /** Rows of an embedding table (V, C) for integer ids of any shape: (..., C). */
  public static Var embedding(Var table, Tensor ids) {
    int[] s = ids.shape();
    int[] out = java.util.Arrays.copyOf(s, s.length + 1);
    out[s.length] = table.dim(1);
    return table.indexSelect(0, ids.reshape(ids.numel()).to(DType.I64)).reshape(out);
  }
}
