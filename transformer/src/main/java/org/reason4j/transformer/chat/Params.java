package org.reason4j.transformer.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Python-style signature for a built-in filter, test, method or global: named parameters with
 * defaults, so {@code indent(2, first=true)} and {@code tojson(indent=2)} bind as they do in Jinja.
 * Extra positional arguments are collected only when the signature says so ({@code map},
 * {@code select}).
 */
final class Params {
  /** Marks a parameter that has no default. */
  static final Object REQUIRED = new Object();

  private final String function;
  private final String[] names;
  private final Object[] defaults;
  private final boolean varargs;
  private final boolean keywordOnly;

  private Params(String function, boolean varargs, boolean keywordOnly, Object... namesAndDefaults) {
    this.function = function;
    this.varargs = varargs;
    this.keywordOnly = keywordOnly;
    names = new String[namesAndDefaults.length / 2];
    defaults = new Object[names.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = (String) namesAndDefaults[2 * i];
      defaults[i] = namesAndDefaults[2 * i + 1];
    }
  }

  /** {@code of("indent", "width", 4L, "first", false)}: name/default pairs, {@link #REQUIRED} for none. */
  static Params of(String function, Object... namesAndDefaults) {
    return new Params(function, false, false, namesAndDefaults);
  }

  /** Like {@link #of}, with surplus positional arguments available from {@link Bound#rest()}. */
  static Params withVarargs(String function, Object... namesAndDefaults) {
    return new Params(function, true, false, namesAndDefaults);
  }

  /** Python's {@code f(*args, name=default)}: every positional goes to {@link Bound#rest()}. */
  static Params varargsThenKeywords(String function, Object... namesAndDefaults) {
    return new Params(function, true, true, namesAndDefaults);
  }

  /** The bound arguments: {@code get(i)} is parameter i, {@code rest()} the surplus positionals. */
  record Bound(Object[] values, List<Object> rest) {
    Object get(int i) {
      return values[i];
    }
  }

  Bound bind(List<Object> args, Map<String, Object> kwargs) {
    int positional = keywordOnly ? 0 : Math.min(args.size(), names.length);
    if (args.size() > names.length && !varargs) {
      throw new EvalError(function + "() takes at most " + names.length + " argument(s) (" + args.size() + " given)");
    }
    Object[] values = new Object[names.length];
    for (int i = 0; i < names.length; i++) {
      boolean given = i < positional;
      if (given && kwargs.containsKey(names[i])) {
        throw new EvalError(function + "() got multiple values for argument '" + names[i] + "'");
      }
      values[i] = given ? args.get(i) : kwargs.containsKey(names[i]) ? kwargs.get(names[i]) : defaults[i];
      if (values[i] == REQUIRED) throw new EvalError(function + "() missing required argument '" + names[i] + "'");
    }
    for (String k : kwargs.keySet()) {
      if (!List.of(names).contains(k)) throw new EvalError(function + "() got an unexpected keyword argument '" + k + "'");
    }
    List<Object> rest = args.size() > positional ? new ArrayList<>(args.subList(positional, args.size())) : List.of();
    return new Bound(values, rest);
  }

  // ------------------------------------------------------------------ typed access for implementations

  static String string(Object v, String what) {
    if (v instanceof String) return (String) v;
    if (v instanceof Undefined) throw ((Undefined) v).fail();
    throw new EvalError(what + " must be a string, not " + Values.typeName(v));
  }

  /** A string, or null for None. */
  static String optString(Object v, String what) {
    return v == null ? null : string(v, what);
  }

  static long integer(Object v, String what) {
    if (Values.isInteger(v)) return Values.asLong(v);
    if (v instanceof Undefined) throw ((Undefined) v).fail();
    throw new EvalError(what + " must be an integer, not " + Values.typeName(v));
  }
}
