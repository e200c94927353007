package org.reason4j.transformer.chat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The object {@code namespace(...)} makes: its attributes can be set from inside loops. Compared by
 * identity, like any Python object.
 */
final class Namespace {
  private final Map<String, Object> attrs = new LinkedHashMap<>();

  Map<String, Object> attrs() {
    return attrs;
  }

  @Override
  public String toString() {
    return "<Namespace " + Values.repr(attrs) + ">";
  }
}
