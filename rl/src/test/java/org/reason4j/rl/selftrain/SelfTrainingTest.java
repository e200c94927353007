package org.reason4j.rl.selftrain;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.autograd.Var;
import org.reason4j.rl.Samples;
import org.reason4j.rl.TinyModels;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.eval.Evaluator;
import org.reason4j.rl.loss.Aggregation;
import org.reason4j.rl.loss.PolicyLoss;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.Sample;
import org.reason4j.rl.trainer.GroupTrainer;
import org.reason4j.rl.trainer.RunOptions;
import org.reason4j.rl.trainer.SftPair;
import org.reason4j.rl.verify.RewardFunction.Reward;
import org.reason4j.rl.verify.Verdict;
import org.reason4j.rl.verify.Verifier;
import org.reason4j.tensor.Tensor;

/** Offline and online self-training (ALGORITHMS §9.1-9.2 and their tests). */
class SelfTrainingTest {
  static final List<Problem> TRAIN = TinyModels.problems(0, 3);

  static OfflineSelfTraining.Config offline(int samples, double temperature) {
    return OfflineSelfTraining.Config.defaults().with("samplesPerQuestion=" + samples, "sampling.maxNewTokens=6", "sampling.batchSize=32",
        "sampling.temperature=" + temperature, "sft.totalSteps=2", "sft.batchSize=4", "sft.microBatchSize=4", "sft.lr=1e-3", "sft.maxLength=128");
  }

  static Map<String, List<SftPair>> byProblem(List<SftPair> pairs) {
    Map<String, List<SftPair>> out = new LinkedHashMap<>();
    for (SftPair p : pairs) out.computeIfAbsent(p.problemId(), k -> new ArrayList<>()).add(p);
    return out;
  }

  @Test
  void offlineSelfTrainingKeepsAtMostTenUniqueCorrectSolutionsPlusTheGoldOne() {
    Policy warmup = TinyModels.policy(61);
    List<SftPair> pairs = OfflineSelfTraining.buildData(offline(30, 1.0), warmup, TRAIN, (r, p) -> true, false);
    boolean capped = false;
    for (Problem p : TRAIN) {
      List<SftPair> mine = byProblem(pairs).get(p.id());
      long sampled = mine.stream().filter(x -> x.source().equals(OfflineSelfTraining.SAMPLED)).count();
      long gold = mine.stream().filter(x -> x.source().equals(OfflineSelfTraining.GOLD)).count();
      assertTrue(sampled <= 10, sampled + " sampled solutions kept for " + p.id());
      capped |= sampled == 10;
      assertEquals(1, gold);
      assertEquals(mine.size(), mine.stream().map(SftPair::target).distinct().count(), "duplicates kept");
      for (SftPair x : mine) assertEquals(warmup.format().sftPrompt(p), x.prompt());
    }
    assertTrue(capped, "no question reached the cap of 10; the cap is untested");

    List<SftPair> nearGreedy = OfflineSelfTraining.buildData(offline(20, 1e-4), warmup, TRAIN, (r, p) -> true, false);
    for (List<SftPair> mine : byProblem(nearGreedy).values()) assertEquals(2, mine.size(), "20 identical samples are one unique solution, plus gold");

    List<SftPair> filtered = OfflineSelfTraining.buildData(offline(30, 1.0), warmup, TRAIN, (r, p) -> r.startsWith("1"), false);
    for (SftPair x : filtered) assertTrue(x.source().equals(OfflineSelfTraining.GOLD) || x.target().startsWith("1"), x.target());
  }

  @Test
  void offlineSelfTrainingFineTunesTheBaseModelNotTheWarmUpModel(@TempDir Path out) throws Exception {
    Policy warmup = TinyModels.policy(62), base = TinyModels.policy(63);
    float[] warmupBefore = warmup.model().stateDict().values().iterator().next().toFloatArray();
    float[] baseBefore = base.model().stateDict().values().iterator().next().toFloatArray();
    List<Map<String, Object>> lines = OfflineSelfTraining.run(offline(8, 1.0), warmup, base, TRAIN, (r, p) -> false,
        RunOptions.files(out).quiet(), false, null);
    assertEquals(2, lines.size());
    assertArrayEquals(warmupBefore, warmup.model().stateDict().values().iterator().next().toFloatArray());
    assertFalse(java.util.Arrays.equals(baseBefore, base.model().stateDict().values().iterator().next().toFloatArray()));
    assertEquals(TRAIN.size(), SftPair.read(out.resolve("data.jsonl")).size(), "only the gold solutions when nothing is correct");
  }

