package org.reason4j.rl.sandbox;

import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.reason4j.rl.sandbox.ExecutionResult.Failure;

/**
 * Runs model-written Python programs in a small interpreter written for the purpose, never on the
 * host's Python: a lexer ({@link PythonLexer}), a parser to a syntax tree ({@link PythonParser}) and a
 * tree-walking evaluator ({@link Interpreter}) for the subset that word-problem programs use.
 *
 * <p>The interpreter can only compute: its values are numbers, strings, lists, tuples, dicts and
 * functions the program defined; it has no file, process, network, reflection or host-object
 * access to offer, and unknown constructs are refused ({@link Failure#UNSUPPORTED}). Each run gets a
 * fresh {@link Budget} of steps, time, memory and call depth, and runs in its own thread with a large
 * stack, so that whatever the program does, {@link #run} returns a result within its budgets.
 * Instances are immutable and may be shared between threads.
 */
public final class PythonSubsetInterpreter implements ProgramExecutor {
  /** How long the caller waits past the time budget for a run that cannot check its clock (one huge operation). */
  private static final long GRACE_MILLIS = 1_000;

  private final SandboxLimits limits;

  public PythonSubsetInterpreter() {
    this(SandboxLimits.DEFAULTS);
  }

  public PythonSubsetInterpreter(SandboxLimits limits) {
    this.limits = limits;
  }

  public SandboxLimits limits() {
    return limits;
  }

  @Override
  public ExecutionResult run(String program) {
    return run(program, ENTRY_FUNCTION);
  }

  /** Executes the program's top-level statements, then calls {@code entryFunction()} without arguments. */
  public ExecutionResult run(String program, String entryFunction) {
    if (program == null) return ExecutionResult.failed(Failure.SYNTAX, "no program");
    if (program.length() > limits.maxProgramChars())
      return ExecutionResult.failed(Failure.MEMORY_BUDGET, "program longer than " + limits.maxProgramChars() + " characters");
    Budget budget = new Budget(limits);
    AtomicReference<ExecutionResult> result = new AtomicReference<>();
    Thread worker = new Thread(null, () -> result.set(runHere(program, entryFunction, budget)),
        "reason4j-python-sandbox", limits.stackBytes());
    worker.setDaemon(true);
    worker.start();
    try {
      worker.join(limits.maxWallMillis() + GRACE_MILLIS);
    } catch (InterruptedException e) {
      budget.cancel();
      Thread.currentThread().interrupt();
      return ExecutionResult.failed(Failure.TIME_BUDGET, "interrupted while waiting for the program");
    }
    if (worker.isAlive()) {
      budget.cancel();
      return ExecutionResult.failed(Failure.TIME_BUDGET, "ran longer than " + limits.maxWallMillis() + " ms");
    }
    return result.get();
  }

  private ExecutionResult runHere(String program, String entryFunction, Budget budget) {
    try {
      List<Ast.Stmt> module = PythonParser.parse(program, limits.maxNesting());
      return convert(new Interpreter(budget).run(module, entryFunction), budget);
    } catch (SandboxException e) {
      return ExecutionResult.failed(e.failure, e.getMessage());
    } catch (StackOverflowError e) {
      return ExecutionResult.failed(Failure.DEPTH_BUDGET, "the interpreter's stack ran out");
    } catch (OutOfMemoryError e) {
      return ExecutionResult.failed(Failure.MEMORY_BUDGET, "the host ran out of memory");
    } catch (RuntimeException e) {
      // An interpreter bug must still fail closed; the detail says so, so that tests notice.
      return ExecutionResult.failed(Failure.RUNTIME_ERROR, "internal interpreter error: " + e);
    }
  }

  /** The returned value as the reference reads it: {@code float(result)} for numbers, the text for strings. */
  private static ExecutionResult convert(Object v, Budget budget) {
    if (v instanceof String s) return ExecutionResult.of(s, s);
    if (v instanceof Double d) return ExecutionResult.of(d, PyFormat.floatRepr(d));
    if (v instanceof Boolean b) return ExecutionResult.of(b ? 1.0 : 0.0, b ? "True" : "False");
    if (v instanceof Long l) return ExecutionResult.of((double) l, Long.toString(l));
    if (v instanceof BigInteger b) {
      double d = b.doubleValue();
      if (Double.isInfinite(d)) return ExecutionResult.failed(Failure.NO_RESULT, "OverflowError: int too large to convert to float");
      return ExecutionResult.of(d, PyFormat.intStr(b));
    }
    if (v == Values.NONE) return ExecutionResult.failed(Failure.NO_RESULT, "solution() returned None");
    if (v instanceof Values.Opaque o) return ExecutionResult.failed(Failure.UNSUPPORTED, "use of " + o.what());
    return ExecutionResult.failed(Failure.NO_RESULT, "solution() returned a " + PyOps.typeName(v) + ", not a number: "
        + PyFormat.repr(v, budget));
  }
}
