package org.reason4j.transformer.generate;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.reason4j.autograd.GradMode;
import org.reason4j.nn.Losses;
import org.reason4j.tensor.Tensor;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;

/** Generation against the plain forward: greedy ids, log-probs, seeds, stopping. */
class GeneratorTest {
  static final ModelConfig CONFIG = ModelConfig.llama(29, 32, 64, 2, 4, 2, 48);
  static final CausalLM MODEL = CausalLM.create(CONFIG, 42);
  static final Generator GEN = new Generator(MODEL, null);

  @Test
  void greedyMatchesArgmaxOfTheFullForwardForPromptsOfDifferentLengths() {
    List<int[]> prompts = List.of(new int[] {1, 5, 9}, new int[] {1, 7, 3, 4, 2, 8});
    List<GenerationResult> out = GEN.generate(prompts, GenerationConfig.greedy(10, Set.of()));
    for (int r = 0; r < 2; r++) {
      int[] seq = prompts.get(r);
      for (int id : out.get(r).ids()) {
        int expected;
        try (GradMode g = GradMode.disabled()) {
          float[] logits = MODEL.forward(Tensor.of(toLong(seq), 1, seq.length)).logits().value().select(1, seq.length - 1).toFloatArray();
          expected = argmax(logits);
        }
        assertEquals(expected, id);
        seq = append(seq, id);
      }
      assertEquals(FinishReason.LENGTH, out.get(r).finishReason());
    }
  }

  @Test
  void sampledLogProbsEqualTheTrainingForwardsLogProbsBitForBit() {
    int[] prompt = {1, 4, 4, 6, 11};
    GenerationResult res = GEN.generate(List.of(prompt), GenerationConfig.sampling(12, 0.9, Set.of(), 7)).get(0);
    int[] full = concat(prompt, res.ids());
    float[] train;
    try (GradMode g = GradMode.disabled()) {
      Tensor in = Tensor.of(toLong(full), 1, full.length);
      var logits = MODEL.forward(in).logits().slice(1, prompt.length - 1, full.length - 1); // predicts the response
      Tensor targets = Tensor.of(toLong(res.ids()), 1, res.ids().length);
      train = Losses.logProbsOfTargets(logits, targets, 0.9).value().toFloatArray();
    }
    assertEquals(res.logprobs().length, train.length);
    for (int i = 0; i < train.length; i++) {
      assertEquals(Float.floatToIntBits(train[i]), Float.floatToIntBits(res.logprobs()[i]), "token " + i);
    }
  }

  @Test
  void sameSeedSameSamplesAndARowDoesNotDependOnTheOtherRows() {
    GenerationConfig c = GenerationConfig.sampling(15, 1.0, Set.of(), 123);
    int[] a = {1, 2, 3}, b = {1, 9, 9, 9, 9};
    int[] alone = GEN.generate(List.of(a), c).get(0).ids();
    int[] withB = GEN.generate(List.of(a, b), c).get(0).ids();
    assertArrayEquals(alone, withB);
    assertArrayEquals(alone, GEN.generate(List.of(a), c).get(0).ids());
    assertFalse(java.util.Arrays.equals(alone, GEN.generate(List.of(a), c.withSeed(124)).get(0).ids()));
  }

  @Test
  void filtersThatKeepOneTokenAreGreedy() {
    int[] p = {1, 3, 5, 7};
    int[] greedy = GEN.generate(List.of(p), GenerationConfig.greedy(8, Set.of())).get(0).ids();
    GenerationConfig s = GenerationConfig.sampling(8, 1.3, Set.of(), 5);
    assertArrayEquals(greedy, GEN.generate(List.of(p), s.withTopK(1)).get(0).ids());
    assertArrayEquals(greedy, GEN.generate(List.of(p), s.withTopP(1e-9)).get(0).ids());
    assertArrayEquals(greedy, GEN.generate(List.of(p), s.withMinP(0.999999)).get(0).ids());
  }

