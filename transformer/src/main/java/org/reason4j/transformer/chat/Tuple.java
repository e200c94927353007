package org.reason4j.transformer.chat;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * A Python tuple: an immutable sequence that prints as {@code (a, b)} and never equals a list. Tuples
 * come from {@code (a, b)} literals, {@code dict.items()}, {@code varargs} and {@code dictsort}.
 */
final class Tuple extends AbstractList<Object> {
  private final Object[] items;

  Tuple(List<Object> items) {
    this.items = items.toArray();
  }

  static Tuple of(Object... items) {
    return new Tuple(Arrays.asList(items));
  }

  @Override
  public Object get(int index) {
    return items[index];
  }

  @Override
  public int size() {
    return items.length;
  }
}
