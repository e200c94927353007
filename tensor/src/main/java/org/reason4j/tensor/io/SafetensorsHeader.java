package org.reason4j.tensor.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates a safetensors JSON header, following the rules of the reference (Rust) reader:
 * the text is UTF-8 and starts with '{' (trailing space padding is allowed); every tensor entry has a
 * known dtype, a shape of non-negative integers and two integer data offsets; sorted by offset, the
 * tensors tile the data buffer exactly, with no overlap, no gap and no trailing bytes; each tensor's
 * byte count equals its element count times the dtype size, computed without overflow.
 *
 * <p>It does not read tensor data; {@link SafetensorsFile} does that lazily.
 */
final class SafetensorsHeader {
  static final String METADATA_KEY = "__metadata__";

  /** Tensors in data-offset order. */
  final List<SafetensorsInfo> tensors;
  final Map<String, SafetensorsInfo> byName;
  final Map<String, String> metadata;

  private SafetensorsHeader(List<SafetensorsInfo> tensors, Map<String, String> metadata) {
    this.tensors = List.copyOf(tensors);
    Map<String, SafetensorsInfo> m = new LinkedHashMap<>();
    for (SafetensorsInfo t : tensors) m.put(t.name(), t);
    this.byName = Collections.unmodifiableMap(m);
    this.metadata = Collections.unmodifiableMap(metadata);
  }

