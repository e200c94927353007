package org.reason4j.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reason4j.autograd.Var;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.data.SyntheticTask;
import org.reason4j.rl.loss.PolicyLoss;
import org.reason4j.rl.metrics.MetricNames;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.PromptFormat;
import org.reason4j.rl.trainer.GroupTrainer;
import org.reason4j.rl.trainer.RunOptions;
import org.reason4j.rl.verify.RewardFunction;
import org.reason4j.rl.verify.Verdict;
import org.reason4j.rl.verify.Verifier;
import org.reason4j.tensor.Tensor;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;
import org.reason4j.transformer.tokenizer.CharTokenizer;

/** The CISPO record: its gradient, and a few GRPO steps with it plugged in. */
class CustomPolicyLossTest {

  static double gradient(PolicyLoss loss, double ratio, double advantage) {
    Var logProbs = Var.param(Tensor.of(new float[] {(float) Math.log(ratio)}, 1, 1));
    PolicyLoss.Input in = new PolicyLoss.Input(logProbs, Tensor.zeros(1, 1), Tensor.of(new float[] {(float) advantage}, 1, 1),
        Tensor.ones(1, 1), List.of());
    loss.perToken(in).sum().backward();
    return logProbs.grad().item();
  }

  @Test
  void theGradientIsMinusTheClippedWeightTimesTheAdvantageEvenOutsideTheTrustRegion() {
    CustomPolicyLoss cispo = new CustomPolicyLoss(1.0, 0.28);
    assertEquals(-0.9 * 2, gradient(cispo, 0.9, 2.0), 1e-6);
    assertEquals(-1.28 * 2, gradient(cispo, 1.5, 2.0), 1e-6); // PPO's clip would give 0 here
    assertEquals(0.0, gradient(PolicyLoss.ClippedSurrogate.symmetric(0.2), 1.5, 2.0), 0.0);
  }

  @Test
  void grpoTrainsAFewStepsWithTheNewLossAndNoEditToTheTrainer() throws Exception {
    CharTokenizer tok = new CharTokenizer(SyntheticTask.alphabet());
    ModelConfig c = ModelConfig.llama(tok.vocabSize(), 32, 64, 2, 4, 2, 192)
        .withSpecialTokens(List.of(CharTokenizer.EOS), CharTokenizer.BOS, CharTokenizer.PAD);
    Policy policy = new Policy(CausalLM.create(c, 3), tok, PromptFormat.synthetic());
    Map<String, float[]> before = new LinkedHashMap<>();
    policy.stateDict().forEach((k, v) -> before.put(k, v.toFloatArray()));
    List<Problem> train = new SyntheticTask().generate(1, 0, 16);
    GroupTrainer.Config config = GroupTrainer.Config.grpo().with("promptsPerStep=2", "groupSize=4", "generationBatchPrompts=2",
        "maxNewTokens=12", "lr=0.01", "totalSteps=3");
    // Random responses are all wrong: reward the ones that start with a digit so the groups carry a signal.
    GroupTrainer.Parts parts = GroupTrainer.Parts.from(config, Verifier.synthetic()).withLoss(new CustomPolicyLoss(1.0, 0.28))
        .withReward((response, problem) -> {
          boolean ok = !response.isEmpty() && Character.isDigit(response.charAt(0));
          return new RewardFunction.Reward(ok ? 1 : 0, new Verdict(ok ? "1" : null, ok));
        });
    List<Map<String, Object>> lines = new GroupTrainer(config, policy, train, parts, RunOptions.inMemory()).train();
    assertEquals(3, lines.size());
    for (Map<String, Object> line : lines) assertTrue(Double.isFinite(((Number) line.get(MetricNames.LOSS)).doubleValue()));
    long moved = 0;
    for (Map.Entry<String, Tensor> e : policy.stateDict().entrySet()) {
      float[] now = e.getValue().toFloatArray(), was = before.get(e.getKey());
      for (int i = 0; i < now.length; i++) if (now[i] != was[i]) moved++;
    }
    assertTrue(moved > 0, "the weights did not move");
  }
}
