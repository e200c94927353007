package org.reason4j.tensor.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader and writer (RFC 8259), so that the core modules need no library.
 *
 * <p>Values map to plain Java types: objects to {@code LinkedHashMap<String, Object>} (key order kept),
 * arrays to {@code ArrayList<Object>}, strings to {@code String}, integers that fit to {@code Long},
 * other numbers to {@code Double}, {@code true}/{@code false} to {@code Boolean}, {@code null} to null.
 * Errors name the source (a file name or "input") with line and column. Nesting deeper than
 * {@link #MAX_DEPTH} is rejected instead of overflowing the stack.
 */
public final class Json {
  /** The deepest nesting accepted; deeper input is rejected with a clear error. */
  public static final int MAX_DEPTH = 512;

  private final String text;
  private final String source;
  private int pos;
  private int depth;

  private Json(String text, String source) {
    this.text = text;
    this.source = source;
  }

  /** Parses a whole document; {@code source} names it in error messages. */
  public static Object parse(String text, String source) {
    Json p = new Json(text, source);
    p.skipWhitespace();
    Object v = p.value();
    p.skipWhitespace();
    if (p.pos != text.length()) throw p.error("unexpected text after the JSON value");
    return v;
  }

  public static Object parse(String text) {
    return parse(text, "input");
  }

  /** Reads and parses a UTF-8 file; I/O and syntax errors name the file. */
  public static Object read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new JsonException(file + ": cannot read: " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /** Reads a file that must hold a JSON object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> readObject(Path file) {
    Object v = read(file);
    if (!(v instanceof Map)) throw new JsonException(file + ": expected a JSON object at the top level");
    return (Map<String, Object>) v;
  }

  // ------------------------------------------------------------------ parsing

  private Object value() {
    if (pos >= text.length()) throw error("unexpected end of input");
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        throw error("unexpected character '" + printable(c) + "'");
    }
  }

  private Map<String, Object> object() {
    enter();
    pos++; // {
    Map<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      depth--;
      return map;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') throw error("expected a string key");
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      map.put(key, value());
      skipWhitespace();
      char c = next("',' or '}'");
      if (c == '}') break;
      if (c != ',') throw error("expected ',' or '}' but found '" + printable(c) + "'", pos - 1);
    }
    depth--;
    return map;
  }

  private List<Object> array() {
    enter();
    pos++; // [
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      depth--;
      return list;
    }
    while (true) {
      skipWhitespace();
      list.add(value());
      skipWhitespace();
      char c = next("',' or ']'");
      if (c == ']') break;
      if (c != ',') throw error("expected ',' or ']' but found '" + printable(c) + "'", pos - 1);
    }
    depth--;
    return list;
  }

  private String string() {
    pos++; // opening quote
    StringBuilder sb = null;
    int start = pos;
    while (true) {
      if (pos >= text.length()) throw error("unterminated string", start - 1);
      char c = text.charAt(pos);
      if (c == '"') {
        String s = sb == null ? text.substring(start, pos) : sb.append(text, start, pos).toString();
        pos++;
        return s;
      }
      if (c < 0x20) throw error("control character in string");
      if (c == '\\') {
        if (sb == null) sb = new StringBuilder();
        sb.append(text, start, pos);
        pos++;
        char e = next("an escape character");
        switch (e) {
          case '"': sb.append('"'); break;
          case '\\': sb.append('\\'); break;
          case '/': sb.append('/'); break;
          case 'b': sb.append('\b'); break;
          case 'f': sb.append('\f'); break;
          case 'n': sb.append('\n'); break;
          case 'r': sb.append('\r'); break;
          case 't': sb.append('\t'); break;
          case 'u':
            if (pos + 4 > text.length()) throw error("truncated \\u escape");
            int cp = 0;
            for (int i = 0; i < 4; i++) {
              int d = Character.digit(text.charAt(pos + i), 16);
              if (d < 0) throw error("bad hex digit in \\u escape", pos + i);
              cp = cp * 16 + d;
            }
            pos += 4;
            sb.append((char) cp); // lone surrogates are kept, as JavaScript keeps them
            break;
          default:
            throw error("unknown escape '\\" + printable(e) + "'", pos - 1);
        }
        start = pos;
      } else {
        pos++;
      }
    }
  }

  private Object number() {
    int start = pos;
    if (peek() == '-') pos++;
    if (peek() == '0') {
      pos++;
    } else if (isDigit(peek())) {
      while (isDigit(peek())) pos++;
    } else {
      throw error("bad number");
    }
    boolean integral = true;
    if (peek() == '.') {
      integral = false;
      pos++;
      if (!isDigit(peek())) throw error("bad number: digit expected after '.'");
      while (isDigit(peek())) pos++;
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      pos++;
      if (peek() == '+' || peek() == '-') pos++;
      if (!isDigit(peek())) throw error("bad number: digit expected in exponent");
      while (isDigit(peek())) pos++;
    }
    String s = text.substring(start, pos);
    if (integral && s.length() <= 18) return Long.parseLong(s);
    if (integral) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        return Double.parseDouble(s);
      }
    }
    return Double.parseDouble(s);
  }

  private Object literal(String word, Object v) {
    if (!text.startsWith(word, pos)) throw error("unexpected token");
    pos += word.length();
    return v;
  }

  private void enter() {
    if (++depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') pos++;
      else break;
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private char next(String what) {
    if (pos >= text.length()) throw error("unexpected end of input, expected " + what);
    return text.charAt(pos++);
  }

  private void expect(char c) {
    if (peek() != c) throw error("expected '" + c + "'");
    pos++;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String printable(char c) {
    return c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }

  private JsonException error(String msg) {
    return error(msg, pos);
  }

  private JsonException error(String msg, int at) {
    int line = 1, col = 1;
    for (int i = 0; i < Math.min(at, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new JsonException(source + ": invalid JSON at line " + line + ", column " + col + ": " + msg);
  }

  // ------------------------------------------------------------------ writing

  /** Writes a value compactly, as JavaScript's {@code JSON.stringify(v)} does for these types. */
  public static String write(Object v) {
    StringBuilder sb = new StringBuilder();
    write(sb, v, null, 0);
    return sb.toString();
  }

  /** Writes a value with the given indent (e.g. "  ") and newlines. */
  public static String writePretty(Object v, String indent) {
    StringBuilder sb = new StringBuilder();
    write(sb, v, indent, 0);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v, String indent, int level) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String) {
      quote(sb, (String) v);
    } else if (v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) sb.append("null");
      else if (d == Math.rint(d) && Math.abs(d) < 1e15) sb.append((long) d);
      else sb.append(d);
    } else if (v instanceof Number) {
      sb.append(v);
    } else if (v instanceof Map) {
      Map<?, ?> m = (Map<?, ?>) v;
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) sb.append(',');
        first = false;
        newline(sb, indent, level + 1);
        quote(sb, String.valueOf(e.getKey()));
        sb.append(indent == null ? ":" : ": ");
        write(sb, e.getValue(), indent, level + 1);
      }
      if (!m.isEmpty()) newline(sb, indent, level);
      sb.append('}');
    } else if (v instanceof Iterable) {
      sb.append('[');
      boolean first = true;
      for (Object o : (Iterable<?>) v) {
        if (!first) sb.append(',');
        first = false;
        newline(sb, indent, level + 1);
        write(sb, o, indent, level + 1);
      }
      if (!first) newline(sb, indent, level);
      sb.append(']');
    } else if (v instanceof int[]) {
      List<Object> l = new ArrayList<>();
      for (int x : (int[]) v) l.add((long) x);
      write(sb, l, indent, level);
    } else if (v instanceof long[]) {
      List<Object> l = new ArrayList<>();
      for (long x : (long[]) v) l.add(x);
      write(sb, l, indent, level);
    } else if (v instanceof float[]) {
      List<Object> l = new ArrayList<>();
      for (float x : (float[]) v) l.add((double) x);
      write(sb, l, indent, level);
    } else if (v instanceof double[]) {
      List<Object> l = new ArrayList<>();
      for (double x : (double[]) v) l.add(x);
      write(sb, l, indent, level);
    } else {
      throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
    }
  }

  private static void newline(StringBuilder sb, String indent, int level) {
    if (indent == null) return;
    sb.append('\n');
    for (int i = 0; i < level; i++) sb.append(indent);
  }

  /** Appends s as a JSON string literal; non-ASCII characters are written as they are. */
  public static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        case '\n': sb.append("\\n"); break;
        case '\r': sb.append("\\r"); break;
        case '\t': sb.append("\\t"); break;
        case '\b': sb.append("\\b"); break;
        case '\f': sb.append("\\f"); break;
        default:
          if (c < 0x20 || Character.isSurrogate(c) && !validPair(s, i)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
            if (Character.isHighSurrogate(c)) sb.append(s.charAt(++i));
          }
      }
    }
    sb.append('"');
  }

  private static boolean validPair(String s, int i) {
    char c = s.charAt(i);
    return Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
  }

  /** Thrown for any unreadable or malformed JSON; the message names the source. */
  public static final class JsonException extends RuntimeException {
    public JsonException(String message) {
      super(message);
    }

    public JsonException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