  /**
   * Validates a header against the size of the data buffer that follows it. The bytes were already
   * checked to be few enough to hold in memory; every length inside them is checked here before use.
   */
  static SafetensorsHeader parse(Path file, byte[] header, long dataLength) throws SafetensorsException {
    if (header.length == 0 || header[0] != '{') {
      String found = header.length == 0 ? "an empty header" : String.format("byte 0x%02x", header[0] & 0xFF);
      throw new SafetensorsException(file, "the JSON header must start with '{' but found " + found);
    }
    Object root;
    try {
      root = Json.parse(decodeUtf8(file, header), file + " (safetensors header)");
    } catch (Json.JsonException e) {
      throw new SafetensorsException(file, "the header is not valid JSON: " + e.getMessage(), e);
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    List<SafetensorsInfo> tensors = new ArrayList<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) root).entrySet()) { // valid JSON starting with '{' is an object
      String name = (String) e.getKey();
      if (name.equals(METADATA_KEY)) metadata = metadata(file, e.getValue());
      else tensors.add(entry(file, name, e.getValue()));
    }
    tensors.sort(Comparator.comparingLong(SafetensorsInfo::begin).thenComparingLong(SafetensorsInfo::end));
    checkTiling(file, tensors, dataLength);
    return new SafetensorsHeader(tensors, metadata);
  }

  private static String decodeUtf8(Path file, byte[] bytes) throws SafetensorsException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new SafetensorsException(file, "the header is not valid UTF-8", e);
    }
  }

  private static Map<String, String> metadata(Path file, Object value) throws SafetensorsException {
    Map<String, String> out = new LinkedHashMap<>();
    if (value == null) return out;
    if (!(value instanceof Map)) {
      throw new SafetensorsException(file, "\"" + METADATA_KEY + "\" must be an object of strings, got " + kind(value));
    }
    for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
      if (!(e.getValue() instanceof String)) {
        throw new SafetensorsException(file,
            "\"" + METADATA_KEY + "\" value for \"" + e.getKey() + "\" must be a string, got " + kind(e.getValue()));
      }
      out.put((String) e.getKey(), (String) e.getValue());
    }
    return out;
  }

  /** One tensor entry, with its types checked; offsets against each other are checked later. */
  private static SafetensorsInfo entry(Path file, String name, Object value) throws SafetensorsException {
    String where = "tensor \"" + name + "\"";
    if (!(value instanceof Map)) throw new SafetensorsException(file, where + ": entry must be an object, got " + kind(value));
    Map<?, ?> m = (Map<?, ?>) value;
    Object dtypeName = field(file, where, m, "dtype");
    if (!(dtypeName instanceof String)) throw new SafetensorsException(file, where + ": \"dtype\" must be a string, got " + kind(dtypeName));
    SafetensorsDType dtype = SafetensorsDType.parse((String) dtypeName);
    if (dtype == null) {
      throw new SafetensorsException(file, where + ": unknown dtype \"" + dtypeName + "\" (known: " + Arrays.toString(SafetensorsDType.values()) + ")");
    }
    List<?> dims = list(file, where, m, "shape");
    int[] shape = new int[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      long d = nonNegative(file, where, "shape", dims.get(i));
      if (d > Integer.MAX_VALUE) {
        throw new SafetensorsException(file, where + ": dimension " + d + " of the shape exceeds 2^31-1, which reason4j tensors cannot index");
      }
      shape[i] = (int) d;
    }
    List<?> offsets = list(file, where, m, "data_offsets");
    if (offsets.size() != 2) {
      throw new SafetensorsException(file, where + ": \"data_offsets\" must hold exactly two numbers [begin, end], got " + offsets.size());
    }
    long begin = nonNegative(file, where, "data_offsets", offsets.get(0));
    long end = nonNegative(file, where, "data_offsets", offsets.get(1));
    return new SafetensorsInfo(name, dtype, shape, begin, end);
  }

  private static Object field(Path file, String where, Map<?, ?> m, String key) throws SafetensorsException {
    if (!m.containsKey(key)) throw new SafetensorsException(file, where + ": missing \"" + key + "\"");
    return m.get(key);
  }

  private static List<?> list(Path file, String where, Map<?, ?> m, String key) throws SafetensorsException {
    Object v = field(file, where, m, key);
    if (!(v instanceof List)) throw new SafetensorsException(file, where + ": \"" + key + "\" must be an array, got " + kind(v));
    return (List<?>) v;
  }

  private static long nonNegative(Path file, String where, String key, Object v) throws SafetensorsException {
    // The JSON reader gives Long for integers that fit in 64 bits, Double for anything else.
    if (!(v instanceof Long) || (Long) v < 0) {
      throw new SafetensorsException(file, where + ": \"" + key + "\" must hold non-negative integers, got " + v);
    }
    return (Long) v;
  }

  /**
   * Walks the tensors in offset order: each must start where the previous one ended, hold exactly
   * numel * dtype size bytes, and end inside the data buffer; the last must end at the buffer's end.
   */
  private static void checkTiling(Path file, List<SafetensorsInfo> tensors, long dataLength) throws SafetensorsException {
    long at = 0;
    String previous = null;
    for (SafetensorsInfo t : tensors) {
      String where = "tensor \"" + t.name() + "\" (data_offsets [" + t.begin() + ", " + t.end() + "])";
      if (t.end() < t.begin()) throw new SafetensorsException(file, where + ": end is before begin");
      if (t.begin() < at) {
        throw new SafetensorsException(file, where + ": overlaps tensor \"" + previous + "\", which ends at " + at);
      }
      if (t.begin() > at) {
        throw new SafetensorsException(file, where + ": bytes [" + at + ", " + t.begin() + ") of the data buffer belong to no tensor");
      }
      long bytes = byteCount(file, where, t);
      if (bytes != t.byteLength()) {
        throw new SafetensorsException(file, where + ": " + t.dtype() + " shape " + Arrays.toString(t.shape())
            + " needs " + bytes + " bytes but the offsets span " + t.byteLength());
      }
      if (t.end() > dataLength) {
        throw new SafetensorsException(file, where + ": runs past the end of the file (the data buffer holds " + dataLength + " bytes)");
      }
      at = t.end();
      previous = t.name();
    }
    if (at != dataLength) {
      throw new SafetensorsException(file,
          "bytes [" + at + ", " + dataLength + ") of the data buffer belong to no tensor (the tensors must cover it exactly)");
    }
  }

  private static long byteCount(Path file, String where, SafetensorsInfo t) throws SafetensorsException {
    try {
      long n = 1;
      for (int d : t.shape()) n = Math.multiplyExact(n, (long) d);
      return Math.multiplyExact(n, (long) t.dtype().byteSize());
    } catch (ArithmeticException e) {
      throw new SafetensorsException(file, where + ": the byte size of shape " + Arrays.toString(t.shape()) + " overflows 64 bits");
    }
  }

  private static String kind(Object v) {
    if (v == null) return "null";
    if (v instanceof Map) return "an object";
    if (v instanceof List) return "an array";
    if (v instanceof String) return "a string";
    if (v instanceof Boolean) return "a boolean";
    return "the number " + v;
  }
}
