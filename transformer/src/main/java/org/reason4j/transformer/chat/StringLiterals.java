package org.reason4j.transformer.chat;

/**
 * Decodes the body of a quoted string literal the way Jinja does (Python's {@code unicode-escape}):
 * backslash followed by n, t, r, backslash, quotes, a, b, f, v; octal (1-3 digits); x plus 2 hex
 * digits, u plus 4, U plus 8; N{NAME}; a backslash before a newline joins lines; any other backslash
 * is kept as written.
 */
final class StringLiterals {
  private StringLiterals() {}

  static String unescape(String body, Source src, int offset) {
    if (body.indexOf('\\') < 0) return body;
    StringBuilder out = new StringBuilder(body.length());
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c != '\\' || i + 1 >= body.length()) {
        out.append(c);
        i++;
        continue;
      }
      char e = body.charAt(i + 1);
      i += 2;
      switch (e) {
        case '\n': break;
        case '\\': out.append('\\'); break;
        case '\'': out.append('\''); break;
        case '"': out.append('"'); break;
        case 'a': out.append('\u0007'); break;
        case 'b': out.append('\b'); break;
        case 'f': out.append('\f'); break;
        case 'n': out.append('\n'); break;
        case 'r': out.append('\r'); break;
        case 't': out.append('\t'); break;
        case 'v': out.append('\u000b'); break;
        case 'x': i = hex(body, i, 2, out, src, offset, "\\xXX"); break;
        case 'u': i = hex(body, i, 4, out, src, offset, "\\uXXXX"); break;
        case 'U': i = hex(body, i, 8, out, src, offset, "\\UXXXXXXXX"); break;
        case 'N': i = named(body, i, out, src, offset); break;
        default:
          if (e >= '0' && e <= '7') {
            int end = i - 1;
            while (end < body.length() && end < i + 2 && body.charAt(end) >= '0' && body.charAt(end) <= '7') end++;
            out.appendCodePoint(Integer.parseInt(body.substring(i - 1, end), 8));
            i = end;
          } else {
            out.append('\\').append(e);
          }
      }
    }
    return out.toString();
  }

  private static int hex(String b, int i, int n, StringBuilder out, Source src, int offset, String form) {
    if (i + n > b.length() || !b.substring(i, i + n).chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
      throw src.syntaxError(offset, "truncated " + form + " escape in string literal");
    }
    int cp = (int) Long.parseLong(b.substring(i, i + n), 16);
    if (!Character.isValidCodePoint(cp)) throw src.syntaxError(offset, "illegal Unicode character in string literal");
    out.appendCodePoint(cp);
    return i + n;
  }

  private static int named(String b, int i, StringBuilder out, Source src, int offset) {
    int close = b.indexOf('}', i);
    if (i >= b.length() || b.charAt(i) != '{' || close < 0) {
      throw src.syntaxError(offset, "malformed \\N character escape in string literal");
    }
    try {
      out.appendCodePoint(Character.codePointOf(b.substring(i + 1, close)));
    } catch (IllegalArgumentException e) {
      throw src.syntaxError(offset, "unknown Unicode character name in string literal");
    }
    return close + 1;
  }
}
