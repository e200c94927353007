package org.reason4j.rl.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.reason4j.rl.sandbox.Values.PyList;

/**
 * The builtins that consume an iterable: all, any, enumerate, filter, map, max, min, reversed,
 * sorted, sum and zip. The subset has no lazy iterators, so the ones that return an iterator in
 * Python return a list here; every element is charged to the budget as it is read and built.
 */
final class IterableBuiltins {
  private IterableBuiltins() {}

  static Object allOrAny(boolean all, Args a, Interpreter in) {
    a.check(1, 1);
    for (Object x : in.materialize(a.get(0))) if (PyOps.truthy(x) != all) return !all;
    return all;
  }

  static PyList enumerate(Args a, Interpreter in) {
    a.check(1, 2, "start");
    Object n = a.has(1, "start") ? a.arg(1, "start") : (Object) 0L;
    List<Object> items = in.materialize(a.get(0));
    in.budget.alloc(3L * items.size());
    ArrayList<Object> out = new ArrayList<>(items.size());
    for (Object x : items) {
      out.add(Builtins.tuple(List.of(n, x)));
      n = PyOps.binary(Ast.BinOp.ADD, n, 1L, in.budget);
    }
    return new PyList(out);
  }

  static PyList filter(Args a, Interpreter in) {
    a.check(2, 2);
    ArrayList<Object> out = new ArrayList<>();
    for (Object x : in.materialize(a.get(1)))
      if (PyOps.truthy(a.get(0) == Values.NONE ? x : in.call(a.get(0), List.of(x), Map.of()))) out.add(x);
    return new PyList(out);
  }

  static PyList map(Args a, Interpreter in) {
    if (a.size() < 2) throw a.typeError("map() must have at least two arguments.");
    a.check(2, a.size());
    ArrayList<Object> out = new ArrayList<>();
    for (List<Object> row : rows(a.positional().subList(1, a.size()), in)) out.add(in.call(a.get(0), row, Map.of()));
    return new PyList(out);
  }

  static PyList zip(Args a, Interpreter in) {
    a.check(0, a.size());
    ArrayList<Object> out = new ArrayList<>();
    for (List<Object> row : rows(a.positional(), in)) out.add(Builtins.tuple(row));
    return new PyList(out);
  }

  /** Rows of parallel iterables, stopping at the shortest. */
  private static List<List<Object>> rows(List<Object> iterables, Interpreter in) {
    List<List<Object>> cols = new ArrayList<>();
    int n = iterables.isEmpty() ? 0 : Integer.MAX_VALUE;
    for (Object it : iterables) {
      List<Object> c = in.materialize(it);
      cols.add(c);
      n = Math.min(n, c.size());
    }
    in.budget.alloc((long) n * (cols.size() + 1));
    List<List<Object>> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<Object> row = new ArrayList<>(cols.size());
      for (List<Object> c : cols) row.add(c.get(i));
      rows.add(row);
    }
    return rows;
  }

  static PyList reversed(Args a, Interpreter in) {
    a.check(1, 1);
    ArrayList<Object> items = new ArrayList<>(in.materialize(a.get(0)));
    Collections.reverse(items);
    return new PyList(items);
  }

  static PyList sorted(Args a, Interpreter in) {
    a.check(1, 1, "key", "reverse");
    ArrayList<Object> items = new ArrayList<>(in.materialize(a.get(0)));
    Sorting.sort(items, a.keyword("key"), PyOps.truthy(a.keywordOr("reverse", false)), in);
    return new PyList(items);
  }

  /** Left-to-right addition, as CPython 3.11 (3.12 made float sums compensated). */
  static Object sum(Args a, Interpreter in) {
    a.check(1, 2, "start");
    Object acc = a.has(1, "start") ? a.arg(1, "start") : (Object) 0L;
    if (acc instanceof String) throw a.typeError("sum() can't sum strings [use ''.join(seq) instead]");
    for (Object x : in.materialize(a.get(0))) acc = PyOps.binary(Ast.BinOp.ADD, acc, x, in.budget);
    return acc;
  }

  /** max/min keep the first extreme element, comparing (keys) with a strict > or <. */
  static Object extreme(boolean max, Args a, Interpreter in) {
    String name = max ? "max" : "min";
    if (a.size() == 0) throw a.typeError(name + " expected at least 1 argument, got 0");
    a.check(1, a.size(), "key", "default");
    List<Object> items = a.size() == 1 ? in.materialize(a.get(0)) : a.positional();
    if (a.size() > 1 && a.keyword("default") != null)
      throw a.typeError("Cannot specify a default for " + name + "() with multiple positional arguments");
    if (items.isEmpty()) {
      if (a.keyword("default") != null) return a.keyword("default");
      throw SandboxException.pyError("ValueError", name + "() arg is an empty sequence");
    }
    Object key = a.keyword("key");
    boolean hasKey = key != null && key != Values.NONE;
    Object best = items.get(0);
    Object bestKey = hasKey ? in.call(key, List.of(best), Map.of()) : best;
    for (int i = 1; i < items.size(); i++) {
      Object x = items.get(i);
      Object k = hasKey ? in.call(key, List.of(x), Map.of()) : x;
      if (PyOps.order(max ? Ast.CmpOp.GT : Ast.CmpOp.LT, k, bestKey, in.budget, 0)) {
        best = x;
        bestKey = k;
      }
    }
    return best;
  }
}
