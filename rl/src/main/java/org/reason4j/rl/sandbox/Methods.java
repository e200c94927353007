package org.reason4j.rl.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reason4j.rl.sandbox.Values.*;

/**
 * The methods of lists, dicts, strings and floats that word-problem programs call ({@code append},
 * {@code get}, {@code split}, {@code is_integer}, ...). {@code keys()}, {@code values()} and
 * {@code items()} return lists rather than views: the subset only iterates, indexes and measures them.
 * Any other attribute is refused as unsupported.
 */
final class Methods {
  private Methods() {}

  private static final Set<String> LIST = Set.of("append", "extend", "pop", "insert", "index", "count", "remove",
      "sort", "reverse", "copy", "clear");
  private static final Set<String> DICT = Set.of("get", "keys", "values", "items", "pop", "setdefault", "update",
      "copy", "clear");
  private static final Set<String> STR = Set.of("split", "join", "strip", "lstrip", "rstrip", "replace", "lower",
      "upper", "startswith", "endswith", "find", "count", "isdigit");
  private static final Set<String> FLOAT = Set.of("is_integer");

  static boolean has(Object self, String name) {
    if (self instanceof PyList) return LIST.contains(name);
    if (self instanceof PyDict) return DICT.contains(name);
    if (self instanceof String) return STR.contains(name);
    if (self instanceof Double) return FLOAT.contains(name);
    return false;
  }

  static Object call(BoundMethod m, List<Object> args, Map<String, Object> kwargs, Interpreter in) {
    Args a = new Args(PyOps.typeName(m.self()) + "." + m.name(), args, kwargs);
    if (m.self() instanceof PyList l) return listMethod(l, m.name(), a, in);
    if (m.self() instanceof PyDict d) return dictMethod(d, m.name(), a, in);
    if (m.self() instanceof String s) return StringMethods.call(s, m.name(), a, in);
    a.check(0, 0);
    double d = (Double) m.self();
    return !Double.isInfinite(d) && d == Math.rint(d);
  }

  private static Object listMethod(PyList list, String name, Args a, Interpreter in) {
    ArrayList<Object> items = list.items;
    Budget budget = in.budget;
    switch (name) {
      case "append": a.check(1, 1); budget.alloc(1); items.add(a.get(0)); return Values.NONE;
      case "extend": {
        a.check(1, 1);
        List<Object> more = in.materialize(a.get(0));
        budget.alloc(more.size());
        items.addAll(more);
        return Values.NONE;
      }
      case "pop": {
        a.check(0, 1);
        if (items.isEmpty()) throw SandboxException.pyError("IndexError", "pop from empty list");
        long i = a.size() == 0 ? -1 : PyOps.toLong(a.get(0), "index");
        if (i < 0) i += items.size();
        if (i < 0 || i >= items.size()) throw SandboxException.pyError("IndexError", "pop index out of range");
        budget.steps(items.size() - i);
        return items.remove((int) i);
      }
      case "insert": {
        a.check(2, 2);
        long i = PyOps.toLong(a.get(0), "index");
        if (i < 0) i = Math.max(0, i + items.size());
        budget.alloc(1);
        budget.steps(items.size());
        items.add((int) Math.min(i, items.size()), a.get(1));
        return Values.NONE;
      }
      case "index":
      case "count":
      case "remove": {
        a.check(1, 1);
        budget.steps(items.size());
        int count = 0;
        for (int i = 0; i < items.size(); i++) {
          if (!PyOps.eq(items.get(i), a.get(0), budget, 0)) continue;
          if (name.equals("index")) return (long) i;
          if (name.equals("remove")) {
            items.remove(i);
            return Values.NONE;
          }
          count++;
        }
        if (name.equals("count")) return (long) count;
        throw SandboxException.pyError("ValueError", name.equals("index") ? "value is not in list" : "list.remove(x): x not in list");
      }
      case "sort": {
        a.check(0, 0, "key", "reverse");
        Sorting.sort(items, a.keyword("key"), PyOps.truthy(a.keywordOr("reverse", false)), in);
        return Values.NONE;
      }
      case "reverse": a.check(0, 0); java.util.Collections.reverse(items); return Values.NONE;
      case "copy": a.check(0, 0); return new PyList(new ArrayList<>(in.materialize(list)));
      case "clear": a.check(0, 0); items.clear(); return Values.NONE;
      default: throw SandboxException.unsupported("list." + name);
    }
  }

  private static Object dictMethod(PyDict dict, String name, Args a, Interpreter in) {
    Budget budget = in.budget;
    switch (name) {
      case "get": {
        a.check(1, 2);
        Object v = dict.get(PyOps.hashKey(a.get(0), 0));
        return v != null ? v : a.size() == 2 ? a.get(1) : Values.NONE;
      }
      case "keys":
      case "values":
      case "items": {
        a.check(0, 0);
        budget.alloc(dict.entries.size() * (name.equals("items") ? 3L : 1L));
        ArrayList<Object> out = new ArrayList<>(dict.entries.size());
        for (Object[] e : dict.entries.values())
          out.add(name.equals("keys") ? e[0] : name.equals("values") ? e[1] : Builtins.tuple(List.of(e[0], e[1])));
        return new PyList(out);
      }
      case "pop": {
        a.check(1, 2);
        Object[] e = dict.entries.remove(PyOps.hashKey(a.get(0), 0));
        if (e != null) return e[1];
        if (a.size() == 2) return a.get(1);
        throw SandboxException.pyError("KeyError", PyFormat.repr(a.get(0), budget));
      }
      case "setdefault": {
        a.check(1, 2);
        Object key = PyOps.hashKey(a.get(0), 0);
        Object v = dict.get(key);
        if (v != null) return v;
        Object value = a.size() == 2 ? a.get(1) : Values.NONE;
        budget.alloc(1);
        dict.put(key, a.get(0), value);
        return value;
      }
      case "update": {
        a.check(0, 1, a.keywordNames());
        PyDict other = (PyDict) Builtins.call(Builtins.Builtin.DICT, a.positional(), keywordMap(a), in);
        budget.alloc(other.entries.size());
        other.entries.forEach((k, e) -> dict.put(k, e[0], e[1]));
        return Values.NONE;
      }
      case "copy": {
        a.check(0, 0);
        return Builtins.call(Builtins.Builtin.DICT, List.of(dict), Map.of(), in);
      }
      case "clear": a.check(0, 0); dict.entries.clear(); return Values.NONE;
      default: throw SandboxException.unsupported("dict." + name);
    }
  }

  private static Map<String, Object> keywordMap(Args a) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    for (String k : a.keywordNames()) out.put(k, a.keyword(k));
    return out;
  }
}
