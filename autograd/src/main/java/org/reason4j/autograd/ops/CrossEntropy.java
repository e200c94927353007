package org.reason4j.autograd.ops;

import org.reason4j.autograd.Ctx;
import org.reason4j.autograd.Function;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Tensor;

/**
 * Per-row cross-entropy of logits (N, V) against constant I64 targets (N); a negative target marks a
 * row to ignore (loss 0, gradient 0). The forward keeps only the row log-sum-exp; the backward forms
 * softmax - onehot in one pass, so no extra (N, V) probability tensor is ever materialised.
 * dlogits = (softmax(logits) - onehot(target)) * g[row].
 */
public record CrossEntropy(Tensor targets) implements Function {
  @Override
  public Tensor forward(Ctx ctx, Tensor... in) {
    Tensor logits = in[0].contiguous();
    if (logits.rank() != 2) throw new IllegalArgumentException("crossEntropy: logits must be (N, V), got rank " + logits.rank());
    Tensor t = targets.to(DType.I64).contiguous();
    if (t.numel() != logits.dim(0)) {
      throw new IllegalArgumentException("crossEntropy: " + t.numel() + " targets for " + logits.dim(0) + " rows");
    }
    Tensor loss = logits.newZeros(logits.dtype(), logits.dim(0));
    Tensor lse = logits.newZeros(logits.dtype(), logits.dim(0));
    logits.backend().crossEntropy(logits, t, loss, lse);
    ctx.save(logits, t, lse);
    return loss;
  }

  @Override
  public Tensor[] backward(Ctx ctx, Tensor g) {
    Tensor logits = ctx.saved(0);
    Tensor grad = logits.zerosLike();
    logits.backend().crossEntropyBackward(logits, ctx.saved(1), ctx.saved(2), g.contiguous(), grad);
    return new Tensor[] {grad};
  }
}
