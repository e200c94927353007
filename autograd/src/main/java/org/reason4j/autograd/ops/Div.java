package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = a / b with broadcasting; da = g / b, db = -g * y / b, each summed back to its input's shape. */
public record Div() implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    Tensor y = in[0].div(in[1]);
    ctx.save(in[0], in[1], y);
    return y;
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor a = ctx.saved(0), b = ctx.saved(1), y = ctx.saved(2);
    return new Tensor[] {
      ctx.needsGrad(0) ? g.div(b).sumTo(a.shape()) : null,
      ctx.needsGrad(1) ? g.mul(y).div(b).neg().sumTo(b.shape()) : null
    };
  }
}
