package org.reason4j.examples.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.reason4j.examples.demo.DemoConfig;
import org.reason4j.examples.demo.DemoPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reason4j demo}: the README's main job. From scratch on the CPU, SFT a small character-level
 * transformer on the synthetic task, then PPO (ReFT), GRPO and DAPO from that checkpoint, evaluate every
 * one on held-out problems per tier, print the table and write plots ({@link DemoPipeline}). No download.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"SFT a small transformer from scratch on generated arithmetic problems, then PPO, GRPO and DAPO from it; "
        + "prints held-out accuracy per tier and writes plots (about 10 minutes on 2 cores per seed)."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--seeds", description = "Run the whole pipeline for this many seeds and report mean and min-max (default ${DEFAULT-VALUE}).")
  int seeds = 1;

  @Option(names = "--seed", description = "The first seed; the others follow it (default ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--budget", paramLabel = "MINUTES",
      description = "Time per seed on 2 cores that the step counts are sized for (default ${DEFAULT-VALUE}); more trains longer.")
  double budget = DemoConfig.DEFAULT_BUDGET_MINUTES;

  @Option(names = "--long", description = "Shorthand for --budget 30.")
  boolean longRun;

  @Option(names = "--full", description = {"Also the guided methods (ReGFT then DAPO, Guide-GRPO, ReLIFT), offline and online "
      + "self-training, and maj@8 / rerank@8 on top of SFT and PPO: the papers' claims in miniature (about 25 minutes per seed)."})
  boolean full;

  @Option(names = "--out", description = "Output folder (default runs/demo-<timestamp>).")
  Path out;

  @Option(names = "--quiet", description = "No progress bars.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    double minutes = longRun ? 30 : budget;
    DemoConfig config = full ? DemoConfig.fullForBudget(minutes) : DemoConfig.forBudget(minutes);
    Path dir = out != null ? out : Path.of("runs", "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    new DemoPipeline(config, System.out, !quiet).run(DemoPipeline.seeds(seed, seeds), dir);
    return 0;
  }
}
