package org.reason4j.rl.trainer;

import static org.junit.jupiter.api.Assertions.*;
import static org.reason4j.rl.trainer.TrainerAssertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.autograd.Var;
import org.reason4j.rl.TinyModels;
import org.reason4j.rl.checkpoint.CheckpointIO;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.loss.PolicyLoss;
import org.reason4j.rl.metrics.MetricNames;
import org.reason4j.rl.rollout.Group;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.Sample;
import org.reason4j.rl.verify.RewardFunction;
import org.reason4j.rl.verify.Verdict;
import org.reason4j.rl.verify.Verifier;

/** GRPO, Dr. GRPO and DAPO on a tiny model: smoke runs, dynamic sampling (ALGORITHMS §5 test 1), resumption. */
class GroupTrainerTest {
  static final List<Problem> TRAIN = TinyModels.problems(0, 16);

  /** Small sizes on top of a preset: 2 prompts x 4 responses, 12 new tokens, a high learning rate. */
  static GroupTrainer.Config tiny(GroupTrainer.Config preset) {
    return preset.with("promptsPerStep=2", "groupSize=4", "generationBatchPrompts=2", "maxNewTokens=12", "lr=0.01",
        "miniBatchSize=0", "totalSteps=2", "warmupSteps=0", "overlongBuffer=" + Math.min(preset.overlongBuffer(), 4));
  }

  /** 1 when the response starts with a digit: random at first, so groups are mixed or uniform by chance. */
  static final RewardFunction STARTS_WITH_DIGIT = (response, problem) -> {
    boolean ok = !response.isEmpty() && Character.isDigit(response.charAt(0));
    return new RewardFunction.Reward(ok ? 1 : 0, new Verdict(ok ? problem.goldAnswer() : null, ok));
  };

  static void smoke(GroupTrainer.Config config, String... expectedKeys) throws Exception {
    Policy policy = TinyModels.policy(11);
    Map<String, float[]> before = snapshot(policy);
    GroupTrainer.Parts parts = GroupTrainer.Parts.from(config, Verifier.synthetic()).withReward(STARTS_WITH_DIGIT);
    List<Map<String, Object>> lines = new GroupTrainer(config, policy, TRAIN, parts, RunOptions.inMemory()).train();
    assertEquals(2, lines.size());
    assertFiniteEverywhere(lines, MetricNames.LOSS);
    assertFiniteEverywhere(lines, MetricNames.REWARD);
    assertTrue(changed(before, snapshot(policy)) > 0, "the weights did not move");
    for (String k : expectedKeys) assertTrue(lines.get(0).containsKey(k), k + " missing from " + lines.get(0).keySet());
  }

  @Test
  void grpoSmokeRunWithKlAgainstTheReference() throws Exception {
    smoke(tiny(GroupTrainer.Config.grpo()).with("updatesPerBatch=2", "miniBatchSize=4"), MetricNames.KL, MetricNames.ENTROPY,
        MetricNames.REWARD_STD, MetricNames.FRAC_REWARD_ZERO_STD, MetricNames.CLIP_RATIO_REGION_MEAN, MetricNames.COMPLETIONS_MEAN_LENGTH,
        MetricNames.COMPLETIONS_CLIPPED_RATIO, MetricNames.TIME_GENERATION_S, MetricNames.TOKENS_PER_SECOND_GENERATION, MetricNames.GRAD_NORM,
        MetricNames.LEARNING_RATE, MetricNames.NUM_TOKENS);
  }

  @Test
  void drGrpoSmokeRun() throws Exception {
    GroupTrainer.Config c = tiny(GroupTrainer.Config.drGrpo());
    assertFalse(c.scaleRewardsByStd());
    assertEquals(0.0, c.klCoef());
    smoke(c, MetricNames.POLICY_LOSS);
  }

  @Test
  void dapoSmokeRunWithDynamicSamplingAndOverlongShaping() throws Exception {
    GroupTrainer.Config c = tiny(GroupTrainer.Config.dapo()).with("overlongBuffer=4", "dynamicSamplingSignal=REWARD", "maxNumGenBatches=50");
    smoke(c, GroupTrainer.NUM_GEN_BATCHES, MetricNames.CLIP_RATIO_HIGH_MAX);
  }

  /** Records every sample a loss is evaluated on. */
  record Recording(PolicyLoss inner, Set<Sample> seen) implements PolicyLoss {
    @Override
    public Var perToken(Input in) {
      seen.addAll(in.samples());
      return inner.perToken(in);
    }
  }

