package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/**
 * y = x * rsqrt(mean(x^2, last axis) + eps) * weight, fused (Llama's RMSNorm). Inputs: x (..., C) and
 * weight (C). The backward uses the saved per-row rstd: dx = rstd * w * g - rstd^3 / C * x * sum(g * w * x),
 * dw = sum over rows of g * x * rstd.
 */
public record RmsNorm(double eps) implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    Tensor x = in[0].contiguous(), w = in[1].contiguous();
    int c = x.dim(-1);
    if (w.rank() != 1 || w.dim(0) != c) {
      throw new IllegalArgumentException("rmsNorm: weight " + java.util.Arrays.toString(w.shape()) + " does not match " + c + " channels");
    }
    Tensor out = x.zerosLike();
    Tensor rstd = x.newZeros(x.dtype(), x.numel() / c);
    x.backend().rmsNorm(x, w, eps, out, rstd);
    ctx.save(x, w, rstd);
    return out;
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor x = ctx.saved(0), w = ctx.saved(1);
    Tensor gx = x.zerosLike(), gw = w.zerosLike();
    x.backend().rmsNormBackward(x, w, ctx.saved(2), g.contiguous(), gx, gw);
    return new Tensor[] {ctx.needsGrad(0) ? gx : null, ctx.needsGrad(1) ? gw : null};
  }
}
