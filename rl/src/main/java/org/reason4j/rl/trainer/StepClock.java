package org.reason4j.rl.trainer;

import java.util.Map;
import org.reason4j.rl.metrics.MetricNames;
import org.reason4j.rl.rollout.RolloutBatch;

/** Where an RL step's time went: sampling (with its token counts) versus training. */
final class StepClock {
  double generationSeconds;
  long promptTokens;
  long completionTokens;

  void add(RolloutBatch r) {
    generationSeconds += r.generationSeconds() + r.scoringSeconds();
    promptTokens += r.promptTokens();
    completionTokens += r.completionTokens();
  }

  /** Adds the time split and the throughputs to a metrics line. */
  void put(Map<String, Object> m, double trainingSeconds, long trainingTokens) {
    m.put(MetricNames.TIME_GENERATION_S, generationSeconds);
    m.put(MetricNames.TIME_TRAINING_S, trainingSeconds);
    m.put(MetricNames.TOKENS_PER_SECOND_GENERATION, generationSeconds > 0 ? completionTokens / generationSeconds : 0.0);
    m.put(MetricNames.TOKENS_PER_SECOND_TRAINING, trainingSeconds > 0 ? trainingTokens / trainingSeconds : 0.0);
  }
}
