package org.reason4j.examples.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's results: one row per method, one column per metric, one value per seed. Cells are summarised
 * as the mean and the spread across seeds, the spread being the range (min to max, not a standard
 * deviation: with three seeds a range hides nothing). A method's gain over the baseline row is taken seed by
 * seed (paired), since every method of a seed starts from that seed's SFT checkpoint.
 *
 * <p>Values are fractions in [0, 1]; the text table prints them as percentages. Missing values (a row
 * that did not measure a column) are NaN and print as "-".
 */
public final class ResultsTable {

  /** Mean and range of one cell over the seeds it has (NaNs left out); n = 0 means no value. */
  public record Summary(double mean, double min, double max, int n) {
    public double spread() {
      return max - min;
    }

    static Summary of(List<Double> values) {
      double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
      int n = 0;
      for (double v : values) {
        if (Double.isNaN(v)) continue;
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
        n++;
      }
      return n == 0 ? new Summary(Double.NaN, Double.NaN, Double.NaN, 0) : new Summary(sum / n, min, max, n);
    }
  }

  private final List<String> columns;
  private final Map<String, Map<Long, List<Double>>> rows = new LinkedHashMap<>(); // row -> seed -> values

  public ResultsTable(List<String> columns) {
    if (columns.isEmpty()) throw new IllegalArgumentException("a results table needs at least one column");
    this.columns = List.copyOf(columns);
  }

  public List<String> columns() {
    return columns;
  }

  /** Records one seed's values of a row (in column order); a seed may be recorded once per row. */
  public void add(String row, long seed, List<Double> values) {
    if (values.size() != columns.size()) {
      throw new IllegalArgumentException("row " + row + ": " + values.size() + " values for " + columns.size() + " columns");
    }
    Map<Long, List<Double>> seeds = rows.computeIfAbsent(row, r -> new TreeMap<>());
    if (seeds.put(seed, List.copyOf(values)) != null) throw new IllegalArgumentException("row " + row + " already has seed " + seed);
  }

  public List<String> rows() {
    return new ArrayList<>(rows.keySet());
  }

  /** The seeds recorded for a row, in order. */
  public List<Long> seeds(String row) {
    return new ArrayList<>(seedsOf(row).keySet());
  }

  /** One seed's value of a cell. */
  public double value(String row, long seed, String column) {
    List<Double> v = seedsOf(row).get(seed);
    if (v == null) throw new IllegalArgumentException("row " + row + " has no seed " + seed);
    return v.get(columnIndex(column));
  }

  public Summary summary(String row, String column) {
    int c = columnIndex(column);
    List<Double> values = new ArrayList<>();
    for (List<Double> v : seedsOf(row).values()) values.add(v.get(c));
    return Summary.of(values);
  }

  /** {@code row − baseline} per seed the two share, summarised. */
  public Summary gain(String row, String baseline, String column) {
    int c = columnIndex(column);
    Map<Long, List<Double>> base = seedsOf(baseline);
    List<Double> diffs = new ArrayList<>();
    for (Map.Entry<Long, List<Double>> e : seedsOf(row).entrySet()) {
      List<Double> b = base.get(e.getKey());
      if (b != null) diffs.add(e.getValue().get(c) - b.get(c));
    }
    return Summary.of(diffs);
  }

  /**
   * Whether {@code row} beats {@code baseline} on a column by more than the spread across seeds: its mean
   * exceeds the baseline's by more than the larger of the two rows' ranges, and it wins on every seed.
   */
  public boolean beatsBySpread(String row, String baseline, String column) {
    Summary r = summary(row, column), b = summary(baseline, column), g = gain(row, baseline, column);
    if (r.n() == 0 || b.n() == 0 || g.n() == 0) return false;
    return r.mean() - b.mean() > Math.max(r.spread(), b.spread()) && g.min() > 0;
  }

  /** The table as text: "mean (min-max)" in percent per cell when there are several seeds, else the value. */
  public String format() {
    List<String> header = new ArrayList<>();
    header.add("method");
    header.addAll(columns);
    List<List<String>> cells = new ArrayList<>();
    for (String row : rows.keySet()) {
      List<String> line = new ArrayList<>();
      line.add(row);
      for (String c : columns) line.add(cell(summary(row, c)));
      cells.add(line);
    }
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
      for (List<String> line : cells) width[i] = Math.max(width[i], line.get(i).length());
    }
    StringBuilder sb = new StringBuilder();
    appendLine(sb, header, width);
    for (List<String> line : cells) appendLine(sb, line, width);
    return sb.toString();
  }

  private static void appendLine(StringBuilder sb, List<String> cells, int[] width) {
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      sb.append(i == 0 ? String.format(Locale.ROOT, "%-" + width[i] + "s", c) : String.format(Locale.ROOT, "  %" + width[i] + "s", c));
    }
    sb.append('\n');
  }

  /** A cell: "-" without values, "62.5" for one seed, "62.5 (60.0-65.0)" for several. */
  static String cell(Summary s) {
    if (s.n() == 0) return "-";
    if (s.n() == 1) return String.format(Locale.ROOT, "%.1f", 100 * s.mean());
    return String.format(Locale.ROOT, "%.1f (%.1f-%.1f)", 100 * s.mean(), 100 * s.min(), 100 * s.max());
  }

  /**
   * JSON-ready: {@code {"columns": [...], "spread": "min-max over seeds", "rows": {row: {"seeds": {seed: [..]},
   * "mean": [..], "min": [..], "max": [..]}}}}; NaN becomes null.
   */
  public Map<String, Object> toJson() {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("columns", columns);
    j.put("spread", "min-max over seeds");
    Map<String, Object> rs = new LinkedHashMap<>();
    for (String row : rows.keySet()) {
      Map<String, Object> r = new LinkedHashMap<>();
      Map<String, Object> seeds = new LinkedHashMap<>();
      for (Map.Entry<Long, List<Double>> e : seedsOf(row).entrySet()) seeds.put(Long.toString(e.getKey()), jsonNumbers(e.getValue()));
      r.put("seeds", seeds);
      List<Double> mean = new ArrayList<>(), min = new ArrayList<>(), max = new ArrayList<>();
      for (String c : columns) {
        Summary s = summary(row, c);
        mean.add(s.mean());
        min.add(s.min());
        max.add(s.max());
      }
      r.put("mean", jsonNumbers(mean));
      r.put("min", jsonNumbers(min));
      r.put("max", jsonNumbers(max));
      rs.put(row, r);
    }
    j.put("rows", rs);
    return j;
  }

  private static List<Object> jsonNumbers(List<Double> values) {
    List<Object> out = new ArrayList<>();
    for (double v : values) out.add(Double.isNaN(v) ? null : v);
    return out;
  }

  private Map<Long, List<Double>> seedsOf(String row) {
    Map<Long, List<Double>> s = rows.get(row);
    if (s == null) throw new IllegalArgumentException("no row " + row + " (rows: " + rows.keySet() + ")");
    return s;
  }

  private int columnIndex(String column) {
    int c = columns.indexOf(column);
    if (c < 0) throw new IllegalArgumentException("no column " + column + " (columns: " + columns + ")");
    return c;
  }
}
