package org.reason4j.transformer.tokenizer;

import java.util.Arrays;

/**
 * An open-addressing hash map from a pair of token ids to a long (for BPE: merge rank and merged
 * id), keyed by the two ints packed into one long so that a lookup allocates nothing.
 */
final class PairMap {
  private static final long EMPTY = -1L; // ids are non-negative, so no real pair packs to -1

  private long[] keys;
  private long[] values;
  private int size;

  PairMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[cap];
    values = new long[cap];
    Arrays.fill(keys, EMPTY);
  }

  private static long pack(int a, int b) {
    return (long) a << 32 | b & 0xFFFFFFFFL;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & (keys.length - 1);
  }

  /** Stores a value for (a, b), replacing any earlier one. */
  void put(int a, int b, long value) {
    if (2 * (size + 1) > keys.length) grow();
    long key = pack(a, b);
    int i = slot(key);
    while (keys[i] != EMPTY && keys[i] != key) i = (i + 1) & (keys.length - 1);
    if (keys[i] == EMPTY) size++;
    keys[i] = key;
    values[i] = value;
  }

  /** The value for (a, b), or -1 when the pair is absent. */
  long get(int a, int b) {
    long key = pack(a, b);
    int i = slot(key);
    while (true) {
      long k = keys[i];
      if (k == key) return values[i];
      if (k == EMPTY) return -1;
      i = (i + 1) & (keys.length - 1);
    }
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] oldKeys = keys, oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new long[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) put((int) (oldKeys[i] >>> 32), (int) oldKeys[i], oldValues[i]);
    }
  }
}
