package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = a @ b with broadcast batch axes (both at least 2-D); da = g @ b^T, db = a^T @ g, summed to each shape. */
public record MatMul() implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    ctx.save(in[0], in[1]);
    return in[0].matmul(in[1]);
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor a = ctx.saved(0), b = ctx.saved(1);
    return new Tensor[] {
      ctx.needsGrad(0) ? g.matmul(b.mT()).sumTo(a.shape()) : null,
      ctx.needsGrad(1) ? a.mT().matmul(g).sumTo(b.shape()) : null
    };
  }
}
