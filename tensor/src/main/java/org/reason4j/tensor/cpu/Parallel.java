package org.reason4j.tensor.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU backend's threads: the calling thread plus a fixed pool of helpers, as many threads in all as
 * there are cores (or as the system property {@code reason4j.threads} says). Work is split into index
 * ranges; kernels are written so that every output element is computed by exactly one range in a fixed
 * order, which makes results independent of the thread count and of which thread runs which range.
 * Nested calls from inside the pool run inline.
 *
 * <p>Why the caller works too, and why ranges are claimed rather than assigned: waking a parked helper
 * takes tens of microseconds, and on a machine shared with other programs a helper may not run for a
 * whole scheduler time slice. The caller starts on the ranges at once and takes whatever the helpers have
 * not claimed, so a late or descheduled helper costs at most the range it holds, never the whole op.
 */
public final class Parallel {
  /** A body over the half-open index range [from, to). */
  @FunctionalInterface
  public interface RangeBody {
    void run(int from, int to);
  }

  /** Ranges per thread when the work allows it: enough for a late helper's share to be taken over. */
  private static final int RANGES_PER_THREAD = 4;
  /** Spins of the caller waiting for helpers' last ranges before it parks (a range is often microseconds). */
  private static final int SPINS = 1 << 6;

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

  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  /** Helpers for n threads in all: the caller is the n-th. */
  private static ForkJoinPool newPool(int n) {
    return new ForkJoinPool(Math.max(1, n - 1), p -> {
      var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
      t.setDaemon(true);
      t.setName("reason4j-cpu-" + THREAD_NUMBER.getAndIncrement());
      return t;
    }, null, true);
  }

  public static int threads() {
    return threads;
  }

  /** Changes the number of threads (tests use it to show results do not depend on it). */
  public static synchronized void setThreads(int n) {
    if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
    if (n == threads) return;
    ForkJoinPool old = pool;
    pool = newPool(n);
    threads = n;
    old.shutdown();
  }

  /**
   * Runs body over [0, n) in ranges of at least {@code grain} indices. With one thread, a small n, or
   * when already inside the pool, it runs on the calling thread.
   */
  public static void forRange(int n, int grain, RangeBody body) {
    int t = threads;
    if (n <= 0) return;
    int most = n / Math.max(grain, 1); // ranges of at least the grain
    if (t <= 1 || most <= 1 || ForkJoinTask.inForkJoinPool()) {
      body.run(0, n);
      return;
    }
    new Split(n, Math.min(most, t * RANGES_PER_THREAD), body).run(pool, Math.min(t - 1, most - 1));
  }

  /** One parallel call: ranges claimed in order from a counter by the caller and the helpers. */
  private static final class Split implements Runnable {
    private final int n;
    private final int ranges;
    private final RangeBody body;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger unfinished;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread caller = Thread.currentThread();
    private volatile boolean callerParked;

    Split(int n, int ranges, RangeBody body) {
      this.n = n;
      this.ranges = ranges;
      this.body = body;
      this.unfinished = new AtomicInteger(ranges);
    }

    void run(ForkJoinPool p, int helpers) {
      for (int h = 0; h < helpers; h++) p.execute(this);
      run();
      for (int spin = 0; unfinished.get() > 0 && spin < SPINS; spin++) Thread.onSpinWait();
      if (unfinished.get() > 0) {
        callerParked = true;
        while (unfinished.get() > 0) LockSupport.park(this);
      }
      Throwable e = failure.get();
      if (e instanceof RuntimeException) throw (RuntimeException) e;
      if (e instanceof Error) throw (Error) e;
      if (e != null) throw new IllegalStateException(e);
    }

    /** Claims and runs ranges until none is left. */
    @Override
    public void run() {
      for (int c; (c = next.getAndIncrement()) < ranges; ) {
        try {
          if (failure.get() == null) body.run((int) ((long) n * c / ranges), (int) ((long) n * (c + 1) / ranges));
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
        if (unfinished.decrementAndGet() == 0 && callerParked) LockSupport.unpark(caller);
      }
    }
  }
}
