package org.reason4j.transformer.chat;

import java.util.List;

/**
 * The parser's view of the tokens: look ahead, consume, expect, and fail with the template position.
 * Also counts nesting, so that a pathological template fails with a syntax error instead of
 * overflowing the Java stack.
 */
final class TokenStream {
  /** Deeper nesting of blocks and brackets is refused. */
  static final int MAX_NESTING = 200;

  private final Source src;
  private final List<Token> tokens;
  private int pos;
  private int nesting;

  TokenStream(Source src, List<Token> tokens) {
    this.src = src;
    this.tokens = tokens;
  }

  Token peek() {
    return tokens.get(pos);
  }

  Token peek(int ahead) {
    return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
  }

  Token next() {
    Token t = tokens.get(pos);
    if (pos < tokens.size() - 1) pos++;
    return t;
  }

  TemplateException fail(Token at, String message) {
    return src.syntaxError(at.offset(), message);
  }

  Token expect(Token.Type type, String what) {
    Token t = peek();
    if (!t.is(type)) throw fail(t, "expected " + what + ", got " + t.describe());
    return next();
  }

  void expectOperator(String op) {
    if (!peek().isOperator(op)) throw fail(peek(), "expected '" + op + "', got " + peek().describe());
    next();
  }

  boolean skipOperator(String op) {
    if (!peek().isOperator(op)) return false;
    next();
    return true;
  }

  boolean skipName(String name) {
    if (!peek().isName(name)) return false;
    next();
    return true;
  }

  /** One level deeper; pair with {@link #exit()}. */
  void enter(Token at) {
    if (++nesting > MAX_NESTING) throw fail(at, "template nested more than " + MAX_NESTING + " levels deep");
  }

  void exit() {
    nesting--;
  }
}
