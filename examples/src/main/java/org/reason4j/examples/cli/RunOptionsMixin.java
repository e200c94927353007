package org.reason4j.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reason4j.rl.checkpoint.CheckpointIO;
import org.reason4j.rl.config.ConfigBinder;
import org.reason4j.rl.config.ConfigException;
import org.reason4j.rl.config.ConfigFiles;
import org.reason4j.rl.config.Overrides;
import org.reason4j.rl.trainer.RunOptions;
import picocli.CommandLine.Option;

/** The options of a training run: its config, its folder, resumption and evaluation. */
final class RunOptionsMixin {
  @Option(names = "--config", paramLabel = "FILE", description = "YAML or JSON config; keys are the trainer's config fields.")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one config key (repeatable), e.g. --set lr=1e-5.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run folder: config, metrics, plots, checkpoints, final model.")
  Path out;

  @Option(names = "--resume", description = "Continue from the newest checkpoint in --out (with its config.json unless --config is given).")
  boolean resume;

  @Option(names = "--eval-data", paramLabel = "FILE", description = "Held-out problems (same format) for greedy accuracy during and after training.")
  String evalData;

  @Option(names = "--eval-limit", defaultValue = "200", paramLabel = "N", description = "Problems of --eval-data used (default: ${DEFAULT-VALUE}).")
  int evalLimit;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  RunOptions runOptions() {
    return new RunOptions(out, !quiet);
  }

  /**
   * The config: {@code base} (a trainer preset), then the file (or, resuming without one, the run's own
   * config.json), then the --set overrides. Errors name the source and the key.
   */
  <R extends Record> R load(Class<R> type, R base) {
    return load(type, base, "config.json");
  }

  /**
   * The same, for a command whose whole config is saved as {@code savedName} in the run folder (a method
   * built on a trainer that writes its own part to config.json, or a pipeline of several trainers).
   */
  <R extends Record> R load(Class<R> type, R base, String savedName) {
    Path file = config != null ? config : resume && Files.isRegularFile(out.resolve(savedName)) ? out.resolve(savedName) : null;
    try {
      Map<String, Object> values = ConfigBinder.toMap(base);
      if (file != null) ConfigFiles.read(file).forEach((k, v) -> values.put(camel(k), v));
      List<String> assignments = new ArrayList<>();
      for (String s : sets) {
        int eq = s.indexOf('=');
        assignments.add(eq < 0 ? s : camel(s.substring(0, eq)) + s.substring(eq));
      }
      return ConfigBinder.bind(type, Overrides.apply(values, assignments));
    } catch (ConfigException e) {
      String source = file == null ? "--set" : file + (sets.isEmpty() ? "" : " with --set");
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /** Writes the command's resolved config to {@code out/savedName}, where {@code --resume} finds it. */
  void save(Record resolved, String savedName) throws IOException {
    Files.createDirectories(out);
    ConfigFiles.writeJson(out.resolve(savedName), resolved);
  }

  /** weight_decay -> weightDecay, so a snake_case key replaces the preset's value instead of clashing with it. */
  private static String camel(String key) {
    StringBuilder sb = new StringBuilder();
    boolean up = false;
    for (char c : key.toCharArray()) {
      if (c == '_') {
        up = sb.length() > 0;
        continue;
      }
      sb.append(up ? Character.toUpperCase(c) : c);
      up = false;
    }
    return sb.toString();
  }

  /** The newest checkpoint of the run when resuming, else null. */
  Path checkpointToResume() throws IOException {
    if (!resume) return null;
    return CheckpointIO.latest(out).orElseThrow(() -> new IllegalArgumentException("--resume: no checkpoint-<step> folder in " + out));
  }
}
