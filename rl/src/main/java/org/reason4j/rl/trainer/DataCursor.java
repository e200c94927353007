package org.reason4j.rl.trainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reason4j.tensor.Rng;

/**
 * Walks a data set (problems, or SFT examples) in epochs: each epoch a fresh permutation, a pure function
 * of (seed, epoch), so the position is just two numbers (epoch, index) and a resumed run draws exactly the
 * batches an uninterrupted run would. A batch never spans two epochs: the last one of an epoch may be
 * short, as PyTorch's DataLoader without {@code drop_last}; {@link #nextWrapping} fills a batch across the
 * boundary instead (RL trainers need exactly B prompts).
 */
public final class DataCursor<T> {
  private static final long STREAM = 0x5eed_da7aL;

  private final List<T> items;
  private final long seed;
  private final boolean shuffle;
  private int epoch;
  private int index;
  private int[] order;

  public DataCursor(List<T> items, long seed, boolean shuffle) {
    if (items.isEmpty()) throw new IllegalArgumentException("no training data");
    this.items = List.copyOf(items);
    this.seed = seed;
    this.shuffle = shuffle;
    this.order = orderOf(0);
  }

  private int[] orderOf(int e) {
    if (shuffle) return new Rng(seed, STREAM + e).permutation(items.size());
    int[] o = new int[items.size()];
    for (int i = 0; i < o.length; i++) o[i] = i;
    return o;
  }

  public int size() {
    return items.size();
  }

  /** Up to {@code count} items, never crossing into the next epoch. */
  public List<T> next(int count) {
    if (count < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + count);
    if (index == order.length) startEpoch(epoch + 1);
    List<T> out = new ArrayList<>(count);
    while (out.size() < count && index < order.length) out.add(items.get(order[index++]));
    return out;
  }

  /** Exactly {@code count} items, continuing into the next epoch when this one runs out. */
  public List<T> nextWrapping(int count) {
    List<T> out = new ArrayList<>(count);
    while (out.size() < count) out.addAll(next(count - out.size()));
    return out;
  }

  private void startEpoch(int e) {
    epoch = e;
    index = 0;
    order = orderOf(e);
  }

  /** Completed epochs plus the fraction of the current one. */
  public double epochProgress() {
    return epoch + (double) index / order.length;
  }

  /** Whether the last batch ended an epoch. */
  public boolean atEpochEnd() {
    return index == order.length;
  }

  public Map<String, Object> position() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", (long) epoch);
    m.put("index", (long) index);
    m.put("size", (long) items.size());
    return m;
  }

  /** Continues from a saved position; the data set must be the same size. */
  public void restore(Map<String, Object> position) {
    long size = ((Number) position.get("size")).longValue();
    if (size != items.size()) {
      throw new IllegalArgumentException("the checkpoint was taken on " + size + " training items, this run has " + items.size());
    }
    startEpoch((int) ((Number) position.get("epoch")).longValue());
    index = (int) ((Number) position.get("index")).longValue();
  }
}
