package org.reason4j.transformer.chat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value model and Python's rules for it. Templates see only: {@code null} (None), {@link Boolean},
 * {@link Long} (int), {@link Double} (float), {@link String}, {@link List} (list) and {@link Tuple},
 * {@link Map} (dict), plus the interpreter's own {@link Undefined}, {@link Namespace},
 * {@link LoopContext} and {@link TemplateFunction}s. {@link #fromHost} copies caller data into this
 * model and refuses anything else, so no Java object (and no reflection) is ever reachable from a
 * template.
 *
 * <p>Here: truthiness, {@code str()} and {@code repr()}, equality and ordering, iteration, length,
 * and Jinja's attribute/item lookup. Strings are measured, indexed and sliced by code point, as in
 * Python.
 */
final class Values {
  private Values() {}

  /** Deepest nesting accepted from the caller or written by tojson (Python would hit its recursion limit). */
  static final int MAX_NESTING = 512;

  // ------------------------------------------------------------------ kinds

  static boolean isInteger(Object v) {
    return v instanceof Long || v instanceof Boolean;
  }

  static boolean isNumber(Object v) {
    return v instanceof Long || v instanceof Double || v instanceof Boolean;
  }

  static boolean isSequence(Object v) {
    return v instanceof List;
  }

  static long asLong(Object v) {
    if (v instanceof Boolean) return (Boolean) v ? 1 : 0;
    return (Long) v;
  }

  static double asDouble(Object v) {
    if (v instanceof Double) return (Double) v;
    return asLong(v);
  }

  /** Python's type name, as in its error messages. */
  static String typeName(Object v) {
    if (v == null) return "NoneType";
    if (v instanceof Boolean) return "bool";
    if (v instanceof Long) return "int";
    if (v instanceof Double) return "float";
    if (v instanceof String) return "str";
    if (v instanceof Tuple) return "tuple";
    if (v instanceof List) return "list";
    if (v instanceof Map) return "dict";
    if (v instanceof Undefined) return "Undefined";
    if (v instanceof Namespace) return "Namespace";
    if (v instanceof LoopContext) return "LoopContext";
    if (v instanceof Macro) return "Macro";
    return "function";
  }

  /** Jinja's object_type_repr: "dict object", or "None". */
  static String objectTypeRepr(Object v) {
    return v == null ? "None" : typeName(v) + " object";
  }

  // ------------------------------------------------------------------ truth, str, repr

  static boolean truthy(Object v) {
    if (v == null || v instanceof Undefined) return false;
    if (v instanceof Boolean) return (Boolean) v;
    if (v instanceof Long) return (Long) v != 0;
    if (v instanceof Double) return (Double) v != 0.0;
    if (v instanceof String) return !((String) v).isEmpty();
    if (v instanceof Collection) return !((Collection<?>) v).isEmpty();
    if (v instanceof Map) return !((Map<?, ?>) v).isEmpty();
    return true;
  }

  /** Python's {@code str()}, which is what {@code {{ }}} and {@code ~} print; undefined prints nothing. */
  static String str(Object v) {
    if (v instanceof String) return (String) v;
    if (v instanceof Undefined) return "";
    return repr(v);
  }

  static String repr(Object v) {
    if (v == null) return "None";
    if (v instanceof Boolean) return (Boolean) v ? "True" : "False";
    if (v instanceof Long) return v.toString();
    if (v instanceof Double) return PyNumbers.floatRepr((Double) v);
    if (v instanceof String) return PyStrings.repr((String) v);
    if (v instanceof Undefined) return "Undefined";
    if (v instanceof Tuple) {
      Tuple t = (Tuple) v;
      if (t.size() == 1) return "(" + repr(t.get(0)) + ",)";
      return join(t, "(", ")");
    }
    if (v instanceof List) return join((List<?>) v, "[", "]");
    if (v instanceof Map) {
      StringBuilder sb = new StringBuilder("{");
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (sb.length() > 1) sb.append(", ");
        sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
      }
      return sb.append('}').toString();
    }
    return v.toString();
  }

  private static String join(List<?> items, String open, String close) {
    StringBuilder sb = new StringBuilder(open);
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) sb.append(", ");
      sb.append(repr(items.get(i)));
    }
    return sb.append(close).toString();
  }

  // ------------------------------------------------------------------ equality and order

  /** Python's {@code ==}: numbers across int/float/bool, lists and tuples never equal each other. */
  static boolean pyEquals(Object a, Object b) {
    if (a == b) return true;
    if (a == null || b == null) return false;
    if (isNumber(a) && isNumber(b)) {
      if (isInteger(a) && isInteger(b)) return asLong(a) == asLong(b);
      return asDouble(a) == asDouble(b);
    }
    if (a instanceof String || b instanceof String) return a.equals(b);
    if (a instanceof Undefined || b instanceof Undefined) return a instanceof Undefined && b instanceof Undefined;
    if (a instanceof List && b instanceof List) {
      if ((a instanceof Tuple) != (b instanceof Tuple)) return false;
      List<?> x = (List<?>) a;
      List<?> y = (List<?>) b;
      if (x.size() != y.size()) return false;
      for (int i = 0; i < x.size(); i++) if (!pyEquals(x.get(i), y.get(i))) return false;
      return true;
    }
    if (a instanceof Map && b instanceof Map) {
      Map<?, ?> x = (Map<?, ?>) a;
      Map<?, ?> y = (Map<?, ?>) b;
      if (x.size() != y.size()) return false;
      for (Map.Entry<?, ?> e : x.entrySet()) {
        Object key = findKey(y, e.getKey());
        if (key == Frame.MISSING || !pyEquals(e.getValue(), y.get(key))) return false;
      }
      return true;
    }
    return false;
  }

  /** Python's ordering for {@code < <= > >=}, sort and min/max; mixed kinds raise TypeError. */
  static int compare(Object a, Object b, String op) {
    if (isNumber(a) && isNumber(b)) {
      if (isInteger(a) && isInteger(b)) return Long.compare(asLong(a), asLong(b));
      return Double.compare(asDouble(a), asDouble(b));
    }
    if (a instanceof String && b instanceof String) return PyStrings.compare((String) a, (String) b);
    if (a instanceof List && b instanceof List && (a instanceof Tuple) == (b instanceof Tuple)) {
      List<?> x = (List<?>) a;
      List<?> y = (List<?>) b;
      for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
        if (!pyEquals(x.get(i), y.get(i))) return compare(x.get(i), y.get(i), op);
      }
      return Integer.compare(x.size(), y.size());
    }
    if (a instanceof Undefined) throw ((Undefined) a).fail();
    if (b instanceof Undefined) throw ((Undefined) b).fail();
    throw new EvalError("'" + op + "' not supported between instances of '" + typeName(a) + "' and '" + typeName(b) + "'");
  }

  static void checkHashable(Object key) {
    if (key instanceof Map || (key instanceof List && !(key instanceof Tuple)) || key instanceof Namespace) {
      throw new EvalError("unhashable type: '" + typeName(key) + "'");
    }
    if (key instanceof Undefined) throw ((Undefined) key).fail();
  }

  /** The key of {@code map} equal to {@code key} in Python's sense (1 == 1.0 == True), or MISSING. */
  static Object findKey(Map<?, ?> map, Object key) {
    if (map.containsKey(key)) return key;
    if (isNumber(key)) {
      for (Object k : map.keySet()) if (isNumber(k) && pyEquals(k, key)) return k;
    }
    return Frame.MISSING;
  }

  // ------------------------------------------------------------------ iteration and length

  /** The items {@code for} iterates: list items, dict keys, string characters; undefined is empty. */
  static List<Object> iterate(Object v) {
    if (v instanceof List) return new ArrayList<>((List<?>) v);
    if (v instanceof Map) return new ArrayList<>(((Map<?, ?>) v).keySet());
    if (v instanceof String) return PyStrings.chars((String) v);
    if (v instanceof Undefined) return new ArrayList<>();
    throw new EvalError("'" + typeName(v) + "' object is not iterable");
  }

  static long length(Object v) {
    if (v instanceof String) return ((String) v).codePointCount(0, ((String) v).length());
    if (v instanceof List) return ((List<?>) v).size();
    if (v instanceof Map) return ((Map<?, ?>) v).size();
    if (v instanceof Undefined) return 0;
    throw new EvalError("object of type '" + typeName(v) + "' has no len()");
  }

  // ------------------------------------------------------------------ lookup and calls

  /** {@code obj.name}: the Python attribute (a method) if there is one, else the item. */
  static Object getAttr(Object obj, String name) {
    if (obj instanceof Undefined) throw ((Undefined) obj).fail();
    if (!name.startsWith("_")) { // the sandbox hides every attribute starting with "_"
      if (obj instanceof LoopContext) return ((LoopContext) obj).attribute(name);
      if (obj instanceof Namespace) {
        Map<String, Object> attrs = ((Namespace) obj).attrs();
        return attrs.containsKey(name) ? attrs.get(name) : Undefined.missing(obj, name);
      }
      Object method = Methods.lookup(obj, name);
      if (method != null) return method;
    }
    if (obj instanceof Map && ((Map<?, ?>) obj).containsKey(name)) return ((Map<?, ?>) obj).get(name);
    // Python internals such as __class__ exist on every object; Jinja's sandbox reports them as unsafe.
    if (name.startsWith("__") && name.endsWith("__")) return Undefined.unsafe(obj, name);
    return Undefined.missing(obj, name);
  }

  /** {@code obj[key]}: the item if there is one; for a string key, then the attribute. */
  static Object getItem(Object obj, Object key) {
    if (obj instanceof Undefined) throw ((Undefined) obj).fail();
    if (key instanceof Slice && (obj instanceof List || obj instanceof String)) return slice(obj, (Slice) key);
    if (obj instanceof Map && !(key instanceof Map || key instanceof Slice || key instanceof Undefined)
        && !(key instanceof List && !(key instanceof Tuple))) {
      Map<?, ?> m = (Map<?, ?>) obj;
      Object k = findKey(m, key);
      if (k != Frame.MISSING) return m.get(k);
    } else if ((obj instanceof List || obj instanceof String) && isInteger(key)) {
      Object item = index(obj, asLong(key));
      if (item != Frame.MISSING) return item;
    }
    if (key instanceof String) return getAttr(obj, (String) key);
    return Undefined.missing(obj, key);
  }

  private static Object index(Object seq, long i) {
    long n = length(seq);
    if (i < 0) i += n;
    if (i < 0 || i >= n) return Frame.MISSING;
    if (seq instanceof String) return PyStrings.charAt((String) seq, (int) i);
    return ((List<?>) seq).get((int) i);
  }

  private static Object slice(Object seq, Slice s) {
    long[] ix = s.indices(length(seq));
    if (seq instanceof String) return PyStrings.slice((String) seq, ix);
    List<?> list = (List<?>) seq;
    List<Object> out = new ArrayList<>((int) ix[3]);
    for (long k = 0, i = ix[0]; k < ix[3]; k++, i += ix[2]) out.add(list.get((int) i));
    return seq instanceof Tuple ? new Tuple(out) : out;
  }

  static Object call(Object fn, List<Object> args, Map<String, Object> kwargs) {
    if (fn instanceof TemplateFunction) return ((TemplateFunction) fn).call(args, kwargs);
    if (fn instanceof Undefined) throw ((Undefined) fn).fail();
    throw new EvalError("'" + typeName(fn) + "' object is not callable");
  }

  // ------------------------------------------------------------------ the boundary with Java

  /**
   * Copies caller data into the template value model: maps (string, number or boolean keys), lists,
   * collections and arrays, strings, characters, numbers, booleans and null, and {@link Message}s as
   * their map form. Anything else is refused, so templates can never reach a Java object.
   */
  static Object fromHost(Object v, String where) {
    return fromHost(v, where, 0);
  }

  private static Object fromHost(Object v, String where, int depth) {
    if (depth > MAX_NESTING) throw new IllegalArgumentException(where + ": nested too deeply (or cyclic)");
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) return v;
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
    if (v instanceof Float) return ((Float) v).doubleValue();
    if (v instanceof BigInteger) {
      if (((BigInteger) v).bitLength() > 63) throw new IllegalArgumentException(where + ": integer " + v + " exceeds 64 bits");
      return ((BigInteger) v).longValue();
    }
    if (v instanceof BigDecimal) return ((BigDecimal) v).doubleValue();
    if (v instanceof Character) return v.toString();
    if (v instanceof Message) return fromHost(((Message) v).toMap(), where, depth + 1);
    if (v instanceof Map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        Object k = fromHost(e.getKey(), where, depth + 1);
        if (k instanceof Map || k instanceof List) throw new IllegalArgumentException(where + ": map keys must be scalars");
        out.put(k, fromHost(e.getValue(), where, depth + 1));
      }
      return out;
    }
    if (v instanceof Collection || v instanceof Object[]) {
      Iterable<?> items = v instanceof Collection ? (Collection<?>) v : Arrays.asList((Object[]) v);
      List<Object> out = new ArrayList<>();
      for (Object item : items) out.add(fromHost(item, where, depth + 1));
      return out;
    }
    throw new IllegalArgumentException(where + ": a " + v.getClass().getName()
        + " cannot be passed to a template (only maps, lists, strings, numbers, booleans and null)");
  }
}
