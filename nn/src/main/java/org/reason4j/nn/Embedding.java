package org.reason4j.nn;

import org.reason4j.autograd.Functional;
import org.reason4j.autograd.Var;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Shape;
import org.reason4j.tensor.Tensor;

/**
 * A lookup table: token id -> row of weight (V, C). The backward adds each position's gradient into
 * its row, so repeated ids accumulate. Not a positional encoding (see RoPE in the transformer).
 */
public final class Embedding extends Module {
  private final Var weight; // (V, C)

  /** PyTorch's default initialisation: weight ~ N(0, 1) from the given seeded stream. */
  public Embedding(int numEmbeddings, int embeddingDim, Rng rng) {
    this(Var.param(rng.normal(numEmbeddings, embeddingDim)));
  }

  /** A table over an existing (V, C) weight. */
  public Embedding(Var weight) {
    if (weight.rank() != 2) throw new IllegalArgumentException("Embedding: weight must be (V, C), got " + Shape.str(weight.shape()));
    this.weight = registerParameter("weight", weight);
  }

  /** ids (...) I32/I64 -> (..., C). */
  public Var forward(Tensor ids) {
    if (!ids.dtype().isInteger()) throw new IllegalArgumentException("Embedding: ids must be I32 or I64, got " + ids.dtype());
    return Functional.embedding(weight, ids);
  }

  public Var weight() {
    return weight;
  }

  public int numEmbeddings() {
    return weight.dim(0);
  }

  public int embeddingDim() {
    return weight.dim(1);
  }
}
