package org.reason4j.nn;

import org.reason4j.autograd.Functional;
import org.reason4j.autograd.Var;
import org.reason4j.tensor.Tensor;

/**
 * Llama's RMSNorm over the last axis: y = x / sqrt(mean(x^2) + eps) * weight, one fused op. Not the
 * Gemma variant that multiplies by (1 + weight).
 */
public final class RMSNorm extends Module implements Layer {
  private final Var weight; // (C)
  private final double eps;

  /** weight initialised to ones, as in Hugging Face's LlamaRMSNorm. */
  public RMSNorm(int dim, double eps) {
    this.weight = registerParameter("weight", Var.param(Tensor.ones(dim)));
    this.eps = eps;
  }

  /** x (..., C) -> (..., C). */
  @Override
  public Var forward(Var x) {
    return Functional.rmsNorm(x, weight, eps);
  }

  public Var weight() {
    return weight;
  }

  public double eps() {
    return eps;
  }
}
