package org.reason4j.rl.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.reason4j.tensor.io.Json;

/**
 * Command-line overrides, {@code --set optimizer.lr=3e-7}: a dotted key path and a value, applied on
 * top of a config map before {@link ConfigBinder#bind}. Values are parsed as the command line means them:
 * {@code null}, {@code true}/{@code false} (any case), integers (Long), decimals (Double, including
 * {@code 1e-6}), JSON lists and objects ({@code [0.9,0.95]}, {@code {"a":1}}), JSON strings in double
 * quotes, and anything else as plain text. Missing intermediate mappings are created. Whether the value
 * fits the field is the binder's question, not this class's. List elements cannot be addressed by index.
 */
public final class Overrides {
  private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
  private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  private Overrides() {}

  /** A deep copy of {@code config} with each {@code key.path=value} assignment applied in order. */
  public static Map<String, Object> apply(Map<String, ?> config, List<String> assignments) {
    Map<String, Object> root = copy(config);
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) throw new ConfigException("--set \"" + assignment + "\": expected key=value, e.g. optimizer.lr=1e-6");
      String key = assignment.substring(0, eq).trim();
      String[] parts = key.split("\\.", -1);
      Map<String, Object> map = root;
      for (int i = 0; i < parts.length; i++) {
        if (parts[i].isEmpty()) throw new ConfigException("--set \"" + assignment + "\": empty name in the key path \"" + key + "\"");
        parts[i] = spelledAs(map, parts[i]);
        if (i == parts.length - 1) break;
        Object next = map.get(parts[i]);
        if (next == null) {
          next = new LinkedHashMap<String, Object>();
          map.put(parts[i], next);
        } else if (!(next instanceof Map)) {
          String prefix = String.join(".", List.of(parts).subList(0, i + 1));
          throw new ConfigException("--set \"" + assignment + "\": \"" + prefix + "\" is a value, not a mapping with fields");
        }
        map = castMap(next);
      }
      map.put(parts[parts.length - 1], parseValue(assignment.substring(eq + 1), assignment));
    }
    return root;
  }

  /**
   * The key already in the map that names the same field in the other spelling (learning_rate and
   * learningRate), so that a file in snake_case and a --set in camelCase override rather than collide.
   */
  private static String spelledAs(Map<String, Object> map, String name) {
    if (map.containsKey(name)) return name;
    String canonical = name.replace("_", "").toLowerCase(java.util.Locale.ROOT);
    for (String k : map.keySet()) if (k.replace("_", "").toLowerCase(java.util.Locale.ROOT).equals(canonical)) return k;
    return name;
  }

  /** Parses one command-line value as described in the class comment. */
  public static Object parseValue(String text) {
    return parseValue(text, text);
  }

  private static Object parseValue(String raw, String assignment) {
    String s = raw.trim();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals("null")) return null;
    if (lower.equals("true")) return Boolean.TRUE;
    if (lower.equals("false")) return Boolean.FALSE;
    if (INTEGER.matcher(s).matches()) {
      try {
        return Long.valueOf(s);
      } catch (NumberFormatException e) {
        return Double.valueOf(s);
      }
    }
    if (DECIMAL.matcher(s).matches()) return Double.valueOf(s);
    if (s.startsWith("[") || s.startsWith("{") || s.startsWith("\"")) {
      try {
        return Json.parse(s, "--set \"" + assignment + "\"");
      } catch (Json.JsonException e) {
        throw new ConfigException(e.getMessage(), e);
      }
    }
    return s;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  private static Map<String, Object> copy(Map<String, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : m.entrySet()) out.put(e.getKey(), copyValue(e.getValue()));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object copyValue(Object v) {
    if (v instanceof Map<?, ?> m) return copy((Map<String, ?>) m);
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object o : l) out.add(copyValue(o));
      return out;
    }
    return v;
  }
}
