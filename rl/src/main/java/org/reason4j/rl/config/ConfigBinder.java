package org.reason4j.rl.config;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.reason4j.tensor.io.Json;

/**
 * Builds a config record from a map (parsed YAML or JSON plus {@code --set} overrides) and writes one
 * back, so a trainer's configuration is a plain Java record:
 * <pre>
 * record OptimizerConfig(double lr, List&lt;Double&gt; betas, double eps, double weightDecay) {
 *   static OptimizerConfig defaults() { return new OptimizerConfig(1e-6, List.of(0.9, 0.999), 1e-8, 0.0); }
 * }
 * OptimizerConfig c = ConfigBinder.bind(OptimizerConfig.class, Map.of("lr", 3e-7));
 * </pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Missing keys take their value from the record's {@code static defaults()} method or
 *       {@code static final DEFAULTS} field; without either, every key is required. A nested record given as a
 *       map starts from the outer default's value for it (so a trainer's default learning rate wins over the
 *       optimizer's own), else from the nested type's defaults.</li>
 *   <li>Keys are the component names; the snake_case spelling ({@code weight_decay}) is accepted too, as
 *       Python configs write it. Unknown keys are errors that list the valid keys and suggest a close one.</li>
 *   <li>Types: int, long, double, float, boolean (and their boxes), String, enums (names matched ignoring
 *       case and '-' vs '_'), {@link Path}, nested records, {@code List<T>}, {@code Map<String, T>}, arrays,
 *       and {@code Object} for free-form values kept as parsed.
 *       Integers must be whole and in range; a numeric field also accepts a number written as a string,
 *       because YAML 1.1 reads {@code 1e-6} (no dot) as text. A String field accepts any scalar.</li>
 *   <li>The record's constructor may validate; its exception becomes an error naming the key path.</li>
 * </ul>
 * {@link #toMap} writes a record back as JSON-ready values (camelCase keys, enums by name, ints as Long),
 * so {@code bind(type, toMap(r))} equals {@code r}. It is not a general object mapper: only records.
 */
public final class ConfigBinder {
  private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  private ConfigBinder() {}

  /** Builds {@code type} from {@code values}, filling missing keys from its defaults. */
  public static <R extends Record> R bind(Class<R> type, Map<String, ?> values) {
    return type.cast(bindRecord(type, values, defaults(type), ""));
  }

  /** The record's defaults ({@code static defaults()} or {@code static final DEFAULTS}), or null if it has none. */
  public static <R extends Record> R defaults(Class<R> type) {
    try {
      Method m = type.getDeclaredMethod("defaults");
      if (Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0 && type.isAssignableFrom(m.getReturnType())) {
        m.setAccessible(true);
        return type.cast(m.invoke(null));
      }
    } catch (NoSuchMethodException e) {
      // fall through to the constant
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new ConfigException(type.getSimpleName() + ".defaults() failed: " + cause(e), e);
    }
    try {
      Field f = type.getDeclaredField("DEFAULTS");
      if (Modifier.isStatic(f.getModifiers()) && type.isAssignableFrom(f.getType())) {
        f.setAccessible(true);
        return type.cast(f.get(null));
      }
    } catch (NoSuchFieldException e) {
      return null;
    } catch (IllegalAccessException e) {
      throw new ConfigException(type.getSimpleName() + ".DEFAULTS cannot be read: " + e.getMessage(), e);
    }
    return null;
  }

  private static Object bindRecord(Class<?> type, Map<?, ?> values, Object base, String path) {
    RecordComponent[] comps = type.getRecordComponents();
    Object[] args = new Object[comps.length];
    boolean[] given = new boolean[comps.length];
    for (Map.Entry<?, ?> e : values.entrySet()) {
      String key = String.valueOf(e.getKey());
      int i = componentIndex(type, comps, key, path);
      if (given[i]) throw new ConfigException(join(path, comps[i].getName()) + ": given twice (as camelCase and snake_case?)");
      given[i] = true;
      Object baseValue = base == null ? null : read(comps[i], base);
      args[i] = convert(comps[i].getGenericType(), e.getValue(), join(path, comps[i].getName()), baseValue);
    }
    for (int i = 0; i < comps.length; i++) {
      if (given[i]) continue;
      if (base == null) {
        throw new ConfigException(join(path, comps[i].getName()) + ": missing, and " + type.getSimpleName()
            + " has no defaults() to take it from");
      }
      args[i] = read(comps[i], base);
    }
    return construct(type, comps, args, path);
  }

