package org.reason4j.examples.bench;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * The tiny-model benchmark's workloads compute what they claim (speed is never asserted): a fresh model's
 * training loss is about ln V, and generation reports the summed log-probs of row 0's 40 tokens.
 */
class TinyBenchTest {
  @Test
  void oneTrainingStepStartsFromTheLossOfNearUniformLogits() {
    TinyBench.Result r = TinyBench.measure(TinyBench.Workload.TRAIN, 0, 1);
    assertEquals(Math.log(TinyBench.CONFIG.vocabSize()), r.check(), 0.05);
    assertTrue(r.median() > 0 && r.medianCpu() > 0);
  }

  @Test
  void generationSumsNegativeLogProbsOfEveryNewToken() {
    TinyBench.Result r = TinyBench.measure(TinyBench.Workload.GENERATE, 0, 1);
    assertTrue(r.check() < 0 && r.check() > -TinyBench.GEN_NEW * 20, "sum of 40 log-probs: " + r.check());
    assertEquals(64 * 40, TinyBench.Workload.GENERATE.tokens());
  }
}
