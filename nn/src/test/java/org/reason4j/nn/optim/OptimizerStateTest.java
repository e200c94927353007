package org.reason4j.nn.optim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.reason4j.autograd.Var;
import org.reason4j.nn.Activation;
import org.reason4j.nn.Linear;
import org.reason4j.nn.Losses;
import org.reason4j.nn.Sequential;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;

/** Saving and reloading model + optimizer mid-training continues bit for bit, for AdamW and SGD. */
class OptimizerStateTest {
  private static final Tensor X = new Rng(100).normal(32, 3);
  private static final Tensor Y = Tensor.of(labels(), 32);
  private static final LrSchedule SCHEDULE = LrSchedule.cosineWarmup(0.05, 2, 10, 0.1);

  private static long[] labels() {
    long[] y = new long[32];
    for (int i = 0; i < 32; i++) y[i] = (i * 5) % 3 == 0 ? 1 : 0;
    return y;
  }

  private static Sequential mlp(long seed) {
    Rng rng = new Rng(seed);
    return new Sequential(new Linear(3, 16, true, rng), Activation.GELU_TANH, new Linear(16, 2, true, rng));
  }

  /** One training step on minibatch step % 4, with schedule and clipping, as a trainer would do it. */
  private static void trainStep(Sequential model, Optimizer opt, int step) {
    int from = (step % 4) * 8;
    opt.setLr(SCHEDULE.lr(step));
    Var logits = model.forward(Var.constant(X.slice(0, from, from + 8))); // (8, 2)
    Losses.crossEntropy(logits, Y.slice(0, from, from + 8)).backward();
    GradClip.clipGradNorm(model.parameters(), 1.0);
    opt.step();
    opt.zeroGrad();
  }

  private static Map<String, Tensor> deepCopy(Map<String, Tensor> m) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    m.forEach((k, t) -> out.put(k, t.copy()));
    return out;
  }

  private static void assertSameBits(Map<String, Tensor> expected, Map<String, Tensor> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    for (String k : expected.keySet()) {
      assertArrayEquals(expected.get(k).toDoubleArray(), actual.get(k).toDoubleArray(), 0.0, k);
    }
  }

  private static void resumesBitForBit(Function<Map<String, Var>, Optimizer> make) {
    Sequential a = mlp(1);
    Optimizer optA = make.apply(a.namedParameters());
    for (int step = 0; step < 5; step++) trainStep(a, optA, step);
    Map<String, Tensor> model = deepCopy(a.stateDict()), optim = deepCopy(optA.stateDict());

    Sequential b = mlp(2), c = mlp(3);
    Optimizer optB = make.apply(b.namedParameters()), optC = make.apply(c.namedParameters());
    b.loadStateDict(model, true);
    optB.loadStateDict(optim);
    c.loadStateDict(model, true); // weights only: its optimizer starts fresh
    for (int step = 5; step < 10; step++) {
      trainStep(a, optA, step);
      trainStep(b, optB, step);
      trainStep(c, optC, step);
    }
    assertSameBits(a.stateDict(), b.stateDict());
    assertSameBits(optA.stateDict(), optB.stateDict());
    assertFalse(java.util.Arrays.equals(a.stateDict().get("0.weight").toFloatArray(), c.stateDict().get("0.weight").toFloatArray()),
        "without the optimizer state the run diverges, so the comparison above has teeth");
  }

  @Test
  void adamwResumesBitForBit() {
    resumesBitForBit(p -> new AdamW(p, AdamW.Config.defaults().withWeightDecay(0.1).withDecayRule(DecayRule.MATRICES_ONLY)));
  }

  @Test
  void sgdWithMomentumResumesBitForBit() {
    resumesBitForBit(p -> new SGD(p, SGD.Config.of(0.1).withMomentum(0.9).withNesterov(true).withWeightDecay(1e-3)));
  }

  @Test
  void stateDictKeysAndLoadErrors() {
    Sequential a = mlp(1);
    AdamW opt = new AdamW(a.namedParameters());
    trainStep(a, opt, 0);
    Map<String, Tensor> sd = deepCopy(opt.stateDict());
    assertTrue(sd.keySet().containsAll(java.util.List.of("lr", "state.0.weight.step", "state.0.weight.exp_avg", "state.2.bias.exp_avg_sq")));
    sd.remove("state.0.bias.exp_avg_sq");
    sd.put("state.0.weight.exp_avg", Tensor.zeros(3, 16));
    sd.put("state.1.weight.exp_avg", Tensor.zeros(3));
    Map<String, Tensor> before = deepCopy(opt.stateDict());
    var e = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(sd));
    String msg = e.getMessage();
    assertTrue(msg.contains("3 problem(s)"), msg);
    assertTrue(msg.contains("unexpected key 'state.1.weight.exp_avg'"), msg);
    assertTrue(msg.contains("shape mismatch for 'state.0.weight.exp_avg': saved (3, 16), expected (16, 3)"), msg);
    assertTrue(msg.contains("missing key 'state.0.bias.exp_avg_sq'"), msg);
    assertSameBits(before, opt.stateDict());
  }
}
