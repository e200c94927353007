package org.reason4j.examples.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.examples.cli.TrainCommandsTest.Outcome;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.data.SyntheticTask;
import org.reason4j.rl.metrics.MetricsLogger;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.PromptFormat;
import org.reason4j.rl.trainer.RunOptions;
import org.reason4j.rl.trainer.SftPair;
import org.reason4j.rl.trainer.SftTrainer;
import org.reason4j.tensor.io.Json;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;
import org.reason4j.transformer.tokenizer.CharTokenizer;

/**
 * {@code reason4j guide | relift | regft | offline-st | online-st | reward-model} and {@code eval --vote --rerank},
 * each end to end in-process on a tiny character model. The model is a "guesser": fine-tuned for a few steps
 * to answer {@code #### d} with a random digit d whatever the question, so about one response in ten is
 * right on small-answer problems and groups have mixed outcomes, which guidance and filtering need.
 */
class MethodCommandsTest {
  static final String TRAIN = "tiers=0;count=12;seed=3";
  static final String HELD_OUT = "tiers=0;count=4;seed=3;split=held_out";

  @TempDir static Path shared;
  static Path guesser;

  @BeforeAll
  static void trainTheGuesser() throws Exception {
    CharTokenizer tok = new CharTokenizer(SyntheticTask.alphabet());
    ModelConfig c = ModelConfig.llama(tok.vocabSize(), 32, 64, 2, 4, 2, 192)
        .withSpecialTokens(List.of(CharTokenizer.EOS), CharTokenizer.BOS, CharTokenizer.PAD);
    Policy policy = new Policy(CausalLM.create(c, 5), tok, PromptFormat.synthetic());
    List<SftPair> pairs = new ArrayList<>();
    List<Problem> problems = new SyntheticTask().generate(11, 0, 40);
    for (int i = 0; i < problems.size(); i++) pairs.add(new SftPair(problems.get(i).id(), "guess", problems.get(i).question() + "\n", "#### " + (i % 10)));
    SftTrainer.Config sft = SftTrainer.Config.defaults().with("totalSteps=40", "batchSize=20", "microBatchSize=20", "lr=1e-2", "warmupRatio=0",
        "maxLength=128");
    SftTrainer.onExamples(sft, policy, SftPair.examples(policy, pairs, 128), RunOptions.inMemory()).train();
    guesser = shared.resolve("guesser");
    policy.save(guesser);
  }

