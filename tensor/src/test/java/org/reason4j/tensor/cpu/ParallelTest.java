package org.reason4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The split of {@link Parallel#forRange}: every index is visited exactly once whatever the thread count,
 * the caller gets a body's exception, and calls from inside a body run inline.
 */
class ParallelTest {
  @AfterEach
  void restore() {
    Parallel.setThreads(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void everyIndexIsVisitedOnceInRangesOfAtLeastTheGrain() {
    for (int threads : new int[] {1, 2, 3, 5}) {
      Parallel.setThreads(threads);
      for (int n : new int[] {1, 2, 7, 64, 1000, 4097}) {
        for (int grain : new int[] {1, 3, 100}) {
          AtomicIntegerArray seen = new AtomicIntegerArray(n);
          int[] shortest = {Integer.MAX_VALUE};
          Parallel.forRange(n, grain, (from, to) -> {
            synchronized (shortest) {
              shortest[0] = Math.min(shortest[0], to - from);
            }
            for (int i = from; i < to; i++) seen.incrementAndGet(i);
          });
          for (int i = 0; i < n; i++) assertEquals(1, seen.get(i), "index " + i + " of " + n + " with " + threads + " threads");
          assertTrue(shortest[0] >= Math.min(n, grain), "a range shorter than the grain: " + shortest[0]);
        }
      }
    }
  }

  @Test
  void aBodysExceptionReachesTheCallerAndThePoolKeepsWorking() {
    Parallel.setThreads(2);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(100, 1, (from, to) -> {
      if (from <= 50 && 50 < to) throw new IllegalStateException("range with 50");
    }));
    assertEquals("range with 50", e.getMessage());
    AtomicIntegerArray seen = new AtomicIntegerArray(100);
    Parallel.forRange(100, 1, (from, to) -> {
      for (int i = from; i < to; i++) seen.incrementAndGet(i);
    });
    for (int i = 0; i < 100; i++) assertEquals(1, seen.get(i));
  }

  @Test
  void nestedCallsComplete() {
    Parallel.setThreads(2);
    AtomicIntegerArray seen = new AtomicIntegerArray(40 * 30);
    Parallel.forRange(40, 1, (from, to) -> {
      for (int i = from; i < to; i++) {
        int row = i;
        Parallel.forRange(30, 1, (f, t) -> {
          for (int j = f; j < t; j++) seen.incrementAndGet(row * 30 + j);
        });
      }
    });
    for (int i = 0; i < seen.length(); i++) assertEquals(1, seen.get(i));
  }
}
