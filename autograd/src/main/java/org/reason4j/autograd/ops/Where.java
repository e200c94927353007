package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = cond ? a : b for a constant BOOL mask; da = g where cond, db = g elsewhere, summed to each shape. */
public record Where(Tensor cond) implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    ctx.saveShapes(in[0].shape(), in[1].shape());
    return Tensor.where(cond, in[0], in[1]);
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor zero = g.newZeros(g.dtype());
    return new Tensor[] {
      ctx.needsGrad(0) ? Tensor.where(cond, g, zero).sumTo(ctx.shape(0)) : null,
      ctx.needsGrad(1) ? Tensor.where(cond, zero, g).sumTo(ctx.shape(1)) : null
    };
  }
}
