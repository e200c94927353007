package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = log softmax(x) along an axis; dx = g - exp(y) * sum(g) along that axis. */
public record LogSoftmax(int axis) implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    Tensor y = in[0].logSoftmax(axis);
    ctx.save(y);
    return y;
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor y = ctx.saved(0);
    return new Tensor[] {g.sub(y.exp().mul(g.sum(axis, true)))};
  }
}
