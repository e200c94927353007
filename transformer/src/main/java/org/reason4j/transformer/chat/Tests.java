package org.reason4j.transformer.chat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Jinja's built-in tests ({@code x is defined}, {@code x is string}, {@code n is divisibleby 3}, ...),
 * with Python's notion of each kind: booleans are numbers and integers, strings and dicts are
 * sequences, undefined values are iterable (and empty). Unknown test names are rejected when the
 * template is parsed.
 */
final class Tests {
  private Tests() {}

  @FunctionalInterface
  private interface Impl {
    boolean test(Context cx, Object value, Params.Bound args);
  }

  private record Entry(Params params, Impl impl) {}

  private static final Map<String, Entry> ALL = new HashMap<>();

  static boolean exists(String name) {
    return ALL.containsKey(name);
  }

  static Object apply(Context cx, String name, Object value, List<Object> args, Map<String, Object> kwargs) {
    Entry e = ALL.get(name);
    return e.impl().test(cx, value, e.params().bind(args, kwargs));
  }

  private static void add(Impl impl, String... names) {
    for (String name : names) ALL.put(name, new Entry(Params.of(name), impl));
  }

  private static void addWithArg(String arg, Impl impl, String... names) {
    for (String name : names) ALL.put(name, new Entry(Params.of(name, arg, Params.REQUIRED), impl));
  }

  static {
    add((cx, v, a) -> !(v instanceof Undefined), "defined");
    add((cx, v, a) -> v instanceof Undefined, "undefined");
    add((cx, v, a) -> v == null, "none");
    add((cx, v, a) -> v instanceof Boolean, "boolean");
    add((cx, v, a) -> Boolean.TRUE.equals(v), "true");
    add((cx, v, a) -> Boolean.FALSE.equals(v), "false");
    add((cx, v, a) -> v instanceof Long, "integer");
    add((cx, v, a) -> v instanceof Double, "float");
    add((cx, v, a) -> Values.isNumber(v), "number");
    add((cx, v, a) -> v instanceof String, "string");
    add((cx, v, a) -> v instanceof Map, "mapping");
    add((cx, v, a) -> v instanceof String || v instanceof List || v instanceof Map || v instanceof Undefined, "iterable");
    add((cx, v, a) -> v instanceof String || v instanceof List || v instanceof Map || v instanceof Undefined, "sequence");
    add((cx, v, a) -> v instanceof TemplateFunction, "callable");
    add((cx, v, a) -> false, "escaped");
    add((cx, v, a) -> v instanceof String && Values.call(Values.getAttr(v, "islower"), List.of(), Map.of()) == Boolean.TRUE, "lower");
    add((cx, v, a) -> v instanceof String && Values.call(Values.getAttr(v, "isupper"), List.of(), Map.of()) == Boolean.TRUE, "upper");
    add((cx, v, a) -> Values.pyEquals(Operators.binary(Expr.BinaryOp.MOD, v, 2L), 1L), "odd");
    add((cx, v, a) -> Values.pyEquals(Operators.binary(Expr.BinaryOp.MOD, v, 2L), 0L), "even");
    add((cx, v, a) -> v instanceof String && Filters.exists((String) v), "filter");
    add((cx, v, a) -> v instanceof String && exists((String) v), "test");
    addWithArg("num", (cx, v, a) -> {
      Object r = Operators.binary(Expr.BinaryOp.MOD, v, a.get(0));
      return Values.pyEquals(r, 0L);
    }, "divisibleby");
    addWithArg("other", (cx, v, a) -> Values.pyEquals(v, a.get(0)), "eq", "equalto", "==");
    addWithArg("other", (cx, v, a) -> !Values.pyEquals(v, a.get(0)), "ne", "!=");
    addWithArg("other", (cx, v, a) -> Values.compare(v, a.get(0), "<") < 0, "lt", "lessthan", "<");
    addWithArg("other", (cx, v, a) -> Values.compare(v, a.get(0), "<=") <= 0, "le", "<=");
    addWithArg("other", (cx, v, a) -> Values.compare(v, a.get(0), ">") > 0, "gt", "greaterthan", ">");
    addWithArg("other", (cx, v, a) -> Values.compare(v, a.get(0), ">=") >= 0, "ge", ">=");
    addWithArg("seq", (cx, v, a) -> Operators.contains(a.get(0), v), "in");
    addWithArg("other", (cx, v, a) -> sameAs(v, a.get(0)), "sameas");
  }

  /** Python's {@code is}: identity, except that None, True and False are singletons compared by value. */
  private static boolean sameAs(Object a, Object b) {
    if (a == null || b == null || a instanceof Boolean || b instanceof Boolean) return a == b || (a != null && a.equals(b));
    return a == b;
  }
}
