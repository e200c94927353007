package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = x[start:end:step] along an axis; dx = g placed into zeros at those positions. */
public record Slice(int axis, int start, int end, int step) implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    ctx.saveShapes(in[0].shape());
    return in[0].slice(axis, start, end, step);
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor dx = g.newZeros(g.dtype(), ctx.shape(0));
    dx.slice(axis, start, end, step).copyFrom(g);
    return new Tensor[] {dx};
  }
}
