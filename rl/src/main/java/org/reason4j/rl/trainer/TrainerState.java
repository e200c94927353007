package org.reason4j.rl.trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reason4j.nn.optim.Optimizer;
import org.reason4j.rl.checkpoint.Checkpoint;
import org.reason4j.rl.checkpoint.CheckpointIO;
import org.reason4j.rl.config.ConfigBinder;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.io.Json;

/**
 * Turns a trainer's state into a {@link Checkpoint} and back: weights (value head included), optimizer
 * tensors, named random streams, the data position and the resolved config, plus whatever the trainer puts
 * in {@code extra}. Everything else a step needs is a function of these, so a resumed run repeats the
 * uninterrupted one bit for bit.
 *
 * <p>Resuming checks the saved config against the current one: a run continued with another learning
 * rate would silently be a different run. Only keys that lengthen a run or change how it is saved may
 * differ ({@link #RESUMABLE_CHANGES}).
 */
public final class TrainerState {
  private TrainerState() {}

  /** Config keys that may change between a checkpoint and its resumption. */
  public static final Set<String> RESUMABLE_CHANGES = Set.of("epochs", "totalSteps", "saveEvery", "keepCheckpoints", "evalEvery");

  /** A checkpoint of the common parts; {@code extraOptimizers} are saved under {@code <name>.} prefixes. */
  public static Checkpoint capture(long step, Policy policy, Optimizer optimizer, Map<String, Optimizer> extraOptimizers,
      Map<String, Rng> rngs, DataCursor<?> cursor, Record config, Map<String, Object> extra) {
    Map<String, Tensor> opt = new LinkedHashMap<>(optimizer.stateDict());
    extraOptimizers.forEach((name, o) -> o.stateDict().forEach((k, v) -> opt.put(name + "." + k, v)));
    Checkpoint.Builder b = Checkpoint.builder(step).model(policy.stateDict()).optimizer(opt, Map.of())
        .dataPosition(cursor.position()).config(config).extra(extra);
    rngs.forEach(b::rng);
    return b.build();
  }

  /** Loads a checkpoint folder, checking that its config matches this run's. */
  public static Checkpoint load(Path dir, Record config) throws IOException {
    Checkpoint c = CheckpointIO.load(dir);
    checkConfig(dir, c.config(), ConfigBinder.toMap(config));
    return c;
  }

  /** Puts weights, optimizer state and data position back; random streams are read by name with {@link Checkpoint#restoreRng}. */
  public static void restore(Checkpoint c, Policy policy, Optimizer optimizer, Map<String, Optimizer> extraOptimizers, DataCursor<?> cursor) {
    policy.loadStateDict(c.model());
    Map<String, Tensor> main = new LinkedHashMap<>();
    Map<String, Map<String, Tensor>> extras = new LinkedHashMap<>();
    for (String name : extraOptimizers.keySet()) extras.put(name, new LinkedHashMap<>());
    c.optimizer().forEach((k, v) -> {
      int dot = k.indexOf('.');
      String prefix = dot > 0 ? k.substring(0, dot) : "";
      if (extras.containsKey(prefix)) extras.get(prefix).put(k.substring(dot + 1), v);
      else main.put(k, v);
    });
    optimizer.loadStateDict(main);
    extraOptimizers.forEach((name, o) -> o.loadStateDict(extras.get(name)));
    cursor.restore(c.dataPosition());
  }

  private static void checkConfig(Path dir, Map<String, Object> saved, Map<String, Object> current) {
    List<String> diffs = new ArrayList<>();
    for (String k : current.keySet()) {
      if (RESUMABLE_CHANGES.contains(k)) continue;
      String was = Json.write(saved.get(k)), now = Json.write(current.get(k));
      if (!was.equals(now)) diffs.add(k + " " + was + " -> " + now);
    }
    for (String k : saved.keySet()) if (!current.containsKey(k)) diffs.add(k + " is no longer a config key");
    if (!diffs.isEmpty()) {
      throw new IllegalArgumentException(dir + ": the checkpoint was written with another config (" + String.join(", ", diffs)
          + "); resuming with it would not continue the same run. Resume with the run's config.json.");
    }
  }
}
