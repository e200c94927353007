package org.reason4j.transformer.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.autograd.GradMode;
import org.reason4j.autograd.Var;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.io.Json;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;
import org.reason4j.transformer.model.RotaryEmbedding;

/**
 * Logits of checkpoints loaded here against an independent pure-PyTorch forward
 * ({@code tools/transformer/golden_logits.py}): the shared BF16 Llama, tiny Qwen2 (q/k/v bias, GQA, tied,
 * theta 1e6, F32), GPT-2 (bare GPT2Model keys with mask buffers, F16) and Llama with llama3 RoPE scaling
 * (BF16), and a checkpoint that {@link HfCheckpoint#save} wrote, which the script loaded in PyTorch.
 */
class HfGoldenTest {
  static final double TOLERANCE = 1e-4;
  /** The model behind golden/reason4j-saved: what HfCheckpoint.save wrote and PyTorch then read. */
  static final ModelConfig SAVED = ModelConfig.llama(48, 32, 64, 2, 4, 2, 64).withAttentionBias(true);
  static final long SAVED_SEED = 2024;

  /** Random weights large enough that attention, RoPE and the biases move the logits well past the tolerance. */
  static CausalLM savedModel() {
    CausalLM m = CausalLM.empty(SAVED);
    Rng rng = new Rng(SAVED_SEED);
    m.initWeights(rng, 0.3);
    for (Map.Entry<String, Var> e : m.namedParameters().entrySet()) {
      Tensor v = e.getValue().value();
      if (v.rank() == 1) v.copyFrom(rng.normal(v.shape()).mul(0.1).add(e.getKey().endsWith("bias") ? 0 : 1));
    }
    return m;
  }

  @TempDir Path tmp;

  static Path golden(String name) throws URISyntaxException {
    return Path.of(HfGoldenTest.class.getResource("/golden").toURI()).resolve(name);
  }

  static Path data() {
    return Path.of(System.getProperty("reason4j.data", "../../shared/data"));
  }

  @Test
  void verlRandomLlamaInBf16MatchesPyTorch() throws Exception {
    Path dir = data().resolve("models/verl-digit-completion-random-llama");
    Assumptions.assumeTrue(Files.exists(dir.resolve("model.safetensors")), "shared model absent: " + dir);
    check("verl-digit-completion-random-llama", dir);
  }

  @Test
  void tinyQwen2WithBiasGqaAndTiedEmbeddingsMatchesPyTorch() throws Exception {
    check("tiny-qwen2", golden("tiny-qwen2"));
  }

  @Test
  void tinyGpt2StoredAsBareGpt2ModelInF16MatchesPyTorch() throws Exception {
    check("tiny-gpt2", golden("tiny-gpt2"));
  }

  @Test
  void llama3RopeScalingMatchesPyTorch() throws Exception {
    CausalLM m = check("tiny-llama3", golden("tiny-llama3"));
    assertEquals("llama3", m.config().ropeScaling().type());
  }

  @Test
  void aCheckpointSavedHereLoadsInPyTorchWithTheSameLogits() throws Exception {
    Path committed = golden("reason4j-saved");
    // The committed directory is byte for byte what save writes today, so PyTorch's logits speak for save.
    Path fresh = tmp.resolve("saved");
    HfCheckpoint.save(savedModel(), fresh);
    for (String f : List.of("config.json", "model.safetensors")) {
      assertArrayEquals(Files.readAllBytes(committed.resolve(f)), Files.readAllBytes(fresh.resolve(f)), f + " differs from what save writes");
    }
    check("reason4j-saved", committed);
  }

  /** Loads a checkpoint, runs each golden sequence alone and both as a left-padded batch, and compares logits. */
  static CausalLM check(String name, Path dir) throws IOException, URISyntaxException {
    Map<String, Object> golden = Json.readObject(golden(name + "_logits.json"));
    CausalLM m = HfCheckpoint.load(dir);
    List<?> sequences = (List<?>) golden.get("sequences");
    double worst = 0;
    long[][] ids = new long[sequences.size()][];
    float[][][] expected = new float[sequences.size()][][];
    for (int s = 0; s < sequences.size(); s++) {
      Map<?, ?> seq = (Map<?, ?>) sequences.get(s);
      ids[s] = ((List<?>) seq.get("ids")).stream().mapToLong(o -> (Long) o).toArray();
      expected[s] = matrix((List<?>) seq.get("logits"));
      float[] got;
      try (GradMode g = GradMode.disabled()) {
        got = m.forward(Tensor.of(ids[s], 1, ids[s].length)).logits().value().toFloatArray();
      }
      worst = Math.max(worst, maxAbsDiff(expected[s], got, 0));
    }
    double padded = paddedBatchDiff(m, ids, expected);
    System.out.printf("golden %-36s max |logit diff| %.3g alone, %.3g in a left-padded batch%n", name, worst, padded);
    assertTrue(worst <= TOLERANCE, name + ": max |logit diff| " + worst);
    assertTrue(padded <= TOLERANCE, name + ": max |logit diff| in a padded batch " + padded);
    if (golden.containsKey("inv_freq")) checkInvFreq(m.config(), (List<?>) golden.get("inv_freq"));
    return m;
  }

  /** The sequences left-padded to one batch with a key mask; only real tokens' logits are compared. */
  static double paddedBatchDiff(CausalLM m, long[][] ids, float[][][] expected) {
    int b = ids.length, t = 0;
    for (long[] row : ids) t = Math.max(t, row.length);
    long[] flat = new long[b * t];
    boolean[] mask = new boolean[b * t];
    for (int r = 0; r < b; r++) {
      int pad = t - ids[r].length;
      for (int j = 0; j < ids[r].length; j++) {
        flat[r * t + pad + j] = ids[r][j];
        mask[r * t + pad + j] = true;
      }
    }
    Tensor keyMask = Tensor.of(mask, b, t);
    float[] got;
    try (GradMode g = GradMode.disabled()) {
      got = m.forward(Tensor.of(flat, b, t), CausalLM.positionsFromMask(keyMask, t), keyMask, null).logits().value().toFloatArray();
    }
    int v = m.config().vocabSize();
    double worst = 0;
    for (int r = 0; r < b; r++) worst = Math.max(worst, maxAbsDiff(expected[r], got, (r * t + t - ids[r].length) * v));
    return worst;
  }

  static double maxAbsDiff(float[][] expected, float[] got, int offset) {
    double worst = 0;
    int v = expected[0].length;
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < v; j++) worst = Math.max(worst, Math.abs(expected[i][j] - got[offset + i * v + j]));
    }
    return worst;
  }

  static float[][] matrix(List<?> rows) {
    float[][] out = new float[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      List<?> row = (List<?>) rows.get(i);
      out[i] = new float[row.size()];
      for (int j = 0; j < out[i].length; j++) out[i][j] = ((Number) row.get(j)).floatValue();
    }
    return out;
  }

  /** RotaryEmbedding's frequencies (llama3 scaling included) against the script's Meta reference formula. */
  static void checkInvFreq(ModelConfig c, List<?> expected) {
    float[] got = new RotaryEmbedding(c).invFreq();
    assertEquals(expected.size(), got.length);
    for (int i = 0; i < got.length; i++) {
      double e = ((Number) expected.get(i)).doubleValue();
      assertEquals(e, got[i], 1e-6 * e, "inv_freq[" + i + "]");
    }
  }
}
