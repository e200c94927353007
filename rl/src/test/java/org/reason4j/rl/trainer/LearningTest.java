package org.reason4j.rl.trainer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reason4j.rl.TinyModels;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.data.SyntheticTask;
import org.reason4j.rl.eval.Evaluator;
import org.reason4j.rl.metrics.MetricNames;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.PromptFormat;
import org.reason4j.rl.verify.RewardFunction;
import org.reason4j.rl.verify.Verdict;
import org.reason4j.rl.verify.Verifier;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;
import org.reason4j.transformer.tokenizer.CharTokenizer;

/**
 * One run per trainer family that asserts learning actually happened (minutes on two cores; {@code mvn -Pslow test}).
 * SFT must teach a model trained from scratch to solve held-out one-step problems; GRPO, DAPO and PPO must
 * raise an easy reward (responses that open with a digit, about a quarter of random ones) to 0.7 or more.
 */
@Tag("slow")
class LearningTest {
  static final Verifier SYNTHETIC = Verifier.synthetic();

  static final RewardFunction OPENS_WITH_DIGIT = (response, problem) -> {
    boolean ok = !response.isEmpty() && Character.isDigit(response.charAt(0));
    return new RewardFunction.Reward(ok ? 1 : 0, new Verdict(ok ? problem.goldAnswer() : null, ok));
  };

  static double mean(List<Map<String, Object>> lines, String key, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) s += ((Number) lines.get(i).get(key)).doubleValue();
    return s / (to - from);
  }

  @Test
  void sftFromScratchSolvesHeldOutTierZeroProblems() throws Exception {
    CharTokenizer tok = TinyModels.TOKENIZER;
    ModelConfig c = ModelConfig.llama(tok.vocabSize(), 64, 176, 2, 4, 4, 256)
        .withSpecialTokens(List.of(CharTokenizer.EOS), CharTokenizer.BOS, CharTokenizer.PAD);
    Policy policy = new Policy(CausalLM.create(c, 1234), tok, PromptFormat.synthetic());
    SyntheticTask task = new SyntheticTask();
    List<Problem> train = task.generate(1, 0, 2000), heldOut = task.generate(1, 0, 100, SyntheticTask.Split.HELD_OUT);
    Evaluator evaluator = new Evaluator(SYNTHETIC, new Evaluator.Config(48, 100, 1.0, 1.0, 1));
    double before = evaluator.greedyAccuracy(policy, heldOut);
    SftTrainer.Config config = new SftTrainer.Config(3e-3, 0.05, 3, -1, 32, 32, 1.0, 0.0, 1e-8, 0.9, 0.999, 256, true, 42, 1, 0, 1);
    new SftTrainer(config, policy, train, RunOptions.inMemory()).train();
    double after = evaluator.greedyAccuracy(policy, heldOut);
    System.out.println("SFT tier-0 held-out greedy accuracy: " + before + " -> " + after);
    assertEquals(0.0, before);
    assertTrue(after >= 0.3, "held-out accuracy after SFT only " + after);
  }

  static GroupTrainer.Config easy(GroupTrainer.Config preset) {
    return preset.with("promptsPerStep=8", "groupSize=8", "generationBatchPrompts=8", "maxNewTokens=8", "lr=3e-3", "totalSteps=40",
        "warmupSteps=0", "overlongBuffer=0", "maxNumGenBatches=20");
  }

  static void groupLearns(GroupTrainer.Config config, String name) throws Exception {
    GroupTrainer.Parts parts = GroupTrainer.Parts.from(config, SYNTHETIC).withReward(OPENS_WITH_DIGIT);
    List<Map<String, Object>> lines = new GroupTrainer(config, TinyModels.policy(5), TinyModels.problems(0, 64), parts,
        RunOptions.inMemory()).train();
    double first = mean(lines, MetricNames.REWARD, 0, 3), last = mean(lines, MetricNames.REWARD, lines.size() - 5, lines.size());
    System.out.println(name + " reward: first steps " + first + ", last steps " + last);
    assertTrue(last >= 0.7 && last >= first + 0.3, name + " did not learn: " + first + " -> " + last);
  }

  @Test
  void grpoRaisesTheRewardOfAnEasyTask() throws Exception {
    groupLearns(easy(GroupTrainer.Config.grpo()), "GRPO");
  }

  @Test
  void dapoRaisesTheRewardOfAnEasyTask() throws Exception {
    groupLearns(easy(GroupTrainer.Config.dapo()).with("reward=BINARY", "miniBatchSize=32"), "DAPO");
  }

  @Test
  void ppoRaisesTheRewardOfAnEasyTask() throws Exception {
    PpoTrainer.Config config = PpoTrainer.Config.defaults().with("promptsPerStep=32", "miniBatchSize=16", "maxNewTokens=8", "lr=3e-3",
        "totalSteps=30", "klCoef=0.01");
    List<Map<String, Object>> lines = new PpoTrainer(config, TinyModels.policy(6), TinyModels.problems(0, 64), OPENS_WITH_DIGIT,
        RunOptions.inMemory()).train();
    double first = mean(lines, MetricNames.REWARD, 0, 3), last = mean(lines, MetricNames.REWARD, lines.size() - 5, lines.size());
    System.out.println("PPO reward: first steps " + first + ", last steps " + last);
    assertTrue(last >= 0.7 && last >= first + 0.3, "PPO did not learn: " + first + " -> " + last);
  }
}
