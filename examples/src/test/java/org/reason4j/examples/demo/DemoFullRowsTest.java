package org.reason4j.examples.demo;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --full}'s rows on a tiny budget (seconds, one seed): every row runs to a score, none fails,
 * the guided and self-training rows write their run folders, and the voting and reranking rows score the
 * policy of the row they name. Plumbing, not learning.
 */
class DemoFullRowsTest {

  static DemoConfig tinyFull() {
    DemoConfig base = DemoPipelineTest.tiny();
    List<Method> plain = new ArrayList<>();
    for (Method m : base.methods()) if (!m.name().equals("SAME")) plain.add(m);
    return base.withMethods(plain).withFullRows(1, 8, 2, 1);
  }

  @Test
  void everyFullRowRunsToAScoreAndWritesItsRunFolder(@TempDir Path out) throws Exception {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    DemoPipeline.Result r = new DemoPipeline(tinyFull(), new PrintStream(text, true, StandardCharsets.UTF_8), false)
        .run(DemoPipeline.seeds(5, 1), out);
    String printed = text.toString(StandardCharsets.UTF_8);
    // An untrained model fails every group, hinted or not, so Guide-GRPO's stage keeps none and the row
    // stops with the trainer's message (GuideGrpoTest covers the method itself); every other row must run.
    for (String line : printed.lines().filter(l -> l.contains(" failed: ")).toList()) {
      assertTrue(line.startsWith("seed 5 Guide-GRPO failed:") && line.contains("GuideStage filter"), line);
    }
    assertEquals(List.of("SFT", "PPO", "GRPO", "DAPO", "ReGFT+DAPO", "Guide-GRPO", "ReLIFT", "Offline-ST", "Online-ST", "SFT maj@2",
        "PPO maj@2", "SFT rerank@2", "PPO rerank@2"), r.table().rows());
    for (String row : r.table().rows()) {
      double overall = r.table().value(row, 5, "overall");
      if (row.equals("Guide-GRPO") && Double.isNaN(overall)) continue;
      assertTrue(overall >= 0 && overall <= 1, row + " overall " + overall);
    }
    // Voting and reranking train no policy, so they report no pass@k.
    String pass = r.table().columns().get(r.table().columns().size() - 2);
    assertTrue(Double.isNaN(r.table().value("SFT maj@2", 5, pass)));
    assertFalse(Double.isNaN(r.table().value("ReLIFT", 5, pass)));
    for (String dir : List.of("regft+dapo", "guide-grpo", "relift", "offline-st", "online-st", "sft-rerank-2")) {
      assertTrue(Files.isDirectory(out.resolve("seed-5").resolve(dir)), dir);
    }
  }

  @Test
  void folderNamesAreSafe() {
    assertEquals("ppo-maj-8", Method.folder("PPO maj@8"));
    assertEquals("regft+dapo", Method.folder("ReGFT+DAPO"));
  }

  @Test
  void theDataStagesSampleEveryTierNotTheFirstPrompts() {
    List<org.reason4j.rl.data.Problem> rl = DemoTask.defaults().rlProblems(1);
    List<org.reason4j.rl.data.Problem> a = GuidedMethods.sample(rl, 800, 1), b = GuidedMethods.sample(rl, 800, 1);
    assertEquals(a, b, "seeded");
    assertEquals(800, a.stream().map(org.reason4j.rl.data.Problem::id).distinct().count(), "without replacement");
    long[] perTier = new long[4];
    for (var p : a) perTier[p.tier()]++;
    for (int t = 0; t < 4; t++) assertTrue(perTier[t] > 0.5 * 800 * DemoTask.defaults().rlPerTier().get(t) / rl.size(), "tier " + t + ": " + perTier[t]);
    assertSame(rl, GuidedMethods.sample(rl, rl.size() + 1, 1));
  }
}
