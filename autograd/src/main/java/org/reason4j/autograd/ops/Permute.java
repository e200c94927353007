package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.Tensor;

/** y = x with its axes reordered; dx = g with the inverse order. */
public record Permute(int[] perm) implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    return in[0].permute(perm);
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    int[] inverse = new int[perm.length];
    for (int i = 0; i < perm.length; i++) inverse[perm[i] < 0 ? perm[i] + perm.length : perm[i]] = i;
    return new Tensor[] {g.permute(inverse)};
  }
}
