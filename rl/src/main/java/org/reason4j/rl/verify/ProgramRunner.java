package org.reason4j.rl.verify;

/**
 * Runs a model-written P-CoT program and returns what its {@code solution()} returned, as a number.
 *
 * <p>The verifiers never execute code themselves; the sandbox ({@code org.reason4j.rl.sandbox}) plugs in
 * here. An implementation must fail closed: null for a program that does not parse, raises, exceeds its
 * step, time or memory budget, uses anything outside the sandbox, or returns something that is not a
 * number. It must never run the program on the host.
 */
@FunctionalInterface
public interface ProgramRunner {
  /** The value of {@code solution()} for a complete program, or null. */
  Double run(String program);
}
