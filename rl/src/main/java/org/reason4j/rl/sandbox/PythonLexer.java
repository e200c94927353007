package org.reason4j.rl.sandbox;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Splits Python source into tokens, following the language reference's lexical rules: logical lines
 * end in NEWLINE; lines inside brackets or after a backslash continue; blank and comment-only lines
 * are skipped; indentation changes become INDENT and DEDENT (tabs advance to the next multiple of 8).
 *
 * <p>It reads the literals the subset needs (decimal, hex, octal, binary and float numbers with
 * underscores; single, double and triple-quoted strings, raw or not). It is not a full Python lexer:
 * f-strings, bytes and complex literals are refused as unsupported rather than read.
 */
final class PythonLexer {
  static final Set<String> KEYWORDS = Set.of(
      "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
      "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
      "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield");

  /** Longest first, so that the first match is the longest. */
  private static final String[] OPERATORS = {
      "**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "<<", ">>", "<=", ">=", "==", "!=",
      "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "+", "-", "*", "/", "%", "@", "&", "|",
      "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "="};

  /** CPython 3.11 refuses longer decimal integer literals (its int-to-str conversion limit). */
  static final int MAX_INT_DIGITS = 4300;

  private final String src;
  private final List<Token> out = new ArrayList<>();
  private final Deque<Integer> indents = new ArrayDeque<>();
  private int pos;
  private int line = 1;
  private int brackets;

  private PythonLexer(String src) {
    this.src = src;
    indents.push(0);
  }

  static List<Token> tokenize(String src) {
    PythonLexer lx = new PythonLexer(src);
    lx.run();
    return lx.out;
  }

  private void run() {
    boolean lineStart = true;
    while (pos < src.length()) {
      if (lineStart && brackets == 0) {
        if (!indentation()) continue;
        lineStart = false;
      }
      char c = src.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\f') {
        pos++;
      } else if (c == '#') {
        skipComment();
      } else if (c == '\\' && isNewlineAt(pos + 1)) {
        pos++;
        skipNewline();
      } else if (c == '\n' || c == '\r') {
        skipNewline();
        if (brackets == 0) {
          newline();
          lineStart = true;
        }
      } else if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
        number();
      } else if (Character.isLetter(c) || c == '_') {
        nameOrString();
      } else if (c == '"' || c == '\'') {
        string(false);
      } else {
        operator();
      }
    }
    if (brackets > 0) throw SandboxException.syntax(line, "unexpected end of program inside brackets");
    newline();
    while (indents.peek() > 0) {
      indents.pop();
      emit(Token.Kind.DEDENT, "");
    }
    emit(Token.Kind.END, "");
  }

  /** Reads the indentation of a line; returns false (having consumed it) when the line is blank. */
  private boolean indentation() {
    int col = 0;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == ' ') col++;
      else if (c == '\t') col = (col / 8 + 1) * 8;
      else if (c == '\f') col = 0;
      else break;
      pos++;
    }
    if (pos >= src.length()) return false;
    char c = src.charAt(pos);
    if (c == '#') {
      skipComment();
      return false;
    }
    if (c == '\n' || c == '\r') {
      skipNewline();
      return false;
    }
    if (col > indents.peek()) {
      indents.push(col);
      emit(Token.Kind.INDENT, "");
    } else {
      while (col < indents.peek()) {
        indents.pop();
        emit(Token.Kind.DEDENT, "");
      }
      if (col != indents.peek()) throw SandboxException.syntax(line, "unindent does not match any outer indentation level");
    }
    return true;
  }

  private void newline() {
    if (out.isEmpty()) return;
    Token.Kind last = out.get(out.size() - 1).kind();
    if (last != Token.Kind.NEWLINE && last != Token.Kind.INDENT && last != Token.Kind.DEDENT) emit(Token.Kind.NEWLINE, "");
  }

  private void skipComment() {
    while (pos < src.length() && !isNewlineAt(pos)) pos++;
  }

  private boolean isNewlineAt(int i) {
    return i < src.length() && (src.charAt(i) == '\n' || src.charAt(i) == '\r');
  }

  private void skipNewline() {
    if (src.charAt(pos) == '\r' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') pos++;
    pos++;
    line++;
  }

  private void emit(Token.Kind kind, String text) {
    out.add(new Token(kind, text, null, line));
  }

  private void nameOrString() {
    int start = pos;
    while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
    String word = src.substring(start, pos);
    if (pos < src.length() && (src.charAt(pos) == '"' || src.charAt(pos) == '\'') && isStringPrefix(word)) {
      String p = word.toLowerCase();
      if (p.contains("f")) throw SandboxException.unsupported("f-string at line " + line);
      if (p.contains("b")) throw SandboxException.unsupported("bytes literal at line " + line);
      string(p.contains("r"));
      return;
    }
    out.add(new Token(KEYWORDS.contains(word) ? Token.Kind.KEYWORD : Token.Kind.NAME, word, null, line));
  }

  private static boolean isStringPrefix(String w) {
    String p = w.toLowerCase();
    return switch (p) {
      case "r", "u", "f", "b", "rb", "br", "fr", "rf" -> true;
      default -> false;
    };
  }

  private void number() {
    int start = pos;
    if (src.charAt(pos) == '0' && pos + 1 < src.length() && "xXoObB".indexOf(src.charAt(pos + 1)) >= 0) {
      int radix = switch (Character.toLowerCase(src.charAt(pos + 1))) { case 'x' -> 16; case 'o' -> 8; default -> 2; };
      pos += 2;
      int digitsStart = pos;
      while (pos < src.length() && (Character.digit(src.charAt(pos), radix) >= 0 || src.charAt(pos) == '_')) pos++;
      String digits = src.substring(digitsStart, pos).replace("_", "");
      if (digits.isEmpty()) throw SandboxException.syntax(line, "invalid number literal");
      endOfNumber();
      addNumber(src.substring(start, pos), PyOps.normalize(new BigInteger(digits, radix)));
      return;
    }
    boolean isFloat = false;
    digits();
    if (pos < src.length() && src.charAt(pos) == '.') {
      isFloat = true;
      pos++;
      digits();
    }
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      int save = pos++;
      if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) pos++;
      if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        digits();
        isFloat = true;
      } else {
        pos = save;
      }
    }
    if (pos < src.length() && (src.charAt(pos) == 'j' || src.charAt(pos) == 'J'))
      throw SandboxException.unsupported("complex literal at line " + line);
    endOfNumber();
    String text = src.substring(start, pos);
    String clean = text.replace("_", "");
    if (isFloat) {
      addNumber(text, Double.parseDouble(clean));
    } else {
      if (clean.length() > 1 && clean.startsWith("0") && !clean.matches("0+"))
        throw SandboxException.syntax(line, "leading zeros in decimal integer literals are not permitted");
      if (clean.length() > MAX_INT_DIGITS)
        throw SandboxException.syntax(line, "integer literal longer than " + MAX_INT_DIGITS + " digits");
      addNumber(text, PyOps.normalize(new BigInteger(clean)));
    }
  }

  private void digits() {
    while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || (src.charAt(pos) == '_'
        && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))))) pos++;
  }

  private void endOfNumber() {
    if (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_'))
      throw SandboxException.syntax(line, "invalid number literal");
  }

  private void addNumber(String text, Object value) {
    out.add(new Token(Token.Kind.NUMBER, text, value, line));
  }

  private void string(boolean raw) {
    int startLine = line;
    char q = src.charAt(pos);
    boolean triple = src.startsWith(String.valueOf(q).repeat(3), pos);
    pos += triple ? 3 : 1;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= src.length()) throw SandboxException.syntax(startLine, "unterminated string literal");
      char c = src.charAt(pos);
      if (c == q && (!triple || src.startsWith(String.valueOf(q).repeat(3), pos))) {
        pos += triple ? 3 : 1;
        break;
      }
      if (c == '\n' || c == '\r') {
        if (!triple) throw SandboxException.syntax(line, "unterminated string literal");
        skipNewline();
        sb.append('\n');
      } else if (c == '\\' && pos + 1 < src.length()) {
        escape(sb, raw);
      } else {
        sb.append(c);
        pos++;
      }
    }
    out.add(new Token(Token.Kind.STRING, "string literal", sb.toString(), startLine));
  }

  /** Reads one backslash escape at {@code pos}; raw strings keep the backslash and the next char. */
  private void escape(StringBuilder sb, boolean raw) {
    char n = src.charAt(pos + 1);
    if (n == '\n' || n == '\r') {
      pos++;
      skipNewline();
      if (raw) sb.append('\\').append('\n');
      return;
    }
    if (raw) {
      sb.append('\\').append(n);
      pos += 2;
      return;
    }
    pos += 2;
    switch (n) {
      case '\\', '\'', '"' -> sb.append(n);
      case 'a' -> sb.append('\u0007');
      case 'b' -> sb.append('\b');
      case 'f' -> sb.append('\f');
      case 'n' -> sb.append('\n');
      case 'r' -> sb.append('\r');
      case 't' -> sb.append('\t');
      case 'v' -> sb.append('\u000b');
      case 'x' -> sb.appendCodePoint(hex(2));
      case 'u' -> sb.appendCodePoint(hex(4));
      case 'U' -> sb.appendCodePoint(hex(8));
      case 'N' -> throw SandboxException.unsupported("\\N{...} escape at line " + line);
      default -> {
        if (n >= '0' && n <= '7') {
          int v = n - '0';
          for (int k = 0; k < 2 && pos < src.length() && src.charAt(pos) >= '0' && src.charAt(pos) <= '7'; k++)
            v = v * 8 + (src.charAt(pos++) - '0');
          sb.append((char) v);
        } else {
          sb.append('\\').append(n);
        }
      }
    }
  }

  private int hex(int count) {
    if (pos + count > src.length()) throw SandboxException.syntax(line, "truncated escape in string");
    int v = 0;
    for (int k = 0; k < count; k++) {
      int d = Character.digit(src.charAt(pos + k), 16);
      if (d < 0) throw SandboxException.syntax(line, "truncated escape in string");
      v = v * 16 + d;
    }
    pos += count;
    if (v > Character.MAX_CODE_POINT) throw SandboxException.syntax(line, "illegal Unicode character in escape");
    return v;
  }

  private void operator() {
    for (String op : OPERATORS) {
      if (src.startsWith(op, pos)) {
        pos += op.length();
        switch (op) {
          case "(", "[", "{" -> brackets++;
          case ")", "]", "}" -> {
            if (brackets == 0) throw SandboxException.syntax(line, "unmatched '" + op + "'");
            brackets--;
          }
          default -> { }
        }
        emit(Token.Kind.OP, op);
        return;
      }
    }
    throw SandboxException.syntax(line, "invalid character '" + src.charAt(pos) + "'");
  }
}
