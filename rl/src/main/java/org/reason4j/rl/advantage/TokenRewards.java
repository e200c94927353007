package org.reason4j.rl.advantage;

/**
 * ReFT's per-token rewards (ALGORITHMS §3, step 4): a KL penalty on every response token and the scalar
 * reward on the last one,
 * <pre>
 *   r_t = −β·(ℓ^old_t − ℓ^ref_t) + [t = T]·R
 * </pre>
 * with ℓ^old fixed at the rollout (never the current ℓ) and k1 as the estimator, as ReFT's code does.
 */
public final class TokenRewards {
  private TokenRewards() {}

  /**
   * @param oldLogProbs ℓ^old per response token
   * @param refLogProbs ℓ^ref per response token (ignored when β = 0)
   * @param klCoef      β (ReFT: 0.05 N-CoT, 0.01 P-CoT)
   * @param reward      R, the response's scalar reward
   */
  public static float[] klPenalized(float[] oldLogProbs, float[] refLogProbs, double klCoef, double reward) {
    int n = oldLogProbs.length;
    if (n == 0) throw new IllegalArgumentException("a response needs at least one token to carry its reward");
    float[] r = new float[n];
    for (int t = 0; t < n; t++) r[t] = klCoef == 0 ? 0f : (float) (-klCoef * ((double) oldLogProbs[t] - refLogProbs[t]));
    r[n - 1] = (float) (r[n - 1] + reward);
    return r;
  }
}
