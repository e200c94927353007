package org.reason4j.rl.trainer;

import java.nio.file.Path;

/**
 * Where a run writes and what it shows, kept apart from the algorithm's config: the same config trains
 * in a test (in memory, quiet) and from the command line (files, progress bar).
 *
 * @param outDir   run folder for config.json, metrics.jsonl, plots/, checkpoints and best/, or null for none
 * @param progress draw a console progress bar on stderr
 */
public record RunOptions(Path outDir, boolean progress) {
  /** Nothing written, nothing drawn: for tests and programmatic use. */
  public static RunOptions inMemory() {
    return new RunOptions(null, false);
  }

  /** Files in {@code outDir} and a progress bar. */
  public static RunOptions files(Path outDir) {
    return new RunOptions(outDir, true);
  }

  public RunOptions quiet() {
    return new RunOptions(outDir, false);
  }
}
