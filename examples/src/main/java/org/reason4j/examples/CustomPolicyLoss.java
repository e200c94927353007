package org.reason4j.examples;

import java.util.List;
import java.util.Map;
import org.reason4j.autograd.Var;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.data.SyntheticTask;
import org.reason4j.rl.loss.PolicyLoss;
import org.reason4j.rl.metrics.MetricNames;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.PromptFormat;
import org.reason4j.rl.trainer.GroupTrainer;
import org.reason4j.rl.trainer.RunOptions;
import org.reason4j.rl.verify.Verifier;
import org.reason4j.tensor.Tensor;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;
import org.reason4j.transformer.tokenizer.CharTokenizer;

/**
 * A new policy loss in one record, plugged into the GRPO trainer without editing it: CISPO, the
 * clipped-IS-weight policy optimisation of the MiniMax-M1 report (MiniMax, 2025, "MiniMax-M1: Scaling
 * Test-Time Compute Efficiently with Lightning Attention", eq. 4-5):
 * <pre>
 *   L_t = − sg(clip(ρ_t, 1 − ε_low, 1 + ε_high)) · A_t · log π_θ(o_t | q, o_&lt;t)
 * </pre>
 * PPO's clip removes the gradient of a token whose ratio left the trust region; CISPO clips only the
 * (detached) importance weight, so every token keeps a REINFORCE gradient, bounded by the clipped weight.
 * The report leaves the lower bound open (a large ε_low) and tunes ε_high.
 *
 * <p>What it is not: a trainer. Masking, aggregation, KL and the optimizer stay the trainer's; the loss
 * only states its equation. {@code main} trains a fresh tiny model on the synthetic task with it for a
 * few steps: {@code java -cp "examples/target/reason4j.jar:examples/target/lib/*" org.reason4j.examples.CustomPolicyLoss}
 *
 * @param epsilonLow  ε_low of the weight clip
 * @param epsilonHigh ε_high of the weight clip
 */
public record CustomPolicyLoss(double epsilonLow, double epsilonHigh) implements PolicyLoss {

  @Override
  public Var perToken(Input in) {
    Tensor weight = in.ratio().value().clamp(1 - epsilonLow, 1 + epsilonHigh).mul(in.advantages()); // (N, R), no gradient: sg(·)
    return in.logProbs().mul(weight).neg(); // (N, R)
  }

  /** Reported as clipped are the tokens whose weight the clip changed. */
  @Override
  public ClipRange clipRange() {
    return new ClipRange(1 - epsilonLow, 1 + epsilonHigh);
  }

  public static void main(String[] args) throws Exception {
    CharTokenizer tokenizer = new CharTokenizer(SyntheticTask.alphabet());
    ModelConfig c = ModelConfig.llama(tokenizer.vocabSize(), 64, 176, 2, 4, 4, 256)
        .withSpecialTokens(List.of(CharTokenizer.EOS), CharTokenizer.BOS, CharTokenizer.PAD);
    Policy policy = new Policy(CausalLM.create(c, 1), tokenizer, PromptFormat.synthetic());
    List<Problem> train = new SyntheticTask().generate(1, 0, 64);
    GroupTrainer.Config config = GroupTrainer.Config.grpo().with("promptsPerStep=4", "groupSize=8", "generationBatchPrompts=4",
        "maxNewTokens=24", "lr=3e-3", "klCoef=0", "totalSteps=10");
    GroupTrainer.Parts parts = GroupTrainer.Parts.from(config, Verifier.synthetic()).withLoss(new CustomPolicyLoss(1.0, 0.28));
    for (Map<String, Object> line : new GroupTrainer(config, policy, train, parts, new RunOptions(null, true)).train()) {
      System.out.printf("step %s  loss %.4f  completion length %.1f%n", line.get(MetricNames.STEP), line.get(MetricNames.LOSS),
          line.get(MetricNames.COMPLETIONS_MEAN_LENGTH));
    }
  }
}
