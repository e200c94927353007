package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = torch.gather(x, axis, index) with a constant index; dx = g scattered and added back at index. */
public record Gather(int axis, Tensor index) implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    ctx.saveShapes(in[0].shape());
    return in[0].gather(axis, index);
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {g.newZeros(g.dtype(), ctx.shape(0)).scatterAdd(axis, index, g)};
  }
}
