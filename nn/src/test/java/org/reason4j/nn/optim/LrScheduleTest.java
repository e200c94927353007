package org.reason4j.nn.optim;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Schedules against values worked out by hand from Hugging Face's lambda formulas. */
class LrScheduleTest {
  @Test
  void linearWarmupThenLinearDecay() {
    LrSchedule s = LrSchedule.linearWarmupDecay(2.0, 10, 110);
    assertEquals(0.0, s.lr(0)); // HF: the first step runs at lr 0
    assertEquals(1.0, s.lr(5), 1e-15); // 2 * 5/10
    assertEquals(2.0, s.lr(10), 1e-15);
    assertEquals(1.0, s.lr(60), 1e-15); // 2 * (110 - 60) / 100
    assertEquals(0.02, s.lr(109), 1e-15);
    assertEquals(0.0, s.lr(110));
    assertEquals(0.0, s.lr(500));
  }

  @Test
  void cosineWarmupToZero() {
    LrSchedule s = LrSchedule.cosineWarmup(1.0, 10, 110, 0);
    assertEquals(0.3, s.lr(3), 1e-15);
    assertEquals(1.0, s.lr(10), 1e-15);
    assertEquals(0.8535533905932737, s.lr(35), 1e-15); // progress 1/4: (1 + cos(pi/4)) / 2
    assertEquals(0.5, s.lr(60), 1e-15); // progress 1/2
    assertEquals(0.1464466094067262, s.lr(85), 1e-15); // (1 - cos(pi/4)) / 2
    assertEquals(0.0, s.lr(110), 1e-15);
  }

  @Test
  void cosineWarmupToAMinimumRatio() {
    LrSchedule s = LrSchedule.cosineWarmup(3e-4, 0, 100, 0.1);
    assertEquals(3e-4, s.lr(0), 1e-19);
    assertEquals(3e-4 * (0.1 + 0.9 * 0.5), s.lr(50), 1e-19);
    assertEquals(3e-5, s.lr(100), 1e-19);
    assertEquals(3e-5, s.lr(1000), 1e-19, "stays at the floor after the end");
  }

  @Test
  void constantAndArgumentChecks() {
    assertEquals(0.5, LrSchedule.constant(0.5).lr(12345));
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.linearWarmupDecay(1, 20, 10));
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.cosineWarmup(1, 0, 10, 1.5));
  }
}
