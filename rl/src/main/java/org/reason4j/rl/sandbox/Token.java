package org.reason4j.rl.sandbox;

/**
 * One Python token. {@code text} is the source spelling (names, keywords, operators); {@code value} is
 * the literal's value for numbers ({@code Long}, {@code BigInteger}, {@code Double}) and strings.
 */
record Token(Kind kind, String text, Object value, int line) {
  enum Kind { NAME, KEYWORD, NUMBER, STRING, OP, NEWLINE, INDENT, DEDENT, END }

  boolean is(Kind k, String t) {
    return kind == k && text.equals(t);
  }

  boolean isOp(String t) {
    return kind == Kind.OP && text.equals(t);
  }

  boolean isKeyword(String t) {
    return kind == Kind.KEYWORD && text.equals(t);
  }

  String describe() {
    return switch (kind) {
      case NEWLINE -> "end of line";
      case INDENT -> "indent";
      case DEDENT -> "dedent";
      case END -> "end of program";
      default -> "'" + text + "'";
    };
  }
}
