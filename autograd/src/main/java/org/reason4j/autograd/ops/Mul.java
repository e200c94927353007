package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = a * b with broadcasting; da = g * b, db = g * a, each summed back to its input's shape. */
public record Mul() implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    ctx.save(in[0], in[1]);
    return in[0].mul(in[1]);
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor a = ctx.saved(0), b = ctx.saved(1);
    return new Tensor[] {
      ctx.needsGrad(0) ? g.mul(b).sumTo(a.shape()) : null, ctx.needsGrad(1) ? g.mul(a).sumTo(b.shape()) : null
    };
  }
}
