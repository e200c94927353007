package org.reason4j.nn;

import org.reason4j.autograd.Functional;
import org.reason4j.autograd.Var;
import org.reason4j.tensor.Tensor;

/**
 * LayerNorm over the last axis (GPT-2, BERT): y = (x - mean) / sqrt(var + eps) * weight + bias, with the
 * biased variance, one fused op. Normalises only the last axis, unlike torch's normalized_shape tuple.
 */
public final class LayerNorm extends Module implements Layer {
  private final Var weight; // (C)
  private final Var bias; // (C)
  private final double eps;

  /** weight ones and bias zeros, as in PyTorch (whose default eps is 1e-5). */
  public LayerNorm(int dim, double eps) {
    this.weight = registerParameter("weight", Var.param(Tensor.ones(dim)));
    this.bias = registerParameter("bias", Var.param(Tensor.zeros(dim)));
    this.eps = eps;
  }

  /** x (..., C) -> (..., C). */
  @Override
  public Var forward(Var x) {
    return Functional.layerNorm(x, weight, bias, eps);
  }

  public Var weight() {
    return weight;
  }

  public Var bias() {
    return bias;
  }

  public double eps() {
    return eps;
  }
}
