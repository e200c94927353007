package org.reason4j.examples.demo;

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
import org.reason4j.rl.data.SyntheticTask;
import org.reason4j.rl.eval.Evaluator;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.tensor.io.Json;

/**
 * The whole pipeline on a tiny budget (seconds): two seeds, SFT, the three RL rows and one row of our own;
 * the table, results.json, the plots and the run folders must all be there. It checks plumbing, not
 * learning (the model is far too small and short-trained to learn anything).
 */
class DemoPipelineTest {

  /** A method that returns its start policy untouched: its scores must equal SFT's, seed by seed. */
  record Untouched(String name) implements Method {
    @Override
    public Policy train(Policy start, Context ctx) {
      assertEquals(List.of("SFT", "PPO", "GRPO", "DAPO"), new ArrayList<>(ctx.earlier().keySet()), "earlier rows, in order");
      return start;
    }
  }

  static DemoConfig tiny() {
    DemoTask task = new DemoTask(new SyntheticTask(), 3, 16, 0.5, 1, 0.25, List.of(4, 8, 8, 4), 4, 7);
    List<Method> methods = new ArrayList<>();
    for (Method m : RlMethods.defaults(1, 6, 1e-3)) {
      // An untrained model gets every answer wrong, so DAPO's filter would never fill a batch: off here.
      methods.add(m instanceof RlMethods.Group g && g.name().equals("DAPO") ? new RlMethods.Group("DAPO", g.config().with("dynamicSampling=false")) : m);
    }
    methods.add(new Untouched("SAME"));
    return new DemoConfig(task, new DemoConfig.ModelShape(8, 16, 1, 2, 192), 2, 4, 1e-3, methods, new Evaluator.Config(6, 64, 1.0, 1.0, 3),
        2, 2);
  }

  @Test
  void twoSeedsProduceTheTableTheJsonThePlotsAndOneRunFolderPerPhase(@TempDir Path out) throws Exception {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    DemoPipeline.Result r = new DemoPipeline(tiny(), new PrintStream(text, true, StandardCharsets.UTF_8), false)
        .run(DemoPipeline.seeds(1, 2), out);
    String printed = text.toString(StandardCharsets.UTF_8);

    assertEquals(List.of("SFT", "PPO", "GRPO", "DAPO", "SAME"), r.table().rows());
    for (String row : r.table().rows()) assertEquals(List.of(1L, 2L), r.table().seeds(row));
    assertTrue(printed.contains("mean (min-max) over 2 seeds"), printed);
    assertTrue(printed.contains("overall gain over SFT"), printed);
    assertTrue(printed.contains("Hardest tier after SFT"), printed);
    for (String row : r.table().rows()) assertTrue(printed.lines().anyMatch(l -> l.startsWith(row + " ")), row + " in\n" + printed);

    Map<String, Object> json = Json.readObject(r.json());
    assertEquals(List.of(1L, 2L), json.get("seeds"));
    assertTrue(((Map<?, ?>) ((Map<?, ?>) json.get("table")).get("rows")).containsKey("DAPO"));
    assertTrue(((Map<?, ?>) json.get("overall_gain_over_sft")).containsKey("GRPO"));

    for (String png : List.of("accuracy_by_tier.png", "rl_accuracy.png", "sft_loss.png")) {
      Path p = out.resolve("plots").resolve(png);
      assertTrue(Files.size(p) > 1000, png);
      assertTrue(r.plots().contains(p), png);
    }
    for (String phase : List.of("sft", "ppo", "grpo", "dapo")) {
      assertTrue(Files.exists(out.resolve("seed-2").resolve(phase).resolve("metrics.jsonl")), phase);
    }
  }

  @Test
  void everyMethodStartsFromAnExactCopyOfTheSftCheckpointAndTheEvaluationIsDeterministic(@TempDir Path out) throws Exception {
    DemoPipeline.Result r = new DemoPipeline(tiny(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false)
        .run(DemoPipeline.seeds(3, 1), out);
    for (String column : r.table().columns()) {
      double sft = r.table().value("SFT", 3, column), same = r.table().value("SAME", 3, column);
      assertEquals(Double.doubleToLongBits(sft), Double.doubleToLongBits(same), column);
    }
  }
}
