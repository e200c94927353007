package org.reason4j.rl.verify;

/**
 * DAPO's soft overlong punishment (Yu et al. 2025, eq. 13; verl {@code DAPORewardManager}), added to the
 * correctness reward:
 * <pre>
 *   p(|o|) = min(0, −(|o| − (L_max − L_cache)) / L_cache · φ)
 * </pre>
 * Zero up to {@code L_max − L_cache} tokens, then falling linearly to {@code −φ} at {@code L_max}. Like verl,
 * it is not clamped below {@code −φ} (a response cannot be longer than {@code L_max}).
 *
 * @param maxLength   L_max, the response token limit
 * @param cacheLength L_cache, the length of the penalty ramp (0 < L_cache <= L_max)
 * @param factor      φ, the penalty at L_max (DAPO: 1.0)
 */
public record OverlongShaping(int maxLength, int cacheLength, double factor) {

  public OverlongShaping {
    if (cacheLength <= 0 || cacheLength > maxLength) {
      throw new IllegalArgumentException("need 0 < cacheLength <= maxLength, got " + cacheLength + " and " + maxLength);
    }
    if (!(factor >= 0)) throw new IllegalArgumentException("factor must be >= 0, got " + factor);
  }

  /** DAPO's settings: L_max 20480, L_cache 4096, φ 1. */
  public static OverlongShaping dapo() {
    return new OverlongShaping(20480, 4096, 1.0);
  }

  /** The (non-positive) penalty for a response of {@code responseLength} tokens. */
  public double penalty(int responseLength) {
    double exceed = responseLength - (maxLength - cacheLength);
    return exceed <= 0 ? 0.0 : -exceed / cacheLength * factor; // = min(0, ...), without a -0.0
  }

  /** {@code reward + penalty(responseLength)}. */
  public double apply(double reward, int responseLength) {
    return reward + penalty(responseLength);
  }
}