  /** A sample of the given reward value for a problem (1 right, 0.1 answered wrongly). */
  static Sample scored(Problem p, double reward, int[] response) {
    boolean right = reward == 1;
    Sample s = Samples.of(p, right);
    return new Sample(p, s.promptIds(), s.promptWidth(), response, new float[response.length], s.finishReason(), "",
        new Reward(reward, new Verdict(right ? p.goldAnswer() : "7", right)), reward);
  }

  /** ∂L/∂ℓ and the TOKEN_MEAN-aggregated loss for rows with the given log-probs. */
  record Run(float[] grad, double loss) {}

  static Run loss(List<Sample> rows, float[][] logProbs) {
    int n = rows.size(), r = 0;
    for (float[] x : logProbs) r = Math.max(r, x.length);
    float[] lp = new float[n * r], mask = new float[n * r];
    for (int i = 0; i < n; i++) {
      System.arraycopy(logProbs[i], 0, lp, i * r, logProbs[i].length);
      for (int t = 0; t < logProbs[i].length; t++) mask[i * r + t] = 1;
    }
    Var l = Var.param(Tensor.of(lp, n, r));
    Tensor m = Tensor.of(mask, n, r);
    PolicyLoss.Input in = new PolicyLoss.Input(l, Tensor.zeros(n, r), Tensor.zeros(n, r), m, rows);
    Var total = Aggregation.TOKEN_MEAN.aggregate(new SelfTrainingNll(0.5, 0.5).perToken(in), m, 0);
    total.backward();
    return new Run(l.grad().toFloatArray(), total.value().item());
  }

  @Test
  void onlineSelfTrainingNeverTrainsOnAPointOneRewardSampleAndWeighsTwoTokenMeans() {
    Problem p = TRAIN.get(0);
    GoldRows gold = new GoldRows(TinyModels.policy(64), 128);
    Sample right = scored(p, 1, new int[] {5, 6}), partial = scored(p, 0.1, new int[] {7, 8, 9}), goldRow = gold.gold(p);
    int g = goldRow.length();
    float[] goldLogProbs = new float[g];
    for (int t = 0; t < g; t++) goldLogProbs[t] = -0.5f - 0.01f * t;
    Run run = loss(List.of(right, partial, goldRow), new float[][] {{-1f, -3f}, {-2f, -2f, -2f}, goldLogProbs});
    int r = Math.max(3, g);
    for (int t = 0; t < 3; t++) assertEquals(0f, run.grad()[r + t], 0f, "a 0.1-reward token got gradient");
    assertNotEquals(0f, run.grad()[0]);
    assertNotEquals(0f, run.grad()[2 * r]);
    double goldNll = 0;
    for (float x : goldLogProbs) goldNll -= x;
    assertEquals(0.5 * (1 + 3) / 2 + 0.5 * goldNll / g, run.loss(), 1e-5);
    Run noneRight = loss(List.of(partial, goldRow), new float[][] {{-2f, -2f, -2f}, goldLogProbs});
    assertEquals(0.5 * goldNll / g, noneRight.loss(), 1e-5, "with no correct sample only the gold term remains");
  }

  @Test
  void anOnlineSelfTrainingStepAddsEachPromptsGoldSolutionAndMovesTheWeights() throws Exception {
    OnlineSelfTraining.Config c = OnlineSelfTraining.Config.defaults().with("rl.promptsPerStep=3", "rl.generationBatchPrompts=3",
        "rl.maxNewTokens=6", "rl.lr=0.01", "rl.miniBatchSize=4", "rl.totalSteps=2");
    assertEquals(1, c.rl().groupSize());
    Policy policy = TinyModels.policy(65);
    float[] before = policy.model().stateDict().values().iterator().next().toFloatArray();
    List<Sample> seen = new ArrayList<>();
    GroupTrainer.Parts parts = OnlineSelfTraining.parts(c, policy, Verifier.synthetic());
    PolicyLoss inner = parts.loss();
    parts = parts.withLoss(in -> {
      seen.addAll(in.samples());
      return inner.perToken(in);
    });
    new GroupTrainer(c.rl(), policy, TRAIN, parts, RunOptions.inMemory()).train();
    long golds = seen.stream().filter(s -> !s.onPolicy()).count(), sampled = seen.size() - golds;
    assertEquals(2 * 2 * 3 * 2, seen.size(), "2 steps x 2 passes x 3 prompts x (1 sample + 1 gold)");
    assertEquals(sampled, golds);
    for (Sample s : seen) if (!s.onPolicy()) assertEquals(policy.eosId(), s.responseIds()[s.length() - 1]);
    assertFalse(java.util.Arrays.equals(before, policy.model().stateDict().values().iterator().next().toFloatArray()));
    assertThrows(IllegalArgumentException.class, () -> new OnlineSelfTraining.Config(c.rl().with("aggregation=SEQ_MEAN_TOKEN_MEAN"), 0.5, 0.5, 64));
  }
}
