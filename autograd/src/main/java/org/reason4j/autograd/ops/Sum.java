package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.Shape;

/** y = sum of x along an axis; dx = g broadcast back over that axis. */
public record Sum(int axis, boolean keepDim) implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    ctx.saveShapes(in[0].shape());
    return in[0].sum(axis, keepDim);
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    int[] s = ctx.shape(0);
    int ax = Shape.axis("sum", axis, s.length);
    Tensor gk = keepDim ? g : g.unsqueeze(ax);
    return new Tensor[] {gk.expand(s)};
  }
}
