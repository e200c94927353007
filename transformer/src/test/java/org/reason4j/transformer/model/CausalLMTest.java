package org.reason4j.transformer.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reason4j.autograd.GradMode;
import org.reason4j.autograd.Var;
import org.reason4j.nn.Losses;
import org.reason4j.nn.optim.AdamW;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;

/** The decoder models on tiny random configs: shapes, cache equivalence, padding, gradients, learning. */
class CausalLMTest {
  static final ModelConfig LLAMA = ModelConfig.llama(37, 32, 64, 2, 4, 2, 64).withAttentionBias(true);
  static final ModelConfig GPT2 = ModelConfig.fromJson(Map.of("model_type", "gpt2", "n_embd", 32L, "n_head", 4L, "n_layer", 2L,
      "n_positions", 64L, "vocab_size", 37L), "test gpt2");

  static Tensor ids(long seed, int b, int t, int vocab) {
    long[] v = new long[b * t];
    Rng r = new Rng(seed);
    for (int i = 0; i < v.length; i++) v[i] = r.nextInt(vocab);
    return Tensor.of(v, b, t);
  }

  @Test
  void forwardGivesLogitsPerPosition() {
    for (ModelConfig c : List.of(LLAMA, GPT2)) {
      CausalLM m = CausalLM.create(c, 1);
      CausalLM.Output out = m.forward(ids(2, 2, 7, c.vocabSize()));
      assertArrayEquals(new int[] {2, 7, 37}, out.logits().shape());
      assertArrayEquals(new int[] {2, 7, 32}, out.hidden().shape());
    }
  }

  @Test
  void decodingWithTheCacheGivesTheFullForwardsLogitsBitForBit() {
    for (ModelConfig c : List.of(LLAMA, GPT2)) {
      CausalLM m = CausalLM.create(c, 3);
      Tensor x = ids(4, 2, 9, c.vocabSize());
      float[] full;
      float[] stepwise = new float[2 * 9 * c.vocabSize()];
      try (GradMode g = GradMode.disabled()) {
        full = m.forward(x).logits().value().toFloatArray();
        KvCache cache = m.newCache(2, 9);
        int prefill = 4;
        Tensor p = x.slice(1, 0, prefill);
        float[] head = m.forward(p, CausalLM.defaultPositions(2, prefill), null, cache).logits().value().toFloatArray();
        copyRows(head, stepwise, 2, prefill, 9, 0, c.vocabSize());
        for (int t = prefill; t < 9; t++) {
          Tensor pos = Tensor.of(new long[] {t, t}, 2, 1);
          float[] one = m.forward(x.slice(1, t, t + 1), pos, null, cache).logits().value().toFloatArray();
          copyRows(one, stepwise, 2, 1, 9, t, c.vocabSize());
        }
      }
      for (int i = 0; i < full.length; i++) assertEquals(full[i], stepwise[i], 0f, c.modelType() + " logit " + i);
    }
  }

  @Test
  void transposedWeightsForFewRowsGiveTheSameBitsAndAreDroppedOnClose() {
    CausalLM m = CausalLM.create(LLAMA, 6);
    Tensor x = ids(7, 1, 5, LLAMA.vocabSize());
    try (GradMode g = GradMode.disabled()) {
      float[] plain = m.forward(x).logits().value().toFloatArray();
      Tensor w = m.namedParameters().get("model.layers.0.mlp.down_proj.weight").value();
      try (CausalLM.TransposedWeights t = m.keepTransposedWeights(1)) {
        assertArrayEquals(plain, m.forward(x).logits().value().toFloatArray(), 0f);
        w.mulInPlace(2); // the copies stand for the weights as they were: (documented) not noticed
        assertArrayEquals(plain, m.forward(x).logits().value().toFloatArray(), 0f);
      }
      float[] doubled = m.forward(x).logits().value().toFloatArray();
      assertFalse(java.util.Arrays.equals(plain, doubled), "after close the weights themselves are used");
      try (CausalLM.TransposedWeights t = m.keepTransposedWeights(1 << 20)) { // too many rows to gain: no copies
        w.mulInPlace(0.5f);
        assertArrayEquals(plain, m.forward(x).logits().value().toFloatArray(), 0f);
      }
    }
  }

  private static void copyRows(float[] src, float[] dst, int b, int t, int total, int at, int v) {
    for (int r = 0; r < b; r++) System.arraycopy(src, r * t * v, dst, (r * total + at) * v, t * v);
  }

