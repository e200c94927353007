package org.reason4j.transformer.chat;

import java.util.HashMap;
import java.util.Map;

/** One scope of template variables; lookups walk outwards to the globals. */
final class Frame {
  /** Returned by {@link #lookup} for a name no scope defines (null is Python's None). */
  static final Object MISSING = new Object();

  private final Frame parent;
  private final Map<String, Object> vars = new HashMap<>();

  Frame(Frame parent) {
    this.parent = parent;
  }

  Object lookup(String name) {
    for (Frame f = this; f != null; f = f.parent) {
      if (f.vars.containsKey(name)) return f.vars.get(name);
    }
    return MISSING;
  }

  void set(String name, Object value) {
    vars.put(name, value);
  }
}
