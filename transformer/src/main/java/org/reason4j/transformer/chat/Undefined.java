package org.reason4j.transformer.chat;

/**
 * Jinja's default {@code Undefined}: what a missing variable, key or attribute evaluates to. It prints as
 * the empty string, is falsy, iterates as empty and has length 0, so templates can probe for optional
 * fields; anything else (attribute or item access, calling it, arithmetic, comparison) fails with the
 * message saying what was missing.
 */
final class Undefined {
  final String message;

  Undefined(String message) {
    this.message = message;
  }

  static Undefined named(String name) {
    return new Undefined("'" + name + "' is undefined");
  }

  /** A missing attribute or item, worded as Jinja words it. */
  static Undefined missing(Object obj, Object key) {
    if (key instanceof String) {
      return new Undefined("'" + Values.objectTypeRepr(obj) + "' has no attribute " + Values.repr(key));
    }
    return new Undefined(Values.objectTypeRepr(obj) + " has no element " + Values.repr(key));
  }

  /** What the sandbox returns for attributes that could mutate data or reach Python internals. */
  static Undefined unsafe(Object obj, String attr) {
    return new Undefined("access to attribute '" + attr + "' of '" + Values.typeName(obj) + "' object is unsafe.");
  }

  EvalError fail() {
    return new EvalError(message);
  }

  @Override
  public String toString() {
    return "";
  }
}
