package org.reason4j.transformer.model;

import org.reason4j.tensor.Backend;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Tensor;

/**
 * Keys and values of past positions, per layer, preallocated so that decoding writes one slice per step
 * and never copies the past. Slot s of the buffer holds sequence position s of the (left-padded) batch,
 * the same layout the training forward sees, which keeps attention sums in the same order (what lets
 * sampled log-probs equal training log-probs bit for bit).
 *
 * <p>Values are stored (B, Hkv, capacity, D). Keys are stored transposed, (B, Hkv, D, capacity), and
 * handed out as a (B, Hkv, S, D) view: attention multiplies by K^T, which is then row-major, so a decode
 * step's scores stream K^T's rows with vector lanes along the positions instead of one scalar chain per
 * position. A matrix product's bits do not depend on its operands' layout.
 */
public final class KvCache {
  private final Tensor[] keys;
  private final Tensor[] values;
  private final int capacity;
  private int length;

  public KvCache(ModelConfig c, int batch, int capacity, Backend backend) {
    if (capacity > c.maxPositions()) {
      throw new IllegalArgumentException("cache of " + capacity + " positions exceeds the model's context of " + c.maxPositions());
    }
    this.capacity = capacity;
    keys = new Tensor[c.numLayers()];
    values = new Tensor[c.numLayers()];
    for (int l = 0; l < c.numLayers(); l++) {
      keys[l] = Tensor.zeros(backend, DType.F32, batch, c.numKvHeads(), c.headDim(), capacity);
      values[l] = Tensor.zeros(backend, DType.F32, batch, c.numKvHeads(), capacity, c.headDim());
    }
  }

  /** Positions already stored. */
  public int length() {
    return length;
  }

  public int capacity() {
    return capacity;
  }

  /**
   * Writes the new keys and values (B, Hkv, T, D) of one layer after the stored ones and returns views of
   * all of them (B, Hkv, length + T, D). The length advances once every layer has appended
   * ({@link #advance}).
   */
  public Tensor[] append(int layer, Tensor k, Tensor v) {
    int t = k.dim(2);
    if (length + t > capacity) {
      throw new IllegalStateException("KV cache full: " + length + " + " + t + " positions exceed its capacity of " + capacity);
    }
    keys[layer].slice(3, length, length + t).transpose(2, 3).copyFrom(k); // walked along D: runs of D
    values[layer].slice(2, length, length + t).copyFrom(v);
    return new Tensor[] {keys[layer].slice(3, 0, length + t).transpose(2, 3), values[layer].slice(2, 0, length + t)};
  }

  public void advance(int t) {
    length += t;
  }

  /** Keeps only the given batch rows (after some sequences finished), in the given order. */
  public void selectRows(long[] rows) {
    Tensor idx = Tensor.fromHost(keys[0].backend(), rows, DType.I64, rows.length, rows.length);
    for (int l = 0; l < keys.length; l++) {
      keys[l] = keys[l].indexSelect(0, idx);
      values[l] = values[l].indexSelect(0, idx);
    }
  }
}
