package org.reason4j.tensor.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * The CPU backend's fixed thread pool, sized to the cores (or to the system property
 * {@code reason4j.threads}). Work is split into index ranges; kernels are written so that every output
 * element is computed by exactly one task in a fixed order, which makes results independent of the
 * thread count. Nested calls from inside the pool run inline.
 */
public final class Parallel {
  /** A body over the half-open index range [from, to). */
  @FunctionalInterface
  public interface RangeBody {
    void run(int from, int to);
  }

  private static volatile int threads = defaultThreads();
  private static volatile ForkJoinPool pool = newPool(threads);

  private Parallel() {}

  private static int defaultThreads() {
    String p = System.getProperty("reason4j.threads");
    if (p != null && !p.isBlank()) {
      try {
        int t = Integer.parseInt(p.trim());
        if (t >= 1) return t;
      } catch (NumberFormatException e) {
        // fall back to the core count below
      }
      throw new IllegalArgumentException("reason4j.threads must be a positive integer, got '" + p + "'");
    }
    return Runtime.getRuntime().availableProcessors();
  }

  private static final java.util.concurrent.atomic.AtomicInteger THREAD_NUMBER = new java.util.concurrent.atomic.AtomicInteger();

  private static ForkJoinPool newPool(int n) {
    return new ForkJoinPool(n, p -> {
      var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
      t.setDaemon(true);
      t.setName("reason4j-cpu-" + THREAD_NUMBER.getAndIncrement());
      return t;
    }, null, false);
  }

  public static int threads() {
    return threads;
  }

  /** Changes the pool size (tests use it to show results do not depend on it). */
  public static synchronized void setThreads(int n) {
    if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
    if (n == threads) return;
    ForkJoinPool old = pool;
    pool = newPool(n);
    threads = n;
    old.shutdown();
  }

  /**
   * Runs body over [0, n) in chunks of at least {@code grain} indices. With one thread, a small n, or
   * when already inside the pool, it runs on the calling thread.
   */
  public static void forRange(int n, int grain, RangeBody body) {
    int t = threads;
    if (n <= 0) return;
    int chunks = Math.min(t, (n + Math.max(grain, 1) - 1) / Math.max(grain, 1));
    if (chunks <= 1 || ForkJoinTask.inForkJoinPool()) {
      body.run(0, n);
      return;
    }
    ForkJoinPool p = pool;
    RecursiveAction[] tasks = new RecursiveAction[chunks];
    for (int c = 0; c < chunks; c++) {
      int from = (int) ((long) n * c / chunks), to = (int) ((long) n * (c + 1) / chunks);
      tasks[c] = new RecursiveAction() {
        @Override
        protected void compute() {
          body.run(from, to);
        }
      };
    }
    p.invoke(new RecursiveAction() {
      @Override
      protected void compute() {
        invokeAll(tasks);
      }
    });
  }
}
