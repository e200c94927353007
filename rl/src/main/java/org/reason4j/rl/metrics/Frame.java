package org.reason4j.rl.metrics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The parts every chart shares: a white image, a title, a legend row under it, a plot area with a grid,
 * tick labels and axis labels, and the PNG write. Margins are measured from the actual strings, so long
 * tick labels or a wrapped legend never overlap the plot. {@link Plots} draws the data inside.
 */
final class Frame {
  /** matplotlib's "tab10" palette: distinct, and familiar from Python plots. */
  static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
    new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

  private static final Color GRID = new Color(0xe6e6e6);
  private static final Color AXIS = new Color(0x444444);
  private static final Color TEXT = new Color(0x222222);

  final BufferedImage image;
  final Graphics2D g;
  final int width;
  final int height;
  final double scale;
  final Font titleFont;
  final Font labelFont;
  final Font tickFont;

  /** Plot area in pixels: x in [left, right], y in [top, bottom]. */
  int left;
  int right;
  int top;
  int bottom;
  private double x0 = 0;
  private double x1 = 1;
  private double y0 = 0;
  private double y1 = 1;
  private int legendTop;
  private List<int[]> legendRows = List.of();

  Frame(int width, int height) {
    if (width < 200 || height < 150) throw new IllegalArgumentException("a chart needs at least 200 x 150 pixels, got " + width + " x " + height);
    this.width = width;
    this.height = height;
    this.scale = Math.max(1, Math.min(3, Math.min(width / 900.0, height / 540.0))); // text never shrinks below legible
    this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    this.g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    titleFont = new Font(Font.SANS_SERIF, Font.BOLD, px(17));
    labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, px(14));
    tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, px(12));
  }

  int px(double points) {
    return (int) Math.round(points * scale);
  }

  static Color color(int i) {
    return PALETTE[i % PALETTE.length];
  }

  /**
   * Measures the margins. {@code yLabels} are the y tick labels (their widest sets the left margin);
   * {@code xLabelLines} is how many text lines sit under the x axis (1 for ticks, 2 for wrapped categories).
   */
  void layout(String title, List<String> legend, String xLabel, String yLabel, List<String> yLabels, int xLabelLines) {
    int pad = px(12);
    int y = pad;
    if (!title.isEmpty()) y += g.getFontMetrics(titleFont).getHeight();
    legendTop = y + px(4);
    legendRows = legend.size() > 1 ? flowLegend(legend, width - 2 * pad) : List.of();
    y = legendTop + legendRows.size() * legendRowHeight() + px(8);
    top = y;
    FontMetrics tick = g.getFontMetrics(tickFont);
    int widest = 0;
    for (String s : yLabels) widest = Math.max(widest, tick.stringWidth(s));
    left = pad + (yLabel.isEmpty() ? 0 : g.getFontMetrics(labelFont).getHeight() + px(6)) + widest + px(8);
    right = width - pad - px(14);
    bottom = height - pad - (xLabel.isEmpty() ? 0 : g.getFontMetrics(labelFont).getHeight() + px(4)) - xLabelLines * tick.getHeight() - px(8);
    if (bottom - top < px(40) || right - left < px(60)) {
      throw new IllegalArgumentException("the chart is too small for its labels (" + width + " x " + height + " pixels)");
    }
  }

  void range(double x0, double x1, double y0, double y1) {
    this.x0 = x0;
    this.x1 = x1;
    this.y0 = y0;
    this.y1 = y1;
  }

  double sx(double x) {
    return left + (x - x0) / (x1 - x0) * (right - left);
  }

  double sy(double y) {
    return bottom - (y - y0) / (y1 - y0) * (bottom - top);
  }

  /** Horizontal grid lines and labels at the y ticks; vertical ones at the x ticks when given. */
  void grid(Ticks yTicks, Ticks xTicks) {
    g.setStroke(new BasicStroke((float) Math.max(1, scale)));
    FontMetrics fm = g.getFontMetrics(tickFont);
    g.setFont(tickFont);
    for (double v : yTicks.values) {
      int y = (int) Math.round(sy(v));
      g.setColor(GRID);
      g.drawLine(left, y, right, y);
      g.setColor(TEXT);
      String s = yTicks.label(v);
      g.drawString(s, left - px(6) - fm.stringWidth(s), y + fm.getAscent() / 2 - px(1));
    }
    if (xTicks != null) {
      int lastEnd = Integer.MIN_VALUE;
      for (double v : xTicks.values) {
        int x = (int) Math.round(sx(v));
        g.setColor(GRID);
        g.drawLine(x, top, x, bottom);
        String s = xTicks.label(v);
        int w = fm.stringWidth(s);
        int start = Math.min(x - w / 2, width - w - 2);
        if (start <= lastEnd + px(8)) continue; // keep labels apart when ticks are dense
        g.setColor(TEXT);
        g.drawString(s, start, bottom + px(6) + fm.getAscent());
        lastEnd = start + w;
      }
    }
  }

  /** The plot-area box, drawn after the data so curves never cover the axes. */
  void box() {
    g.setClip(null);
    g.setColor(AXIS);
    g.setStroke(new BasicStroke((float) Math.max(1, scale)));
    g.drawRect(left, top, right - left, bottom - top);
  }

  /** Centres a label (up to two lines, split at a space) under each category position. */
  void categoryLabels(List<String> labels, double[] centers, double slotWidth) {
    g.setFont(tickFont);
    g.setColor(TEXT);
    FontMetrics fm = g.getFontMetrics();
    for (int i = 0; i < labels.size(); i++) {
      List<String> lines = wrap(labels.get(i), fm, (int) slotWidth);
      for (int l = 0; l < lines.size(); l++) {
        String s = lines.get(l);
        g.drawString(s, (int) Math.round(centers[i] - fm.stringWidth(s) / 2.0), bottom + px(6) + fm.getAscent() + l * fm.getHeight());
      }
    }
  }

  static List<String> wrap(String s, FontMetrics fm, int maxWidth) {
    int space = s.indexOf(' ', s.length() / 2);
    if (space < 0) space = s.lastIndexOf(' ');
    if (fm.stringWidth(s) <= maxWidth || space < 0) return List.of(s);
    return List.of(s.substring(0, space), s.substring(space + 1));
  }

  void titleAndAxisLabels(String title, String xLabel, String yLabel) {
    g.setColor(TEXT);
    if (!title.isEmpty()) {
      g.setFont(titleFont);
      FontMetrics fm = g.getFontMetrics();
      g.drawString(title, (width - fm.stringWidth(title)) / 2, px(12) + fm.getAscent());
    }
    g.setFont(labelFont);
    FontMetrics fm = g.getFontMetrics();
    if (!xLabel.isEmpty()) {
      g.drawString(xLabel, (left + right - fm.stringWidth(xLabel)) / 2, height - px(12) - fm.getDescent());
    }
    if (!yLabel.isEmpty()) {
      AffineTransform saved = g.getTransform();
      g.translate(px(12) + fm.getAscent(), (top + bottom) / 2.0);
      g.rotate(-Math.PI / 2);
      g.drawString(yLabel, -fm.stringWidth(yLabel) / 2, 0);
      g.setTransform(saved);
    }
  }

  private int legendRowHeight() {
    return g.getFontMetrics(labelFont).getHeight() + px(4);
  }

  private int swatchWidth() {
    return px(22);
  }

  /** Greedy rows of legend entries: each row is {firstIndex, endIndex, rowWidth}. */
  private List<int[]> flowLegend(List<String> names, int maxWidth) {
    FontMetrics fm = g.getFontMetrics(labelFont);
    List<int[]> rows = new ArrayList<>();
    int start = 0, rowWidth = 0;
    for (int i = 0; i < names.size(); i++) {
      int w = swatchWidth() + px(6) + fm.stringWidth(names.get(i)) + (i > start ? px(18) : 0);
      if (i > start && rowWidth + w > maxWidth) {
        rows.add(new int[] {start, i, rowWidth});
        start = i;
        w -= px(18);
        rowWidth = 0;
      }
      rowWidth += w;
    }
    rows.add(new int[] {start, names.size(), rowWidth});
    return rows;
  }

  /** Draws the legend rows measured by {@link #layout}, centred; boxes for bar charts, lines otherwise. */
  void legend(List<String> names, boolean boxes) {
    g.setFont(labelFont);
    FontMetrics fm = g.getFontMetrics();
    for (int r = 0; r < legendRows.size(); r++) {
      int[] row = legendRows.get(r);
      int x = (width - row[2]) / 2;
      int baseline = legendTop + r * legendRowHeight() + fm.getAscent();
      int mid = baseline - fm.getAscent() / 2 + px(1);
      for (int i = row[0]; i < row[1]; i++) {
        if (i > row[0]) x += px(18);
        g.setColor(color(i));
        if (boxes) {
          g.fillRect(x + px(4), mid - px(6), swatchWidth() - px(8), px(12));
        } else {
          g.setStroke(new BasicStroke((float) (2.5 * scale), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
          g.drawLine(x, mid, x + swatchWidth(), mid);
        }
        x += swatchWidth() + px(6);
        g.setColor(TEXT);
        g.drawString(names.get(i), x, baseline);
        x += fm.stringWidth(names.get(i));
      }
    }
  }

  /** Writes the PNG next to its final name, then renames it there, so a viewer never reads half a file. */
  void save(Path png) throws IOException {
    g.dispose();
    Path abs = png.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path temp = abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      if (!ImageIO.write(image, "png", temp.toFile())) throw new IOException(png + ": no PNG writer available in this JVM");
      Files.move(temp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
