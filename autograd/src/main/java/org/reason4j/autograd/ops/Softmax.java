package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = softmax(x) along an axis; dx = y * (g - sum(g * y)) along that axis. */
public record Softmax(int axis) implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    Tensor y = in[0].softmax(axis);
    ctx.save(y);
    return y;
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor y = ctx.saved(0);
    return new Tensor[] {y.mul(g.sub(g.mul(y).sum(axis, true)))};
  }
}
