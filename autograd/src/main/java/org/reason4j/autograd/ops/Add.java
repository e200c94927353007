package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = a + b with broadcasting; da = g, db = g, each summed back to its input's shape. */
public record Add() implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    ctx.saveShapes(in[0].shape(), in[1].shape());
    return in[0].add(in[1]);
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {
      ctx.needsGrad(0) ? g.sumTo(ctx.shape(0)) : null, ctx.needsGrad(1) ? g.sumTo(ctx.shape(1)) : null
    };
  }
}
