package org.reason4j.rl.sandbox;

/**
 * Ends a sandboxed run: a Python exception, a refused construct or an exhausted budget.
 *
 * <p>It carries no stack trace (programs may raise many, and the trace would only show the
 * interpreter), and it never leaves the sandbox: {@link PythonSubsetInterpreter} turns it into an
 * {@link ExecutionResult}.
 */
final class SandboxException extends RuntimeException {
  final ExecutionResult.Failure failure;
  private final boolean located;

  SandboxException(ExecutionResult.Failure failure, String detail) {
    this(failure, detail, false);
  }

  private SandboxException(ExecutionResult.Failure failure, String detail, boolean located) {
    super(detail, null, false, false);
    this.failure = failure;
    this.located = located;
  }

  /** The same error naming the innermost statement's line; budget failures have no single line. */
  SandboxException at(int line) {
    boolean perLine = failure == ExecutionResult.Failure.RUNTIME_ERROR || failure == ExecutionResult.Failure.UNSUPPORTED;
    return located || !perLine ? this : new SandboxException(failure, "line " + line + ": " + getMessage(), true);
  }

  /** A Python exception, named as Python names it: {@code pyError("ZeroDivisionError", "division by zero")}. */
  static SandboxException pyError(String type, String message) {
    return new SandboxException(ExecutionResult.Failure.RUNTIME_ERROR, type + ": " + message);
  }

  static SandboxException unsupported(String what) {
    return new SandboxException(ExecutionResult.Failure.UNSUPPORTED, what);
  }

  static SandboxException syntax(int line, String message) {
    return new SandboxException(ExecutionResult.Failure.SYNTAX, "line " + line + ": " + message);
  }
}
