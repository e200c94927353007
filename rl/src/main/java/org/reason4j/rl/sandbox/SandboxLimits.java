package org.reason4j.rl.sandbox;

/**
 * The budgets a sandboxed program runs under; exceeding any of them ends the run with a null result.
 *
 * @param maxSteps evaluated statements and expression nodes (plus one per element that a builtin
 *     scans), so an endless loop ends
 * @param maxWallMillis wall-clock time, checked inside the step counter and again by the caller
 * @param maxMemoryUnits allocations counted over the whole run: one unit per list, tuple or dict
 *     element, per string character, and per bit of an integer wider than 64 bits
 * @param maxCallDepth Python-level calls in progress at once (Python's default recursion limit is 1000)
 * @param maxNesting how deeply blocks, brackets and operators may nest in the source; it bounds the
 *     interpreter's own Java recursion per call
 * @param maxProgramChars longer program text is refused before it is read
 * @param stackBytes the Java stack of the thread that runs the program; with the limits above it
 *     leaves a wide margin, so Java's stack never overflows
 */
public record SandboxLimits(
    long maxSteps,
    long maxWallMillis,
    long maxMemoryUnits,
    int maxCallDepth,
    int maxNesting,
    int maxProgramChars,
    long stackBytes) {

  /** Generous for word-problem programs (the SVAMP gold programs need under 100 steps each). */
  public static final SandboxLimits DEFAULTS =
      new SandboxLimits(1_000_000, 2_000, 10_000_000, 200, 100, 100_000, 64L << 20);

  /** Above this a single string or list could pass Java's array size limit. */
  public static final long MAX_MEMORY_UNITS = 1L << 30;

  public SandboxLimits {
    if (maxSteps < 1 || maxWallMillis < 1 || maxMemoryUnits < 1 || maxMemoryUnits > MAX_MEMORY_UNITS
        || maxCallDepth < 1 || maxNesting < 1 || maxProgramChars < 1 || stackBytes < (1 << 20))
      throw new IllegalArgumentException("sandbox limits must be positive, memory at most " + MAX_MEMORY_UNITS
          + " units, stack at least 1 MiB: " + this);
  }

  public SandboxLimits withMaxSteps(long v) {
    return new SandboxLimits(v, maxWallMillis, maxMemoryUnits, maxCallDepth, maxNesting, maxProgramChars, stackBytes);
  }

  public SandboxLimits withMaxWallMillis(long v) {
    return new SandboxLimits(maxSteps, v, maxMemoryUnits, maxCallDepth, maxNesting, maxProgramChars, stackBytes);
  }

  public SandboxLimits withMaxMemoryUnits(long v) {
    return new SandboxLimits(maxSteps, maxWallMillis, v, maxCallDepth, maxNesting, maxProgramChars, stackBytes);
  }

  public SandboxLimits withMaxCallDepth(int v) {
    return new SandboxLimits(maxSteps, maxWallMillis, maxMemoryUnits, v, maxNesting, maxProgramChars, stackBytes);
  }

  public SandboxLimits withMaxNesting(int v) {
    return new SandboxLimits(maxSteps, maxWallMillis, maxMemoryUnits, maxCallDepth, v, maxProgramChars, stackBytes);
  }

  public SandboxLimits withMaxProgramChars(int v) {
    return new SandboxLimits(maxSteps, maxWallMillis, maxMemoryUnits, maxCallDepth, maxNesting, v, stackBytes);
  }

  public SandboxLimits withStackBytes(long v) {
    return new SandboxLimits(maxSteps, maxWallMillis, maxMemoryUnits, maxCallDepth, maxNesting, maxProgramChars, v);
  }
}
