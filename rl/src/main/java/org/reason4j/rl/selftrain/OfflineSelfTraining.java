package org.reason4j.rl.selftrain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.reason4j.rl.checkpoint.CheckpointIO;
import org.reason4j.rl.config.ConfigBinder;
import org.reason4j.rl.config.Overrides;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.eval.Evaluator;
import org.reason4j.rl.eval.ResponseSampler;
import org.reason4j.rl.guide.Regft;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.trainer.RunOptions;
import org.reason4j.rl.trainer.SftPair;
import org.reason4j.rl.trainer.SftTrainer;
import org.reason4j.transformer.generate.GenerationResult;

/**
 * Offline self-training, the ReFT paper's first baseline (Luong et al. 2024, §4; ALGORITHMS §9.1): the
 * warm-up model samples many solutions per training question, the verified-correct ones (deduplicated, at
 * most {@code keepPerQuestion}) join the gold solution, and a model is fine-tuned on the union FROM THE
 * BASE MODEL with the ordinary SFT recipe ({@link SftTrainer}). It is rejection-sampling fine-tuning: the
 * data changes once, offline, unlike ReFT's online sampling.
 */
public final class OfflineSelfTraining {
  private OfflineSelfTraining() {}

  /** Where a pair came from, as written in {@code data.jsonl}. */
  public static final String SAMPLED = "sampled", GOLD = "gold";

  /**
   * @param samplesPerQuestion solutions sampled per question [code: 100]
   * @param keepPerQuestion    unique correct solutions kept, the first ones sampled [code: 10]
   * @param addGold            add the gold solution when it is not among them [code: yes]
   * @param sampling           τ = 1, up to 1024 new tokens [code]
   * @param sft                the SFT recipe from the base model [code: §2 recipe, 20 epochs, keep best]
   */
  public record Config(int samplesPerQuestion, int keepPerQuestion, boolean addGold, Evaluator.Config sampling, SftTrainer.Config sft) {
    public Config {
      if (samplesPerQuestion < 1 || keepPerQuestion < 1) throw new IllegalArgumentException("samplesPerQuestion and keepPerQuestion must be >= 1");
      Objects.requireNonNull(sampling, "sampling");
      Objects.requireNonNull(sft, "sft");
    }

    public static Config defaults() {
      return new Config(100, 10, true, new Evaluator.Config(1024, 100, 1.0, 1.0, 1234), SftTrainer.Config.defaults().with("epochs=20"));
    }

    public Config with(String... assignments) {
      return ConfigBinder.bind(Config.class, Overrides.apply(ConfigBinder.toMap(this), List.of(assignments)));
    }
  }

  /**
   * The SFT pairs: per question, the first {@code keepPerQuestion} distinct correct samples of the warm-up
   * model, then the gold solution unless one of them already equals it.
   */
  public static List<SftPair> buildData(Config c, Policy warmup, List<Problem> train, Evaluator.Judge judge, boolean progress) {
    List<List<GenerationResult>> samples = ResponseSampler.sample(warmup, train, c.samplesPerQuestion(), c.sampling(),
        progress ? "offline-st samples" : null);
    List<SftPair> out = new ArrayList<>();
    for (int i = 0; i < train.size(); i++) {
      Problem p = train.get(i);
      String prompt = warmup.format().sftPrompt(p), tail = Regft.rolloutTail(warmup.format(), p);
      Set<String> kept = new LinkedHashSet<>();
      for (GenerationResult r : samples.get(i)) {
        if (kept.size() == c.keepPerQuestion()) break;
        if (judge.correct(r.text(), p)) kept.add(tail + r.text());
      }
      for (String target : kept) out.add(new SftPair(p.id(), SAMPLED, prompt, target));
      if (c.addGold() && p.hasReference()) {
        String gold = warmup.format().target(p);
        if (!kept.contains(gold)) out.add(new SftPair(p.id(), GOLD, prompt, gold));
      }
    }
    return out;
  }

  /**
   * Builds the data with {@code warmup} (unless a resumed run folder has it) and fine-tunes {@code base} on it;
   * returns the SFT metric lines. Data and the SFT run live in {@code out/data.jsonl} and {@code out/sft/}.
   */
  public static List<Map<String, Object>> run(Config c, Policy warmup, Policy base, List<Problem> train, Evaluator.Judge judge,
      RunOptions options, boolean resume, ToDoubleFunction<Policy> evaluation) throws IOException {
    Path out = options.outDir();
    Path dataFile = out == null ? null : out.resolve("data.jsonl");
    List<SftPair> pairs;
    if (resume && dataFile != null && Files.exists(dataFile)) {
      pairs = SftPair.read(dataFile);
    } else {
      pairs = buildData(c, warmup, train, judge, options.progress());
      if (dataFile != null) {
        Files.createDirectories(out);
        SftPair.write(dataFile, pairs);
      }
    }
    if (pairs.isEmpty()) throw new IllegalStateException("offline self-training found no correct solution and no gold solution to train on");
    RunOptions sftOptions = out == null ? options : new RunOptions(out.resolve("sft"), options.progress());
    SftTrainer trainer = SftTrainer.onExamples(c.sft(), base, SftPair.examples(base, pairs, c.sft().maxLength()), sftOptions);
    if (evaluation != null) trainer.withEvaluation(evaluation);
    Path checkpoint = resume && out != null ? CheckpointIO.latest(out.resolve("sft")).orElse(null) : null;
    if (checkpoint != null) trainer.resume(checkpoint);
    return trainer.train();
  }
}
