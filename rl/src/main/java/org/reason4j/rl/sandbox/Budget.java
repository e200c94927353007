package org.reason4j.rl.sandbox;

import org.reason4j.rl.sandbox.ExecutionResult.Failure;

/**
 * Counts what a run spends (steps, allocated units, call depth, time) and ends it when a limit is
 * passed. The clock is read every 1024 steps and whenever a builtin charges many steps at once, so a
 * loop that never allocates still ends; {@link #cancel()} lets the caller end a run from outside.
 */
final class Budget {
  private final SandboxLimits limits;
  private final long deadlineNanos;
  private long steps;
  private long memory;
  private int depth;
  private volatile boolean cancelled;

  Budget(SandboxLimits limits) {
    this.limits = limits;
    this.deadlineNanos = System.nanoTime() + limits.maxWallMillis() * 1_000_000L;
  }

  void step() {
    if (++steps > limits.maxSteps()) throw stepsExceeded();
    if ((steps & 1023) == 0) checkTime();
  }

  /** Charges {@code n} steps at once: the work of a builtin that scans {@code n} elements. */
  void steps(long n) {
    if (n < 0 || n > limits.maxSteps() - steps) throw stepsExceeded();
    steps += n;
    checkTime();
  }

  /** Charges work estimated in floating point (a product of two lengths may overflow a long). */
  void steps(double n) {
    steps(n >= Long.MAX_VALUE || Double.isNaN(n) ? -1 : (long) n);
  }

  /** Charges {@code units} allocated units, refusing before the allocation happens. */
  void alloc(long units) {
    if (units < 0 || units > limits.maxMemoryUnits() - memory)
      throw new SandboxException(Failure.MEMORY_BUDGET, "allocation beyond " + limits.maxMemoryUnits() + " units");
    memory += units;
  }

  /** Charges an allocation whose size was estimated in floating point (it may be astronomically large). */
  void alloc(double units) {
    alloc(units >= Long.MAX_VALUE || Double.isNaN(units) ? -1 : (long) Math.ceil(units));
  }

  void enterCall() {
    if (++depth > limits.maxCallDepth())
      throw new SandboxException(Failure.DEPTH_BUDGET, "RecursionError: call depth exceeded " + limits.maxCallDepth());
  }

  void exitCall() {
    depth--;
  }

  void checkTime() {
    if (cancelled || System.nanoTime() - deadlineNanos > 0)
      throw new SandboxException(Failure.TIME_BUDGET, "ran longer than " + limits.maxWallMillis() + " ms");
  }

  void cancel() {
    cancelled = true;
  }

  long stepsUsed() {
    return steps;
  }

  long memoryUsed() {
    return memory;
  }

  private SandboxException stepsExceeded() {
    return new SandboxException(Failure.STEP_BUDGET, "more than " + limits.maxSteps() + " steps");
  }
}
