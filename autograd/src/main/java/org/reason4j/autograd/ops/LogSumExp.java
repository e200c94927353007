package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.Shape;

/** y = log sum exp(x) along an axis; dx = g * softmax(x) along that axis. */
public record LogSumExp(int axis, boolean keepDim) implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    Tensor y = in[0].logsumexp(axis, true);
    ctx.save(in[0], y);
    return keepDim ? y : y.squeeze(Shape.axis("logsumexp", axis, in[0].rank()));
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor x = ctx.saved(0), y = ctx.saved(1);
    Tensor gk = keepDim ? g : g.unsqueeze(Shape.axis("logsumexp", axis, x.rank()));
    return new Tensor[] {x.sub(y).exp().mul(gk)};
  }
}
