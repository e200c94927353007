package org.reason4j.rl.trainer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reason4j.rl.metrics.MetricNames;
import org.reason4j.rl.rollout.Group;
import org.reason4j.rl.rollout.Sample;

/**
 * The rollout half of a step's metrics line, as TRL's GRPOTrainer computes it: reward mean, the mean of
 * the per-group reward stds ({@code reward_std}, not the batch std), the fraction of groups whose rewards
 * are all equal, one reward function's mean and std, completion lengths (all, and those that ended with
 * EOS) and the fraction cut at the length limit. With groups of one (PPO) a per-group std is undefined,
 * so {@code reward_std} is then the batch's sample std and {@code frac_reward_zero_std} is not logged.
 */
public final class RolloutMetrics {
  private RolloutMetrics() {}

  /** Accuracy: the fraction of completions the verifier judged correct (ours). */
  public static final String ACCURACY = "rewards/accuracy";

  public static Map<String, Object> of(List<Group> groups, String rewardName) {
    Map<String, Object> m = new LinkedHashMap<>();
    double sum = 0, sumSq = 0, stdSum = 0, correct = 0;
    int n = 0, zeroStd = 0, single = 0;
    int minLen = Integer.MAX_VALUE, maxLen = 0, minTerm = Integer.MAX_VALUE, maxTerm = 0, terminated = 0;
    long lenSum = 0, termSum = 0;
    for (Group g : groups) {
      stdSum += g.rewardStd();
      if (g.size() == 1) single++;
      else if (g.allEqual()) zeroStd++;
      for (Sample s : g.samples()) {
        n++;
        sum += s.reward();
        sumSq += s.reward() * s.reward();
        if (s.verdict().correct()) correct++;
        int len = s.length();
        lenSum += len;
        minLen = Math.min(minLen, len);
        maxLen = Math.max(maxLen, len);
        if (!s.truncated()) {
          terminated++;
          termSum += len;
          minTerm = Math.min(minTerm, len);
          maxTerm = Math.max(maxTerm, len);
        }
      }
    }
    if (n == 0) return m;
    double mean = sum / n;
    double batchStd = n > 1 ? Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1))) : 0;
    boolean grouped = single < groups.size();
    m.put(MetricNames.REWARD, mean);
    m.put(MetricNames.REWARD_STD, grouped ? stdSum / groups.size() : batchStd);
    if (grouped) m.put(MetricNames.FRAC_REWARD_ZERO_STD, (double) zeroStd / groups.size());
    m.put(MetricNames.rewardMean(rewardName), mean);
    m.put(MetricNames.rewardStd(rewardName), batchStd);
    m.put(ACCURACY, correct / n);
    m.put(MetricNames.COMPLETIONS_MEAN_LENGTH, (double) lenSum / n);
    m.put(MetricNames.COMPLETIONS_MIN_LENGTH, (double) minLen);
    m.put(MetricNames.COMPLETIONS_MAX_LENGTH, (double) maxLen);
    m.put(MetricNames.COMPLETIONS_CLIPPED_RATIO, (double) (n - terminated) / n);
    m.put(MetricNames.COMPLETIONS_MEAN_TERMINATED_LENGTH, terminated == 0 ? 0.0 : (double) termSum / terminated);
    m.put(MetricNames.COMPLETIONS_MIN_TERMINATED_LENGTH, terminated == 0 ? 0.0 : (double) minTerm);
    m.put(MetricNames.COMPLETIONS_MAX_TERMINATED_LENGTH, terminated == 0 ? 0.0 : (double) maxTerm);
    return m;
  }
}
