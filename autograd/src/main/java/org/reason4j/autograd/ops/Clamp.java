package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = min(max(x, lo), hi); dx = g where lo <= x <= hi, else 0 (as torch.clamp). */
public record Clamp(double lo, double hi) implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    ctx.save(in[0]);
    return in[0].clamp(lo, hi);
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor x = ctx.saved(0);
    return new Tensor[] {g.maskedFill(x.lt(lo).or(x.gt(hi)), 0)};
  }
}
