package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = 1 / (1 + e^-x); dx = g * y * (1 - y). */
public record Sigmoid() implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    Tensor y = in[0].sigmoid();
    ctx.save(y);
    return y;
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor y = ctx.saved(0);
    Tensor oneMinusY = Tensor.scalar(y.backend(), y.dtype(), 1).sub(y); // one pass; the same bits as -y + 1
    return new Tensor[] {g.mul(y).mul(oneMinusY)};
  }
}
