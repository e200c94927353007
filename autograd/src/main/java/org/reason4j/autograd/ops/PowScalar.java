package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = x^p for a constant exponent p; dx = g * p * x^(p-1). */
public record PowScalar(double p) implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    ctx.save(in[0]);
    return in[0].pow(p);
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {g.mul(ctx.saved(0).pow(p - 1)).mul(p)};
  }
}