  @Test
  void leftPaddingDoesNotChangeTheRealTokensLogits() {
    for (ModelConfig c : List.of(LLAMA, GPT2)) {
      CausalLM m = CausalLM.create(c, 5);
      Tensor x = ids(6, 1, 5, c.vocabSize());
      long[] padded = new long[8];
      System.arraycopy(x.toLongArray(), 0, padded, 3, 5);
      boolean[] mask = {false, false, false, true, true, true, true, true};
      Tensor keyMask = Tensor.of(mask, 1, 8);
      try (GradMode g = GradMode.disabled()) {
        float[] plain = m.forward(x).logits().value().toFloatArray();
        Tensor pad = Tensor.of(padded, 1, 8);
        float[] withPad = m.forward(pad, CausalLM.positionsFromMask(keyMask, 8), keyMask, null).logits().value()
            .slice(1, 3, 8).contiguous().toFloatArray();
        for (int i = 0; i < plain.length; i++) assertEquals(plain[i], withPad[i], 1e-5, c.modelType() + " logit " + i);
      }
    }
  }

  @Test
  void gradientsMatchFiniteDifferencesInDoublePrecision() {
    for (ModelConfig c : List.of(LLAMA, GPT2)) {
      CausalLM m = CausalLM.create(c, 7);
      for (Var p : m.parameters()) p.assign(p.value().to(DType.F64));
      Tensor x = ids(8, 2, 6, c.vocabSize());
      Tensor targets = ids(9, 2, 6, c.vocabSize());
      m.zeroGrad();
      Var loss = Losses.crossEntropy(m.forward(x).logits(), targets);
      loss.backward();
      Rng pick = new Rng(10);
      for (Map.Entry<String, Var> e : m.namedParameters().entrySet()) {
        Tensor w = e.getValue().value();
        double[] grad = e.getValue().grad().toDoubleArray();
        for (int trial = 0; trial < 2; trial++) {
          int i = pick.nextInt(w.numel());
          double analytic = grad[i];
          double numeric = (lossAt(m, w, i, 1e-6, x, targets) - lossAt(m, w, i, -1e-6, x, targets)) / 2e-6;
          assertEquals(numeric, analytic, 1e-7 + 1e-4 * Math.abs(numeric), c.modelType() + " " + e.getKey() + "[" + i + "]");
        }
      }
    }
  }

  private static double lossAt(CausalLM m, Tensor w, int i, double delta, Tensor x, Tensor targets) {
    double[] v = w.toDoubleArray();
    double old = v[i];
    v[i] = old + delta;
    w.copyFrom(Tensor.of(v, w.shape()));
    double loss;
    try (GradMode g = GradMode.disabled()) {
      loss = Losses.crossEntropy(m.forward(x).logits(), targets).value().item();
    }
    v[i] = old;
    w.copyFrom(Tensor.of(v, w.shape()));
    return loss;
  }

  @Test
  void aShortTrainingRunLowersTheLoss() {
    // Next-token prediction on a fixed periodic sequence: learnable in a few dozen steps.
    for (ModelConfig c : List.of(LLAMA, GPT2)) {
      CausalLM m = CausalLM.create(c, 11);
      long[] seq = new long[2 * 17];
      for (int i = 0; i < seq.length; i++) seq[i] = (i * 5 + (i / 17) * 3) % 11;
      Tensor all = Tensor.of(seq, 2, 17);
      Tensor in = all.slice(1, 0, 16).contiguous(), target = all.slice(1, 1, 17).contiguous();
      AdamW opt = new AdamW(m.namedParameters(), AdamW.Config.defaults().withLr(3e-3));
      double first = 0, last = 0;
      for (int step = 0; step < 60; step++) {
        opt.zeroGrad();
        Var loss = Losses.crossEntropy(m.forward(in).logits(), target);
        loss.backward();
        opt.step();
        if (step == 0) first = loss.value().item();
        last = loss.value().item();
      }
      assertTrue(last < 0.3 * first, c.modelType() + ": loss " + first + " -> " + last);
    }
  }

  @Test
  void aPromptLongerThanTheContextIsAClearError() {
    CausalLM m = CausalLM.create(LLAMA, 1);
    var e = assertThrows(IllegalArgumentException.class, () -> m.forward(ids(1, 1, 65, 37)));
    assertTrue(e.getMessage().contains("65") && e.getMessage().contains("64"), e.getMessage());
  }
}
