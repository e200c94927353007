package org.reason4j.rl.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reason4j.tensor.io.Json;

/**
 * Appends one JSON object per training step to a {@code metrics.jsonl} file, e.g.
 * <pre>{"step":12,"epoch":0.25,"reward":0.4375,"kl":0.0031,"clip_ratio/region_mean":0.0}</pre>
 * with the keys of {@link MetricNames}. Each line is written and flushed to the OS as soon as it is
 * logged, so {@code tail -f} and a plot of a running job see every finished step.
 *
 * <p>Opening an existing file appends (a resumed run continues its curve). A process killed mid-write
 * can leave an unterminated last line; {@link #open} cuts it off, and {@link #resume} also drops the lines
 * of steps after the checkpoint being resumed, so no step appears twice. Non-finite numbers are written as
 * {@code null} (JSON has no NaN) and read back as null.
 *
 * <p>It is not a metrics aggregator: callers log the values they computed for the step.
 */
public final class MetricsLogger implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;

  private MetricsLogger(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /** Opens (creating it and its folders if needed) a metrics file for appending. */
  public static MetricsLogger open(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      channel.truncate(endOfLastCompleteLine(channel));
      channel.position(channel.size());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return new MetricsLogger(file, channel);
  }

  /** For a run resumed from the checkpoint of {@code step}: drops later lines, then opens for appending. */
  public static MetricsLogger resume(Path file, long step) throws IOException {
    if (Files.exists(file)) truncateAfter(file, step);
    return open(file);
  }

  /** The file position just after the last newline: an unterminated tail is an interrupted write. */
  private static long endOfLastCompleteLine(FileChannel channel) throws IOException {
    long size = channel.size();
    ByteBuffer one = ByteBuffer.allocate(1);
    for (long pos = size - 1; pos >= 0; pos--) {
      one.clear();
      channel.read(one, pos);
      if (one.get(0) == '\n') return pos + 1;
    }
    return 0;
  }

  public Path path() {
    return file;
  }

  /**
   * Writes {@code {"step": step, ...values}} as one line. Values are numbers, booleans, strings or null;
   * {@code values} must not contain {@code "step"} itself.
   */
  public synchronized void log(long step, Map<String, ?> values) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put(MetricNames.STEP, step);
    for (Map.Entry<String, ?> e : values.entrySet()) {
      String key = e.getKey();
      Object v = e.getValue();
      if (key == null || key.isEmpty()) throw new IllegalArgumentException(file + ": metric with an empty name at step " + step);
      if (key.equals(MetricNames.STEP)) throw new IllegalArgumentException(file + ": pass the step as the first argument, not as a metric");
      if (v != null && !(v instanceof Number) && !(v instanceof Boolean) && !(v instanceof String)) {
        throw new IllegalArgumentException(file + ": metric \"" + key + "\" is a " + v.getClass().getSimpleName()
            + "; only numbers, booleans, strings and null can be logged");
      }
      line.put(key, v);
    }
    byte[] bytes = (Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) channel.write(buf);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot append metrics: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }

  /**
   * Keeps only the lines whose step is at most {@code step}, replacing the file atomically (a temporary
   * sibling renamed over it). Returns the number of lines dropped; an unterminated last line is dropped too.
   * Call it before opening the file for logging ({@link #resume} does both).
   */
  public static int truncateAfter(Path file, long step) throws IOException {
    List<String> lines = completeLines(file);
    StringBuilder kept = new StringBuilder();
    int dropped = 0;
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      if (text.isBlank()) continue;
      if (stepOf(file, i + 1, text) <= step) kept.append(text).append('\n');
      else dropped++;
    }
    Path temp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(kept.toString().getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) out.write(buf);
      out.force(true);
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return dropped;
  }

  /** Reads every logged line as a map (keys in file order; integers as Long, other numbers as Double). */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> read(Path file) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    List<String> lines = completeLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      if (text.isBlank()) continue;
      Object v = Json.parse(text, file + ", line " + (i + 1));
      if (!(v instanceof Map)) throw new IOException(file + ", line " + (i + 1) + ": expected a JSON object per line");
      rows.add((Map<String, Object>) v);
    }
    return rows;
  }

  /** The newline-terminated lines; a trailing partial line (a write still in progress, or a crash) is skipped. */
  private static List<String> completeLines(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n') + 1;
    List<String> lines = new ArrayList<>(List.of(text.substring(0, end).split("\n", -1)));
    lines.remove(lines.size() - 1); // the empty string after the last newline
    return lines;
  }

  private static long stepOf(Path file, int lineNo, String text) throws IOException {
    Object v = Json.parse(text, file + ", line " + lineNo);
    if (v instanceof Map<?, ?> m && m.get(MetricNames.STEP) instanceof Long s) return s;
    throw new IOException(file + ", line " + lineNo + ": no integer \"step\" field, so the line cannot be kept or dropped by step");
  }
}
