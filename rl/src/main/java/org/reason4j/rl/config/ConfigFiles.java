package org.reason4j.rl.config;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reason4j.tensor.io.Json;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Config files for the training commands: {@code --config FILE.yaml|yml|json} plus repeated
 * {@code --set key=value}, resolved into a record by {@link ConfigBinder}, and the resolved config written
 * back as JSON into run and checkpoint folders.
 *
 * <p>YAML is read with SnakeYAML's {@link SafeConstructor}, so a file can only produce maps, lists and
 * scalars, never instantiate classes; duplicate keys are errors, and alias expansion is capped (no
 * "billion laughs"). Values are normalised to the shapes {@link Json} produces (LinkedHashMap, ArrayList,
 * Long, Double, String, Boolean, null). Syntax errors name the file, line and column as SnakeYAML reports
 * them; binding errors name the file and the key path.
 */
public final class ConfigFiles {
  private ConfigFiles() {}

  /** Reads a YAML or JSON file (by extension) whose top level is a mapping; an empty YAML file is an empty map. */
  public static Map<String, Object> read(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
    if (!yaml && !name.endsWith(".json")) throw new ConfigException(file + ": config files must end in .yaml, .yml or .json");
    if (!Files.isRegularFile(file)) throw new ConfigException(file + ": no such config file");
    if (!yaml) {
      try {
        return Json.readObject(file);
      } catch (Json.JsonException e) {
        throw new ConfigException(e.getMessage(), e);
      }
    }
    return readYaml(file);
  }

  private static Map<String, Object> readYaml(Path file) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(50);
    Object doc;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      doc = new Yaml(new SafeConstructor(options)).load(in);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String where = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
      String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
      throw new ConfigException(file + ": invalid YAML" + where + ": " + problem, e);
    } catch (YAMLException e) {
      throw new ConfigException(file + ": invalid YAML: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (doc == null) return new LinkedHashMap<>();
    if (!(doc instanceof Map<?, ?> m)) throw new ConfigException(file + ": the top level must be a mapping of keys to values");
    return normalMap(m, file, "");
  }

  private static Map<String, Object> normalMap(Map<?, ?> m, Path file, String path) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new ConfigException(file + ": " + (path.isEmpty() ? "" : path + ": ") + "key " + e.getKey() + " is not a string; quote it");
      }
      String p = path.isEmpty() ? key : path + "." + key;
      out.put(key, normal(e.getValue(), file, p));
    }
    return out;
  }

  private static Object normal(Object v, Path file, String path) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) return v;
    if (v instanceof Integer i) return i.longValue();
    if (v instanceof Float f) return f.doubleValue();
    if (v instanceof BigInteger b) {
      if (b.bitLength() < 64) return b.longValue();
      throw new ConfigException(file + ": " + path + ": the integer " + b + " does not fit in 64 bits");
    }
    if (v instanceof Map<?, ?> m) return normalMap(m, file, path);
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) out.add(normal(l.get(i), file, path + "[" + i + "]"));
      return out;
    }
    throw new ConfigException(file + ": " + path + ": YAML gave a " + v.getClass().getSimpleName()
        + " (a date or binary value?); quote it to make it a string");
  }

  /**
   * The config for a training command: the record's defaults, then the file (if any), then the
   * {@code --set} overrides in order. Errors name the file (or the overrides) and the key path.
   */
  public static <R extends Record> R load(Class<R> type, Path fileOrNull, List<String> overrides) {
    Map<String, Object> values = fileOrNull == null ? new LinkedHashMap<>() : read(fileOrNull);
    Map<String, Object> merged = Overrides.apply(values, overrides);
    try {
      return ConfigBinder.bind(type, merged);
    } catch (ConfigException e) {
      String source = fileOrNull == null ? "--set overrides" : overrides.isEmpty() ? fileOrNull.toString() : fileOrNull + " with --set overrides";
      throw new ConfigException(source + ": " + e.getMessage(), e);
    }
  }

  /** Writes the resolved config as indented JSON, atomically (temporary sibling, then rename). */
  public static void writeJson(Path file, Record config) throws IOException {
    Path abs = file.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path temp = abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    Files.writeString(temp, Json.writePretty(ConfigBinder.toMap(config), "  ") + "\n", StandardCharsets.UTF_8);
    Files.move(temp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
