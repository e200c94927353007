package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = -x; dx = -g. */
public record Neg() implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    return in[0].neg();
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {g.neg()};
  }
}
