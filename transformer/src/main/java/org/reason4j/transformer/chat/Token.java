package org.reason4j.transformer.chat;

/**
 * One lexical token of a Jinja template: literal text between tags, a tag delimiter, or a piece of an
 * expression inside a tag. {@code value} holds the decoded literal for strings and numbers.
 */
record Token(Type type, String text, Object value, int offset) {

  enum Type {
    TEXT, VARIABLE_BEGIN, VARIABLE_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INTEGER, FLOAT, OPERATOR, EOF
  }

  boolean is(Type t) {
    return type == t;
  }

  boolean isOperator(String op) {
    return type == Type.OPERATOR && text.equals(op);
  }

  boolean isName(String name) {
    return type == Type.NAME && text.equals(name);
  }

  /** How the token reads in an error message, the way Jinja describes it. */
  String describe() {
    switch (type) {
      case EOF:
        return "end of template";
      case VARIABLE_END:
        return "end of print statement";
      case BLOCK_END:
        return "end of statement block";
      case TEXT:
        return "template data";
      default:
        return "'" + text + "'";
    }
  }
}