  @Test
  void aUniformGroupNeverReachesTheLossAndTheRefilledBatchHasExactlyBGroups() throws Exception {
    GroupTrainer.Config c = tiny(GroupTrainer.Config.dapo()).with("groupSize=2", "promptsPerStep=3", "generationBatchPrompts=2",
        "dynamicSamplingSignal=REWARD", "maxNumGenBatches=100", "totalSteps=4", "miniBatchSize=2");
    Set<Sample> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<List<Group>> batches = new ArrayList<>();
    StepHook spy = new StepHook() {
      public String name() {
        return "spy";
      }

      public Map<String, Object> afterUpdate(long step, List<Group> groups, Policy policy) {
        batches.add(groups);
        return Map.of();
      }
    };
    GroupTrainer.Parts parts = GroupTrainer.Parts.from(c, Verifier.synthetic()).withReward(STARTS_WITH_DIGIT)
        .withLoss(new Recording(new PolicyLoss.ClippedSurrogate(0.2, 0.28), seen)).withHook(spy);
    List<Map<String, Object>> lines = new GroupTrainer(c, TinyModels.policy(12), TRAIN, parts, RunOptions.inMemory()).train();
    Set<Sample> trained = Collections.newSetFromMap(new IdentityHashMap<>());
    boolean refilled = false;
    for (int s = 0; s < batches.size(); s++) {
      assertEquals(3, batches.get(s).size(), "step " + s);
      for (Group g : batches.get(s)) {
        assertFalse(g.allEqual(), "a uniform group was trained on");
        trained.addAll(g.samples());
      }
      refilled |= ((Number) lines.get(s).get(GroupTrainer.NUM_GEN_BATCHES)).intValue() > 2;
    }
    assertEquals(trained, seen);
    assertTrue(refilled, "no step needed more than the minimum of generate calls; the refill path was not exercised");
  }

  @Test
  void dynamicSamplingFailsClearlyAfterMaxNumGenBatches() {
    GroupTrainer.Config c = tiny(GroupTrainer.Config.dapo()).with("maxNumGenBatches=3");
    RewardFunction alwaysWrong = (r, p) -> new RewardFunction.Reward(-1, new Verdict(null, false));
    GroupTrainer t = new GroupTrainer(c, TinyModels.policy(12), TRAIN,
        GroupTrainer.Parts.from(c, Verifier.synthetic()).withReward(alwaysWrong), RunOptions.inMemory());
    IllegalStateException e = assertThrows(IllegalStateException.class, t::train);
    assertTrue(e.getMessage().contains("maxNumGenBatches") && e.getMessage().contains("0 of 2 groups"), e.getMessage());
  }

  /** Records the loss mask of each row it sees. */
  record MaskRecording(PolicyLoss inner, List<Sample> rows, List<Float> rowMass) implements PolicyLoss {
    @Override
    public Var perToken(Input in) {
      float[] m = in.mask().toFloatArray();
      int r = in.mask().dim(1);
      for (int i = 0; i < in.samples().size(); i++) {
        float sum = 0;
        for (int t = 0; t < r; t++) sum += m[i * r + t];
        rows.add(in.samples().get(i));
        rowMass.add(sum);
      }
      return inner.perToken(in);
    }
  }

  @Test
  void overlongFilteringKeepsTruncatedResponsesOutOfTheLoss() throws Exception {
    GroupTrainer.Config c = tiny(GroupTrainer.Config.drGrpo()).with("maxNewTokens=3", "overlongFiltering=true", "totalSteps=1",
        "promptsPerStep=8", "generationBatchPrompts=8");
    List<Sample> rows = new ArrayList<>();
    List<Float> mass = new ArrayList<>();
    GroupTrainer.Parts parts = GroupTrainer.Parts.from(c, Verifier.synthetic()).withReward(STARTS_WITH_DIGIT)
        .withLoss(new MaskRecording(new PolicyLoss.Unclipped(), rows, mass));
    new GroupTrainer(c, TinyModels.policy(13), TRAIN, parts, RunOptions.inMemory()).train();
    int truncated = 0;
    for (int i = 0; i < rows.size(); i++) {
      Sample s = rows.get(i);
      assertEquals(s.truncated() ? 0f : s.length(), mass.get(i), 0f, "row " + i);
      if (s.truncated()) truncated++;
    }
    assertTrue(truncated > 0 && rows.size() == 32);
  }

  static GroupTrainer.Config resumable() {
    return tiny(GroupTrainer.Config.grpo()).with("totalSteps=6", "updatesPerBatch=2", "miniBatchSize=3", "klCoef=0.1", "warmupSteps=3");
  }

  static GroupTrainer trainer(Policy policy, RunOptions options) {
    GroupTrainer.Config c = resumable();
    return new GroupTrainer(c, policy, TRAIN, GroupTrainer.Parts.from(c, Verifier.synthetic()).withReward(STARTS_WITH_DIGIT), options);
  }

  @Test
  void resumingGivesTheSameWeightsBitForBitAsNeverStopping(@TempDir Path out) throws Exception {
    Policy straight = TinyModels.policy(14);
    trainer(straight, RunOptions.inMemory()).train();
    Policy again = TinyModels.policy(14);
    trainer(again, RunOptions.inMemory()).train();
    assertSameBits(snapshot(straight), snapshot(again)); // same seed, same result

    trainer(TinyModels.policy(14), RunOptions.files(out).quiet()).trainUntil(3);
    // A fresh "process": the start model is rebuilt (it is also the KL reference), the checkpoint replaces the rest.
    Policy resumed = TinyModels.policy(14);
    GroupTrainer second = trainer(resumed, RunOptions.files(out).quiet());
    second.resume(CheckpointIO.latest(out).orElseThrow());
    second.train();
    assertSameBits(snapshot(straight), snapshot(resumed));
    assertEquals(6, org.reason4j.rl.metrics.MetricsLogger.read(out.resolve("metrics.jsonl")).size());
    assertTrue(Files.exists(out.resolve("plots").resolve("reward.png")));
  }
}
