package org.reason4j.transformer.chat;

/**
 * A chat template that cannot be parsed or rendered. The message names the template's source (usually a
 * {@code tokenizer_config.json}), the line and column, and the problem, in that order.
 *
 * <p>{@link Kind#RAISED} marks an error the template raised itself with {@code raise_exception(msg)}
 * (chat templates use it to reject conversations they cannot format, e.g. roles out of order);
 * {@link #templateMessage()} then returns the template's own text.
 */
public final class TemplateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong: the template text, the evaluation, or the template's own {@code raise_exception}. */
  public enum Kind { SYNTAX, RUNTIME, RAISED }

  private final Kind kind;
  private final String source;
  private final int line;
  private final int column;
  private final String templateMessage;

  TemplateException(Kind kind, String source, int line, int column, String templateMessage) {
    super(format(kind, source, line, column, templateMessage));
    this.kind = kind;
    this.source = source;
    this.line = line;
    this.column = column;
    this.templateMessage = templateMessage;
  }

  private static String format(Kind kind, String source, int line, int column, String msg) {
    String where = source + ":" + line + ":" + column + ": ";
    switch (kind) {
      case SYNTAX:
        return where + "template syntax error: " + msg;
      case RAISED:
        return where + "the chat template raised an exception: " + msg;
      default:
        return where + msg;
    }
  }

  public Kind kind() {
    return kind;
  }

  /** The template's name as given when it was parsed (a file, or a file plus "chat_template"). */
  public String source() {
    return source;
  }

  /** 1-based line in the template text. */
  public int line() {
    return line;
  }

  /** 1-based column in the template text. */
  public int column() {
    return column;
  }

  /** The problem without the location prefix; for {@link Kind#RAISED}, exactly the template's message. */
  public String templateMessage() {
    return templateMessage;
  }
}
