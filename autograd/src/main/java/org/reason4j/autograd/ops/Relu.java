package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = max(x, 0); dx = g where x > 0, else 0. */
public record Relu() implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    ctx.save(in[0]);
    return in[0].relu();
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {g.maskedFill(ctx.saved(0).le(0), 0)};
  }
}
