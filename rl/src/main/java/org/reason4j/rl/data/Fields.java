package org.reason4j.rl.data;

import java.util.List;
import java.util.Map;
import org.reason4j.rl.data.RecordReader.BadRecord;

/** Typed access to the fields of a decoded JSON record; every failure is a {@link BadRecord} with a reason. */
final class Fields {
  private Fields() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> asObject(Object value) {
    if (value instanceof Map<?, ?> map) return (Map<String, Object>) map;
    throw new BadRecord("expected a JSON object, found " + typeName(value));
  }

  /** A field that must be present and a string. */
  static String requireString(Map<String, Object> record, String key) {
    Object v = require(record, key);
    if (v instanceof String s) return s;
    throw wrongType(key, "a string", v);
  }

  /** A field that must be present and a string or a number (answers and ids are written both ways). */
  static String requireText(Map<String, Object> record, String key) {
    return text(key, require(record, key));
  }

  /** A string or number field that may be absent or null. */
  static String optionalText(Map<String, Object> record, String key) {
    Object v = record.get(key);
    return v == null ? null : text(key, v);
  }

  /** A string field that may be absent or null. */
  static String optionalString(Map<String, Object> record, String key) {
    Object v = record.get(key);
    if (v == null || v instanceof String) return (String) v;
    throw wrongType(key, "a string", v);
  }

  /** An integer field that may be absent or null; {@code absent} is returned then. */
  static int optionalInt(Map<String, Object> record, String key, int absent) {
    Object v = record.get(key);
    if (v == null) return absent;
    if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return (int) (long) l;
    throw wrongType(key, "an integer", v);
  }

  static String typeName(Object v) {
    if (v == null) return "null";
    if (v instanceof String) return "a string";
    if (v instanceof Long || v instanceof Double) return "a number";
    if (v instanceof Boolean) return "a boolean";
    if (v instanceof List) return "an array";
    if (v instanceof Map) return "an object";
    return v.getClass().getSimpleName();
  }

  private static Object require(Map<String, Object> record, String key) {
    if (!record.containsKey(key)) throw new BadRecord("missing field '" + key + "'");
    Object v = record.get(key);
    if (v == null) throw new BadRecord("field '" + key + "' is null");
    return v;
  }

  private static String text(String key, Object v) {
    if (v instanceof String s) return s;
    if (v instanceof Long || v instanceof Double) return v.toString();
    throw wrongType(key, "a string or a number", v);
  }

  private static BadRecord wrongType(String key, String expected, Object v) {
    return new BadRecord("field '" + key + "' must be " + expected + ", found " + typeName(v));
  }
}
