package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = inputs joined along an axis; each input's gradient is its slice of g. */
public record Concat(int axis) implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    int[][] shapes = new int[in.length][];
    for (int i = 0; i < in.length; i++) shapes[i] = in[i].shape();
    ctx.saveShapes(shapes);
    return Tensor.concat(axis, in);
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    int n = ctx.shapeCount();
    Tensor[] out = new Tensor[n];
    int at = 0;
    for (int i = 0; i < n; i++) {
      int len = ctx.shape(i)[axis < 0 ? axis + ctx.shape(i).length : axis];
      if (ctx.needsGrad(i)) out[i] = g.slice(axis, at, at + len);
      at += len;
    }
    return out;
  }
}