  @Test
  void rowsStopAtTheirOwnEosAndTheRestContinue() {
    int[] p = {1, 3, 5, 7};
    int[] greedy = GEN.generate(List.of(p), GenerationConfig.greedy(8, Set.of())).get(0).ids();
    int eos = greedy[2];
    List<GenerationResult> out = GEN.generate(List.of(p, new int[] {2, 2}), GenerationConfig.greedy(8, Set.of(eos)));
    GenerationResult first = out.get(0);
    assertEquals(FinishReason.EOS, first.finishReason());
    int firstEos = 0;
    while (greedy[firstEos] != eos) firstEos++;
    assertEquals(firstEos + 1, first.ids().length);
    assertEquals(eos, first.ids()[first.ids().length - 1]);
    GenerationResult second = out.get(1);
    int[] secondAlone = GEN.generate(List.of(new int[] {2, 2}), GenerationConfig.greedy(8, Set.of(eos))).get(0).ids();
    assertArrayEquals(secondAlone, second.ids());
  }

  @Test
  void contextLimitsAreEnforced() {
    int[] longPrompt = new int[49];
    var e = assertThrows(IllegalArgumentException.class, () -> GEN.generate(List.of(longPrompt), GenerationConfig.greedy(1, Set.of())));
    assertTrue(e.getMessage().contains("49") && e.getMessage().contains("48"), e.getMessage());
    GenerationResult r = GEN.generate(List.of(new int[46]), GenerationConfig.greedy(10, Set.of())).get(0);
    assertEquals(2, r.ids().length);
    assertEquals(FinishReason.LENGTH, r.finishReason());
  }

  static long[] toLong(int[] a) {
    long[] l = new long[a.length];
    for (int i = 0; i < a.length; i++) l[i] = a[i];
    return l;
  }

  static int[] append(int[] a, int x) {
    int[] b = java.util.Arrays.copyOf(a, a.length + 1);
    b[a.length] = x;
    return b;
  }

  static int[] concat(int[] a, int[] b) {
    int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  static int argmax(float[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
    return best;
  }

  @Test
  void generatingInChunksOfRowsGivesTheSameBitsAsOneBatch() {
    List<int[]> prompts = List.of(new int[] {1, 5, 9}, new int[] {3}, new int[] {7, 7, 7, 7, 2}, new int[] {4, 8}, new int[] {6, 1, 1},
        new int[] {2, 3, 5, 7}, new int[] {9});
    GenerationConfig c = GenerationConfig.sampling(12, 1.0, Set.of(), 99);
    List<GenerationResult> whole = new Generator(MODEL, null).maxRowsPerCall(0).generate(prompts, c);
    for (int chunk : new int[] {1, 3, 7}) {
      List<int[]> streamed = new java.util.ArrayList<>();
      for (int i = 0; i < prompts.size(); i++) streamed.add(new int[0]);
      List<GenerationResult> parts = new Generator(MODEL, null).maxRowsPerCall(chunk).generate(prompts, c, (row, id, text) -> {
        int[] a = java.util.Arrays.copyOf(streamed.get(row), streamed.get(row).length + 1);
        a[a.length - 1] = id;
        streamed.set(row, a);
      });
      for (int i = 0; i < prompts.size(); i++) {
        assertArrayEquals(whole.get(i).ids(), parts.get(i).ids(), "row " + i + ", chunks of " + chunk);
        assertArrayEquals(whole.get(i).logprobs(), parts.get(i).logprobs(), "row " + i + ", chunks of " + chunk);
        assertEquals(whole.get(i).finishReason(), parts.get(i).finishReason());
        assertArrayEquals(whole.get(i).ids(), streamed.get(i), "the stream names the call's row");
      }
    }
    assertTrue(new Generator(MODEL, null).rowsPerChunk(100, 100) >= 1);
  }
}