  private static int componentIndex(Class<?> type, RecordComponent[] comps, String key, String path) {
    for (int i = 0; i < comps.length; i++) {
      if (comps[i].getName().equals(key) || snake(comps[i].getName()).equals(key)) return i;
    }
    List<String> names = new ArrayList<>();
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (RecordComponent c : comps) {
      names.add(c.getName());
      int d = distance(normal(key), normal(c.getName()));
      if (d < bestDistance) {
        bestDistance = d;
        best = c.getName();
      }
    }
    String hint = best != null && bestDistance <= Math.max(1, key.length() / 3) ? " (did you mean \"" + best + "\"?)" : "";
    throw new ConfigException(join(path, key) + ": unknown key for " + type.getSimpleName() + hint + "; valid keys: " + String.join(", ", names));
  }

  private static Object construct(Class<?> type, RecordComponent[] comps, Object[] args, String path) {
    Class<?>[] types = new Class<?>[comps.length];
    for (int i = 0; i < comps.length; i++) types[i] = comps[i].getType();
    try {
      Constructor<?> ctor = type.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      String where = path.isEmpty() ? type.getSimpleName() : path + " (" + type.getSimpleName() + ")";
      throw new ConfigException(where + ": " + cause(e), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new ConfigException(type.getName() + ": cannot call the canonical constructor: " + e, e);
    }
  }

  private static Object read(RecordComponent c, Object record) {
    try {
      Method accessor = c.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new ConfigException(c.getDeclaringRecord().getSimpleName() + "." + c.getName() + "(): " + cause(e), e);
    }
  }

  // ------------------------------------------------------------------ value conversion

  private static Object convert(Type type, Object v, String path, Object base) {
    if (type instanceof ParameterizedType p) return convertGeneric(p, v, path);
    if (!(type instanceof Class<?> c)) throw new ConfigException(path + ": unsupported field type " + type.getTypeName());
    if (v == null) {
      if (c.isPrimitive()) throw wrongType(path, c == boolean.class ? "boolean (true or false)"
          : c == double.class || c == float.class ? "a number (" + c + ")" : "a whole number (" + c + ")", null);
      return null;
    }
    if (c == Object.class) return v; // free-form JSON-like values (Map<String, Object> options), kept as given
    if (c == int.class || c == Integer.class) return (int) integer(v, path, c.getSimpleName(), Integer.MIN_VALUE, Integer.MAX_VALUE);
    if (c == long.class || c == Long.class) return integer(v, path, c.getSimpleName(), Long.MIN_VALUE, Long.MAX_VALUE);
    if (c == double.class || c == Double.class) return real(v, path, c.getSimpleName());
    if (c == float.class || c == Float.class) return (float) real(v, path, c.getSimpleName());
    if (c == boolean.class || c == Boolean.class) {
      if (v instanceof Boolean b) return b;
      throw wrongType(path, "boolean (true or false)", v);
    }
    if (c == String.class) {
      if (v instanceof Map || v instanceof Collection) throw wrongType(path, "a string", v);
      return String.valueOf(v);
    }
    if (c == Path.class) {
      if (v instanceof String s) return Path.of(s);
      throw wrongType(path, "a path (string)", v);
    }
    if (c.isEnum()) return enumConstant(c, v, path);
    if (c.isRecord()) {
      if (!(v instanceof Map<?, ?> m)) throw wrongType(path, "a mapping of " + c.getSimpleName() + " fields", v);
      Object nestedBase = base != null ? base : defaultsOf(c);
      return bindRecord(c, m, nestedBase, path);
    }
    if (c.isArray()) {
      List<?> list = list(v, path);
      Object array = Array.newInstance(c.getComponentType(), list.size());
      for (int i = 0; i < list.size(); i++) Array.set(array, i, convert(c.getComponentType(), list.get(i), path + "[" + i + "]", null));
      return array;
    }
    throw new ConfigException(path + ": unsupported field type " + c.getName());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object defaultsOf(Class<?> recordType) {
    return defaults((Class) recordType);
  }

  private static Object convertGeneric(ParameterizedType p, Object v, String path) {
    Class<?> raw = (Class<?>) p.getRawType();
    Type[] args = p.getActualTypeArguments();
    if (v == null) return null;
    if (raw == List.class || raw == Collection.class) {
      List<Object> out = new ArrayList<>();
      List<?> in = list(v, path);
      for (int i = 0; i < in.size(); i++) out.add(convert(args[0], in.get(i), path + "[" + i + "]", null));
      return java.util.Collections.unmodifiableList(out);
    }
    if (raw == Map.class && args[0] == String.class) {
      if (!(v instanceof Map<?, ?> in)) throw wrongType(path, "a mapping", v);
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : in.entrySet()) {
        String key = String.valueOf(e.getKey());
        out.put(key, convert(args[1], e.getValue(), path + "." + key, null));
      }
      return java.util.Collections.unmodifiableMap(out);
    }
    throw new ConfigException(path + ": unsupported field type " + p.getTypeName() + " (use List<T> or Map<String, T>)");
  }

  private static List<?> list(Object v, String path) {
    if (v instanceof List<?> l) return l;
    throw wrongType(path, "a list", v);
  }

  private static long integer(Object v, String path, String typeName, long min, long max) {
    Object n = v instanceof String s ? number(s) : v;
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      long x = ((Number) n).longValue();
      if (x >= min && x <= max) return x;
      throw new ConfigException(path + ": " + x + " is out of range for " + typeName);
    }
    if (n instanceof Double || n instanceof Float) {
      double d = ((Number) n).doubleValue();
      if (d == Math.rint(d) && d >= min && d <= max) return (long) d;
    }
    throw wrongType(path, "a whole number (" + typeName + ")", v);
  }

