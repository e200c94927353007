package org.reason4j.examples.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.PromptFormat;
import org.reason4j.rl.trainer.RunOptions;
import org.reason4j.rl.trainer.SftTrainer;
import org.reason4j.rl.verify.Verifier;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;
import org.reason4j.transformer.tokenizer.CharTokenizer;

/**
 * The demo, end to end, for one or more seeds: a character-level transformer trained from scratch with
 * SFT on the synthetic task, then every {@link Method} (PPO, GRPO, DAPO by default) from a copy of that SFT
 * checkpoint, each scored on the same held-out problems ({@link DemoEvaluation}). Seed s builds its own
 * model, demonstrations, RL prompts and trainer streams from s, so the seeds are independent repetitions
 * of the whole pipeline; the held-out problems are shared.
 *
 * <pre>
 * out/
 *   results.json            the table (per seed, mean, min, max), paired gains over SFT, phase times
 *   plots/accuracy_by_tier.png, plots/rl_accuracy.png, plots/sft_loss.png
 *   seed-1/sft/             metrics.jsonl, plots/, checkpoint (SftTrainer's run folder)
 *   seed-1/ppo/ ...         one run folder per method
 * </pre>
 * It prints a header before each phase (the trainers draw their progress bars), the table, the gains
 * and where the files are. It decides nothing about what the methods do.
 */
public final class DemoPipeline {
  private final DemoConfig config;
  private final PrintStream out;
  private final boolean progress;
  private final CharTokenizer tokenizer = DemoConfig.tokenizer();
  private final ModelConfig modelConfig;
  private final Verifier verifier = Verifier.synthetic();

  /** What a run produced. */
  public record Result(ResultsTable table, Path outDir, Path json, List<Path> plots, Map<String, Double> seconds) {}

  public DemoPipeline(DemoConfig config, PrintStream out, boolean progress) {
    this.config = config;
    this.out = out;
    this.progress = progress;
    this.modelConfig = config.model().config(tokenizer);
  }

  /** Runs every seed, then writes the table, the JSON and the plots into {@code outDir}. */
  public Result run(List<Long> seeds, Path outDir) throws IOException {
    if (seeds.isEmpty()) throw new IllegalArgumentException("at least one seed is needed");
    Files.createDirectories(outDir);
    long start = System.nanoTime();
    DemoEvaluation evaluation = new DemoEvaluation(config.task(), verifier, config.eval(), config.passK(), config.passProblems(), progress);
    ResultsTable table = new ResultsTable(Scores.columns(evaluation.tiers(), config.passK()));
    Map<String, Double> seconds = new LinkedHashMap<>();
    printPlan(seeds, outDir);
    for (long seed : seeds) runSeed(seed, outDir.resolve("seed-" + seed), evaluation, table, seconds);
    seconds.put("total", (System.nanoTime() - start) / 1e9);
    List<Path> plots = DemoReport.plots(table, outDir, seeds.get(0), config.methods());
    Path json = outDir.resolve("results.json");
    DemoReport.writeJson(json, config, seeds, table, seconds);
    DemoReport.print(out, table, seeds.size(), seconds, outDir, json, plots);
    return new Result(table, outDir, json, plots, seconds);
  }

  private void printPlan(List<Long> seeds, Path outDir) {
    out.printf(Locale.ROOT, "reason4j demo: SFT from scratch, then %s from the SFT checkpoint, on the synthetic task%n",
        String.join(", ", config.methods().stream().map(Method::name).toList()));
    out.printf(Locale.ROOT, "model: %,d parameters (%d layers x %d, %d characters); SFT %d steps of %d on tiers 0-%d; seeds %s%n",
        CausalLM.create(modelConfig, 0).numParameters(), config.model().layers(), config.model().hidden(), tokenizer.vocabSize(),
        config.sftSteps(), config.sftBatch(), config.task().sftTiers() - 1, seeds);
    out.println("output: " + outDir.toAbsolutePath());
  }

  private void runSeed(long seed, Path dir, DemoEvaluation evaluation, ResultsTable table, Map<String, Double> seconds) throws IOException {
    Policy sft = freshPolicy(seed);
    long t0 = System.nanoTime();
    header(seed, "SFT", config.sftSteps() + " steps from scratch");
    SftTrainer.onExamples(config.sftConfig(seed), sft, config.task().sftExamples(sft, seed, config.model().maxPositions()),
        runOptions(dir.resolve("sft"))).train();
    record(table, seed, "SFT", evaluation.labelled("eval SFT").evaluate(sft), seconds, t0);
    List<Problem> rlProblems = config.task().rlProblems(seed);
    Map<String, Policy> earlier = new LinkedHashMap<>();
    earlier.put("SFT", sft);
    for (Method m : config.methods()) {
      long t1 = System.nanoTime();
      header(seed, m.name(), "from the SFT checkpoint");
      RunOptions run = runOptions(dir.resolve(Method.folder(m.name())));
      Method.Context ctx = new Method.Context(config.task(), rlProblems, verifier, seed, run, earlier, this::freshPolicy);
      Policy trained;
      try {
        trained = m.train(copyOf(sft), ctx);
      } catch (RuntimeException e) {
        // A row that cannot go on (DAPO finding no group with mixed outcomes, a row whose base row failed)
        // fails this row, not the run: the other rows' hours are not thrown away.
        out.printf(Locale.ROOT, "seed %d %s failed: %s%n", seed, m.name(), e);
        record(table, seed, m.name(), failed(evaluation.tiers()), seconds, t1);
        continue;
      }
      record(table, seed, m.name(), m.evaluate(trained, evaluation.labelled("eval " + m.name())), seconds, t1);
      earlier.put(m.name(), trained);
    }
  }

  private static Scores failed(int tiers) {
    return new Scores(java.util.Collections.nCopies(tiers, Double.NaN), Double.NaN, Double.NaN, Double.NaN);
  }

  private void record(ResultsTable table, long seed, String row, Scores s, Map<String, Double> seconds, long since) {
    table.add(row, seed, s.values());
    seconds.put("seed " + seed + " " + row, (System.nanoTime() - since) / 1e9);
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "seed %d %s:", seed, row));
    List<String> columns = table.columns();
    List<Double> v = s.values();
    for (int i = 0; i < v.size(); i++) sb.append(String.format(Locale.ROOT, " %s %s", columns.get(i), ResultsTable.cell(ResultsTable.Summary.of(List.of(v.get(i))))));
    out.println(sb);
  }

  private void header(long seed, String phase, String what) {
    out.printf(Locale.ROOT, "== seed %d: %s (%s)%n", seed, phase, what);
  }

  private RunOptions runOptions(Path dir) {
    return new RunOptions(dir, progress);
  }

  /** An untrained policy of the demo's shape, initialised from {@code seed}. */
  public Policy freshPolicy(long seed) {
    return new Policy(CausalLM.create(modelConfig, seed), tokenizer, PromptFormat.synthetic());
  }

  /** A policy with its own copy of {@code p}'s model weights (no value head). */
  private Policy copyOf(Policy p) {
    CausalLM model = CausalLM.empty(modelConfig);
    model.loadStateDict(p.model().stateDict(), true);
    return new Policy(model, tokenizer, p.format());
  }

  /** Seeds first, first+1, ... */
  public static List<Long> seeds(long first, int count) {
    if (count < 1) throw new IllegalArgumentException("--seeds must be >= 1, got " + count);
    List<Long> s = new ArrayList<>();
    for (int i = 0; i < count; i++) s.add(first + i);
    return s;
  }
}
