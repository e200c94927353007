package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = x broadcast to a larger shape (no copy); dx = g summed back to x's shape. */
public record Expand(int[] shape) implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    ctx.saveShapes(in[0].shape());
    return in[0].expand(shape);
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {g.sumTo(ctx.shape(0))};
  }
}
