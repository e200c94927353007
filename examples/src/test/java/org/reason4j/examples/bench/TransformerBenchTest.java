package org.reason4j.examples.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.transformer.io.HfCheckpoint;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;

/**
 * The benchmark's workloads compute what they claim, on a model small enough for a unit test (speed is
 * never asserted): generation returns 128 ids per row, training returns the cross-entropy of a freshly
 * initialised model (close to ln V, since its logits are all near 0), and the load report counts
 * parameters and their F32 bytes.
 */
class TransformerBenchTest {
  static final ModelConfig SMALL = ModelConfig.llama(64, 16, 32, 1, 2, 2, 256);

  @TempDir Path tmp;

  @Test
  void workloadsRunAndReportTheirChecks() {
    CausalLM m = CausalLM.create(SMALL, TransformerBench.SEED);
    TransformerBench.Result gen = TransformerBench.measure(m, TransformerBench.Workload.GENERATE_B16, 1);
    assertEquals(1, gen.tokensPerSecond().length);
    assertTrue(gen.median() > 0);
    Map<?, ?> check = (Map<?, ?>) gen.check();
    assertEquals(16, ((int[]) check.get("ids")).length);
    assertTrue((Double) check.get("logprob_sum") < 0);
    TransformerBench.Result train = TransformerBench.measure(m, TransformerBench.Workload.TRAIN_B8, 2);
    assertEquals(Math.log(64), (Double) train.check(), 0.05, "cross-entropy of near-uniform logits");
    assertEquals(8 * 256, TransformerBench.Workload.TRAIN_B8.tokens());
  }

  @Test
  void tokenIdsAvoidTheSpecialIdsAndStayInTheVocabulary() {
    for (int r = 0; r < 16; r++) {
      for (int j = 0; j < 300; j++) {
        long id = TransformerBench.tokenId(r, j, 32000);
        assertTrue(id >= 3 && id < 32000, "id " + id);
      }
    }
    assertEquals(3 + (7919L * 2 + 104729L * 5) % 31997, TransformerBench.tokenId(2, 5, 32000), "the formula torch_transformer.py repeats");
  }

  @Test
  void presetsHaveTheShapesOfLlama2cStoriesModels() {
    ModelConfig c = TransformerBench.Preset.of("STORIES15m").config();
    assertEquals(15_191_712, CausalLM.empty(c).numParameters(), "stories15M: dim 288, 6 layers, hidden 768, vocab 32000, tied");
    assertThrows(IllegalArgumentException.class, () -> TransformerBench.Preset.of("gpt4"));
  }

  @Test
  void loadReportsParametersAndTheirF32Size() throws Exception {
    CausalLM m = CausalLM.create(SMALL, 1);
    HfCheckpoint.save(m, tmp.resolve("small"));
    Map<String, Object> r = LoadBench.run(tmp.resolve("small"));
    assertEquals(m.numParameters(), r.get("parameters"));
    assertEquals(4 * m.numParameters(), r.get("f32_bytes"));
  }
}
