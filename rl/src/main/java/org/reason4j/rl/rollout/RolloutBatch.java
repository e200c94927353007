package org.reason4j.rl.rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * The groups of one generate call with what it cost: wall seconds sampling and scoring, and token counts.
 *
 * @param promptTokens     prompt tokens of all rows (each prompt counted once per sample)
 * @param completionTokens sampled tokens of all rows
 */
public record RolloutBatch(List<Group> groups, double generationSeconds, double scoringSeconds, long promptTokens,
    long completionTokens) {

  public RolloutBatch {
    groups = List.copyOf(groups);
  }

  /** Every sample, group by group. */
  public List<Sample> samples() {
    List<Sample> out = new ArrayList<>();
    for (Group g : groups) out.addAll(g.samples());
    return out;
  }

  /** Sampled tokens per second of generation (0 when nothing was timed). */
  public double tokensPerSecond() {
    return generationSeconds > 0 ? completionTokens / generationSeconds : 0;
  }
}
