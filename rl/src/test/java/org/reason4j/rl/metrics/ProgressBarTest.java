package org.reason4j.rl.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bar's text, exactly, under a fake clock: plain lines for logs, in-place redraws for terminals. */
class ProgressBarTest {
  private static final String NL = System.lineSeparator();
  private final AtomicLong nanos = new AtomicLong();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private void advance(double seconds) {
    nanos.addAndGet((long) (seconds * 1e9));
  }

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void plainModePrintsALineEachTimeAnotherShareOfTheTotalIsDone() {
    ProgressBar bar = ProgressBar.builder("train", 8).out(out).clock(nanos::get).interactive(false)
        .barWidth(8).plainEveryPercent(50).plainEverySeconds(0).build();
    bar.set("loss", 1.5);
    for (int i = 0; i < 8; i++) {
      advance(0.5);
      bar.tokens(100);
      bar.step();
    }
    bar.close();
    // 4 items in 2 s: 2 it/s, 200 tok/s, 4 left at 2 it/s: ETA 2 s; at the end no ETA, and close adds no duplicate.
    assertEquals("train [####----] 4/8 50% 2.00 it/s 200 tok/s elapsed 00:02 ETA 00:02 loss=1.5" + NL
        + "train [########] 8/8 100% 2.00 it/s 200 tok/s elapsed 00:04 loss=1.5" + NL, text());
  }

  @Test
  void plainModeAlsoPrintsWhenTimePassesWithoutProgressThresholds() {
    ProgressBar bar = ProgressBar.builder("", 0).out(out).clock(nanos::get).interactive(false)
        .plainEveryPercent(0).plainEverySeconds(10).unit("problem").build();
    for (int i = 0; i < 5; i++) {
      advance(4);
      bar.step(2);
    }
    bar.close();
    // Unknown total: no bar, no percentage, no ETA. Lines at 12 s (6 done) and at close (20 s, 10 done).
    assertEquals("6 2.00 s/problem elapsed 00:12" + NL + "10 2.00 s/problem elapsed 00:20" + NL, text());
  }

  @Test
  void terminalModeRedrawsInPlaceAtMostAsOftenAsAskedAndEndsTheLineOnClose() {
    ProgressBar bar = ProgressBar.builder("", 3).out(out).clock(nanos::get).interactive(true).barWidth(3).redrawSeconds(1).build();
    advance(0.5);
    bar.step(); // too soon to redraw
    advance(0.5);
    bar.step();
    advance(0.2);
    bar.step(); // done: always drawn
    bar.close();
    String first = "[##-] 2/3 66% 2.00 it/s elapsed 00:01 ETA 00:01";
    String last = "[###] 3/3 100% 2.50 it/s elapsed 00:01";
    String pad = " ".repeat(first.length() - last.length()); // wipes the tail of the longer line
    assertEquals("\r" + first + "\r" + last + pad + "\r" + last + NL, text());
  }

  @Test
  void closePrintsTheStateEvenWhenNothingWasDrawnAndOnlyOnce() {
    ProgressBar bar = ProgressBar.builder("eval", 10).out(out).clock(nanos::get).interactive(false).barWidth(4).build();
    advance(3);
    bar.step(); // 10 % reached: printed
    bar.set("acc", 0.25);
    bar.close();
    bar.close();
    bar.step(); // after close: counted, not drawn
    assertEquals("eval [----] 1/10 10% 3.00 s/it elapsed 00:03 ETA 00:27" + NL, text());
    assertEquals(2, bar.done());
  }

  @Test
  void valuesAndDurationsAreFormattedCompactly() {
    assertEquals("1.234", ProgressBar.number(1.2345));
    assertEquals("0.41", ProgressBar.number(0.41));
    assertEquals("-2.5", ProgressBar.number(-2.5));
    assertEquals("100", ProgressBar.number(100));
    assertEquals("1.000e-05", ProgressBar.number(1e-5));
    assertEquals("1.235e+05", ProgressBar.number(123456));
    assertEquals("nan", ProgressBar.number(Double.NaN));
    assertEquals("0", ProgressBar.number(0));
    assertEquals("950", ProgressBar.count(950));
    assertEquals("1.2k", ProgressBar.count(1234));
    assertEquals("3.4M", ProgressBar.count(3.4e6));
    assertEquals("01:05", ProgressBar.clock(65));
    assertEquals("1:02:05", ProgressBar.clock(3725));
  }

  @Test
  void progressCannotGoBackwards() {
    ProgressBar bar = ProgressBar.builder("x", 5).out(out).clock(nanos::get).build();
    assertThrows(IllegalArgumentException.class, () -> bar.step(-1));
  }
}
