package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = sqrt(x); dx = g / (2 y). */
public record Sqrt() implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    Tensor y = in[0].sqrt();
    ctx.save(y);
    return y;
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {g.div(ctx.saved(0)).mul(0.5)};
  }
}
