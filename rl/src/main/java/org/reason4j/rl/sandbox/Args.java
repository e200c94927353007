package org.reason4j.rl.sandbox;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one call to a builtin, math function or method, with Python's checks on their
 * number and keyword names (a wrong call is a TypeError, as in Python).
 */
final class Args {
  private final String function;
  private final List<Object> positional;
  private final Map<String, Object> keywords;

  Args(String function, List<Object> positional, Map<String, Object> keywords) {
    this.function = function;
    this.positional = positional;
    this.keywords = keywords;
  }

  /** Requires between {@code min} and {@code max} positional arguments and only the named keywords. */
  void check(int min, int max, String... allowedKeywords) {
    if (positional.size() < min || positional.size() > max)
      throw typeError(function + "() takes " + (min == max ? "exactly " + min : "from " + min + " to " + max)
          + " positional arguments (" + positional.size() + " given)");
    List<String> allowed = Arrays.asList(allowedKeywords);
    for (String k : keywords.keySet())
      if (!allowed.contains(k)) throw typeError(function + "() got an unexpected keyword argument '" + k + "'");
  }

  int size() {
    return positional.size();
  }

  Object get(int i) {
    return positional.get(i);
  }

  List<Object> positional() {
    return positional;
  }

  /** Whether the parameter at {@code position}, also passable as keyword {@code name}, was given. */
  boolean has(int position, String name) {
    if (position < positional.size() && keywords.containsKey(name))
      throw typeError(function + "() got multiple values for argument '" + name + "'");
    return position < positional.size() || keywords.containsKey(name);
  }

  Object arg(int position, String name) {
    return position < positional.size() ? positional.get(position) : keywords.get(name);
  }

  /** A keyword argument, or null when absent. */
  Object keyword(String name) {
    return keywords.get(name);
  }

  Object keywordOr(String name, Object absent) {
    return keywords.getOrDefault(name, absent);
  }

  String[] keywordNames() {
    return keywords.keySet().toArray(new String[0]);
  }

  SandboxException typeError(String message) {
    return SandboxException.pyError("TypeError", message);
  }
}
