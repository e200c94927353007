package org.reason4j.rl.trainer;

import java.util.List;
import org.reason4j.autograd.Var;
import org.reason4j.nn.Losses;
import org.reason4j.tensor.Tensor;

/**
 * SFT examples as right-padded tensors for a completion-only loss. Position p predicts token p + 1, so
 * {@code labels[p] = ids[p + 1]} and {@code lossMask[p]} is 1 exactly where token p + 1 belongs to the
 * target (EOS included): prompt tokens and padding are never supervised. Right padding needs no key mask:
 * it lies in the future of every real token.
 *
 * @param ids      (B, T) I64, pad 0
 * @param labels   (B, T) I64, the next token (anything where the mask is 0)
 * @param lossMask (B, T) F32
 * @param tokens   the number of supervised tokens (the mask's sum)
 */
public record SftBatch(Tensor ids, Tensor labels, Tensor lossMask, long tokens) {

  public static SftBatch of(List<SftExample> examples) {
    int b = examples.size(), t = 0;
    for (SftExample e : examples) t = Math.max(t, e.length());
    long[] ids = new long[b * t], labels = new long[b * t];
    float[] mask = new float[b * t];
    long tokens = 0;
    for (int i = 0; i < b; i++) {
      SftExample e = examples.get(i);
      int p = e.promptIds().length;
      for (int j = 0; j < p; j++) ids[i * t + j] = e.promptIds()[j];
      for (int j = 0; j < e.targetIds().length; j++) {
        ids[i * t + p + j] = e.targetIds()[j];
        labels[i * t + p + j - 1] = e.targetIds()[j];
        mask[i * t + p + j - 1] = 1;
        tokens++;
      }
      for (int j = 0; j < p - 1; j++) labels[i * t + j] = e.promptIds()[j + 1];
    }
    return new SftBatch(Tensor.of(ids, b, t), Tensor.of(labels, b, t), Tensor.of(mask, b, t), tokens);
  }

  /**
   * Σ over supervised positions of −log p(label) (ALGORITHMS §2), from logits (B, T, V). Labels where the
   * mask is 0 are replaced by the ignore index before the loss sees them, so they cannot matter.
   */
  public static Var nllSum(Var logits, Tensor labels, Tensor lossMask) {
    Tensor ignored = Tensor.where(lossMask.gt(0), labels, labels.newFull(labels.dtype(), -1));
    return Losses.perTokenCrossEntropy(logits, ignored).sum();
  }

  /** The SFT loss of one batch on its own: the token mean of {@link #nllSum} (0 for no supervised token). */
  public static Var tokenMeanNll(Var logits, Tensor labels, Tensor lossMask) {
    return nllSum(logits, labels, lossMask).div(Math.max(1, lossMask.sum().item()));
  }
}
