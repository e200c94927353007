package org.reason4j.examples.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.rl.metrics.MetricsLogger;
import org.reason4j.tensor.io.Json;
import org.reason4j.transformer.tokenizer.CharTokenizer;

/** The training and evaluation commands end to end on a fresh tiny character model and the synthetic task. */
class TrainCommandsTest {
  static final String TRAIN = "tiers=0;count=8;seed=3";
  static final String HELD_OUT = "tiers=0,1;count=3;seed=3;split=held_out";

  /** Exit code, stdout and stderr of one command. */
  record Outcome(int code, String out, String err) {}

  static Outcome run(String... args) {
    PrintStream oldOut = System.out, oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  static String[] args(String command, Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of(command, "--model", "new:tiny:5", "--data-format", "synthetic", "--data", TRAIN,
        "--out", out.toString(), "--quiet"));
    a.addAll(List.of(extra));
    return a.toArray(new String[0]);
  }

  @Test
  void sftTrainsSavesAFinalModelAndResumesToALongerRun(@TempDir Path out) throws Exception {
    Outcome o = run(args("sft", out, "--set", "totalSteps=2", "--set", "batch_size=4", "--set", "microBatchSize=2", "--set", "lr=1e-3",
        "--set", "evalEvery=1", "--eval-data", HELD_OUT));
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("final eval/accuracy"), o.out());
    assertTrue(Files.exists(out.resolve("config.json")));
    assertEquals(4L, ((Map<?, ?>) Json.readObject(out.resolve("config.json"))).get("batchSize"));
    assertEquals(2, MetricsLogger.read(out.resolve("metrics.jsonl")).size());
    assertTrue(Files.exists(out.resolve("final").resolve(CharTokenizer.FILE_NAME)));
    assertTrue(Files.exists(out.resolve("final").resolve("model.safetensors")));
    assertTrue(Files.isDirectory(out.resolve("checkpoint-2")));
    assertTrue(Files.exists(out.resolve("plots").resolve("loss.png")));

    Outcome resumed = run(args("sft", out, "--resume", "--set", "totalSteps=4"));
    assertEquals(0, resumed.code(), resumed.err());
    assertEquals(4, MetricsLogger.read(out.resolve("metrics.jsonl")).size());
    assertTrue(Files.isDirectory(out.resolve("checkpoint-4")));

    Outcome eval = run("eval", "--model", out.resolve("final").toString(), "--data-format", "synthetic", "--data", HELD_OUT,
        "--max-new-tokens", "8", "--pass-at", "2", "--samples", "2");
    assertEquals(0, eval.code(), eval.err());
    assertTrue(eval.out().contains("greedy") && eval.out().contains("pass@2 (n=2)") && eval.out().contains("all"), eval.out());
    Outcome json = run("eval", "--model", out.resolve("final").toString(), "--data-format", "synthetic", "--data", HELD_OUT,
        "--max-new-tokens", "8", "--json");
    assertEquals(0, json.code(), json.err());
    assertEquals(6L, ((Map<?, ?>) Json.parse(json.out())).get("problems"));
  }

  @Test
  void groupCommandsRunTheirPresetsForAStep(@TempDir Path out) {
    String[] common = {"--set", "promptsPerStep=2", "--set", "groupSize=2", "--set", "generationBatchPrompts=2", "--set", "maxNewTokens=8",
        "--set", "totalSteps=1", "--set", "miniBatchSize=0"};
    for (String command : List.of("grpo", "drgrpo", "dapo")) {
      List<String> extra = new ArrayList<>(List.of(common));
      if (command.equals("dapo")) extra.addAll(List.of("--set", "overlongBuffer=4", "--set", "dynamicSampling=false"));
      Outcome o = run(args(command, out.resolve(command), extra.toArray(new String[0])));
      assertEquals(0, o.code(), command + ": " + o.err());
      assertTrue(Files.exists(out.resolve(command).resolve("final").resolve("model.safetensors")), command);
    }
    assertEquals(0.28, ((Number) Json.readObject(out.resolve("dapo").resolve("config.json")).get("epsilonHigh")).doubleValue());
    assertEquals("SEQ_SUM_CONST", Json.readObject(out.resolve("drgrpo").resolve("config.json")).get("aggregation"));
  }

  @Test
  void ppoRunsAStepAndSavesItsValueHead(@TempDir Path out) {
    Outcome o = run(args("ppo", out, "--set", "promptsPerStep=2", "--set", "miniBatchSize=2", "--set", "maxNewTokens=8", "--set", "totalSteps=1"));
    assertEquals(0, o.code(), o.err());
    assertTrue(Files.exists(out.resolve("final").resolve("value_head.safetensors")));
  }

  @Test
  void badInputsAreOneClearLineAndExitCodeTwo(@TempDir Path out) {
    Outcome format = run("sft", "--model", "new:tiny", "--data-format", "csv", "--data", "x.csv", "--out", out.toString());
    assertEquals(2, format.code());
    assertTrue(format.err().contains("--data-format csv") && format.err().strip().lines().count() == 1, format.err());
    Outcome key = run(args("grpo", out, "--set", "learningRate=1"));
    assertEquals(2, key.code());
    assertTrue(key.err().contains("learningRate") && key.err().strip().lines().count() == 1, key.err());
    Outcome resume = run(args("sft", out.resolve("empty"), "--resume"));
    assertEquals(2, resume.code());
    assertTrue(resume.err().contains("no checkpoint"), resume.err());
  }
}
