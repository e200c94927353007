package org.reason4j.rl.trainer;

import java.util.List;
import org.reason4j.autograd.Var;
import org.reason4j.nn.optim.GradClip;
import org.reason4j.nn.optim.Optimizer;
import org.reason4j.rl.loss.Entropy;
import org.reason4j.transformer.model.CausalLM;

/**
 * One optimizer step of supervised fine-tuning on a batch, in micro-batches with gradient accumulation
 * (ALGORITHMS §2): the loss is the token mean over the WHOLE batch, Σ m·NLL / Σ m, so each micro-batch
 * contributes its NLL sum divided by the batch's token count and the accumulated gradient equals that of
 * one big batch. Optionally minus an entropy bonus, the token mean of H_t over the same tokens (ReLIFT's
 * fine-tuning phase, ALGORITHMS §7). Used by {@link SftTrainer} and by any RL trainer that interleaves
 * fine-tuning; the caller sets the learning rate.
 */
public final class SftUpdate {
  private SftUpdate() {}

  /**
   * @param loss     the batch loss (NLL token mean, minus the entropy bonus)
   * @param nll      the NLL token mean
   * @param entropy  the token-mean entropy over supervised tokens (NaN when not computed)
   * @param gradNorm the global gradient norm before clipping
   * @param tokens   supervised tokens in the batch
   * @param seen     all tokens (prompt and target) in the batch
   */
  public record Result(double loss, double nll, double entropy, double gradNorm, long tokens, long seen) {}

  /**
   * @param gradClip    max global norm, or 0 for no clipping
   * @param entropyCoef weight of the entropy bonus (0 = none)
   */
  public static Result step(CausalLM model, Iterable<Var> parameters, Optimizer optimizer, List<SftExample> batch, int microBatchSize,
      double gradClip, double entropyCoef) {
    if (microBatchSize < 1) throw new IllegalArgumentException("microBatchSize must be at least 1, got " + microBatchSize);
    long tokens = 0, seen = 0;
    for (SftExample e : batch) {
      tokens += e.targetIds().length;
      seen += e.length();
    }
    double denominator = Math.max(1, tokens), nll = 0, entropy = 0;
    for (int start = 0; start < batch.size(); start += microBatchSize) {
      SftBatch b = SftBatch.of(batch.subList(start, Math.min(batch.size(), start + microBatchSize)));
      Var logits = model.forward(b.ids()).logits(); // (b, T, V)
      Var microNll = SftBatch.nllSum(logits, b.labels(), b.lossMask()).div(denominator);
      Var loss = microNll;
      if (entropyCoef != 0) {
        Var microEntropy = Entropy.of(logits, 1).mul(b.lossMask()).sum().div(denominator);
        loss = loss.sub(microEntropy.mul(entropyCoef));
        entropy += microEntropy.value().item();
      }
      loss.backward();
      nll += microNll.value().item();
    }
    double norm = GradClip.clipGradNorm(parameters, gradClip > 0 ? gradClip : Double.MAX_VALUE);
    optimizer.step();
    optimizer.zeroGrad();
    return new Result(nll - entropyCoef * entropy, nll, entropyCoef != 0 ? entropy : Double.NaN, norm, tokens, seen);
  }
}
