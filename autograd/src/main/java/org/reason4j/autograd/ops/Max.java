package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.Shape;

/** y = max of x along an axis; dx = g at the first arg-max of each line, 0 elsewhere. */
public record Max(int axis, boolean keepDim) implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    ctx.save(in[0].argmax(axis, true));
    ctx.saveShapes(in[0].shape());
    return in[0].max(axis, keepDim);
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    int[] s = ctx.shape(0);
    int ax = Shape.axis("max", axis, s.length);
    Tensor gk = keepDim ? g : g.unsqueeze(ax);
    return new Tensor[] {g.newZeros(g.dtype(), s).scatterAdd(ax, ctx.saved(0), gk.contiguous())};
  }
}
