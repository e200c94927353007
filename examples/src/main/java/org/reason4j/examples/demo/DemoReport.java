package org.reason4j.examples.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reason4j.rl.metrics.MetricNames;
import org.reason4j.rl.metrics.Plots;
import org.reason4j.rl.trainer.RolloutMetrics;
import org.reason4j.tensor.io.Json;

/**
 * What the demo shows at the end: the table with its spreads, each method's paired gain over SFT and
 * whether it beats SFT by more than the spread across seeds, the hardest tier with and without its hint,
 * the time per phase; and the same as {@code results.json} and as plots. Pure reporting: it trains nothing.
 */
final class DemoReport {
  static final String BASELINE = "SFT";

  private DemoReport() {}

  static void print(PrintStream out, ResultsTable table, int seeds, Map<String, Double> seconds, Path outDir, Path json, List<Path> plots) {
    out.println();
    out.printf(Locale.ROOT, "Held-out greedy accuracy (%%) per tier and overall; pass@k on the hardest tier without and with its hint.%n");
    out.println(seeds > 1 ? "Cells: mean (min-max) over " + seeds + " seeds." : "One seed (use --seeds 3 for spreads).");
    out.print(table.format());
    String overall = "overall";
    out.println();
    for (String row : table.rows()) {
      if (row.equals(BASELINE)) continue;
      ResultsTable.Summary g = table.gain(row, BASELINE, overall);
      String verdict = seeds > 1 ? (table.beatsBySpread(row, BASELINE, overall) ? "beats SFT by more than the seed spread"
          : "does NOT beat SFT by more than the seed spread") : "";
      out.printf(Locale.ROOT, "%-14s overall gain over SFT: %s points%s  %s%n", row, signed(g.mean()),
          g.n() > 1 ? String.format(Locale.ROOT, " (per seed %s to %s)", signed(g.min()), signed(g.max())) : "", verdict);
    }
    List<String> c = table.columns();
    ResultsTable.Summary plain = table.summary(BASELINE, c.get(c.size() - 2)), hinted = table.summary(BASELINE, c.get(c.size() - 1));
    out.printf(Locale.ROOT, "Hardest tier after SFT: %s %s without the hint, %s with it.%n", c.get(c.size() - 2).replace(" +hint", ""),
        ResultsTable.cell(plain), ResultsTable.cell(hinted));
    out.printf(Locale.ROOT, "Time: %s in all;%s%n", minutes(seconds.get("total")), phaseTimes(seconds));
    out.println("results: " + json.toAbsolutePath());
    for (Path p : plots) out.println("plot: " + p.toAbsolutePath());
    out.println("runs (metrics.jsonl and plots per phase): " + outDir.toAbsolutePath().resolve("seed-*"));
  }

