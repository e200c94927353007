package org.reason4j.rl.metrics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PNG charts of training runs, drawn with {@code java.awt} in headless mode (no display, no library):
 * line charts of metrics against steps, one file per metric from a {@code metrics.jsonl}, the same
 * metric across several runs, and grouped bar charts with error bars (accuracy per tier per method, with
 * the spread across seeds).
 *
 * <p>Lines break at NaN (and at null in metrics files), so missing values show as gaps rather than as
 * invented segments. With smoothing, each raw curve is drawn faint and its exponential moving average
 * (debiased, as TensorBoard's smoothing slider computes it) on top.
 *
 * <p>It is not a plotting library: no log axes, no subplots, no interactive output.
 */
public final class Plots {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Plots() {}

  /**
   * Size and smoothing. {@code smoothing} is the EMA weight in [0, 1): 0 draws raw curves only, 0.6 is a
   * good default for noisy RL metrics, 0.9 and above for very long runs.
   */
  public record Options(int width, int height, double smoothing) {
    public Options {
      if (!(smoothing >= 0 && smoothing < 1)) throw new IllegalArgumentException("smoothing must be in [0, 1), got " + smoothing);
    }

    /** 900 x 540 pixels, no smoothing. */
    public static Options defaults() {
      return new Options(900, 540, 0);
    }

    public Options withSize(int width, int height) {
      return new Options(width, height, smoothing);
    }

    public Options withSmoothing(double smoothing) {
      return new Options(width, height, smoothing);
    }
  }

  /** A line chart; each series is {@code {x[], y[]}} of equal lengths. */
  public static void line(Path png, String title, String xLabel, String yLabel, Map<String, double[][]> series) throws IOException {
    line(png, title, xLabel, yLabel, series, Options.defaults());
  }

  public static void line(Path png, String title, String xLabel, String yLabel, Map<String, double[][]> series, Options options)
      throws IOException {
    double xmin = Double.POSITIVE_INFINITY, xmax = Double.NEGATIVE_INFINITY;
    double ymin = Double.POSITIVE_INFINITY, ymax = Double.NEGATIVE_INFINITY;
    for (Map.Entry<String, double[][]> e : series.entrySet()) {
      double[][] xy = e.getValue();
      if (xy == null || xy.length != 2 || xy[0] == null || xy[1] == null || xy[0].length != xy[1].length) {
        throw new IllegalArgumentException(png + ": series \"" + e.getKey() + "\" must be {x[], y[]} of equal lengths");
      }
      for (int i = 0; i < xy[0].length; i++) {
        if (!Double.isFinite(xy[0][i]) || !Double.isFinite(xy[1][i])) continue;
        xmin = Math.min(xmin, xy[0][i]);
        xmax = Math.max(xmax, xy[0][i]);
        ymin = Math.min(ymin, xy[1][i]);
        ymax = Math.max(ymax, xy[1][i]);
      }
    }
    Frame f = new Frame(options.width(), options.height());
    double margin = ymax > ymin ? (ymax - ymin) * 0.04 : 0; // as matplotlib: curves never touch the frame
    Ticks yt = Ticks.of(ymin - margin, ymax + margin, Math.max(4, f.height / 80), false);
    Ticks xt = Ticks.of(xmin, xmax, Math.max(3, f.width / 110), false);
    List<String> names = new ArrayList<>(series.keySet());
    f.layout(text(title), names, text(xLabel), text(yLabel), labels(yt), 1);
    f.range(xt.lo, xt.hi, yt.lo, yt.hi);
    f.grid(yt, xt);
    f.g.setClip(f.left, f.top, f.right - f.left + 1, f.bottom - f.top + 1);
    int i = 0;
    for (double[][] xy : series.values()) {
      Color c = Frame.color(i++);
      if (options.smoothing() > 0) {
        drawCurve(f, xy[0], xy[1], fade(c), 1.2);
        drawCurve(f, xy[0], ema(xy[1], options.smoothing()), c, 2.2);
      } else {
        drawCurve(f, xy[0], xy[1], c, 2.0);
      }
    }
    if (xmin > xmax) noData(f);
    f.box();
    f.legend(names, false);
    f.titleAndAxisLabels(text(title), text(xLabel), text(yLabel));
    f.save(png);
  }

  /**
   * One PNG per metric key against {@code step}, named by {@link #fileName}, with smoothing 0.6. Keys
   * the file never logged as a number are skipped; returns the files written, in key order.
   */
  public static List<Path> fromMetrics(Path metricsJsonl, Path outDir, List<String> keys) throws IOException {
    return fromMetrics(metricsJsonl, outDir, keys, Options.defaults().withSmoothing(0.6));
  }

  public static List<Path> fromMetrics(Path metricsJsonl, Path outDir, List<String> keys, Options options) throws IOException {
    List<Map<String, Object>> rows = MetricsLogger.read(metricsJsonl);
    List<Path> written = new ArrayList<>();
    for (String key : keys) {
      double[][] xy = column(rows, key);
      if (xy == null) continue;
      Path png = outDir.resolve(fileName(key));
      line(png, key, MetricNames.STEP, key, Map.of(key, xy), options);
      written.add(png);
    }
    return written;
  }

  /** One metric of several runs on one chart (e.g. reward of GRPO, Guide and ReLIFT); runs without it are left out. */
  public static void compareRuns(Path png, String key, Map<String, Path> metricsFiles, Options options) throws IOException {
    Map<String, double[][]> series = new LinkedHashMap<>();
    for (Map.Entry<String, Path> run : metricsFiles.entrySet()) {
      double[][] xy = column(MetricsLogger.read(run.getValue()), key);
      if (xy != null) series.put(run.getKey(), xy);
    }
    line(png, key, MetricNames.STEP, key, series, options);
  }

  /** {@code clip_ratio/region_mean} becomes {@code clip_ratio_region_mean.png}. */
  public static String fileName(String key) {
    return key.replaceAll("[^A-Za-z0-9._-]", "_") + ".png";
  }

  /** Steps and values of one key; null values become NaN (a gap); null when no row has a number for it. */
  private static double[][] column(List<Map<String, Object>> rows, String key) {
    List<double[]> points = new ArrayList<>();
    boolean anyNumber = false;
    for (Map<String, Object> row : rows) {
      if (!row.containsKey(key) || !(row.get(MetricNames.STEP) instanceof Number step)) continue;
      Object v = row.get(key);
      double y = v instanceof Number n ? n.doubleValue() : v instanceof Boolean b ? (b ? 1 : 0) : Double.NaN;
      anyNumber |= !Double.isNaN(y);
      points.add(new double[] {step.doubleValue(), y});
    }
    if (!anyNumber) return null;
    double[][] xy = new double[2][points.size()];
    for (int i = 0; i < points.size(); i++) {
      xy[0][i] = points.get(i)[0];
      xy[1][i] = points.get(i)[1];
    }
    return xy;
  }

  /**
   * A grouped bar chart: one group per category, one bar per series, with error bars of +-spread.
   * {@code spreads} may be null or lack a series (no error bars); NaN means no bar.
   */
  public static void bars(Path png, String title, List<String> categories, Map<String, double[]> means, Map<String, double[]> spreads)
      throws IOException {
    bars(png, title, "", categories, means, spreads, Options.defaults());
  }

  public static void bars(Path png, String title, String yLabel, List<String> categories, Map<String, double[]> means,
      Map<String, double[]> spreads, Options options) throws IOException {
    Map<String, double[]> errs = spreads == null ? Map.of() : spreads;
    double ymin = 0, ymax = Double.NEGATIVE_INFINITY;
    for (Map.Entry<String, double[]> e : means.entrySet()) {
      double[] m = e.getValue();
      double[] s = errs.get(e.getKey());
      if (m.length != categories.size() || (s != null && s.length != categories.size())) {
        throw new IllegalArgumentException(png + ": series \"" + e.getKey() + "\" needs one mean (and spread) per category ("
            + categories.size() + "), got " + m.length + (s != null ? " and " + s.length : ""));
      }
      for (int i = 0; i < m.length; i++) {
        double sp = s == null || !Double.isFinite(s[i]) ? 0 : Math.abs(s[i]);
        if (!Double.isFinite(m[i])) continue;
        ymin = Math.min(ymin, m[i] - sp);
        ymax = Math.max(ymax, m[i] + sp);
      }
    }
    if (ymax == Double.NEGATIVE_INFINITY) ymax = 1;
    Frame f = new Frame(options.width(), options.height());
    double headroom = (ymax - ymin) * 0.08; // room for the value labels above the tallest bars
    Ticks yt = Ticks.of(ymin, ymax + headroom, Math.max(4, f.height / 80), false);
    List<String> names = new ArrayList<>(means.keySet());
    double slot = (f.width - 2.0 * f.px(80)) / Math.max(1, categories.size());
    int lines = 1;
    for (String c : categories) lines = Math.max(lines, Frame.wrap(c, f.g.getFontMetrics(f.tickFont), (int) slot).size());
    f.layout(text(title), names, "", text(yLabel), labels(yt), lines);
    f.range(0, categories.size(), yt.lo, yt.hi);
    f.grid(yt, null);
    drawBars(f, names, categories.size(), means, errs);
    double[] centers = new double[categories.size()];
    for (int c = 0; c < centers.length; c++) centers[c] = f.sx(c + 0.5);
    f.box();
    f.categoryLabels(categories, centers, f.sx(1) - f.sx(0));
    f.legend(names, true);
    f.titleAndAxisLabels(text(title), "", text(yLabel));
    f.save(png);
  }

  private static void drawBars(Frame f, List<String> names, int categories, Map<String, double[]> means, Map<String, double[]> errs) {
    Graphics2D g = f.g;
    int n = names.size();
    double group = 0.8, barWidth = group / Math.max(1, n);
    FontMetrics fm = g.getFontMetrics(f.tickFont);
    g.setFont(f.tickFont);
    for (int s = 0; s < n; s++) {
      double[] m = means.get(names.get(s));
      double[] e = errs.get(names.get(s));
      for (int c = 0; c < categories; c++) {
        if (!Double.isFinite(m[c])) continue;
        double xa = c + (1 - group) / 2 + s * barWidth;
        int x = (int) Math.round(f.sx(xa)), w = (int) Math.round(f.sx(xa + barWidth)) - x - Math.max(1, f.px(2));
        int y0 = (int) Math.round(f.sy(0)), y = (int) Math.round(f.sy(m[c]));
        g.setColor(Frame.color(s));
        g.fillRect(x, Math.min(y, y0), Math.max(1, w), Math.abs(y - y0));
        double sp = e == null || !Double.isFinite(e[c]) ? 0 : Math.abs(e[c]);
        int cx = x + w / 2, top = (int) Math.round(f.sy(m[c] + sp));
        if (sp > 0) {
          int bottom = (int) Math.round(f.sy(m[c] - sp)), cap = Math.max(2, Math.min(w / 4, f.px(6)));
          g.setColor(new Color(0x222222));
          g.setStroke(new BasicStroke((float) (1.5 * f.scale)));
          g.drawLine(cx, top, cx, bottom);
          g.drawLine(cx - cap, top, cx + cap, top);
          g.drawLine(cx - cap, bottom, cx + cap, bottom);
        }
        String label = value(m[c]);
        if (fm.stringWidth(label) <= w + f.px(4) && m[c] >= 0) {
          g.setColor(new Color(0x222222));
          g.drawString(label, cx - fm.stringWidth(label) / 2, Math.min(top, y) - f.px(4));
        }
      }
    }
  }

  /** A polyline per run of finite points; a lone finite point between gaps is drawn as a dot. */
  private static void drawCurve(Frame f, double[] x, double[] y, Color color, double widthPoints) {
    Graphics2D g = f.g;
    g.setColor(color);
    float w = (float) (widthPoints * f.scale);
    g.setStroke(new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    Path2D.Double path = new Path2D.Double();
    int runLength = 0;
    for (int i = 0; i <= x.length; i++) {
      boolean ok = i < x.length && Double.isFinite(x[i]) && Double.isFinite(y[i]);
      if (ok) {
        if (runLength == 0) path.moveTo(f.sx(x[i]), f.sy(y[i]));
        else path.lineTo(f.sx(x[i]), f.sy(y[i]));
        runLength++;
      } else if (runLength == 1) {
        double r = w;
        g.fill(new Ellipse2D.Double(f.sx(x[i - 1]) - r, f.sy(y[i - 1]) - r, 2 * r, 2 * r));
        runLength = 0;
      } else {
        runLength = 0;
      }
    }
    g.draw(path);
  }

  /** TensorBoard's debiased EMA; NaN inputs stay NaN (gaps) and do not disturb the average. */
  static double[] ema(double[] y, double weight) {
    double[] out = new double[y.length];
    double last = 0;
    int count = 0;
    for (int i = 0; i < y.length; i++) {
      if (!Double.isFinite(y[i])) {
        out[i] = Double.NaN;
        continue;
      }
      last = last * weight + (1 - weight) * y[i];
      count++;
      out[i] = last / (1 - Math.pow(weight, count));
    }
    return out;
  }

  private static Color fade(Color c) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), 70);
  }

  private static void noData(Frame f) {
    Graphics2D g = f.g;
    g.setFont(f.labelFont);
    g.setColor(Color.GRAY);
    String s = "no data";
    g.drawString(s, (f.left + f.right - g.getFontMetrics().stringWidth(s)) / 2, (f.top + f.bottom) / 2);
  }

  private static List<String> labels(Ticks t) {
    List<String> out = new ArrayList<>();
    for (double v : t.values) out.add(t.label(v));
    return out;
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }

  private static String value(double v) {
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
