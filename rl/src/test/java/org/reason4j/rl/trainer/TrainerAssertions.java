package org.reason4j.rl.trainer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.tensor.Tensor;

/** Helpers for trainer tests: parameter snapshots, bitwise comparison, finite losses. */
final class TrainerAssertions {
  private TrainerAssertions() {}

  /** Copies of every weight (model and value head). */
  static Map<String, float[]> snapshot(Policy policy) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : policy.stateDict().entrySet()) out.put(e.getKey(), e.getValue().contiguous().toFloatArray());
    return out;
  }

  static void assertSameBits(Map<String, float[]> expected, Map<String, float[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    for (String k : expected.keySet()) {
      float[] a = expected.get(k), b = actual.get(k);
      for (int i = 0; i < a.length; i++) {
        if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(b[i])) fail(k + "[" + i + "]: " + a[i] + " vs " + b[i]);
      }
    }
  }

  /** The number of weights that differ between two snapshots. */
  static long changed(Map<String, float[]> before, Map<String, float[]> after) {
    long n = 0;
    for (String k : before.keySet()) {
      float[] a = before.get(k), b = after.get(k);
      for (int i = 0; i < a.length; i++) if (a[i] != b[i]) n++;
    }
    return n;
  }

  static void assertFiniteEverywhere(List<Map<String, Object>> lines, String key) {
    assertFalse(lines.isEmpty());
    for (Map<String, Object> line : lines) {
      Object v = line.get(key);
      assertTrue(v instanceof Number n && Double.isFinite(n.doubleValue()), key + " = " + v + " in " + line);
    }
  }
}
