package org.reason4j.rl.sandbox;

/**
 * Runs a model-written Python program and returns the value of its {@code solution()} function.
 *
 * <p>This is the only door through which reason4j evaluates code a model wrote (DESIGN.md invariant 6).
 * Implementations must fail closed: whatever the program does, {@link #run} returns, within its
 * budgets, either a value or a null value with a {@link ExecutionResult.Failure} saying why. It never
 * throws for anything the program does, and nothing the program says reaches the host.
 */
public interface ProgramExecutor {
  /** The function the reference's P-CoT programs define and whose return value is the answer. */
  String ENTRY_FUNCTION = "solution";

  /** Executes {@code program}'s top-level statements, then calls {@code solution()}. */
  ExecutionResult run(String program);
}
