package org.reason4j.rl.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metrics.jsonl: one flushed line per step, appended on reopen, trimmed on resume, crash tails cut. */
class MetricsLoggerTest {
  @TempDir Path dir;

  private static Map<String, Object> values(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  @Test
  void eachStepIsOneJsonLineVisibleBeforeClose() throws IOException {
    Path file = dir.resolve("run/metrics.jsonl");
    try (MetricsLogger log = MetricsLogger.open(file)) {
      log.log(1, values(MetricNames.REWARD, 0.25, MetricNames.CLIP_RATIO_REGION_MEAN, 0.0, "completions/mean_length", 17L));
      log.log(2, values(MetricNames.REWARD, 0.5, MetricNames.KL, Double.NaN));
      assertEquals(List.of("{\"step\":1,\"reward\":0.25,\"clip_ratio/region_mean\":0,\"completions/mean_length\":17}",
          "{\"step\":2,\"reward\":0.5,\"kl\":null}"), Files.readAllLines(file), "flushed per line, NaN as null");
    }
    List<Map<String, Object>> rows = MetricsLogger.read(file);
    assertEquals(2, rows.size());
    assertEquals(0.5, rows.get(1).get(MetricNames.REWARD));
    assertTrue(rows.get(1).containsKey(MetricNames.KL));
    assertNull(rows.get(1).get(MetricNames.KL));
  }

  @Test
  void reopeningAppendsAndCutsAnInterruptedLastLine() throws IOException {
    Path file = dir.resolve("metrics.jsonl");
    Files.writeString(file, "{\"step\":1,\"reward\":0.5}\n{\"step\":2,\"rew", StandardCharsets.UTF_8);
    assertEquals(1, MetricsLogger.read(file).size(), "a reader skips the partial tail");
    try (MetricsLogger log = MetricsLogger.open(file)) {
      log.log(2, values(MetricNames.REWARD, 0.75));
    }
    assertEquals("{\"step\":1,\"reward\":0.5}\n{\"step\":2,\"reward\":0.75}\n", Files.readString(file));
  }

  @Test
  void resumeDropsTheStepsAfterTheCheckpointSoNoStepIsLoggedTwice() throws IOException {
    Path file = dir.resolve("metrics.jsonl");
    try (MetricsLogger log = MetricsLogger.open(file)) {
      for (int s = 1; s <= 5; s++) log.log(s, values(MetricNames.LOSS, s * 0.1));
    }
    assertEquals(2, MetricsLogger.truncateAfter(file, 3));
    try (MetricsLogger log = MetricsLogger.resume(file, 3)) {
      log.log(4, values(MetricNames.LOSS, 9.0));
    }
    List<Map<String, Object>> rows = MetricsLogger.read(file);
    assertEquals(List.of(1L, 2L, 3L, 4L), rows.stream().map(r -> r.get(MetricNames.STEP)).toList());
    assertEquals(9L, rows.get(3).get(MetricNames.LOSS));
    assertTrue(Files.list(dir).allMatch(p -> p.getFileName().toString().equals("metrics.jsonl")), "no temporary file left");
  }

  @Test
  void badValuesAndLinesAreNamed() throws IOException {
    Path file = dir.resolve("metrics.jsonl");
    try (MetricsLogger log = MetricsLogger.open(file)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> log.log(1, values("reward", new int[] {1})));
      assertTrue(e.getMessage().contains("\"reward\"") && e.getMessage().contains(file.toString()), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> log.log(1, values(MetricNames.STEP, 1)));
    }
    Files.writeString(file, "{\"step\":1}\n{\"loss\":2}\n");
    IOException e = assertThrows(IOException.class, () -> MetricsLogger.truncateAfter(file, 0));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }
}
