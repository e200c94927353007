package org.reason4j.examples.cli;

import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import org.reason4j.rl.guide.ReferencePrefix;
import org.reason4j.rl.guide.Regft;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.tensor.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code reason4j regft}: the ReGFT pipeline (ALGORITHMS §8): hard set, plain and reference-guided
 * positives, SFT, then DAPO; {@code --set variant=RAW|REFT_ONLY|HUMAN_REFERENCE} runs the paper's
 * ablations. The run folder holds {@code regft.json} (the config), {@code data.jsonl} (the SFT pairs),
 * {@code sft/} and {@code dapo/} (the two trainers' runs) and {@code final/}.
 */
@Command(name = "regft", mixinStandardHelpOptions = true,
    description = "ReGFT: fine-tune on self-generated and reference-guided solutions of hard problems, then DAPO.")
final class RegftCommand implements Callable<Integer> {
  static final String SAVED = "regft.json";

  @Mixin ModelDataOptions data;
  @Mixin RunOptionsMixin run;

  @Override
  public Integer call() throws Exception {
    return Training.userErrors(() -> {
      LoadedModel loaded = data.loadModel();
      TaskData task = data.loadTask(data.data, data.limit);
      Policy policy = data.policy(loaded, task);
      Regft.Config preset = Regft.Config.defaults();
      if (data.dataFormat.equalsIgnoreCase("synthetic")) preset = preset.with("guidedTemplate=\"" + ReferencePrefix.SYNTHETIC + "\"");
      Regft.Config config = run.load(Regft.Config.class, preset, SAVED);
      run.save(config, SAVED);
      ToDoubleFunction<Policy> eval = Training.evaluation(data, run, config.dapo().maxNewTokens());
      Regft.Result r = Regft.run(config, policy, task.problems(), task.verifier(), run.runOptions(), run.resume, eval);
      System.out.println("data: " + r.data().pairs().size() + " SFT pairs in " + run.out.resolve("data.jsonl") + " " + Json.write(r.data().stats()));
      Training.finish(policy, loaded, run, eval, r.dapo(), System.out, run.out.resolve("dapo"));
      return 0;
    });
  }
}
