package org.reason4j.rl.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.rollout.Group;
import org.reason4j.rl.rollout.RolloutBatch;
import org.reason4j.rl.rollout.Sample;

/**
 * What happens to freshly sampled groups before they may enter a training batch: the group-filter and
 * guidance step of the shared group-RL loop (ALGORITHMS §4, "keep(g)"). {@link GroupTrainer} calls
 * {@link #process} once per generate call and keeps sampling until it holds B groups; groups past B are
 * passed to {@link #onSurplus}.
 *
 * <p>An open extension point: dynamic sampling drops groups ({@link DynamicSampling}); a guidance method
 * replaces an all-failed group by a group sampled behind a hint, through the {@link Resampler}; a stage
 * with a carry-over buffer returns its buffered groups first. A stage with state saves it in
 * {@link #state()}, which checkpoints carry.
 */
public interface GroupStage {

  /** Samples more groups on the trainer's behalf (its seeds, its timing). */
  @FunctionalInterface
  interface Resampler {
    /** G responses for each problem behind the given prompt ids, one generate call. */
    RolloutBatch rollout(List<Problem> problems, List<int[]> promptIds, int groupSize);
  }

  /** The groups of one generate call that go on towards the batch (possibly replaced or added to). */
  List<Group> process(List<Group> groups, Resampler resampler);

  /** Groups sampled past the batch size B; dropped unless the stage keeps them. */
  default void onSurplus(List<Group> surplus) {}

  /** Metrics of the stage for the step just collected (cleared by the stage itself). */
  default Map<String, Object> metrics() {
    return Map.of();
  }

  /** JSON-ready state for checkpoints (a carry-over buffer, counters). */
  default Map<String, Object> state() {
    return Map.of();
  }

  default void restore(Map<String, Object> state) {}

  /** Every group goes on (GRPO, Dr. GRPO). */
  record KeepAll() implements GroupStage {
    @Override
    public List<Group> process(List<Group> groups, Resampler resampler) {
      return groups;
    }
  }

  /** What "all equal" is judged on. */
  enum Signal {
    /** The scalar rewards, shaping included. */
    REWARD,
    /** Correctness only (verl's DAPO recipe, {@code filter_groups.metric=acc}). */
    ACCURACY
  }

  /**
   * DAPO's dynamic sampling (Yu et al. 2025, eq. 11; ALGORITHMS §5.2): a group whose responses are all right
   * or all wrong has zero advantage everywhere and only dilutes the batch, so it is dropped and more
   * prompts are sampled in its place.
   */
  record DynamicSampling(Signal signal) implements GroupStage {
    @Override
    public List<Group> process(List<Group> groups, Resampler resampler) {
      List<Group> kept = new ArrayList<>();
      for (Group g : groups) if (!uniform(g)) kept.add(g);
      return kept;
    }

    private boolean uniform(Group g) {
      if (signal == Signal.REWARD) return g.allEqual();
      boolean first = g.samples().get(0).verdict().correct();
      for (Sample s : g.samples()) if (s.verdict().correct() != first) return false;
      return true;
    }
  }
}
