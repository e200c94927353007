package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = x viewed with a new shape; dx = g viewed with x's shape. */
public record Reshape(int[] shape) implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    ctx.saveShapes(in[0].shape());
    return in[0].reshape(shape);
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {g.reshape(ctx.shape(0))};
  }
}
