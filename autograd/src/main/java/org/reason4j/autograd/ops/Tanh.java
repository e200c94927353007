package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = tanh x; dx = g * (1 - y^2). */
public record Tanh() implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    Tensor y = in[0].tanh();
    ctx.save(y);
    return y;
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor y = ctx.saved(0);
    return new Tensor[] {g.mul(y.square().neg().add(1))};
  }
}