  private static String phaseTimes(Map<String, Double> seconds) {
    Map<String, Double> perPhase = new LinkedHashMap<>();
    Map<String, Integer> count = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : seconds.entrySet()) {
      if (!e.getKey().startsWith("seed ")) continue;
      String phase = e.getKey().substring(e.getKey().indexOf(' ', 5) + 1);
      perPhase.merge(phase, e.getValue(), Double::sum);
      count.merge(phase, 1, Integer::sum);
    }
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Double> e : perPhase.entrySet()) {
      sb.append(' ').append(e.getKey()).append(' ').append(minutes(e.getValue() / count.get(e.getKey())));
      sb.append(count.get(e.getKey()) > 1 ? " per seed" : "").append(',');
    }
    return sb.length() > 0 ? sb.substring(0, sb.length() - 1) + " (each with its evaluation)" : "";
  }

  static String minutes(double s) {
    return String.format(Locale.ROOT, "%dm%02ds", (long) s / 60, (long) s % 60);
  }

  private static String signed(double fraction) {
    return String.format(Locale.ROOT, "%+.1f", 100 * fraction);
  }

  /** results.json: the settings, the table, paired gains over SFT, the phase times. */
  static void writeJson(Path file, DemoConfig config, List<Long> seeds, ResultsTable table, Map<String, Double> seconds) throws IOException {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("seeds", seeds);
    j.put("settings", settings(config));
    j.put("table", table.toJson());
    Map<String, Object> gains = new LinkedHashMap<>();
    for (String row : table.rows()) {
      if (row.equals(BASELINE)) continue;
      ResultsTable.Summary g = table.gain(row, BASELINE, "overall");
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("mean", g.mean());
      m.put("min", g.min());
      m.put("max", g.max());
      m.put("beats_sft_by_more_than_spread", seeds.size() > 1 ? table.beatsBySpread(row, BASELINE, "overall") : null);
      gains.put(row, m);
    }
    j.put("overall_gain_over_sft", gains);
    j.put("seconds", seconds);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, Json.writePretty(j, "  ") + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static Map<String, Object> settings(DemoConfig c) {
    Map<String, Object> s = new LinkedHashMap<>();
    DemoTask t = c.task();
    s.put("tiers", t.task().tiers().toString());
    s.put("sft_tiers", (long) t.sftTiers());
    s.put("sft_per_tier", (long) t.sftPerTier());
    s.put("answer_only_share", t.answerOnlyShare());
    s.put("answer_only_from_tier", (long) t.answerOnlyFromTier());
    s.put("hint_share", t.hintShare());
    s.put("rl_per_tier", t.rlPerTier());
    s.put("held_out_per_tier", (long) t.heldOutPerTier());
    s.put("model", c.model().toString());
    s.put("sft_steps", (long) c.sftSteps());
    s.put("sft_batch", (long) c.sftBatch());
    s.put("sft_lr", c.sftLr());
    s.put("methods", c.methods().stream().map(Method::name).toList());
    s.put("pass_k", (long) c.passK());
    s.put("pass_problems", (long) c.passProblems());
    return s;
  }

  /**
   * plots/accuracy_by_tier.png (bars: mean per method, error bars spanning the seeds' range),
   * plots/rl_accuracy.png (the training accuracy of every method of the first seed) and plots/sft_loss.png
   * (the SFT loss of every seed). Curves whose metrics files are missing (an in-memory method) are skipped.
   */
  static List<Path> plots(ResultsTable table, Path outDir, long firstSeed, List<Method> methods) throws IOException {
    Path dir = outDir.resolve("plots");
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    List<String> columns = table.columns();
    List<String> categories = columns.subList(0, columns.indexOf("overall") + 1);
    Map<String, double[]> means = new LinkedHashMap<>(), spreads = new LinkedHashMap<>();
    for (String row : table.rows()) {
      double[] m = new double[categories.size()], s = new double[categories.size()];
      for (int i = 0; i < categories.size(); i++) {
        ResultsTable.Summary x = table.summary(row, categories.get(i));
        m[i] = 100 * x.mean();
        s[i] = 100 * Math.max(x.max() - x.mean(), x.mean() - x.min());
      }
      means.put(row, m);
      spreads.put(row, s);
    }
    Path bars = dir.resolve("accuracy_by_tier.png");
    Plots.bars(bars, "held-out greedy accuracy per tier (error bars: range over seeds)", "accuracy (%)", categories, means, spreads,
        Plots.Options.defaults());
    written.add(bars);
    Map<String, Path> rl = new LinkedHashMap<>();
    for (Method m : methods) {
      Path f = outDir.resolve("seed-" + firstSeed).resolve(Method.folder(m.name())).resolve("metrics.jsonl");
      if (Files.exists(f) && Files.readString(f).contains("\"" + RolloutMetrics.ACCURACY + "\"")) rl.put(m.name(), f);
    }
    if (!rl.isEmpty()) written.add(curve(dir.resolve("rl_accuracy.png"), RolloutMetrics.ACCURACY, rl));
    Map<String, Path> sft = new LinkedHashMap<>();
    for (long seed : table.seeds(BASELINE)) {
      Path f = outDir.resolve("seed-" + seed).resolve("sft").resolve("metrics.jsonl");
      if (Files.exists(f)) sft.put("seed " + seed, f);
    }
    if (!sft.isEmpty()) written.add(curve(dir.resolve("sft_loss.png"), MetricNames.LOSS, sft));
    return written;
  }

  private static Path curve(Path png, String key, Map<String, Path> runs) throws IOException {
    Plots.compareRuns(png, key, runs, Plots.Options.defaults().withSmoothing(0.6));
    return png;
  }
}
