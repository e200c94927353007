package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = min(a, b) elementwise with broadcasting; the gradient goes to the smaller input (half each on ties). */
public record Minimum() implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    ctx.save(in[0], in[1]);
    return in[0].minimum(in[1]);
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor a = ctx.saved(0), b = ctx.saved(1);
    Tensor share = Tensor.where(a.lt(b), a.newFull(g.dtype(), 1, new int[0]), Tensor.where(a.eq(b), a.newFull(g.dtype(), 0.5, new int[0]), a.newFull(g.dtype(), 0, new int[0])));
    Tensor ga = g.mul(share);
    return new Tensor[] {
      ctx.needsGrad(0) ? ga.sumTo(a.shape()) : null, ctx.needsGrad(1) ? g.sub(ga).sumTo(b.shape()) : null
    };
  }
}
