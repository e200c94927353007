package org.reason4j.rl.metrics;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A console progress bar for long work (training steps, evaluation, generation):
 * <pre>grpo [########------------] 42/100 42% 3.10 it/s 812 tok/s elapsed 00:13 ETA 00:18 loss=1.234 reward=0.41</pre>
 *
 * <p>On a terminal the line is redrawn in place with {@code \r} (at most every {@code redrawSeconds});
 * elsewhere (CI logs, files) a plain line is printed each time another {@code plainEveryPercent} of the
 * total is done or {@code plainEverySeconds} have passed, so a log gets a bounded number of lines.
 * {@link #close()} prints the final state and ends the line. Throughput is the average since the start
 * (items and, when {@link #tokens} is called, tokens per second); the ETA assumes it holds. A total of 0
 * or less means unknown: no bar, no percentage, no ETA.
 *
 * <p>Methods are synchronized, which is enough for a training loop and a generation callback on
 * another thread. The clock and the stream are injectable, so the text is testable exactly.
 */
public final class ProgressBar implements AutoCloseable {
  private final String label;
  private final long total;
  private final PrintStream out;
  private final LongSupplier nanoClock;
  private final boolean interactive;
  private final int barWidth;
  private final String unit;
  private final int plainEveryPercent;
  private final long plainEveryNanos;
  private final long redrawNanos;
  private final long startNanos;
  private final Map<String, Double> values = new LinkedHashMap<>();

  private long done;
  private long tokens;
  private boolean tokensSeen;
  private long lastDrawNanos;
  private long lastDrawnDone = -1;
  private int nextPercent;
  private int lastLength;
  private boolean closed;

  private ProgressBar(Builder b) {
    this.label = b.label;
    this.total = b.total;
    this.out = b.out;
    this.nanoClock = b.nanoClock;
    this.interactive = b.interactive;
    this.barWidth = b.barWidth;
    this.unit = b.unit;
    this.plainEveryPercent = b.plainEveryPercent;
    this.plainEveryNanos = (long) (b.plainEverySeconds * 1e9);
    this.redrawNanos = (long) (b.redrawSeconds * 1e9);
    this.startNanos = nanoClock.getAsLong();
    this.lastDrawNanos = startNanos;
    this.nextPercent = plainEveryPercent;
  }

  /** A bar for {@code total} items (0 or less: unknown); the label starts the line and may be empty. */
  public static Builder builder(String label, long total) {
    return new Builder(label, total);
  }

  /** One more item done. */
  public void step() {
    step(1);
  }

  /** {@code n} more items done; draws if it is time to. */
  public synchronized void step(long n) {
    if (n < 0) throw new IllegalArgumentException("progress cannot go back: step(" + n + ")");
    done += n;
    maybeDraw();
  }

  /** Counts tokens processed, so the line shows tokens per second as well. */
  public synchronized void tokens(long n) {
    tokens += n;
    tokensSeen = true;
  }

  /** Sets a named live value (loss, reward...) shown at the end of the line, in first-set order. */
  public synchronized void set(String name, double value) {
    values.put(name, value);
  }

  public synchronized long done() {
    return done;
  }

  /** The line as it would be drawn now. */
  public synchronized String line() {
    long now = nanoClock.getAsLong();
    double elapsed = (now - startNanos) / 1e9;
    StringBuilder sb = new StringBuilder();
    if (!label.isEmpty()) sb.append(label).append(' ');
    boolean known = total > 0;
    if (known) {
      int filled = (int) Math.min(barWidth, done * barWidth / total);
      sb.append('[').append("#".repeat(filled)).append("-".repeat(barWidth - filled)).append("] ");
      sb.append(done).append('/').append(total).append(' ').append(done * 100 / total).append("% ");
    } else {
      sb.append(done).append(' ');
    }
    double rate = elapsed > 0 ? done / elapsed : Double.NaN;
    sb.append(rate(rate));
    if (tokensSeen) sb.append(' ').append(elapsed > 0 ? count(tokens / elapsed) : "?").append(" tok/s");
    sb.append(" elapsed ").append(clock(elapsed));
    if (known && done < total) sb.append(" ETA ").append(rate > 0 ? clock((total - done) / rate) : "--:--");
    for (Map.Entry<String, Double> e : values.entrySet()) sb.append(' ').append(e.getKey()).append('=').append(number(e.getValue()));
    return sb.toString();
  }

  private void maybeDraw() {
    if (closed) return;
    long now = nanoClock.getAsLong();
    if (interactive) {
      if (now - lastDrawNanos >= redrawNanos || (total > 0 && done >= total)) redraw(now);
      return;
    }
    boolean percentDue = total > 0 && plainEveryPercent > 0 && done * 100 / total >= nextPercent;
    boolean timeDue = plainEveryNanos > 0 && now - lastDrawNanos >= plainEveryNanos;
    if (percentDue || timeDue) {
      out.println(line());
      out.flush();
      lastDrawNanos = now;
      lastDrawnDone = done;
      if (total > 0 && plainEveryPercent > 0) {
        long percent = done * 100 / total;
        nextPercent = (int) ((percent / plainEveryPercent + 1) * plainEveryPercent);
      }
    }
  }

  private void redraw(long now) {
    String text = line();
    out.print("\r" + text + " ".repeat(Math.max(0, lastLength - text.length())));
    out.flush();
    lastLength = text.length();
    lastDrawNanos = now;
    lastDrawnDone = done;
  }

  /** Prints the final line (once) and a newline; later steps are counted but no longer drawn. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    if (interactive) {
      redraw(nanoClock.getAsLong());
      out.println();
    } else if (lastDrawnDone != done || done == 0) {
      out.println(line());
    }
    out.flush();
  }

  private String rate(double perSecond) {
    if (!(perSecond > 0)) return "? " + unit + "/s";
    if (perSecond < 1) return String.format(Locale.ROOT, "%.2f s/%s", 1 / perSecond, unit);
    String digits = perSecond >= 100 ? "%.0f" : perSecond >= 10 ? "%.1f" : "%.2f";
    return String.format(Locale.ROOT, digits + " %s/s", perSecond, unit);
  }

  /** 950, 1.2k, 3.4M: counts per second at a glance. */
  static String count(double v) {
    if (v < 1000) return String.format(Locale.ROOT, "%.0f", v);
    if (v < 1e6) return String.format(Locale.ROOT, "%.1fk", v / 1e3);
    if (v < 1e9) return String.format(Locale.ROOT, "%.1fM", v / 1e6);
    return String.format(Locale.ROOT, "%.1fG", v / 1e9);
  }

  /** mm:ss, or h:mm:ss past an hour. */
  static String clock(double seconds) {
    long s = Math.round(seconds);
    long h = s / 3600, m = s % 3600 / 60, sec = s % 60;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%02d:%02d", m, sec);
  }

  /** Four significant digits without trailing zeros; scientific notation for very large or small values. */
  static String number(double v) {
    if (Double.isNaN(v)) return "nan";
    if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
    if (v == 0) return "0";
    double a = Math.abs(v);
    if (a >= 1e5 || a < 1e-3) return String.format(Locale.ROOT, "%.3e", v);
    return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  /** Options with defaults: stderr, the system clock, a terminal when {@code System.console()} exists. */
  public static final class Builder {
    private final String label;
    private final long total;
    private PrintStream out = System.err;
    private LongSupplier nanoClock = System::nanoTime;
    private boolean interactive = System.console() != null;
    private int barWidth = 20;
    private String unit = "it";
    private int plainEveryPercent = 10;
    private double plainEverySeconds = 60;
    private double redrawSeconds = 0.1;

    private Builder(String label, long total) {
      this.label = label == null ? "" : label;
      this.total = total;
    }

    public Builder out(PrintStream out) {
      this.out = out;
      return this;
    }

    /** A nanosecond clock ({@code System::nanoTime} by default); tests pass a fake one. */
    public Builder clock(LongSupplier nanoClock) {
      this.nanoClock = nanoClock;
      return this;
    }

    /** Redraw in place with {@code \r} (true) or print plain lines (false), overriding terminal detection. */
    public Builder interactive(boolean interactive) {
      this.interactive = interactive;
      return this;
    }

    public Builder barWidth(int barWidth) {
      if (barWidth < 1) throw new IllegalArgumentException("bar width must be at least 1, got " + barWidth);
      this.barWidth = barWidth;
      return this;
    }

    /** The item name in the rate ("it/s", "step/s", "problem/s"). */
    public Builder unit(String unit) {
      this.unit = unit;
      return this;
    }

    /** Plain mode: a line each time this many more percent are done (0: never by percent). */
    public Builder plainEveryPercent(int percent) {
      if (percent < 0 || percent > 100) throw new IllegalArgumentException("plainEveryPercent must be in [0, 100], got " + percent);
      this.plainEveryPercent = percent;
      return this;
    }

    /** Plain mode: a line at least this often while work goes on (0: never by time). */
    public Builder plainEverySeconds(double seconds) {
      if (!(seconds >= 0)) throw new IllegalArgumentException("plainEverySeconds must be >= 0, got " + seconds);
      this.plainEverySeconds = seconds;
      return this;
    }

    /** Terminal mode: the shortest time between two redraws. */
    public Builder redrawSeconds(double seconds) {
      if (!(seconds >= 0)) throw new IllegalArgumentException("redrawSeconds must be >= 0, got " + seconds);
      this.redrawSeconds = seconds;
      return this;
    }

    public ProgressBar build() {
      return new ProgressBar(this);
    }
  }
}
