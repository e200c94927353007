/**
 * Running model-written programs without trusting them (DESIGN.md invariant 6).
 *
 * <p>ReFT's program chain-of-thought has the model write {@code def solution(): ... return result};
 * the reward needs the value it returns. {@link org.reason4j.rl.sandbox.ProgramExecutor} is the only
 * way reason4j evaluates such code. The default, {@link org.reason4j.rl.sandbox.PythonSubsetInterpreter},
 * is a small Python interpreter written here (lexer, parser, tree-walking evaluator) for the subset
 * word-problem programs use, with step, time, memory and call-depth budgets; it never runs anything
 * on the host and refuses what it does not know. {@link org.reason4j.rl.sandbox.PCoTProgram} turns a
 * rollout into the program the reference would run. {@link org.reason4j.rl.sandbox.ExternalPythonExecutor}
 * is an opt-in, weaker alternative that runs CPython in a limited subprocess.
 *
 * <p>Reading order: {@code ProgramExecutor}, {@code ExecutionResult}, {@code PCoTProgram},
 * {@code PythonSubsetInterpreter}, then {@code PythonLexer}, {@code PythonParser}, {@code Ast},
 * {@code Interpreter}, {@code PyOps}.
 */
package org.reason4j.rl.sandbox;
