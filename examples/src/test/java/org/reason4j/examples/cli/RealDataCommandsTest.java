package org.reason4j.examples.cli;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.examples.cli.TrainCommandsTest.Outcome;
import org.reason4j.rl.metrics.MetricsLogger;
import org.reason4j.rl.trainer.SftPair;
import org.reason4j.tensor.io.Json;
import org.reason4j.transformer.io.HfCheckpoint;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;

/**
 * The method commands on real data files with a Hugging Face model folder (a tiny random Llama and a small
 * BPE cut from GPT-2's tokenizer): {@code --data-format gsm8k} and the ReFT SVAMP files, P-CoT through the
 * sandbox. A random model solves nothing; these runs check the plumbing, not learning.
 */
class RealDataCommandsTest {
  static final Path DATA = Path.of(System.getProperty("reason4j.data", "../../shared/data"));
  static final int MERGES = 512, EOS = 256 + MERGES;

  @TempDir static Path dir;
  static Path model;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void saveATinyModelFolder() throws Exception {
    Path gpt2 = DATA.resolve("tokenizers/gpt2/gpt2.json");
    assumeTrue(Files.exists(gpt2), gpt2 + " is absent; the shared data is not beside the project");
    model = dir.resolve("model");
    HfCheckpoint.save(CausalLM.create(ModelConfig.llama(EOS + 1, 32, 64, 2, 4, 2, 1024).withSpecialTokens(List.of(EOS), EOS, null), 91), model);
    Map<String, Object> j = Json.readObject(gpt2), m = (Map<String, Object>) j.get("model");
    Map<String, Object> vocab = new LinkedHashMap<>();
    ((Map<String, Object>) m.get("vocab")).forEach((t, id) -> {
      if (((Number) id).longValue() < EOS) vocab.put(t, id);
    });
    vocab.put("<|endoftext|>", (long) EOS);
    m.put("vocab", vocab);
    m.put("merges", new ArrayList<>(((List<Object>) m.get("merges")).subList(0, MERGES)));
    Map<String, Object> eos = new LinkedHashMap<>(((List<Map<String, Object>>) j.get("added_tokens")).get(0));
    eos.put("id", (long) EOS);
    j.put("added_tokens", List.of(eos));
    Files.writeString(model.resolve("tokenizer.json"), Json.write(j));
  }

  static Path data(String relative) {
    Path p = DATA.resolve(relative);
    assumeTrue(Files.exists(p), p + " is absent");
    return p;
  }

  static Outcome run(String command, String format, Path data, Path out, String... sets) {
    List<String> a = new ArrayList<>(List.of(command, "--model", model.toString(), "--data-format", format, "--data", data.toString(),
        "--limit", "3", "--out", out.toString(), "--quiet"));
    for (String s : sets) {
      a.add("--set");
      a.add(s);
    }
    return TrainCommandsTest.run(a.toArray(new String[0]));
  }

  @Test
  void reliftOnGsm8kFineTunesOnTheDataSetsSolutions(@TempDir Path out) throws Exception {
    Outcome o = run("relift", "gsm8k", data("gsm8k/train.jsonl"), out, "rl.promptsPerStep=2", "rl.groupSize=2", "rl.generationBatchPrompts=2",
        "rl.maxNewTokens=6", "rl.miniBatchSize=0", "rl.totalSteps=1", "relift.bufferSize=2", "relift.maxDemoTokens=32");
    assertEquals(0, o.code(), o.err());
    assertEquals(1.0, ((Number) MetricsLogger.read(out.resolve("metrics.jsonl")).get(0).get("relift/ft_steps")).doubleValue());
    assertTrue(Files.exists(out.resolve("final").resolve("tokenizer.json")), "the tokenizer travels with the model");
  }

  @Test
  void onlineSelfTrainingOnSvampPCoTScoresProgramsInTheSandbox(@TempDir Path out) throws Exception {
    Outcome o = run("online-st", "reft", data("reft/svamp_python_sdp.json"), out, "rl.promptsPerStep=2", "rl.generationBatchPrompts=2",
        "rl.maxNewTokens=6", "rl.totalSteps=1", "goldMaxLength=400");
    assertEquals(0, o.code(), o.err());
    assertEquals(0.0, ((Number) MetricsLogger.read(out.resolve("metrics.jsonl")).get(0).get("rewards/accuracy")).doubleValue());
  }

  @Test
  void regftOnSvampNCoTFineTunesOnHumanReferencesThenRunsDapo(@TempDir Path out) throws Exception {
    Outcome o = run("regft", "reft", data("reft/svamp_nl.json"), out, "variant=HUMAN_REFERENCE", "passRateSamples=2", "sampling.maxNewTokens=6",
        "sampling.batchSize=8", "sft.totalSteps=1", "sft.batchSize=3", "sft.microBatchSize=3", "dapo.promptsPerStep=2", "dapo.groupSize=2",
        "dapo.generationBatchPrompts=2", "dapo.maxNewTokens=6", "dapo.overlongBuffer=2", "dapo.miniBatchSize=0", "dapo.totalSteps=1",
        "dapo.dynamicSampling=false");
    assertEquals(0, o.code(), o.err());
    List<SftPair> pairs = SftPair.read(out.resolve("data.jsonl"));
    assertEquals(3, pairs.size(), "a random model finds all three problems hard");
    for (SftPair p : pairs) assertTrue(p.target().contains("\nTherefore, the answer is: "), p.target());
  }
}
