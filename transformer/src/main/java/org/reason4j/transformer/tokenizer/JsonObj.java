package org.reason4j.transformer.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, checked access to one JSON object of a tokenizer file. Every error names the file and the
 * path inside it (e.g. {@code tokenizer.json: pre_tokenizer.pretokenizers[0]}), and
 * {@link #allowOnly} turns an option this code does not know into an error instead of ignoring it.
 */
record JsonObj(Map<String, Object> map, String where) {

  @SuppressWarnings("unchecked")
  static JsonObj of(Object value, String where) {
    if (!(value instanceof Map)) throw new TokenizerException(where + ": expected a JSON object");
    return new JsonObj((Map<String, Object>) value, where);
  }

  TokenizerException fail(String problem) {
    return new TokenizerException(where + ": " + problem);
  }

  /** Rejects keys other than the given ones, naming the first unknown one. */
  void allowOnly(Set<String> keys) {
    for (String k : map.keySet()) {
      if (!keys.contains(k)) throw fail("unsupported option '" + k + "' (not implemented, refusing to ignore it)");
    }
  }

  boolean has(String key) {
    return map.get(key) != null;
  }

  String type() {
    return str("type");
  }

  String str(String key) {
    Object v = map.get(key);
    if (!(v instanceof String)) throw fail("'" + key + "' must be a string" + (v == null ? " (missing)" : ""));
    return (String) v;
  }

  /** A string, or {@code fallback} when the key is missing or null. */
  String optStr(String key, String fallback) {
    return has(key) ? str(key) : fallback;
  }

  boolean bool(String key, boolean fallback) {
    Object v = map.get(key);
    if (v == null) return fallback;
    if (!(v instanceof Boolean)) throw fail("'" + key + "' must be true or false");
    return (Boolean) v;
  }

  /** A boolean that may be null (meaning "decide from other options"). */
  Boolean optBool(String key) {
    return has(key) ? bool(key, false) : null;
  }

  int integer(String key, int fallback) {
    Object v = map.get(key);
    if (v == null) return fallback;
    if (!(v instanceof Long) || (Long) v < Integer.MIN_VALUE || (Long) v > Integer.MAX_VALUE) {
      throw fail("'" + key + "' must be an integer in int range");
    }
    return (int) (long) (Long) v;
  }

  JsonObj obj(String key) {
    Object v = map.get(key);
    if (v == null) throw fail("'" + key + "' is missing");
    return of(v, child(key));
  }

  /** "file.json" + "model" -> "file.json: model"; "file.json: model" + "vocab" -> "file.json: model.vocab". */
  String child(String key) {
    return where + (where.contains(": ") ? "." : ": ") + key;
  }

  List<Object> list(String key) {
    Object v = map.get(key);
    if (!(v instanceof List)) throw fail("'" + key + "' must be an array" + (v == null ? " (missing)" : ""));
    return castList(v);
  }

  /** The objects of an array, each with its own path for errors. */
  List<JsonObj> objects(String key) {
    List<Object> raw = list(key);
    List<JsonObj> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) out.add(of(raw.get(i), child(key) + "[" + i + "]"));
    return out;
  }

  @SuppressWarnings("unchecked")
  static List<Object> castList(Object v) {
    return (List<Object>) v;
  }
}
