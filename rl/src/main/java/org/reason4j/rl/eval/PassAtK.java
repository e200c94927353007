package org.reason4j.rl.eval;

/**
 * The unbiased pass@k estimator (Chen et al. 2021, "Evaluating Large Language Models Trained on Code"):
 * with n samples of which c are correct,
 * <pre>
 *   pass@k = 1 − C(n−c, k) / C(n, k) = 1 − Π_{i=n−c+1}^{n} (1 − k/i)
 * </pre>
 * The product form never forms a binomial coefficient, so n = 1024 or more cannot overflow, and every
 * factor lies in [0, 1].
 */
public final class PassAtK {
  private PassAtK() {}

  /** pass@k for one problem; needs 0 <= c <= n and 1 <= k <= n. */
  public static double estimate(int n, int c, int k) {
    if (n < 1 || c < 0 || c > n) {
      throw new IllegalArgumentException("need 0 <= c <= n and n >= 1, got n=" + n + " c=" + c);
    }
    if (k < 1 || k > n) throw new IllegalArgumentException("need 1 <= k <= n, got k=" + k + " n=" + n);
    if (n - c < k) return 1.0; // every k-subset contains a correct sample
    double allWrong = 1.0;
    for (int i = n - c + 1; i <= n; i++) allWrong *= 1.0 - (double) k / i;
    return 1.0 - allWrong;
  }

  /** The mean of pass@k over problems; {@code correct[j]} of {@code n} samples of problem j were correct. */
  public static double mean(int n, int[] correct, int k) {
    if (correct.length == 0) throw new IllegalArgumentException("no problems");
    double sum = 0;
    for (int c : correct) sum += estimate(n, c, k);
    return sum / correct.length;
  }
}
