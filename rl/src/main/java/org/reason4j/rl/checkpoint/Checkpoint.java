package org.reason4j.rl.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reason4j.rl.config.ConfigBinder;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;

/**
 * Everything a training run needs to continue as if it had never stopped (DESIGN invariant 4), as plain
 * data: tensors as name maps, the rest as JSON-ready maps (String, Long, Double, Boolean, null, List, Map).
 *
 * @param step            optimizer steps done
 * @param model           weights with Hugging Face names (a value head included, e.g. {@code v_head.weight})
 * @param optimizer       optimizer tensors, e.g. {@code exp_avg.<param>}; a trainer with two optimizers
 *                        (ReLIFT's RL and fine-tuning AdamW) prefixes them, {@code rl.} and {@code ft.}
 * @param optimizerState  the optimizer's scalars (its step count, learning-rate schedule position...)
 * @param rng             named random streams as {@link Rng#state()} gives them
 * @param dataPosition    where the data order stands (epoch, index, permutation seed...)
 * @param config          the resolved config ({@link ConfigBinder#toMap})
 * @param extra           anything else the trainer must carry over (ReLIFT's demonstration buffer, Guide's
 *                        carried-over groups, the best evaluation score so far)
 */
public record Checkpoint(
    long step,
    Map<String, Tensor> model,
    Map<String, Tensor> optimizer,
    Map<String, Object> optimizerState,
    Map<String, long[]> rng,
    Map<String, Object> dataPosition,
    Map<String, Object> config,
    Map<String, Object> extra) {

  public Checkpoint {
    if (step < 0) throw new IllegalArgumentException("a checkpoint's step cannot be negative, got " + step);
    model = frozen(model);
    optimizer = frozen(optimizer);
    optimizerState = frozen(optimizerState);
    rng = frozen(rng);
    dataPosition = frozen(dataPosition);
    config = frozen(config);
    extra = frozen(extra);
  }

  /** Key order kept and null values allowed (JSON has them), unlike {@code Map.copyOf}. */
  private static <V> Map<String, V> frozen(Map<String, V> m) {
    return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** The named random stream, restored to continue exactly where it was saved. */
  public Rng restoreRng(String name) {
    long[] state = rng.get(name);
    if (state == null) throw new IllegalArgumentException("the checkpoint at step " + step + " has no random stream \"" + name + "\"; it has " + rng.keySet());
    return Rng.restore(state);
  }

  public static Builder builder(long step) {
    return new Builder(step);
  }

  /** Collects the parts one at a time; anything not given is empty. */
  public static final class Builder {
    private final long step;
    private Map<String, Tensor> model = Map.of();
    private Map<String, Tensor> optimizer = Map.of();
    private Map<String, Object> optimizerState = Map.of();
    private final Map<String, long[]> rng = new LinkedHashMap<>();
    private Map<String, Object> dataPosition = Map.of();
    private Map<String, Object> config = Map.of();
    private Map<String, Object> extra = Map.of();

    private Builder(long step) {
      this.step = step;
    }

    public Builder model(Map<String, Tensor> weights) {
      this.model = weights;
      return this;
    }

    public Builder optimizer(Map<String, Tensor> tensors, Map<String, Object> scalars) {
      this.optimizer = tensors;
      this.optimizerState = scalars;
      return this;
    }

    /** Saves the stream's current state under a name ("sampling", "dropout", "data"). */
    public Builder rng(String name, Rng stream) {
      rng.put(name, stream.state());
      return this;
    }

    public Builder dataPosition(Map<String, Object> position) {
      this.dataPosition = position;
      return this;
    }

    public Builder config(Record resolved) {
      this.config = ConfigBinder.toMap(resolved);
      return this;
    }

    public Builder config(Map<String, Object> resolved) {
      this.config = resolved;
      return this;
    }

    public Builder extra(Map<String, Object> extra) {
      this.extra = extra;
      return this;
    }

    public Checkpoint build() {
      return new Checkpoint(step, model, optimizer, optimizerState, rng, dataPosition, config, extra);
    }
  }
}
