package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = entries of x picked along an axis by a constant integer index (the embedding lookup); dx = g added back at those indices (repeats accumulate). */
public record IndexSelect(int axis, Tensor index) implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    ctx.saveShapes(in[0].shape());
    return in[0].indexSelect(axis, index);
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {g.newZeros(g.dtype(), ctx.shape(0)).indexAdd(axis, index, g)};
  }
}
