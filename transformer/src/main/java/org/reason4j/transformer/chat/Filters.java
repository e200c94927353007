package org.reason4j.transformer.chat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinja's built-in filters that chat templates use, with Jinja's signatures and Python's semantics, and
 * {@code tojson} as transformers defines it ({@code json.dumps} with {@code ensure_ascii=False}, not
 * Jinja's HTML-safe variant). Unknown filter names are rejected when the template is parsed.
 *
 * <p>Not provided (no chat template we know uses them): batch, center, filesizeformat, groupby,
 * pprint, random, slice, striptags, truncate, urlencode, urlize, wordwrap, xmlattr.
 */
final class Filters {
  private Filters() {}

  @FunctionalInterface
  interface Impl {
    Object apply(Context cx, Object value, Params.Bound args);
  }

  private record Entry(Params params, Impl impl) {}

  private static final Map<String, Entry> ALL = new HashMap<>();
  private static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);

  static boolean exists(String name) {
    return ALL.containsKey(name);
  }

  static Object apply(Context cx, String name, Object value, List<Object> args, Map<String, Object> kwargs) {
    Entry e = ALL.get(name);
    return e.impl().apply(cx, value, e.params().bind(args, kwargs));
  }

  private static void add(String name, Params params, Impl impl) {
    ALL.put(name, new Entry(params, impl));
  }

  private static void add(String name, Impl impl) {
    add(name, Params.of(name), impl);
  }

  static {
    strings();
    sequences();
    aggregates();
    selection();
    numbers();
    add("tojson", Params.of("tojson", "ensure_ascii", false, "indent", null, "separators", null, "sort_keys", false),
        (cx, v, a) -> PyJson.dumps(v, Values.truthy(a.get(0)), a.get(1), a.get(2), Values.truthy(a.get(3))));
    add("default", Params.of("default", "default_value", "", "boolean", false),
        (cx, v, a) -> v instanceof Undefined || (Values.truthy(a.get(1)) && !Values.truthy(v)) ? a.get(0) : v);
    ALL.put("d", ALL.get("default"));
    add("attr", Params.of("attr", "name", Params.REQUIRED), (cx, v, a) -> attribute(v, Params.string(a.get(0), "name")));
    add("items", (cx, v, a) -> {
      if (v instanceof Undefined) return new ArrayList<>();
      if (!(v instanceof Map)) throw new EvalError("Can only get item pairs from a mapping.");
      return Values.call(Values.getAttr(v, "items"), List.of(), Map.of());
    });
  }

  private static void strings() {
    add("trim", Params.of("trim", "chars", null),
        (cx, v, a) -> PyStrings.strip(Values.str(v), Params.optString(a.get(0), "chars")));
    add("upper", (cx, v, a) -> PyStrings.upper(Values.str(v)));
    add("lower", (cx, v, a) -> PyStrings.lower(Values.str(v)));
    add("title", (cx, v, a) -> PyStrings.jinjaTitle(Values.str(v)));
    add("capitalize", (cx, v, a) -> PyStrings.capitalize(Values.str(v)));
    add("string", (cx, v, a) -> Values.str(v));
    add("safe", (cx, v, a) -> Values.str(v));
    add("escape", (cx, v, a) -> Values.str(v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&#34;").replace("'", "&#39;"));
    ALL.put("e", ALL.get("escape"));
    add("replace", Params.of("replace", "old", Params.REQUIRED, "new", Params.REQUIRED, "count", null),
        (cx, v, a) -> PyStrings.replace(Values.str(v), Values.str(a.get(0)), Values.str(a.get(1)),
            a.get(2) == null ? -1 : Params.integer(a.get(2), "count")));
    add("indent", Params.of("indent", "width", 4L, "first", false, "blank", false), Filters::indent);
    add("format", Params.withVarargs("format"), (cx, v, a) -> PyFormat.percent(Values.str(v), new Tuple(a.rest())));
    add("wordcount", (cx, v, a) -> {
      Matcher m = WORD.matcher(Values.str(v));
      long n = 0;
      while (m.find()) n++;
      return n;
    });
  }

  private static Object indent(Context cx, Object v, Params.Bound a) {
    Object w = a.get(0);
    String pad = w instanceof String ? (String) w : " ".repeat((int) Math.max(0, Params.integer(w, "width")));
    List<Object> lines = PyStrings.splitlines(Params.string(v, "indent value") + "\n", false);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String line = (String) lines.get(i);
      if (i > 0) sb.append('\n');
      if (i > 0 && (Values.truthy(a.get(2)) || !line.isEmpty())) sb.append(pad);
      sb.append(line);
    }
    return Values.truthy(a.get(1)) ? pad + sb : sb.toString();
  }

  private static void sequences() {
    add("length", (cx, v, a) -> Values.length(v));
    ALL.put("count", ALL.get("length"));
    add("list", (cx, v, a) -> Values.iterate(v));
    add("first", (cx, v, a) -> {
      List<Object> items = Values.iterate(v);
      return items.isEmpty() ? new Undefined("No first item, sequence was empty.") : items.get(0);
    });
    add("last", (cx, v, a) -> {
      List<Object> items = Values.iterate(v);
      return items.isEmpty() ? new Undefined("No last item, sequence was empty.") : items.get(items.size() - 1);
    });
    add("reverse", (cx, v, a) -> {
      if (v instanceof String) return PyStrings.slice((String) v, new Slice(null, null, -1L).indices(Values.length(v)));
      List<Object> items = Values.iterate(v);
      Collections.reverse(items);
      return items;
    });
    add("join", Params.of("join", "d", "", "attribute", null), (cx, v, a) -> {
      List<String> parts = new ArrayList<>();
      for (Object item : attributes(Values.iterate(v), a.get(1), null)) parts.add(Values.str(item));
      return String.join(Values.str(a.get(0)), parts);
    });
  }

  private static void aggregates() {
    add("sort", Params.of("sort", "reverse", false, "case_sensitive", false, "attribute", null), (cx, v, a) -> {
      List<Object> items = Values.iterate(v);
      items.sort(order(a.get(2), Values.truthy(a.get(1))));
      if (Values.truthy(a.get(0))) Collections.reverse(items);
      return items;
    });
    add("dictsort", Params.of("dictsort", "case_sensitive", false, "by", "key", "reverse", false), (cx, v, a) -> {
      if (!(v instanceof Map)) throw new EvalError("You can only sort by either \"key\" or \"value\" of a mapping");
      String by = Params.string(a.get(1), "by");
      if (!by.equals("key") && !by.equals("value")) throw new EvalError("You can only sort by either \"key\" or \"value\"");
      List<Object> pairs = Values.iterate(Values.call(Values.getAttr(v, "items"), List.of(), Map.of()));
      Comparator<Object> cmp = order(by.equals("key") ? 0L : 1L, Values.truthy(a.get(0)));
      pairs.sort(cmp);
      if (Values.truthy(a.get(2))) Collections.reverse(pairs);
      return pairs;
    });
    add("unique", Params.of("unique", "case_sensitive", false, "attribute", null), (cx, v, a) -> {
      List<Object> out = new ArrayList<>();
      List<Object> seen = new ArrayList<>();
      for (Object item : Values.iterate(v)) {
        Object key = caseKey(attributes(List.of(item), a.get(1), null).get(0), Values.truthy(a.get(0)));
        if (seen.stream().noneMatch(s -> Values.pyEquals(s, key))) {
          seen.add(key);
          out.add(item);
        }
      }
      return out;
    });
    add("min", Params.of("min", "case_sensitive", false, "attribute", null), (cx, v, a) -> extreme(v, a, -1));
    add("max", Params.of("max", "case_sensitive", false, "attribute", null), (cx, v, a) -> extreme(v, a, 1));
    add("sum", Params.of("sum", "attribute", null, "start", 0L), (cx, v, a) -> {
      Object total = a.get(1);
      for (Object item : attributes(Values.iterate(v), a.get(0), null)) {
        total = Operators.binary(Expr.BinaryOp.ADD, total, item);
      }
      return total;
    });
  }

  private static Object extreme(Object v, Params.Bound a, int sign) {
    List<Object> items = Values.iterate(v);
    if (items.isEmpty()) return new Undefined("No aggregated item, sequence was empty.");
    Comparator<Object> cmp = order(a.get(1), Values.truthy(a.get(0)));
    Object best = items.get(0);
    for (Object item : items) if (cmp.compare(item, best) * sign > 0) best = item;
    return best;
  }

  private static void selection() {
    add("map", Params.varargsThenKeywords("map", "attribute", null, "default", null), Filters::map);
    add("select", Params.withVarargs("select"), (cx, v, a) -> select(cx, Values.iterate(v), null, a.rest(), true));
    add("reject", Params.withVarargs("reject"), (cx, v, a) -> select(cx, Values.iterate(v), null, a.rest(), false));
    add("selectattr", Params.withVarargs("selectattr", "attribute", Params.REQUIRED),
        (cx, v, a) -> select(cx, Values.iterate(v), a.get(0), a.rest(), true));
    add("rejectattr", Params.withVarargs("rejectattr", "attribute", Params.REQUIRED),
        (cx, v, a) -> select(cx, Values.iterate(v), a.get(0), a.rest(), false));
  }

  /** {@code map(attribute='x', default=d)} or {@code map('filter', args...)}. */
  private static Object map(Context cx, Object v, Params.Bound a) {
    List<Object> items = Values.iterate(v);
    if (a.get(0) != null) return attributes(items, a.get(0), a.get(1));
    if (a.rest().isEmpty()) throw new EvalError("map requires a filter argument");
    String filter = Params.string(a.rest().get(0), "filter name");
    if (!exists(filter)) throw new EvalError("No filter named '" + filter + "'.");
    List<Object> filterArgs = a.rest().subList(1, a.rest().size());
    List<Object> out = new ArrayList<>(items.size());
    for (Object item : items) out.add(apply(cx, filter, item, filterArgs, Map.of()));
    return out;
  }

  /** select/reject (attribute null) and selectattr/rejectattr: keep items whose test result equals keep. */
  private static Object select(Context cx, List<Object> items, Object attribute, List<Object> rest, boolean keep) {
    List<Object> out = new ArrayList<>();
    String test = rest.isEmpty() ? null : Params.string(rest.get(0), "test name");
    if (test != null && !Tests.exists(test)) throw new EvalError("No test named '" + test + "'.");
    List<Object> testArgs = rest.isEmpty() ? List.of() : rest.subList(1, rest.size());
    for (Object item : items) {
      Object probe = attribute == null ? item : attributes(List.of(item), attribute, null).get(0);
      boolean passed = test == null ? Values.truthy(probe) : Values.truthy(Tests.apply(cx, test, probe, testArgs, Map.of()));
      if (passed == keep) out.add(item);
    }
    return out;
  }

  private static void numbers() {
    add("int", Params.of("int", "default", 0L, "base", 10L), (cx, v, a) -> {
      if (v instanceof Undefined) throw ((Undefined) v).fail();
      if (Values.isInteger(v)) return Values.asLong(v);
      if (v instanceof Double) return finite((Double) v) ? (Object) (long) (double) (Double) v : a.get(0);
      if (!(v instanceof String)) return a.get(0);
      Long parsed = PyNumbers.parseInt((String) v, (int) Params.integer(a.get(1), "base"));
      if (parsed != null) return parsed;
      Double f = PyNumbers.parseFloat((String) v);
      return f != null && finite(f) ? (Object) (long) (double) f : a.get(0);
    });
    add("float", Params.of("float", "default", 0.0), (cx, v, a) -> {
      if (v instanceof Undefined) throw ((Undefined) v).fail();
      if (Values.isNumber(v)) return Values.asDouble(v);
      Double f = v instanceof String ? PyNumbers.parseFloat((String) v) : null;
      return f != null ? (Object) f : a.get(0);
    });
    add("abs", (cx, v, a) -> {
      if (!Values.isNumber(v)) throw new EvalError("bad operand type for abs(): '" + Values.typeName(v) + "'");
      return v instanceof Double ? (Object) Math.abs((Double) v) : (Object) Math.abs(Values.asLong(v));
    });
    add("round", Params.of("round", "precision", 0L, "method", "common"), (cx, v, a) -> {
      if (!Values.isNumber(v)) throw new EvalError("type " + Values.typeName(v) + " doesn't define __round__ method");
      int precision = (int) Params.integer(a.get(0), "precision");
      String method = Params.string(a.get(1), "method");
      double x = Values.asDouble(v);
      switch (method) {
        case "common":
          return Values.isInteger(v) ? (Object) Values.asLong(v)
              : new BigDecimal(x).setScale(precision, RoundingMode.HALF_EVEN).doubleValue();
        case "floor": return Math.floor(x * Math.pow(10, precision)) / Math.pow(10, precision);
        case "ceil": return Math.ceil(x * Math.pow(10, precision)) / Math.pow(10, precision);
        default: throw new EvalError("method must be common, ceil or floor");
      }
    });
  }

  private static boolean finite(double d) {
    return !Double.isNaN(d) && !Double.isInfinite(d);
  }

  // ------------------------------------------------------------------ attribute paths and ordering

  /** Jinja's attrgetter: {@code "a.b.0"} looked up item-first on each item; undefined becomes {@code dflt}. */
  private static List<Object> attributes(List<Object> items, Object attribute, Object dflt) {
    if (attribute == null) return items;
    String[] path = Values.str(attribute).split("\\.");
    List<Object> out = new ArrayList<>(items.size());
    for (Object item : items) {
      Object v = item;
      for (String part : path) {
        v = Values.getItem(v, part.chars().allMatch(Character::isDigit) && !part.isEmpty() ? (Object) Long.parseLong(part) : part);
      }
      out.add(v instanceof Undefined && dflt != null ? dflt : v);
    }
    return out;
  }

  private static Object attribute(Object obj, String name) {
    if (obj instanceof Undefined) return obj;
    if (obj instanceof Namespace || obj instanceof LoopContext) return Values.getAttr(obj, name);
    Object method = name.startsWith("_") ? null : Methods.lookup(obj, name);
    return method != null ? method : Undefined.missing(obj, name);
  }

  private static Object caseKey(Object v, boolean caseSensitive) {
    return !caseSensitive && v instanceof String ? PyStrings.lower((String) v) : v;
  }

  /** Python's sort order on (optionally) an attribute, lower-casing strings unless case-sensitive. */
  private static Comparator<Object> order(Object attribute, boolean caseSensitive) {
    return (x, y) -> {
      Object kx = key(x, attribute);
      Object ky = key(y, attribute);
      return Values.compare(caseKey(kx, caseSensitive), caseKey(ky, caseSensitive), "<");
    };
  }

  private static Object key(Object item, Object attribute) {
    if (attribute == null) return item;
    if (attribute instanceof Long) return Values.getItem(item, attribute);
    return attributes(List.of(item), attribute, null).get(0);
  }
}
