package org.reason4j.rl.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reason4j.tensor.io.Json;

/** Records from maps: defaults fill gaps, nested defaults come from the outer record, errors say what and where. */
class ConfigBinderTest {
  record OptimizerConfig(double lr, List<Double> betas, double eps, double weightDecay) {
    static OptimizerConfig defaults() {
      return new OptimizerConfig(1e-5, List.of(0.9, 0.999), 1e-8, 0.0);
    }
  }

  enum Aggregation { SEQ_MEAN_TOKEN_MEAN, TOKEN_MEAN, SEQ_SUM_CONST }

  record TrainerConfig(String name, int groupSize, long seed, double klCoef, boolean dynamicSampling, Aggregation aggregation,
      OptimizerConfig optimizer, List<Integer> evalEvery, Path outputDir, Map<String, Double> rewardWeights, int[] tiers) {
    TrainerConfig {
      if (groupSize < 1) throw new IllegalArgumentException("groupSize must be at least 1, got " + groupSize);
    }

    /** The trainer's own optimizer default (lr 1e-6) differs from OptimizerConfig's (1e-5) on purpose. */
    static final TrainerConfig DEFAULTS = new TrainerConfig("grpo", 8, 42L, 0.04, false, Aggregation.SEQ_MEAN_TOKEN_MEAN,
        new OptimizerConfig(1e-6, List.of(0.9, 0.99), 1e-8, 0.0), List.of(10), Path.of("runs/grpo"), Map.of("correct", 1.0), new int[] {0, 1});
  }

  record NoDefaults(int a, String b) {}

  record FreeForm(Map<String, Object> options) {}

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  private static String error(Class<? extends Record> type, Map<String, Object> values) {
    return assertThrows(ConfigException.class, () -> ConfigBinder.bind(type, values)).getMessage();
  }

  @Test
  void anEmptyMapGivesTheDefaults() {
    TrainerConfig c = ConfigBinder.bind(TrainerConfig.class, Map.of());
    assertEquals(TrainerConfig.DEFAULTS.optimizer(), c.optimizer());
    assertEquals(8, c.groupSize());
  }

  @Test
  void givenKeysOverrideAndNestedMissingKeysComeFromTheOuterDefault() {
    TrainerConfig c = ConfigBinder.bind(TrainerConfig.class, map(
        "groupSize", 16L, "seed", 7L, "kl_coef", 0, "aggregation", "token-mean", "dynamic_sampling", true,
        "optimizer", map("weight_decay", 0.01), "evalEvery", List.of(5L, 50L), "outputDir", "runs/x",
        "rewardWeights", map("correct", 1L, "format", 0.1), "tiers", List.of(2L, 3L)));
    assertEquals(16, c.groupSize());
    assertEquals(7L, c.seed());
    assertEquals(0.0, c.klCoef());
    assertTrue(c.dynamicSampling());
    assertEquals(Aggregation.TOKEN_MEAN, c.aggregation());
    assertEquals(new OptimizerConfig(1e-6, List.of(0.9, 0.99), 1e-8, 0.01), c.optimizer(), "lr and betas from TrainerConfig.DEFAULTS");
    assertEquals(List.of(5, 50), c.evalEvery());
    assertEquals(Path.of("runs/x"), c.outputDir());
    assertEquals(Map.of("correct", 1.0, "format", 0.1), c.rewardWeights());
    assertArrayEquals(new int[] {2, 3}, c.tiers());
  }

  @Test
  void aNestedRecordWithoutOuterDefaultsUsesItsOwn() {
    OptimizerConfig o = ConfigBinder.bind(OptimizerConfig.class, map("lr", "1e-6"));
    assertEquals(1e-6, o.lr(), "YAML 1.1 reads 1e-6 as text; a number field accepts it");
    assertEquals(List.of(0.9, 0.999), o.betas());
  }

  @Test
  void unknownKeysListTheValidOnesAndSuggestACloseSpelling() {
    String m = error(TrainerConfig.class, map("optimizer", map("lrr", 1e-6)));
    assertTrue(m.startsWith("optimizer.lrr: unknown key for OptimizerConfig (did you mean \"lr\"?)"), m);
    assertTrue(m.contains("valid keys: lr, betas, eps, weightDecay"), m);
    m = error(TrainerConfig.class, map("grupSize", 4L));
    assertTrue(m.contains("did you mean \"groupSize\""), m);
    m = error(TrainerConfig.class, map("temperature", 0.7));
    assertTrue(m.startsWith("temperature: unknown key for TrainerConfig; valid keys: name, groupSize"), m);
  }

