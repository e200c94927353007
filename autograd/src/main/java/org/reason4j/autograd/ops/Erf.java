package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = erf x; dx = g * 2 / sqrt(pi) * e^(-x^2). */
public record Erf() implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    ctx.save(in[0]);
    return in[0].erf();
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {g.mul(ctx.saved(0).square().neg().exp()).mul(2 / Math.sqrt(Math.PI))};
  }
}
