package org.reason4j.rl.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Charts render to valid PNGs of the requested size, with the data's colours where the data is. */
class PlotsTest {
  @TempDir Path dir;

  private static BufferedImage readPng(Path png) throws IOException {
    byte[] bytes = Files.readAllBytes(png);
    assertTrue(bytes.length > 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', png + " is not a PNG");
    BufferedImage img = ImageIO.read(png.toFile());
    assertTrue(img != null, png + " does not decode");
    return img;
  }

  private static int countColor(BufferedImage img, int rgb) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) == rgb) n++;
    return n;
  }

  static Map<String, double[][]> noisyCurves(int n) {
    Map<String, double[][]> series = new LinkedHashMap<>();
    String[] names = {"GRPO", "Guide-GRPO", "ReLIFT"};
    for (int s = 0; s < names.length; s++) {
      double[] x = new double[n], y = new double[n];
      long h = 12345 + s;
      for (int i = 0; i < n; i++) {
        h = h * 6364136223846793005L + 1442695040888963407L;
        double noise = ((h >>> 11) * 0x1.0p-53 - 0.5) * 0.3;
        x[i] = i;
        y[i] = 0.2 + (0.5 + 0.1 * s) * (1 - Math.exp(-i / 60.0)) + noise;
      }
      if (s == 1) for (int i = 100; i < 120; i++) y[i] = Double.NaN;
      series.put(names[s], new double[][] {x, y});
    }
    return series;
  }

  @Test
  void lineChartIsAPngOfTheRequestedSizeWithEachSeriesColour() throws IOException {
    Path png = dir.resolve("reward.png");
    Plots.line(png, "reward", "step", "mean reward", noisyCurves(300), Plots.Options.defaults().withSize(800, 480).withSmoothing(0.8));
    BufferedImage img = readPng(png);
    assertEquals(800, img.getWidth());
    assertEquals(480, img.getHeight());
    for (int s = 0; s < 3; s++) assertTrue(countColor(img, Frame.color(s).getRGB() & 0xffffff) > 100, "series " + s + " is drawn");
  }

  @Test
  void barChartDrawsEveryMethodsBarsAndTheErrorBars() throws IOException {
    Map<String, double[]> means = new LinkedHashMap<>();
    means.put("SFT", new double[] {0.92, 0.61, 0.18, 0.03});
    means.put("GRPO", new double[] {0.95, 0.72, 0.27, 0.05});
    means.put("Guide-GRPO", new double[] {0.96, 0.78, 0.35, Double.NaN});
    Map<String, double[]> spreads = new LinkedHashMap<>();
    spreads.put("GRPO", new double[] {0.01, 0.04, 0.05, 0.02});
    Path png = dir.resolve("sub/accuracy.png");
    Plots.bars(png, "held-out accuracy by tier (mean \u00b1 std over 3 seeds)", "accuracy",
        List.of("tier 0 (1 step)", "tier 1 (2 steps)", "tier 2 (3 steps)", "tier 3 (multiply)"), means, spreads,
        Plots.Options.defaults().withSize(1000, 600));
    BufferedImage img = readPng(png);
    assertEquals(1000, img.getWidth());
    assertEquals(600, img.getHeight());
    int[] areas = new int[3];
    for (int s = 0; s < 3; s++) areas[s] = countColor(img, Frame.color(s).getRGB() & 0xffffff);
    assertTrue(areas[0] > 2000 && areas[1] > 2000 && areas[2] > 2000, "all three methods have bars");
    assertTrue(countColor(img, 0x222222) > 50, "error bars and labels are drawn");
  }

  @Test
  void nanLeavesAGapInTheLine() throws IOException {
    int n = 90;
    double[] x = new double[n], y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = i >= 30 && i < 60 ? Double.NaN : 0.5;
    }
    Path png = dir.resolve("gap.png");
    Plots.line(png, "gap", "step", "value", Map.of("v", new double[][] {x, y}));
    BufferedImage img = readPng(png);
    int rgb = Frame.color(0).getRGB() & 0xffffff;
    Set<Integer> columns = new HashSet<>();
    for (int px = 0; px < img.getWidth(); px++) for (int py = 0; py < img.getHeight(); py++) if ((img.getRGB(px, py) & 0xffffff) == rgb) columns.add(px);
    int first = columns.stream().min(Integer::compare).orElseThrow(), last = columns.stream().max(Integer::compare).orElseThrow();
    int span = last - first, middle = first + span / 2;
    for (int px = middle - span / 8; px <= middle + span / 8; px++) assertTrue(!columns.contains(px), "column " + px + " lies in the NaN gap");
    assertTrue(columns.contains(first + span / 8) && columns.contains(last - span / 8), "the line is drawn on both sides");
  }

  @Test
  void fromMetricsWritesOnePngPerLoggedKeyAndSkipsTheOthers() throws IOException {
    Path file = dir.resolve("metrics.jsonl");
    try (MetricsLogger log = MetricsLogger.open(file)) {
      for (int s = 1; s <= 40; s++) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(MetricNames.REWARD, s / 40.0);
        v.put(MetricNames.CLIP_RATIO_REGION_MEAN, s % 2 == 0 ? 0.01 : null);
        log.log(s, v);
      }
    }
    List<Path> pngs = Plots.fromMetrics(file, dir.resolve("plots"), List.of(MetricNames.REWARD, MetricNames.KL, MetricNames.CLIP_RATIO_REGION_MEAN));
    assertEquals(List.of(dir.resolve("plots/reward.png"), dir.resolve("plots/clip_ratio_region_mean.png")), pngs);
    for (Path p : pngs) assertEquals(540, readPng(p).getHeight());
  }

  @Test
  void ticksAreRoundNumbersWithJustTheDigitsTheStepNeeds() {
    Ticks t = Ticks.of(0.03, 0.83, 6, true);
    assertEquals(0.2, t.step, 1e-15);
    assertEquals(0.0, t.lo);
    assertEquals(1.0, t.hi, 1e-12);
    assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"), java.util.Arrays.stream(t.values).mapToObj(t::label).toList());
    Ticks steps = Ticks.of(1, 299, 8, false);
    assertEquals(50, steps.step);
    assertArrayEquals(new double[] {50, 100, 150, 200, 250}, steps.values);
    assertEquals("250", steps.label(250));
    Ticks lr = Ticks.of(0, 1e-6, 5, true);
    assertEquals(2e-7, lr.step, 1e-20);
    assertEquals("4.0e-7", lr.label(4e-7), "a learning-rate axis in scientific notation");
    assertEquals("0", lr.label(0));
    Ticks flat = Ticks.of(5, 5, 5, true);
    assertTrue(flat.lo < 5 && flat.hi > 5, "a constant series still gets a range");
  }

  @Test
  void emaIsDebiasedAndKeepsGaps() {
    double[] s = Plots.ema(new double[] {2, 2, Double.NaN, 2}, 0.9);
    assertEquals(2.0, s[0], 1e-12);
    assertEquals(2.0, s[1], 1e-12);
    assertTrue(Double.isNaN(s[2]));
    assertEquals(2.0, s[3], 1e-12);
    double[] step = Plots.ema(new double[] {0, 1}, 0.5);
    assertEquals(2.0 / 3, step[1], 1e-12, "(0.5*0 + 0.5*1 after 0.5*0) / (1 - 0.25)");
    assertNotEquals(step[1], 1.0);
  }

  @Test
  void mismatchedSeriesAreRejectedWithTheirName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Plots.line(dir.resolve("x.png"), "t", "x", "y", Map.of("broken", new double[][] {{1, 2}, {1}})));
    assertTrue(e.getMessage().contains("broken"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Plots.bars(dir.resolve("b.png"), "t", List.of("a", "b"), Map.of("m", new double[] {1}), null));
    assertTrue(e.getMessage().contains("\"m\"") && e.getMessage().contains("2"), e.getMessage());
  }
}
