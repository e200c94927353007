package org.reason4j.rl.trainer;

import java.util.LinkedHashMap;
import java.util.Map;
import org.reason4j.rl.loss.PolicyLoss.ClipRange;
import org.reason4j.rl.metrics.MetricNames;
import org.reason4j.tensor.Tensor;

/**
 * Metrics of a step's optimizer updates, accumulated over its mini-batches as TRL reports them: means of
 * the losses, KL, entropy and gradient norm, and the clip fractions (TRL {@code _compute_loss}): a token is
 * low-clipped when ρ < low with A < 0, high-clipped when ρ > high with A > 0; each fraction is over the
 * mini-batch's valid tokens, then averaged (and its min or max taken) over mini-batches.
 */
final class UpdateStats {
  private int updates;
  private double loss, policyLoss, valueLoss, kl, entropy, gradNorm, low, high, region;
  private double lowMin = Double.POSITIVE_INFINITY, highMax = Double.NEGATIVE_INFINITY;
  private boolean hasValue, hasKl, hasEntropy, hasClip;
  private long tokens;

  void update(double loss, double policyLoss, double gradNorm, long tokens) {
    updates++;
    this.loss += loss;
    this.policyLoss += policyLoss;
    this.gradNorm += gradNorm;
    this.tokens += tokens;
  }

  void valueLoss(double v) {
    hasValue = true;
    valueLoss += v;
  }

  void kl(double tokenMean) {
    hasKl = true;
    kl += tokenMean;
  }

  void entropy(double tokenMean) {
    hasEntropy = true;
    entropy += tokenMean;
  }

  /** Clip fractions of one mini-batch from its ratios, advantages and mask (all (N, R)). */
  void clip(ClipRange range, Tensor ratio, Tensor advantages, Tensor mask) {
    if (range == null) return;
    hasClip = true;
    float[] r = ratio.contiguous().toFloatArray(), a = advantages.contiguous().toFloatArray(), m = mask.contiguous().toFloatArray();
    double valid = 0, lo = 0, hi = 0;
    for (int i = 0; i < r.length; i++) {
      if (m[i] == 0) continue;
      valid++;
      if (r[i] < range.low() && a[i] < 0) lo++;
      if (r[i] > range.high() && a[i] > 0) hi++;
    }
    double fl = valid > 0 ? lo / valid : 0, fh = valid > 0 ? hi / valid : 0;
    low += fl;
    high += fh;
    region += fl + fh;
    lowMin = Math.min(lowMin, fl);
    highMax = Math.max(highMax, fh);
  }

  /** Tokens through the training forward, summed over updates. */
  long tokens() {
    return tokens;
  }

  Map<String, Object> metrics() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (updates == 0) return m;
    m.put(MetricNames.LOSS, loss / updates);
    m.put(MetricNames.POLICY_LOSS, policyLoss / updates);
    if (hasValue) m.put(MetricNames.VALUE_LOSS, valueLoss / updates);
    if (hasKl) m.put(MetricNames.KL, kl / updates);
    if (hasEntropy) m.put(MetricNames.ENTROPY, entropy / updates);
    m.put(MetricNames.GRAD_NORM, gradNorm / updates);
    if (hasClip) {
      m.put(MetricNames.CLIP_RATIO_LOW_MEAN, low / updates);
      m.put(MetricNames.CLIP_RATIO_LOW_MIN, lowMin);
      m.put(MetricNames.CLIP_RATIO_HIGH_MEAN, high / updates);
      m.put(MetricNames.CLIP_RATIO_HIGH_MAX, highMax);
      m.put(MetricNames.CLIP_RATIO_REGION_MEAN, region / updates);
    }
    return m;
  }

  /** The token mean of an (N, R) tensor over a mask. */
  static double maskedMean(Tensor values, Tensor mask) {
    double count = mask.sum().item();
    return count > 0 ? values.mul(mask).sum().item() / count : 0;
  }
}
