package org.reason4j.transformer.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps} as transformers' {@code tojson} filter calls it: {@code ensure_ascii}
 * (default off), {@code indent} (int or string), {@code separators} and {@code sort_keys}. Floats are
 * written with Python's repr ({@code 1.0}, not {@code 1}), keys are converted as Python converts
 * them, and default separators are {@code ", "} and {@code ": "} ({@code ","} between items when
 * indenting), so tool schemas render byte for byte as in Python.
 */
final class PyJson {
  private PyJson() {}

  static String dumps(Object value, boolean ensureAscii, Object indent, Object separators, boolean sortKeys) {
    String pad = indent == null ? null
        : indent instanceof String ? (String) indent
        : " ".repeat((int) Math.max(0, Params.integer(indent, "indent")));
    String itemSep = pad == null ? ", " : ",";
    String keySep = ": ";
    if (separators != null) {
      if (!(separators instanceof List) || ((List<?>) separators).size() != 2) {
        throw new EvalError("separators must be a (item_separator, key_separator) pair");
      }
      itemSep = Params.string(((List<?>) separators).get(0), "item separator");
      keySep = Params.string(((List<?>) separators).get(1), "key separator");
    }
    StringBuilder out = new StringBuilder();
    new Writer(ensureAscii, pad, itemSep, keySep, sortKeys).write(value, 0, out);
    return out.toString();
  }

  private record Writer(boolean ensureAscii, String pad, String itemSep, String keySep, boolean sortKeys) {

    void write(Object v, int depth, StringBuilder out) {
      if (depth > Values.MAX_NESTING) throw new EvalError("maximum recursion depth exceeded while encoding a JSON object");
      if (v == null) out.append("null");
      else if (v instanceof Boolean) out.append((Boolean) v ? "true" : "false");
      else if (v instanceof Long) out.append(v);
      else if (v instanceof Double) out.append(number((Double) v));
      else if (v instanceof String) string((String) v, out);
      else if (v instanceof List) array((List<?>) v, depth, out);
      else if (v instanceof Map) object((Map<?, ?>) v, depth, out);
      else throw new EvalError("Object of type " + Values.typeName(v) + " is not JSON serializable");
    }

    private void array(List<?> items, int depth, StringBuilder out) {
      if (items.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append('[');
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) out.append(itemSep);
        newline(depth + 1, out);
        write(items.get(i), depth + 1, out);
      }
      newline(depth, out);
      out.append(']');
    }

    private void object(Map<?, ?> map, int depth, StringBuilder out) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
      if (sortKeys) entries.sort((a, b) -> Values.compare(a.getKey(), b.getKey(), "<"));
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : entries) {
        if (!first) out.append(itemSep);
        first = false;
        newline(depth + 1, out);
        string(key(e.getKey()), out);
        out.append(keySep);
        write(e.getValue(), depth + 1, out);
      }
      newline(depth, out);
      out.append('}');
    }

    private void newline(int depth, StringBuilder out) {
      if (pad != null) out.append('\n').append(pad.repeat(depth));
    }

    private static String key(Object k) {
      if (k instanceof String) return (String) k;
      if (k == null) return "null";
      if (k instanceof Boolean) return (Boolean) k ? "true" : "false";
      if (k instanceof Long) return k.toString();
      if (k instanceof Double) return number((Double) k);
      throw new EvalError("keys must be str, int, float, bool or None, not " + Values.typeName(k));
    }

    private static String number(double d) {
      if (Double.isNaN(d)) return "NaN";
      if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
      return PyNumbers.floatRepr(d);
    }

    private void string(String s, StringBuilder out) {
      out.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"': out.append("\\\""); break;
          case '\\': out.append("\\\\"); break;
          case '\n': out.append("\\n"); break;
          case '\r': out.append("\\r"); break;
          case '\t': out.append("\\t"); break;
          case '\b': out.append("\\b"); break;
          case '\f': out.append("\\f"); break;
          default:
            if (c < 0x20 || (ensureAscii && c > 0x7e)) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
      }
      out.append('"');
    }
  }
}
