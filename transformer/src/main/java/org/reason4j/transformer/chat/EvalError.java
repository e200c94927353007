package org.reason4j.transformer.chat;

/**
 * A failure while evaluating, before its template position is known; {@link Context} turns it into a
 * {@link TemplateException} at the innermost node that was being evaluated.
 */
final class EvalError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** True for the template's own {@code raise_exception(msg)}. */
  final boolean raised;

  EvalError(String message) {
    this(message, false);
  }

  EvalError(String message, boolean raised) {
    super(message, null, false, false);
    this.raised = raised;
  }
}
