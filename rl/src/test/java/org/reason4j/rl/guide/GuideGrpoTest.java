package org.reason4j.rl.guide;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.autograd.Var;
import org.reason4j.rl.TinyModels;
import org.reason4j.rl.checkpoint.CheckpointIO;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.loss.PolicyLoss;
import org.reason4j.rl.loss.ShapedRatio;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.Sample;
import org.reason4j.rl.trainer.GroupTrainer;
import org.reason4j.rl.trainer.RunOptions;
import org.reason4j.rl.verify.RewardFunction;
import org.reason4j.rl.verify.Verdict;
import org.reason4j.rl.verify.Verifier;
import org.reason4j.tensor.Tensor;

/** Guide-GRPO through the group trainer: guided rows reach the loss behind the plain prompt; runs resume exactly. */
class GuideGrpoTest {
  static final List<Problem> TRAIN = TinyModels.problems(1, 12);

  /** Right when the response starts with a digit: random for a fresh model, so some groups fail entirely. */
  static final RewardFunction STARTS_WITH_DIGIT = (response, problem) -> {
    boolean ok = !response.isEmpty() && Character.isDigit(response.charAt(0));
    return new RewardFunction.Reward(ok ? 1 : 0, new Verdict(ok ? problem.goldAnswer() : null, ok));
  };

  static GuideGrpo.Config tiny() {
    return GuideGrpo.Config.defaults().with("rl.promptsPerStep=3", "rl.groupSize=3", "rl.generationBatchPrompts=3", "rl.maxNewTokens=6",
        "rl.lr=0.01", "rl.miniBatchSize=0", "rl.totalSteps=3", "rl.maxNumGenBatches=30", "guide.hintTemplate=\"" + HintTemplate.SYNTHETIC + "\"");
  }

  /** Records each mini-batch's rows and their per-token losses. */
  record Recording(PolicyLoss inner, List<Sample> rows, List<float[]> losses) implements PolicyLoss {
    @Override
    public Var perToken(Input in) {
      Var out = inner.perToken(in);
      float[] v = out.value().toFloatArray();
      int r = in.mask().dim(1);
      for (int i = 0; i < in.samples().size(); i++) {
        rows.add(in.samples().get(i));
        float[] row = new float[in.samples().get(i).length()];
        System.arraycopy(v, i * r, row, 0, row.length);
        losses.add(row);
      }
      return out;
    }
  }

  @Test
  void guidedRowsReachTheLossWithoutTheirHintAndUseTheShapedRatio() throws Exception {
    GuideGrpo.Config c = tiny();
    Policy policy = TinyModels.policy(31);
    List<Sample> rows = new ArrayList<>();
    List<float[]> losses = new ArrayList<>();
    GroupTrainer.Parts parts = GuideGrpo.parts(c, policy, Verifier.synthetic()).withReward(STARTS_WITH_DIGIT);
    parts = parts.withLoss(new Recording(parts.loss(), rows, losses));
    List<Map<String, Object>> lines = new GroupTrainer(c.rl(), policy, TRAIN, parts, RunOptions.inMemory()).train();
    int guided = 0;
    for (Sample s : rows) {
      if (s.onPolicy()) continue;
      guided++;
      assertArrayEquals(policy.promptIds(s.problem()), s.promptIds(), "a guided row trains behind the plain prompt");
      int[] hinted = policy.promptIds(HintTemplate.synthetic().apply(s.problem(), s.problem().hint()));
      assertArrayEquals(hinted, s.behaviourPromptIds());
    }
    assertTrue(guided > 0, "no guided row reached the loss; the test proves nothing");
    double hinted = 0;
    for (Map<String, Object> line : lines) hinted += ((Number) line.get(GuideStage.HINTED_PROMPTS)).doubleValue();
    assertTrue(hinted > 0);
    assertTrue(lines.get(0).containsKey(GuideStage.GUIDED_GROUPS));
  }

  @Test
  void theLossPicksTheShapedRatioForGuidedRowsAndTheClipForPlainRows() {
    PolicyLoss loss = GuideGrpo.loss(GuideGrpo.Config.defaults().with("guide.ratioMode=SHAPED_CONST", "guide.gamma=1.0"));
    Sample plain = org.reason4j.rl.Samples.of(TRAIN.get(0), true);
    Sample guided = plain.withTrainingPrompt(plain.promptIds(), plain.promptWidth());
    // Both rows: ρ = 3 on both tokens, A = 1. Guided: −3/(3+1) = −0.75; plain: clipped at 1.2 → −1.2.
    Tensor old = Tensor.zeros(2, 2);
    float l = (float) Math.log(3);
    Var logp = Var.param(Tensor.of(new float[] {l, l, l, l}, 2, 2));
    PolicyLoss.Input in = new PolicyLoss.Input(logp, old, Tensor.ones(2, 2), Tensor.ones(2, 2), List.of(guided, plain));
    float[] v = loss.perToken(in).value().toFloatArray();
    assertArrayEquals(new float[] {-0.75f, -0.75f, -1.2f, -1.2f}, v, 1e-6f);
  }

  static GroupTrainer trainer(Policy policy, RunOptions options) {
    GuideGrpo.Config c = tiny().with("rl.totalSteps=4", "rl.generationBatchPrompts=2", "rl.miniBatchSize=4");
    GroupTrainer.Parts parts = GuideGrpo.parts(c, policy, Verifier.synthetic()).withReward(STARTS_WITH_DIGIT);
    return new GroupTrainer(c.rl(), policy, TRAIN, parts, options);
  }

  @Test
  void aGuideRunResumesBitForBitWithItsCarryOverBuffer(@TempDir Path out) throws Exception {
    Policy straight = TinyModels.policy(32);
    List<Map<String, Object>> all = trainer(straight, RunOptions.inMemory()).train();
    double carried = 0;
    for (Map<String, Object> line : all) carried += ((Number) line.get(GuideStage.CARRIED)).doubleValue();
    assertTrue(carried > 0, "no group was carried over; the buffer's checkpoint is untested");

    trainer(TinyModels.policy(32), RunOptions.files(out).quiet()).trainUntil(2);
    Policy resumed = TinyModels.policy(32);
    GroupTrainer second = trainer(resumed, RunOptions.files(out).quiet());
    second.resume(CheckpointIO.latest(out).orElseThrow());
    second.train();
    Map<String, float[]> a = weights(straight), b = weights(resumed);
    for (String k : a.keySet()) assertArrayEquals(a.get(k), b.get(k), 0f, k);
  }

  static Map<String, float[]> weights(Policy p) {
    Map<String, float[]> out = new LinkedHashMap<>();
    p.stateDict().forEach((k, v) -> out.put(k, v.contiguous().toFloatArray()));
    return out;
  }

  @Test
  void theConfigKeepsDynamicSamplingOffAndCarriesTheReleasedDefaults() {
    GuideGrpo.Config d = GuideGrpo.Config.defaults();
    assertEquals(ShapedRatio.Mode.SHAPED_PERCENTILE, d.guide().ratioMode());
    assertEquals(0.9, d.guide().gamma());
    assertEquals(128, d.rl().promptsPerStep());
    assertEquals(8, d.rl().groupSize());
    assertEquals(0.0, d.rl().klCoef());
    assertThrows(IllegalArgumentException.class, () -> new GuideGrpo.Config(d.rl().with("dynamicSampling=true"), d.guide()));
  }
}
