package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/**
 * y = (x - mean) * rstd * weight + bias over the last axis, fused. Inputs: x (..., C), weight (C),
 * bias (C). The backward uses the saved per-row mean and rstd.
 */
public record LayerNorm(double eps) implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    Tensor x = in[0].contiguous(), w = in[1].contiguous(), b = in[2].contiguous();
    int c = x.dim(-1), rows = x.numel() / c;
    if (w.numel() != c || b.numel() != c) throw new IllegalArgumentException("layerNorm: weight/bias do not match " + c + " channels");
    Tensor out = x.zerosLike(), mean = x.newZeros(x.dtype(), rows), rstd = x.newZeros(x.dtype(), rows);
    x.backend().layerNorm(x, w, b, eps, out, mean, rstd);
    ctx.save(x, w, mean, rstd);
    return out;
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor x = ctx.saved(0), w = ctx.saved(1);
    Tensor gx = x.zerosLike(), gw = w.zerosLike(), gb = w.zerosLike();
    x.backend().layerNormBackward(x, w, ctx.saved(2), ctx.saved(3), g.contiguous(), gx, gw, gb);
    return new Tensor[] {ctx.needsGrad(0) ? gx : null, ctx.needsGrad(1) ? gw : null, ctx.needsGrad(2) ? gb : null};
  }
}
