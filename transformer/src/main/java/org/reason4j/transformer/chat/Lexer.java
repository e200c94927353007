package org.reason4j.transformer.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a template into tokens, following Jinja2's lexer rule for rule, with the options Hugging Face
 * uses: {@code trim_blocks} (the first newline after a block or comment tag is dropped) and
 * {@code lstrip_blocks} (spaces and tabs before a block or comment tag that starts a line are dropped).
 * A {@code -} inside a delimiter ({@code {%-}, {@code -}}}) strips all whitespace on that side; a
 * {@code +} turns the two options off for that side.
 *
 * <p>Not supported: line statements and custom delimiters (chat templates use neither).
 */
final class Lexer {
  private static final Pattern RAW_BEGIN = Pattern.compile("\\{%[-+]?\\s*raw\\s*(?:-%}\\s*|%})");
  private static final Pattern RAW_END =
      Pattern.compile("\\{%([-+]?)\\s*endraw\\s*(?:\\+%}|-%}\\s*|%}\\n?)");
  private static final Pattern FLOAT =
      Pattern.compile("(?:\\d+_)*\\d+(?:(?:\\.(?:\\d+_)*\\d+)?[eE][+\\-]?(?:\\d+_)*\\d+|\\.(?:\\d+_)*\\d+)");
  private static final Pattern INTEGER = Pattern.compile(
      "0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[0-9a-fA-F])+|[1-9](?:_?\\d)*|0(?:_?0)*");
  private static final String[] OPERATORS_2 = {"//", "**", "==", "!=", ">=", "<="};
  private static final String OPERATORS_1 = "+-/*%~[](){}><=.:|,;";

  private final Source src;
  private final String s;
  private final List<Token> tokens = new ArrayList<>();
  private final Deque<Character> balance = new ArrayDeque<>();
  private int pos;
  private boolean lineStarting = true;

  private Lexer(Source src) {
    this.src = src;
    this.s = src.text;
  }

  static List<Token> tokenize(Source src) {
    Lexer lx = new Lexer(src);
    lx.root();
    lx.tokens.add(new Token(Token.Type.EOF, "", null, lx.s.length()));
    return lx.tokens;
  }

  // ------------------------------------------------------------------ template data and tags

  private void root() {
    while (pos < s.length()) {
      int tag = nextTag(pos);
      if (tag < 0) {
        emitText(s.substring(pos), pos);
        pos = s.length();
        return;
      }
      char kind = s.charAt(tag + 1);
      char third = tag + 2 < s.length() ? s.charAt(tag + 2) : 0;
      char sign = third == '-' || third == '+' ? third : 0;
      Matcher raw = kind == '%' ? RAW_BEGIN.matcher(s).region(tag, s.length()) : null;
      boolean isRaw = raw != null && raw.lookingAt();
      emitText(stripBefore(s.substring(pos, tag), sign, kind != '{'), pos);
      if (isRaw) {
        pos = raw.end();
        lineStarting = s.charAt(pos - 1) == '\n';
        rawBody(tag);
      } else {
        pos = tag + 2 + (sign != 0 ? 1 : 0);
        lineStarting = false;
        if (kind == '#') comment(tag);
        else if (kind == '%') tag(tag, Token.Type.BLOCK_BEGIN, Token.Type.BLOCK_END);
        else tag(tag, Token.Type.VARIABLE_BEGIN, Token.Type.VARIABLE_END);
      }
    }
  }

  private int nextTag(int from) {
    for (int i = s.indexOf('{', from); i >= 0 && i + 1 < s.length(); i = s.indexOf('{', i + 1)) {
      char c = s.charAt(i + 1);
      if (c == '{' || c == '%' || c == '#') return i;
    }
    return -1;
  }

  /**
   * The text before a tag, after whitespace control: {@code -} strips all trailing whitespace;
   * otherwise lstrip_blocks removes spaces/tabs between the line start and a block or comment tag.
   */
  private String stripBefore(String text, char sign, boolean lstripApplies) {
    if (sign == '-') return rstrip(text);
    if (sign == '+' || !lstripApplies) return text;
    int lineStart = text.lastIndexOf('\n') + 1;
    if ((lineStart > 0 || lineStarting) && lineStart < text.length() && allSpace(text, lineStart)) {
      return text.substring(0, lineStart);
    }
    return text;
  }

  private void emitText(String text, int offset) {
    if (!text.isEmpty()) tokens.add(new Token(Token.Type.TEXT, text, text, offset));
  }

  private void comment(int start) {
    for (int p = pos; p < s.length(); p++) {
      if (s.startsWith("+#}", p)) {
        finishTag(p + 3, '+');
        return;
      } else if (s.startsWith("-#}", p)) {
        finishTag(p + 3, '-');
        return;
      } else if (s.startsWith("#}", p)) {
        finishTag(p + 2, (char) 0);
        return;
      }
    }
    // Jinja only notices an unclosed comment if any text follows its opening; at the very end it is dropped.
    if (pos < s.length()) throw src.syntaxError(start, "missing end of comment tag");
    pos = s.length();
  }

  private void rawBody(int start) {
    Matcher m = RAW_END.matcher(s);
    if (!m.find(pos)) {
      if (pos < s.length()) throw src.syntaxError(start, "missing end of raw directive");
      return; // as for comments, Jinja accepts an unclosed raw tag at the very end
    }
    char sign = m.group(1).isEmpty() ? 0 : m.group(1).charAt(0);
    emitText(stripBefore(s.substring(pos, m.start()), sign, true), pos);
    pos = m.end();
    lineStarting = s.charAt(pos - 1) == '\n';
  }

