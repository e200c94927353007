package org.reason4j.rl.rewardmodel;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.autograd.GradMode;
import org.reason4j.rl.TinyModels;
import org.reason4j.rl.checkpoint.CheckpointIO;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.eval.Evaluator;
import org.reason4j.rl.trainer.RunOptions;
import org.reason4j.tensor.Rng;
import org.reason4j.transformer.model.CausalLM;

/** The outcome reward model (ALGORITHMS §9.4): pooling on the last real token, training, data, saving, resuming. */
class RewardModelTest {

  static RewardModel fresh(long seed) {
    return new RewardModel(CausalLM.create(TinyModels.config(), seed), seed);
  }

  @Test
  void theClassifierReadsTheHiddenStateOfEachRowsLastRealToken() {
    RewardModel rm = fresh(71);
    int[] shortRow = {1, 10, 11, 12}, longRow = {1, 10, 11, 12, 13, 14, 15};
    try (GradMode g = GradMode.disabled()) {
      RewardModel.Batch both = RewardModel.Batch.of(List.of(shortRow, longRow));
      float[] batched = rm.logits(both.ids(), both.lengths()).value().toFloatArray();
      RewardModel.Batch alone = RewardModel.Batch.of(List.of(shortRow));
      float[] single = rm.logits(alone.ids(), alone.lengths()).value().toFloatArray();
      assertArrayEquals(single, new float[] {batched[0], batched[1]}, 1e-5f, "right padding changed the short row's score");
      RewardModel.Batch cut = RewardModel.Batch.of(List.of(new int[] {1, 10, 11, 12, 13}));
      float[] prefix = rm.logits(cut.ids(), cut.lengths()).value().toFloatArray();
      assertNotEquals(batched[2], prefix[0], "the long row's score ignores its last tokens");
    }
    double[] p = rm.probabilityCorrect(List.of(shortRow, longRow));
    for (double x : p) assertTrue(x > 0 && x < 1);
  }

  /** Label 1 when the sequence holds token 20: learnable only by reading the sequence. */
  static List<RewardModelData> ruleData(int n, long seed) {
    Rng rng = new Rng(seed, 3);
    List<RewardModelData> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = 4 + (int) (rng.nextDouble() * 6);
      int[] ids = new int[len];
      ids[0] = 1;
      for (int j = 1; j < len; j++) ids[j] = 10 + (int) (rng.nextDouble() * 10);
      boolean positive = i % 2 == 0;
      if (positive) ids[1 + (int) (rng.nextDouble() * (len - 1))] = 20;
      out.add(new RewardModelData("p" + i, ids, positive));
    }
    return out;
  }

  static RewardModelTrainer.Config tiny() {
    return RewardModelTrainer.Config.defaults().with("epochs=12", "batchSize=8", "microBatchSize=4", "lr=3e-3", "warmupRatio=0.05");
  }

  @Test
  void crossEntropyTrainingTeachesItToTellTheClassesApart() throws Exception {
    RewardModel rm = fresh(72);
    List<Map<String, Object>> lines = new RewardModelTrainer(tiny(), rm, ruleData(64, 1), RunOptions.inMemory()).train();
    assertEquals(96, lines.size());
    List<RewardModelData> test = ruleData(40, 2);
    List<int[]> seqs = new ArrayList<>();
    for (RewardModelData d : test) seqs.add(d.ids());
    double[] p = rm.probabilityCorrect(seqs);
    int right = 0;
    for (int i = 0; i < p.length; i++) if ((p[i] > 0.5) == test.get(i).correct()) right++;
    assertTrue(right >= 36, right + " of 40 held-out sequences classified right");
  }

  @Test
  void aSavedRewardModelLoadsBackAndAResumedRunMatchesAnUninterruptedOne(@TempDir Path out) throws Exception {
    List<RewardModelData> data = ruleData(16, 3);
    RewardModelTrainer.Config c = tiny().with("epochs=2");
    RewardModel straight = fresh(73);
    new RewardModelTrainer(c, straight, data, RunOptions.inMemory()).train();
    new RewardModelTrainer(c, fresh(73), data, RunOptions.files(out).quiet()).trainUntil(2);
    RewardModel resumed = fresh(73);
    RewardModelTrainer second = new RewardModelTrainer(c, resumed, data, RunOptions.files(out).quiet());
    second.resume(CheckpointIO.latest(out).orElseThrow());
    second.train();
    Map<String, org.reason4j.tensor.Tensor> a = straight.stateDict(), b = resumed.stateDict();
    for (String k : a.keySet()) assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), 0f, k);

    straight.save(out.resolve("model"));
    RewardModel loaded = RewardModel.load(out.resolve("model"));
    List<int[]> seqs = List.of(data.get(0).ids(), data.get(1).ids());
    assertArrayEquals(straight.probabilityCorrect(seqs), loaded.probabilityCorrect(seqs), 0.0);
    assertThrows(java.io.IOException.class, () -> RewardModel.load(out));
  }

  @Test
  void itsDataIsDeduplicatedPerQuestionLabelledByTheJudgeAndCut(@TempDir Path dir) throws Exception {
    List<Problem> problems = TinyModels.problems(0, 2);
    Evaluator.Config nearGreedy = new Evaluator.Config(6, 32, 1e-4, 1.0, 5);
    List<RewardModelData> dup = RewardModelData.build(TinyModels.policy(74), problems, 8, nearGreedy, (r, p) -> true, 700, false);
    assertEquals(2, dup.size(), "8 identical samples per question are one example");
    Evaluator.Config sampling = new Evaluator.Config(6, 32, 1.0, 1.0, 5);
    List<RewardModelData> data = RewardModelData.build(TinyModels.policy(74), problems, 8, sampling, (r, p) -> r.contains("1"), 12, false);
    assertTrue(data.size() > 2);
    boolean both = RewardModelData.positiveRate(data) > 0 && RewardModelData.positiveRate(data) < 1;
    assertTrue(both, "one class only; the labels are untested");
    for (RewardModelData d : data) assertTrue(d.ids().length <= 12);
    Path file = dir.resolve("data.jsonl");
    RewardModelData.write(file, data);
    List<RewardModelData> back = RewardModelData.read(file);
    for (int i = 0; i < data.size(); i++) {
      assertArrayEquals(data.get(i).ids(), back.get(i).ids());
      assertEquals(data.get(i).correct(), back.get(i).correct());
    }
  }
}
