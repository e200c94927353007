package org.reason4j.autograd;

/**
 * Whether ops record the graph on this thread. Generation and evaluation run the exact training forward
 * inside {@code try (var g = GradMode.disabled()) { ... }}, so no graph and no saved tensors are kept.
 */
public final class GradMode implements AutoCloseable {
  private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

  private final boolean previous;

  private GradMode(boolean enabled) {
    previous = ENABLED.get();
    ENABLED.set(enabled);
  }

  /** A scope in which no graph is recorded; closing it restores the previous mode. */
  public static GradMode disabled() {
    return new GradMode(false);
  }

  /** A scope in which recording is on again (inside an outer disabled scope). */
  public static GradMode enabled() {
    return new GradMode(true);
  }

  public static boolean isEnabled() {
    return ENABLED.get();
  }

  @Override
  public void close() {
    ENABLED.set(previous);
  }
}