  /** Moves past a closing delimiter ending at {@code end}: {@code -} eats whitespace, trim_blocks one newline. */
  private void finishTag(int end, char sign) {
    pos = end;
    if (sign == '-') {
      while (pos < s.length() && isSpace(s.charAt(pos))) pos++;
    } else if (sign == 0 && pos < s.length() && s.charAt(pos) == '\n') {
      pos++;
    }
    lineStarting = s.charAt(pos - 1) == '\n';
  }

  // ------------------------------------------------------------------ inside {{ }} and {% %}

  private void tag(int start, Token.Type begin, Token.Type end) {
    boolean block = begin == Token.Type.BLOCK_BEGIN;
    tokens.add(new Token(begin, s.substring(start, pos), null, start));
    while (pos < s.length()) {
      if (balance.isEmpty() && closeTag(block, end)) return;
      char c = s.charAt(pos);
      if (isSpace(c)) {
        pos++;
      } else if (!number() && !name() && !string() && !operator()) {
        throw src.syntaxError(pos, "unexpected char '" + c + "'");
      }
    }
  }

  private boolean closeTag(boolean block, Token.Type end) {
    int at = pos;
    if (block && s.startsWith("+%}", pos)) {
      finishTag(pos + 3, '+');
    } else if (s.startsWith(block ? "-%}" : "-}}", pos)) {
      finishTag(pos + 3, '-');
    } else if (block && s.startsWith("%}", pos)) {
      finishTag(pos + 2, (char) 0);
    } else if (!block && s.startsWith("}}", pos)) {
      pos += 2; // trim_blocks never applies to }}
      lineStarting = false;
    } else {
      return false;
    }
    tokens.add(new Token(end, s.substring(at, pos).strip(), null, at));
    return true;
  }

  private boolean number() {
    boolean afterDot = pos > 0 && s.charAt(pos - 1) == '.';
    Matcher f = FLOAT.matcher(s).region(pos, s.length());
    if (!afterDot && f.lookingAt()) {
      String lit = f.group();
      tokens.add(new Token(Token.Type.FLOAT, lit, Double.parseDouble(lit.replace("_", "")), pos));
      pos = f.end();
      return true;
    }
    Matcher i = INTEGER.matcher(s).region(pos, s.length());
    if (!i.lookingAt()) return false;
    String lit = i.group().replace("_", "").toLowerCase();
    int radix = lit.startsWith("0b") ? 2 : lit.startsWith("0o") ? 8 : lit.startsWith("0x") ? 16 : 10;
    String digits = radix == 10 ? lit : lit.substring(2);
    try {
      tokens.add(new Token(Token.Type.INTEGER, i.group(), Long.parseLong(digits, radix), pos));
    } catch (NumberFormatException e) {
      throw src.syntaxError(pos, "integer literal " + i.group() + " is too large (64-bit integers only)");
    }
    pos = i.end();
    return true;
  }

  private boolean name() {
    char c = s.charAt(pos);
    if (c != '_' && !Character.isUnicodeIdentifierStart(c)) return false;
    int end = pos + 1;
    while (end < s.length() && (s.charAt(end) == '_' || Character.isUnicodeIdentifierPart(s.charAt(end)))) {
      end++;
    }
    tokens.add(new Token(Token.Type.NAME, s.substring(pos, end), null, pos));
    pos = end;
    return true;
  }

  private boolean string() {
    char quote = s.charAt(pos);
    if (quote != '\'' && quote != '"') return false;
    int p = pos + 1;
    while (p < s.length() && s.charAt(p) != quote) p += s.charAt(p) == '\\' ? 2 : 1;
    if (p >= s.length()) throw src.syntaxError(pos, "unterminated string literal");
    String body = s.substring(pos + 1, p);
    tokens.add(new Token(Token.Type.STRING, s.substring(pos, p + 1), StringLiterals.unescape(body, src, pos), pos));
    pos = p + 1;
    return true;
  }

  private boolean operator() {
    String op = null;
    for (String two : OPERATORS_2) if (s.startsWith(two, pos)) op = two;
    if (op == null && OPERATORS_1.indexOf(s.charAt(pos)) >= 0) op = String.valueOf(s.charAt(pos));
    if (op == null) return false;
    balanceBrackets(op.charAt(0));
    tokens.add(new Token(Token.Type.OPERATOR, op, null, pos));
    pos += op.length();
    return true;
  }

  private void balanceBrackets(char c) {
    if (c == '(') balance.push(')');
    else if (c == '[') balance.push(']');
    else if (c == '{') balance.push('}');
    else if (c == ')' || c == ']' || c == '}') {
      if (balance.isEmpty()) throw src.syntaxError(pos, "unexpected '" + c + "'");
      char expected = balance.pop();
      if (expected != c) throw src.syntaxError(pos, "unexpected '" + c + "', expected '" + expected + "'");
    }
  }

  // ------------------------------------------------------------------ Python's notion of whitespace

  /** Python's {@code str.isspace()}, which Jinja's {@code \s} and {@code rstrip()} follow. */
  static boolean isSpace(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
  }

  static String rstrip(String t) {
    int end = t.length();
    while (end > 0 && isSpace(t.charAt(end - 1))) end--;
    return t.substring(0, end);
  }

  private static boolean allSpace(String t, int from) {
    for (int i = from; i < t.length(); i++) if (!isSpace(t.charAt(i))) return false;
    return true;
  }
}