  /** A number written as text (YAML 1.1 reads 1e-6 as a string): Long, Double, or null when it is not one. */
  private static Number number(String text) {
    String s = text.trim();
    if (!NUMBER.matcher(s).matches()) return null;
    if (s.matches("[-+]?\\d+")) {
      try {
        return Long.valueOf(s);
      } catch (NumberFormatException e) {
        return Double.valueOf(s);
      }
    }
    return Double.valueOf(s);
  }

  private static double real(Object v, String path, String typeName) {
    if (v instanceof Number n) return n.doubleValue();
    if (v instanceof String s && number(s) != null) return number(s).doubleValue();
    throw wrongType(path, "a number (" + typeName + ")", v);
  }

  private static Object enumConstant(Class<?> c, Object v, String path) {
    List<String> names = new ArrayList<>();
    for (Object constant : c.getEnumConstants()) {
      String name = ((Enum<?>) constant).name();
      names.add(name);
      if (v instanceof String s && name.equalsIgnoreCase(s.trim().replace('-', '_'))) return constant;
    }
    throw new ConfigException(path + ": expected one of " + String.join(", ", names) + " (" + c.getSimpleName() + "), got " + describe(v));
  }

  private static ConfigException wrongType(String path, String expected, Object given) {
    return new ConfigException(path + ": expected " + expected + ", got " + describe(given));
  }

  private static String describe(Object v) {
    if (v == null) return "null";
    String text = v instanceof String s ? "\"" + s + "\"" : v instanceof Map || v instanceof List ? safeJson(v) : String.valueOf(v);
    if (text.length() > 60) text = text.substring(0, 57) + "...";
    String kind = v instanceof Map ? "a mapping" : v instanceof List ? "a list" : v instanceof String ? "a string"
        : v instanceof Boolean ? "a boolean" : v instanceof Number ? "a number" : v.getClass().getSimpleName();
    return text + " (" + kind + ")";
  }

  private static String safeJson(Object v) {
    try {
      return Json.write(v);
    } catch (IllegalArgumentException e) {
      return String.valueOf(v);
    }
  }

  // ------------------------------------------------------------------ writing back

  /** The record as JSON-ready values: nested records as maps, enums by name, paths as strings, ints as Long. */
  public static Map<String, Object> toMap(Record record) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      out.put(c.getName(), plain(read(c, record), record.getClass().getSimpleName() + "." + c.getName()));
    }
    return out;
  }

  private static Object plain(Object v, String where) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) return v;
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
    if (v instanceof Float f) return (double) f;
    if (v instanceof Enum<?> e) return e.name();
    if (v instanceof Path p) return p.toString();
    if (v instanceof Record r) return toMap(r);
    if (v instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>();
      for (Object o : c) out.add(plain(o, where));
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), plain(e.getValue(), where));
      return out;
    }
    if (v.getClass().isArray()) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < Array.getLength(v); i++) out.add(plain(Array.get(v, i), where));
      return out;
    }
    throw new ConfigException(where + ": a " + v.getClass().getName() + " cannot be written to a config file");
  }

  // ------------------------------------------------------------------ names

  static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static String normal(String s) {
    return s.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
  }

  /** Levenshtein distance, for "did you mean". */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String cause(Exception e) {
    Throwable t = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
