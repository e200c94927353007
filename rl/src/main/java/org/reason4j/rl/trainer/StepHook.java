package org.reason4j.rl.trainer;

import java.util.List;
import java.util.Map;
import org.reason4j.nn.optim.Optimizer;
import org.reason4j.rl.rollout.Group;
import org.reason4j.rl.rollout.Policy;

/**
 * Work an RL trainer runs after the policy update of each step: the place for an extra phase such as
 * ReLIFT's interleaved fine-tuning on demonstrations of the hardest prompts (ALGORITHMS §7), which
 * {@link SftUpdate} implements the step of. A hook with its own optimizer returns it from
 * {@link #optimizer()} so checkpoints save its state under the hook's name; other state goes in
 * {@link #state()}.
 */
public interface StepHook {

  /** A short name: the prefix of its optimizer tensors and the key of its state in checkpoints. */
  String name();

  /**
   * Called after the update of step {@code step} (1-based) with the groups it trained on; returns metrics
   * to add to the step's line.
   */
  Map<String, Object> afterUpdate(long step, List<Group> groups, Policy policy);

  /** The hook's own optimizer, or null. */
  default Optimizer optimizer() {
    return null;
  }

  default Map<String, Object> state() {
    return Map.of();
  }

  default void restore(Map<String, Object> state) {}
}
