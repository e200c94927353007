package org.reason4j.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.reason4j.autograd.Var;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;

/** Cross-entropy and target log-probs against a log-softmax written out in double, and their memory. */
class LossesTest {
  /** -log softmax(row / temperature)[target], computed directly. */
  private static double reference(double[] row, int target, double temperature) {
    double max = Double.NEGATIVE_INFINITY, sum = 0;
    for (double v : row) max = Math.max(max, v / temperature);
    for (double v : row) sum += Math.exp(v / temperature - max);
    return max + Math.log(sum) - row[target] / temperature;
  }

  private static double[] row(Tensor logits, int b, int t) {
    double[] r = new double[logits.dim(-1)];
    for (int j = 0; j < r.length; j++) r[j] = logits.get(b, t, j);
    return r;
  }

  @Test
  void tokenMeanOverMaskedPositionsOfBatchedLogits() {
    Tensor logits = new Rng(5).normal(2, 3, 7).to(DType.F64); // (B, T, V)
    Tensor targets = Tensor.of(new long[] {1, 6, 0, 3, 3, 2}, 2, 3);
    Tensor mask = Tensor.of(new boolean[] {true, true, false, true, false, false}, 2, 3);
    double expect = (reference(row(logits, 0, 0), 1, 1) + reference(row(logits, 0, 1), 6, 1) + reference(row(logits, 1, 0), 3, 1)) / 3;
    assertEquals(expect, Losses.crossEntropy(Var.constant(logits), targets, mask).value().item(), 1e-12);
    Tensor floatMask = mask.to(DType.F32);
    assertEquals(expect, Losses.crossEntropy(Var.constant(logits), targets, floatMask).value().item(), 1e-12);
    Tensor withIgnored = Tensor.of(new long[] {1, 6, -100, 3, -100, -100}, 2, 3);
    assertEquals(expect, Losses.crossEntropy(Var.constant(logits), withIgnored).value().item(), 1e-12);
    Tensor padded = Tensor.of(new long[] {1, 6, 4, 3, 4, 4}, 2, 3); // 4 as a pad id
    assertEquals(expect, Losses.crossEntropy(Var.constant(logits), padded, 4L).value().item(), 1e-12);
  }

  @Test
  void everyPositionMaskedGivesZeroNotNaN() {
    Var logits = Var.param(Tensor.ones(2, 3));
    Var loss = Losses.crossEntropy(logits, Tensor.of(new long[] {-1, -1}, 2));
    assertEquals(0, loss.value().item());
    loss.backward();
    assertArrayEquals(new float[6], logits.grad().toFloatArray());
  }

  @Test
  void gradientIsSoftmaxMinusOneHotOverTheCount() {
    Tensor x = new Rng(2).normal(3, 4).to(DType.F64);
    Var logits = Var.param(x);
    Tensor targets = Tensor.of(new long[] {2, -1, 0}, 3);
    Losses.crossEntropy(logits, targets).backward();
    for (int r = 0; r < 3; r++) {
      double lse = 0;
      for (int j = 0; j < 4; j++) lse += Math.exp(x.get(r, j));
      for (int j = 0; j < 4; j++) {
        long t = targets.toLongArray()[r];
        double expect = t < 0 ? 0 : (Math.exp(x.get(r, j)) / lse - (j == t ? 1 : 0)) / 2;
        assertEquals(expect, logits.grad().get(r, j), 1e-12);
      }
    }
  }

  @Test
  void logProbsOfTargetsPerPositionWithTemperature() {
    Tensor logits = new Rng(9).normal(2, 2, 5).to(DType.F64);
    Tensor targets = Tensor.of(new long[] {4, 0, 2, 2}, 2, 2);
    for (double temperature : new double[] {1, 0.7}) {
      Var lp = Losses.logProbsOfTargets(Var.constant(logits), targets, temperature);
      assertArrayEquals(new int[] {2, 2}, lp.shape());
      for (int b = 0; b < 2; b++) {
        for (int t = 0; t < 2; t++) {
          int target = (int) targets.toLongArray()[b * 2 + t];
          assertEquals(-reference(row(logits, b, t), target, temperature), lp.value().get(b, t), 1e-12);
        }
      }
    }
  }

  @Test
  void shapeErrorsNameBothShapes() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Losses.crossEntropy(Var.constant(Tensor.zeros(2, 3, 5)), Tensor.of(new long[] {0, 1, 2}, 3)));
    assertTrue(e.getMessage().contains("(2, 3, 5)") && e.getMessage().contains("(2, 3)"), e.getMessage());
  }

  // ------------------------------------------------------------------ memory

  /** Bytes allocated on the heap by every live thread so far (HotSpot's per-thread counters). */
  private static long allocatedBytes() {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long b : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) total += Math.max(0, b);
    return total;
  }

  /** Bytes allocated by one forward + backward of the loss, after a warm-up run. */
  private static long[] measure(java.util.function.Function<Var, Var> loss, Tensor logits) {
    loss.apply(Var.param(logits)).backward();
    Var x = Var.param(logits);
    long start = allocatedBytes();
    Var l = loss.apply(x);
    long forward = allocatedBytes() - start;
    l.backward();
    return new long[] {forward, allocatedBytes() - start};
  }

  @Test
  void crossEntropyAllocatesNoTokensByVocabTensorButTheGradient() {
    var bean = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean
        && ((com.sun.management.ThreadMXBean) bean).isThreadAllocatedMemoryEnabled(), "this JVM does not count allocated bytes per thread");
    int b = 4, t = 16, v = 16384;
    long nv = 4L * b * t * v; // one (B*T, V) F32 tensor: 4 MiB
    Tensor logits = new Rng(1).normal(b, t, v);
    long[] ids = new long[b * t];
    for (int i = 0; i < ids.length; i++) ids[i] = (i * 7919L) % v;
    Tensor targets = Tensor.of(ids, b, t);
    Tensor mask = new Rng(2).bernoulli(org.reason4j.tensor.Backends.cpu(), 0.8, b, t);

    long[] fused = measure(x -> Losses.crossEntropy(x, targets, mask), logits);
    assertTrue(fused[0] < nv / 8, "forward keeps only per-row values, allocated " + fused[0] + " bytes");
    assertTrue(fused[1] < nv + nv / 8, "forward + backward allocate one (N, V) gradient, allocated " + fused[1] + " bytes");

    // The same loss from log-softmax and gather materialises (N, V) tensors; the counter must see them.
    Tensor keep = mask.to(DType.F32);
    long[] composite = measure(x -> x.logSoftmax(-1).gather(2, targets.unsqueeze(2)).squeeze(2).neg()
        .mul(keep).sum().div(keep.sum().item()), logits);
    assertTrue(composite[1] > 2 * nv, "the composite allocated " + composite[1] + " bytes");
  }
}