  @Test
  void wrongTypesNameTheKeyTheExpectedTypeAndTheValue() {
    assertEquals("groupSize: expected a whole number (int), got 2.5 (a number)", error(TrainerConfig.class, map("groupSize", 2.5)));
    assertEquals("groupSize: 4294967296 is out of range for int", error(TrainerConfig.class, map("groupSize", 4294967296L)));
    assertEquals("optimizer.lr: expected a number (double), got \"fast\" (a string)",
        error(TrainerConfig.class, map("optimizer", map("lr", "fast"))));
    assertEquals("dynamicSampling: expected boolean (true or false), got \"yes please\" (a string)",
        error(TrainerConfig.class, map("dynamicSampling", "yes please")));
    assertEquals("aggregation: expected one of SEQ_MEAN_TOKEN_MEAN, TOKEN_MEAN, SEQ_SUM_CONST (Aggregation), got \"mean\" (a string)",
        error(TrainerConfig.class, map("aggregation", "mean")));
    assertEquals("evalEvery[1]: expected a whole number (Integer), got \"x\" (a string)",
        error(TrainerConfig.class, map("evalEvery", List.of(1L, "x"))));
    assertEquals("optimizer: expected a mapping of OptimizerConfig fields, got 0.1 (a number)",
        error(TrainerConfig.class, map("optimizer", 0.1)));
    assertEquals("seed: expected a whole number (long), got null", error(TrainerConfig.class, map("seed", null)));
  }

  @Test
  void missingKeysWithoutDefaultsAndConstructorChecksAreNamed() {
    assertEquals("b: missing, and NoDefaults has no defaults() to take it from", error(NoDefaults.class, map("a", 1L)));
    assertEquals(new NoDefaults(1, "x"), ConfigBinder.bind(NoDefaults.class, map("a", 1L, "b", "x")));
    Map<String, Object> options = map("stop", List.of("\n\n"), "top_k", 50L);
    assertEquals(options, ConfigBinder.bind(FreeForm.class, map("options", options)).options(), "free-form values are kept as parsed");
    assertEquals("TrainerConfig: groupSize must be at least 1, got 0", error(TrainerConfig.class, map("groupSize", 0L)));
    assertEquals("weightDecay: given twice (as camelCase and snake_case?)",
        error(OptimizerConfig.class, map("weightDecay", 0.1, "weight_decay", 0.2)));
  }

  @Test
  void toMapWritesJsonReadyValuesThatBindBackToTheSameRecord() {
    TrainerConfig c = ConfigBinder.bind(TrainerConfig.class, map("aggregation", "SEQ_SUM_CONST", "groupSize", 4L));
    Map<String, Object> m = ConfigBinder.toMap(c);
    assertEquals(4L, m.get("groupSize"));
    assertEquals("SEQ_SUM_CONST", m.get("aggregation"));
    assertEquals("runs/grpo", m.get("outputDir"));
    assertEquals(map("lr", 1e-6, "betas", List.of(0.9, 0.99), "eps", 1e-8, "weightDecay", 0.0), m.get("optimizer"));
    @SuppressWarnings("unchecked")
    Map<String, Object> reread = (Map<String, Object>) Json.parse(Json.write(m));
    TrainerConfig back = ConfigBinder.bind(TrainerConfig.class, reread);
    assertEquals(ConfigBinder.toMap(c), ConfigBinder.toMap(back));
    assertEquals(c.optimizer(), back.optimizer());
    assertEquals(c.aggregation(), back.aggregation());
  }

  @Test
  void snakeCaseAndDistance() {
    assertEquals("weight_decay", ConfigBinder.snake("weightDecay"));
    assertEquals("eval_every", ConfigBinder.snake("evalEvery"));
    assertEquals("lr", ConfigBinder.snake("lr"));
    assertEquals(1, ConfigBinder.distance("lrr", "lr"));
    assertEquals(3, ConfigBinder.distance("kitten", "sitting"));
  }
}
