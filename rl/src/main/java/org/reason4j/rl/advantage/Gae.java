package org.reason4j.rl.advantage;

/**
 * Generalised advantage estimation (Schulman et al. 2016, eq. 16) over one response, as ReFT's PPO uses it
 * (ALGORITHMS §3, step 5):
 * <pre>
 *   δ_t = r_t + γ·V_{t+1} − V_t,      V_{T+1} = 0 (the episode ends with the response)
 *   Â_t = Σ_l (γλ)^l δ_{t+l}          computed backwards: Â_t = δ_t + γλ·Â_{t+1}
 *   R̂_t = Â_t + V_t                   returns, the value head's target (from the raw, unwhitened Â)
 * </pre>
 * ReFT's code uses γ = 1.0, λ = 0.95 [code] (its paper's text swaps the two names). Arithmetic in double.
 *
 * @param gamma  γ, the discount
 * @param lambda λ, the bias-variance trade-off
 */
public record Gae(double gamma, double lambda) {

  public Gae {
    if (!(gamma >= 0 && gamma <= 1) || !(lambda >= 0 && lambda <= 1)) {
      throw new IllegalArgumentException("GAE needs gamma and lambda in [0, 1], got " + gamma + ", " + lambda);
    }
  }

  /** ReFT's values: γ = 1.0, λ = 0.95 [code]. */
  public static Gae reft() {
    return new Gae(1.0, 0.95);
  }

  /** Advantages Â and returns R̂ of one response, each one value per token. */
  public record Result(float[] advantages, float[] returns) {}

  /**
   * @param rewards r_t per response token (a KL penalty on every token plus the scalar reward on the last)
   * @param values  V_t, the value of the state before token t
   */
  public Result estimate(float[] rewards, float[] values) {
    int n = rewards.length;
    if (values.length != n) throw new IllegalArgumentException(n + " rewards but " + values.length + " values");
    float[] adv = new float[n], ret = new float[n];
    double next = 0, nextValue = 0; // Â_{T+1} and V_{T+1}
    for (int t = n - 1; t >= 0; t--) {
      double delta = rewards[t] + gamma * nextValue - values[t];
      next = delta + gamma * lambda * next;
      adv[t] = (float) next;
      ret[t] = (float) (next + values[t]);
      nextValue = values[t];
    }
    return new Result(adv, ret);
  }

  /**
   * Whitens in place over every token of the batch: {@code (x − mean) / sqrt(var + eps)}, the mean not
   * added back (ALGORITHMS §3, step 6; TRL's {@code masked_whiten} with {@code shift_mean=True}, whose
   * variance is the unbiased one). A batch of a single token is only centred.
   */
  public static void whiten(float[][] x, double eps) {
    long n = 0;
    double sum = 0;
    for (float[] row : x) for (float v : row) {
      sum += v;
      n++;
    }
    if (n == 0) return;
    double mean = sum / n, ss = 0;
    for (float[] row : x) for (float v : row) ss += (v - mean) * (v - mean);
    double var = n > 1 ? ss / (n - 1) : 0;
    double scale = n > 1 ? 1 / Math.sqrt(var + eps) : 1;
    for (float[] row : x) for (int t = 0; t < row.length; t++) row[t] = (float) ((row[t] - mean) * scale);
  }
}
