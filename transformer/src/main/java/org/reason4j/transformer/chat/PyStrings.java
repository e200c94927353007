package org.reason4j.transformer.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Python's {@code str} behaviour that chat templates depend on, on Java strings: code-point indexing,
 * {@code repr}, ordering, strip with and without a character set, split, title and capitalize, and
 * replace. Whitespace means Python's {@code str.isspace()}.
 */
final class PyStrings {
  private PyStrings() {}

  // ------------------------------------------------------------------ code points

  static List<Object> chars(String s) {
    List<Object> out = new ArrayList<>(s.length());
    s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
    return out;
  }

  static String charAt(String s, int cpIndex) {
    int at = s.offsetByCodePoints(0, cpIndex);
    return new String(Character.toChars(s.codePointAt(at)));
  }

  /** {@code s[start:stop:step]} from {@link Slice#indices}. */
  static String slice(String s, long[] ix) {
    int[] cps = s.codePoints().toArray();
    StringBuilder sb = new StringBuilder();
    for (long k = 0, i = ix[0]; k < ix[3]; k++, i += ix[2]) sb.appendCodePoint(cps[(int) i]);
    return sb.toString();
  }

  /** Python orders strings by code point (Java's compareTo uses UTF-16 units). */
  static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) return Integer.compare(x, y);
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  // ------------------------------------------------------------------ repr

  /** Python's {@code repr(str)}: single quotes unless the text has ' and no ", escapes for the rest. */
  static String repr(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder sb = new StringBuilder().append(quote);
    s.codePoints().forEach(cp -> {
      if (cp == quote || cp == '\\') sb.append('\\').appendCodePoint(cp);
      else if (cp == '\n') sb.append("\\n");
      else if (cp == '\r') sb.append("\\r");
      else if (cp == '\t') sb.append("\\t");
      else if (cp < 0x20 || cp == 0x7f) sb.append(String.format("\\x%02x", cp));
      else if (cp < 0x7f || isPrintable(cp)) sb.appendCodePoint(cp);
      else if (cp < 0x100) sb.append(String.format("\\x%02x", cp));
      else if (cp < 0x10000) sb.append(String.format("\\u%04x", cp));
      else sb.append(String.format("\\U%08x", cp));
    });
    return sb.append(quote).toString();
  }

  private static boolean isPrintable(int cp) {
    switch (Character.getType(cp)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.SURROGATE:
      case Character.PRIVATE_USE:
      case Character.UNASSIGNED:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SPACE_SEPARATOR:
        return cp == ' ';
      default:
        return true;
    }
  }

  // ------------------------------------------------------------------ strip, split

  /** {@code s.strip(chars)}: whitespace when chars is null, else any of the given characters. */
  static String strip(String s, String chars) {
    return rstrip(lstrip(s, chars), chars);
  }

  static String lstrip(String s, String chars) {
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      if (!stripped(cp, chars)) break;
      i += Character.charCount(cp);
    }
    return s.substring(i);
  }

  static String rstrip(String s, String chars) {
    int end = s.length();
    while (end > 0) {
      int cp = s.codePointBefore(end);
      if (!stripped(cp, chars)) break;
      end -= Character.charCount(cp);
    }
    return s.substring(0, end);
  }

  private static boolean stripped(int cp, String chars) {
    return chars == null ? Lexer.isSpace(cp) : chars.indexOf(new String(Character.toChars(cp))) >= 0;
  }

  /** {@code s.split(sep, maxsplit)}; a null separator splits on runs of whitespace and drops empties. */
  static List<Object> split(String s, String sep, long maxsplit) {
    List<Object> out = new ArrayList<>();
    if (sep == null) {
      int i = 0;
      while (true) {
        while (i < s.length() && Lexer.isSpace(s.charAt(i))) i++;
        if (i >= s.length()) break;
        if (maxsplit >= 0 && out.size() >= maxsplit) {
          out.add(s.substring(i));
          break;
        }
        int j = i;
        while (j < s.length() && !Lexer.isSpace(s.charAt(j))) j++;
        out.add(s.substring(i, j));
        i = j;
      }
      return out;
    }
    if (sep.isEmpty()) throw new EvalError("empty separator");
    int i = 0;
    for (int at = s.indexOf(sep); at >= 0 && (maxsplit < 0 || out.size() < maxsplit); at = s.indexOf(sep, i)) {
      out.add(s.substring(i, at));
      i = at + sep.length();
    }
    out.add(s.substring(i));
    return out;
  }

  /** {@code s.rsplit(sep, maxsplit)}: like split, counting splits from the right. */
  static List<Object> rsplit(String s, String sep, long maxsplit) {
    if (maxsplit < 0) return split(s, sep, maxsplit);
    String rev = new StringBuilder(s).reverse().toString();
    String revSep = sep == null ? null : new StringBuilder(sep).reverse().toString();
    List<Object> parts = split(rev, revSep, maxsplit);
    List<Object> out = new ArrayList<>(parts.size());
    for (int k = parts.size() - 1; k >= 0; k--) out.add(new StringBuilder((String) parts.get(k)).reverse().toString());
    return out;
  }

  /** {@code s.splitlines(keepends)} with Python's set of line boundaries. */
  static List<Object> splitlines(String s, boolean keepends) {
    List<Object> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int eol = c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n' ? 2
          : "\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029".indexOf(c) >= 0 ? 1 : 0;
      if (eol == 0) {
        i++;
        continue;
      }
      out.add(s.substring(start, keepends ? i + eol : i));
      i += eol;
      start = i;
    }
    if (start < s.length()) out.add(s.substring(start));
    return out;
  }

  // ------------------------------------------------------------------ case

  static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static boolean isCased(int cp) {
    return Character.isUpperCase(cp) || Character.isLowerCase(cp) || Character.isTitleCase(cp);
  }

  /** Python's {@code str.title()}: a cased character after an uncased one starts a word. */
  static String title(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean prevCased = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      String ch = new String(Character.toChars(cp));
      sb.append(prevCased ? lower(ch) : titleCase(cp));
      prevCased = isCased(cp);
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  /** Python's {@code str.capitalize()}: first character title-cased, the rest lower-cased. */
  static String capitalize(String s) {
    if (s.isEmpty()) return s;
    int cp = s.codePointAt(0);
    return titleCase(cp) + lower(s.substring(Character.charCount(cp)));
  }

  private static String titleCase(int cp) {
    String up = upper(new String(Character.toChars(cp)));
    return up.codePointCount(0, up.length()) == 1 ? new String(Character.toChars(Character.toTitleCase(cp))) : up;
  }

  /** Jinja's {@code title} filter: words begin after spaces, dashes and opening brackets. */
  static String jinjaTitle(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean wordStart = true;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      String ch = new String(Character.toChars(cp));
      boolean delimiter = Lexer.isSpace(cp) || "-({[<".indexOf(cp) >= 0;
      sb.append(wordStart && !delimiter ? upper(ch) : delimiter ? ch : lower(ch));
      wordStart = delimiter;
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ search and replace

  /** {@code s.replace(old, new, count)}; an empty {@code old} inserts between characters, as Python does. */
  static String replace(String s, String old, String rep, long count) {
    if (count < 0) count = Long.MAX_VALUE;
    StringBuilder sb = new StringBuilder();
    if (old.isEmpty()) {
      long n = 0;
      for (int i = 0; i < s.length(); ) {
        if (n++ < count) sb.append(rep);
        int cp = s.codePointAt(i);
        sb.appendCodePoint(cp);
        i += Character.charCount(cp);
      }
      if (n < count) sb.append(rep);
      return sb.toString();
    }
    int i = 0;
    long n = 0;
    for (int at = s.indexOf(old); at >= 0 && n < count; at = s.indexOf(old, i), n++) {
      sb.append(s, i, at).append(rep);
      i = at + old.length();
    }
    return sb.append(s.substring(i)).toString();
  }

  /** Non-overlapping occurrences, as {@code str.count}. */
  static long count(String s, String sub) {
    if (sub.isEmpty()) return s.codePointCount(0, s.length()) + 1;
    long n = 0;
    for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) n++;
    return n;
  }

  /** A UTF-16 index turned into Python's code-point index (-1 stays -1). */
  static long cpIndex(String s, int utf16Index) {
    return utf16Index < 0 ? -1 : s.codePointCount(0, utf16Index);
  }
}