  static String[] args(String command, Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of(command, "--model", guesser.toString(), "--data-format", "synthetic", "--data", TRAIN,
        "--out", out.toString(), "--quiet"));
    a.addAll(List.of(extra));
    return a.toArray(new String[0]);
  }

  static String[] rl(String prefix, int steps, String... extra) {
    List<String> a = new ArrayList<>();
    for (String s : List.of("promptsPerStep=2", "groupSize=4", "generationBatchPrompts=2", "maxNewTokens=8", "miniBatchSize=0",
        "maxNumGenBatches=60", "lr=1e-3", "totalSteps=" + steps)) {
      a.add("--set");
      a.add(prefix + s);
    }
    for (String s : extra) {
      a.add("--set");
      a.add(s);
    }
    return a.toArray(new String[0]);
  }

  static String[] concat(String[] a, String... b) {
    List<String> out = new ArrayList<>(List.of(a));
    out.addAll(List.of(b));
    return out.toArray(new String[0]);
  }

  @Test
  void guideTrainsSavesItsWholeConfigAndResumes(@TempDir Path out) throws Exception {
    Outcome o = TrainCommandsTest.run(args("guide", out, concat(rl("rl.", 2), "--eval-data", HELD_OUT)));
    assertEquals(0, o.code(), o.err());
    Map<?, ?> saved = (Map<?, ?>) Json.readObject(out.resolve("guide.json"));
    assertEquals("{question} hint {hint}", ((Map<?, ?>) saved.get("guide")).get("hintTemplate"), "the synthetic task's template");
    assertTrue(Files.exists(out.resolve("final").resolve("model.safetensors")));
    assertTrue(MetricsLogger.read(out.resolve("metrics.jsonl")).get(0).containsKey("guide/hinted_prompts"));
    Outcome resumed = TrainCommandsTest.run(args("guide", out, "--resume", "--set", "rl.totalSteps=3"));
    assertEquals(0, resumed.code(), resumed.err());
    assertEquals(3, MetricsLogger.read(out.resolve("metrics.jsonl")).size());
  }

  @Test
  void reliftFineTunesWhenItsBufferFills(@TempDir Path out) throws Exception {
    Outcome o = TrainCommandsTest.run(args("relift", out, rl("rl.", 3, "relift.bufferSize=2", "relift.lr=1e-3")));
    assertEquals(0, o.code(), o.err());
    List<Map<String, Object>> lines = MetricsLogger.read(out.resolve("metrics.jsonl"));
    assertTrue(((Number) lines.get(2).get("relift/ft_steps")).intValue() > 0, lines.toString());
  }

  @Test
  void onlineSelfTrainingRunsWithOneSamplePerPrompt(@TempDir Path out) throws Exception {
    Outcome o = TrainCommandsTest.run(args("online-st", out, "--set", "rl.promptsPerStep=3", "--set", "rl.generationBatchPrompts=3",
        "--set", "rl.maxNewTokens=8", "--set", "rl.totalSteps=2", "--set", "rl.lr=1e-3"));
    assertEquals(0, o.code(), o.err());
    assertEquals(1L, ((Map<?, ?>) ((Map<?, ?>) Json.readObject(out.resolve("online-st.json"))).get("rl")).get("groupSize"));
    assertEquals(2, MetricsLogger.read(out.resolve("metrics.jsonl")).size());
  }

  @Test
  void regftBuildsItsDataFineTunesThenRunsDapo(@TempDir Path out) throws Exception {
    String[] sets = {"--set", "passRateSamples=4", "--set", "plainSamples=8", "--set", "guidedSamples=8", "--set", "sampling.maxNewTokens=8",
        "--set", "sampling.batchSize=32", "--set", "sft.totalSteps=2", "--set", "sft.batchSize=4", "--set", "sft.microBatchSize=4",
        "--set", "sft.maxLength=128", "--set", "dynamicSampling=true"};
    String[] dapo = rl("dapo.", 1, "dapo.overlongBuffer=4", "dapo.dynamicSampling=false");
    Outcome o = TrainCommandsTest.run(args("regft", out, concat(sets, dapo)));
    assertEquals(2, o.code(), "an unknown key is one clear error: " + o.out());
    assertTrue(o.err().contains("dynamicSampling"), o.err());
    Outcome ok = TrainCommandsTest.run(args("regft", out, concat(java.util.Arrays.copyOf(sets, sets.length - 2), dapo)));
    assertEquals(0, ok.code(), ok.err());
    List<SftPair> pairs = SftPair.read(out.resolve("data.jsonl"));
    assertFalse(pairs.isEmpty(), ok.out());
    for (SftPair p : pairs) assertFalse(p.prompt().contains(" hint "), "a guided prompt became an SFT input: " + p.prompt());
    assertTrue(Files.isDirectory(out.resolve("sft").resolve("checkpoint-2")));
    assertEquals(1, MetricsLogger.read(out.resolve("dapo").resolve("metrics.jsonl")).size());
    assertTrue(Files.exists(out.resolve("final").resolve("model.safetensors")));
    assertEquals("{question} hint {partial}", ((Map<?, ?>) Json.readObject(out.resolve("regft.json"))).get("guidedTemplate"));
  }

  @Test
  void offlineSelfTrainingSamplesWithOneModelAndFineTunesAnother(@TempDir Path out) throws Exception {
    Outcome o = TrainCommandsTest.run("offline-st", "--model", "new:tiny:9", "--sampler", guesser.toString(), "--data-format", "synthetic",
        "--data", TRAIN, "--out", out.toString(), "--quiet", "--set", "samplesPerQuestion=8", "--set", "sampling.maxNewTokens=8",
        "--set", "sampling.batchSize=32", "--set", "sft.totalSteps=2", "--set", "sft.batchSize=4", "--set", "sft.microBatchSize=4",
        "--set", "sft.maxLength=128");
    assertEquals(0, o.code(), o.err());
    List<SftPair> pairs = SftPair.read(out.resolve("data.jsonl"));
    assertTrue(pairs.stream().anyMatch(p -> p.source().equals("sampled")), "the guesser solved nothing; the sampled path is untested");
    assertEquals(2, MetricsLogger.read(out.resolve("sft").resolve("metrics.jsonl")).size());
  }

  @Test
  void aRewardModelTrainsAndRerankingVotingAndPassAtKReportPerTier(@TempDir Path out) throws Exception {
    Outcome o = TrainCommandsTest.run(args("reward-model", out, "--set", "samplesPerQuestion=8", "--set", "sampling.maxNewTokens=8",
        "--set", "sampling.batchSize=32", "--set", "totalSteps=2", "--set", "batchSize=4", "--set", "lr=1e-3"));
    assertEquals(0, o.code(), o.err());
    assertTrue(Files.exists(out.resolve("final").resolve("score.safetensors")));
    String[] eval = {"eval", "--model", guesser.toString(), "--data-format", "synthetic", "--data", HELD_OUT + ";tiers=0,1", "--max-new-tokens", "8",
        "--vote", "4", "--rerank", out.resolve("final").toString(), "--pass-at", "2", "--samples", "6"};
    Outcome e = TrainCommandsTest.run(eval);
    assertEquals(0, e.code(), e.err());
    assertTrue(e.out().contains("maj@4") && e.out().contains("rerank@4") && e.out().contains("pass@2 (n=6)"), e.out());
    assertTrue(e.out().lines().anyMatch(l -> l.startsWith("1 ")), "no row for tier 1: " + e.out());
    Outcome json = TrainCommandsTest.run(concat(eval, "--json"));
    Map<?, ?> sampled = (Map<?, ?>) ((Map<?, ?>) Json.parse(json.out())).get("sampled");
    assertNotNull(((Map<?, ?>) sampled.get("all")).get("rerank_at_k"));
    Outcome bad = TrainCommandsTest.run("eval", "--model", guesser.toString(), "--data-format", "synthetic", "--data", HELD_OUT,
        "--rerank", out.resolve("final").toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--vote"), bad.err());
  }

  @Test
  void anUnknownSyntheticSplitIsOneClearError() throws Exception {
    Outcome o = TrainCommandsTest.run("eval", "--model", "new:tiny", "--data-format", "synthetic", "--data", "tiers=0;count=2;split=test");
    assertEquals(2, o.code(), o.err());
    assertTrue(o.err().contains("unknown split 'test' (train, held_out)"), o.err());
  }
}
