package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/**
 * Rotary position embedding in Hugging Face's "rotate half" layout on x (B, H, T, D) with constant
 * cos and sin tables (1 or B, T, D/2). A rotation is orthogonal, so the backward is the inverse
 * rotation of g.
 */
public record Rope(Tensor cos, Tensor sin) implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    return rotate(in[0], false);
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    return new Tensor[] {rotate(g, true)};
  }

  private Tensor rotate(Tensor x, boolean inverse) {
    Tensor xc = x.contiguous();
    if (xc.rank() != 4 || xc.dim(3) % 2 != 0) throw new IllegalArgumentException("rope: x must be (B, H, T, D) with even D, got " + java.util.Arrays.toString(x.shape()));
    if (cos.rank() != 3 || cos.dim(1) != xc.dim(2) || cos.dim(2) != xc.dim(3) / 2 || (cos.dim(0) != 1 && cos.dim(0) != xc.dim(0))) {
      throw new IllegalArgumentException("rope: tables " + java.util.Arrays.toString(cos.shape()) + " do not fit x " + java.util.Arrays.toString(x.shape()));
    }
    Tensor out = xc.zerosLike();
    xc.backend().rope(xc, cos.contiguous(), sin.contiguous(), inverse, out);
    return out;
  }
}
