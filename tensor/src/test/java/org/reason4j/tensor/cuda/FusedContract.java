package org.reason4j.tensor.cuda;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.reason4j.tensor.Backend;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.TensorScope;

/**
 * Contract suite, part 4: counter-based random fills (uniform and Bernoulli bit for bit, normal within
 * one F32 ulp), cross-entropy and its backward with ignored and out-of-range targets, RMSNorm and
 * LayerNorm with their backwards, RoPE (exact: float arithmetic without fused multiply-adds) and AdamW
 * (exact over several steps).
 */
abstract class FusedContract extends ContractSupport {
  @Test
  void randomFillsMatchThePhiloxStreamOfTheCpu() {
    try (TensorScope scope = TensorScope.open()) {
      for (DType t : new DType[] {DType.F32, DType.F64, DType.BF16}) {
        Tolerance.EXACT.check(new Rng(9, 2).uniform(CPU, t, 7, 300), back(new Rng(9, 2).uniform(backend(), t, 7, 300)), "uniform " + t);
      }
      Tolerance.EXACT.check(new Rng(9, 3).bernoulli(CPU, 0.3, 4000), back(new Rng(9, 3).bernoulli(backend(), 0.3, 4000)), "bernoulli");
      float[] e = new Rng(9, 4).normal(CPU, DType.F32, 5000).toFloatArray();
      float[] a = new Rng(9, 4).normal(backend(), DType.F32, 5000).toFloatArray();
      for (int i = 0; i < e.length; i++) assertEquals(e[i], a[i], Math.ulp(e[i]), "normal F32 element " + i);
      Tolerance.F64_MATH.check(new Rng(9, 5).normal(CPU, DType.F64, 3000), back(new Rng(9, 5).normal(backend(), DType.F64, 3000)), "normal F64");
      Rng cont = new Rng(9, 6);
      cont.uniform(CPU, DType.F32, 123);
      Tensor afterCounter = Rng.restore(cont.state()).uniform(backend(), DType.F32, 50);
      Tolerance.EXACT.check(cont.uniform(CPU, DType.F32, 50), back(afterCounter), "uniform from a later counter");
    }
  }

  private static Tensor[] crossEntropy(Backend be, Tensor logits, Tensor targets, Tensor gradLoss) {
    int n = logits.dim(0);
    Tensor loss = Tensor.zeros(be, logits.dtype(), n), lse = Tensor.zeros(be, logits.dtype(), n);
    be.crossEntropy(logits, targets, loss, lse);
    Tensor grad = Tensor.zeros(be, logits.dtype(), logits.shape());
    be.crossEntropyBackward(logits, targets, lse, gradLoss, grad);
    return new Tensor[] {loss, lse, grad};
  }

  @Test
  void crossEntropyAndItsGradientMatchTheCpu() {
    for (DType t : new DType[] {DType.F32, DType.F64}) {
      for (int[] nv : new int[][] {{6, 5}, {4, 1000}, {3, 40000}}) {
        Tensor logits = normal(80, t, nv[0], nv[1]).mul(3);
        long[] tg = new long[nv[0]];
        for (int i = 0; i < tg.length; i++) tg[i] = i == 1 ? -1 : (i * 7919L) % nv[1];
        Tensor targets = Tensor.of(tg, nv[0]), gradLoss = uniform(81, 0.5, 2, t, nv[0]);
        Tensor[] expected = crossEntropy(CPU, logits, targets, gradLoss);
        try (TensorScope scope = TensorScope.open()) {
          Tensor[] actual = crossEntropy(backend(), scrambled(logits).contiguous(), plain(targets), plain(gradLoss));
          String what = t + " " + nv[0] + "x" + nv[1] + " on " + backend().name();
          Tolerance.sum(t).check(expected[0], back(actual[0]), "cross-entropy loss " + what);
          Tolerance.sum(t).check(expected[1], back(actual[1]), "cross-entropy lse " + what);
          Tolerance.math(t).check(expected[2], back(actual[2]), "cross-entropy gradient " + what);
        }
      }
    }
  }

  @Test
  void aTargetOutsideTheVocabularyIsAnError() {
    Tensor logits = normal(82, DType.F32, 2, 5), targets = Tensor.of(new long[] {1, 5}, 2);
    assertThrows(IndexOutOfBoundsException.class, () -> crossEntropy(CPU, logits, targets, Tensor.ones(2)));
    try (TensorScope scope = TensorScope.open()) {
      Tensor dl = plain(logits), dt = plain(targets), dg = plain(Tensor.ones(2));
      IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
          () -> crossEntropy(backend(), dl, dt, dg)[0].toFloatArray());
      assertTrue(e.getMessage().startsWith("crossEntropy: target 5"), e.getMessage());
    }
  }

  private static Tensor[] norms(Backend be, Tensor x, Tensor w, Tensor b, Tensor g) {
    int c = x.dim(-1), rows = x.numel() / c;
    DType t = x.dtype();
    Tensor rms = Tensor.zeros(be, t, x.shape()), rstd = Tensor.zeros(be, t, rows);
    be.rmsNorm(x, w, 1e-5, rms, rstd);
    Tensor gx = Tensor.zeros(be, t, x.shape()), gw = Tensor.zeros(be, t, c);
    be.rmsNormBackward(x, w, rstd, g, gx, gw);
    Tensor ln = Tensor.zeros(be, t, x.shape()), mean = Tensor.zeros(be, t, rows), lrstd = Tensor.zeros(be, t, rows);
    be.layerNorm(x, w, b, 1e-5, ln, mean, lrstd);
    Tensor lgx = Tensor.zeros(be, t, x.shape()), lgw = Tensor.zeros(be, t, c), lgb = Tensor.zeros(be, t, c);
    be.layerNormBackward(x, w, mean, lrstd, g, lgx, lgw, lgb);
    return new Tensor[] {rms, rstd, gx, gw, ln, mean, lrstd, lgx, lgw, lgb};
  }

  @Test
  void normsAndTheirGradientsMatchTheCpu() {
    String[] names = {"rmsNorm", "rms rstd", "rms gradX", "rms gradWeight", "layerNorm", "ln mean", "ln rstd", "ln gradX",
        "ln gradWeight", "ln gradBias"};
    for (DType t : new DType[] {DType.F32, DType.F64}) {
      for (int[] rc : new int[][] {{1, 1}, {7, 64}, {300, 1000}, {600, 3}}) {
        Tensor x = normal(83, t, rc[0], rc[1]).mul(2).add(0.5), w = normal(84, t, rc[1]), b = normal(85, t, rc[1]);
        Tensor g = normal(86, t, rc[0], rc[1]);
        Tensor[] expected = norms(CPU, x, w, b, g);
        try (TensorScope scope = TensorScope.open()) {
          Tensor[] actual = norms(backend(), scrambled(x).contiguous(), plain(w), plain(b), scrambled(g).contiguous());
          for (int i = 0; i < names.length; i++) {
            Tolerance.sum(t).check(expected[i], back(actual[i]), names[i] + " " + t + " " + rc[0] + "x" + rc[1] + " on " + backend().name());
          }
        }
      }
    }
  }

  @Test
  void ropeRotatesExactlyLikeTheCpu() {
    for (DType t : new DType[] {DType.F32, DType.F64}) {
      for (int bc : new int[] {1, 2}) {
        for (boolean inverse : new boolean[] {false, true}) {
          Tensor x = normal(87, t, 2, 3, 5, 8), cos = normal(88, t, bc, 5, 4), sin = normal(89, t, bc, 5, 4);
          Tensor expected = Tensor.zeros(CPU, t, x.shape());
          CPU.rope(x, cos, sin, inverse, expected);
          try (TensorScope scope = TensorScope.open()) {
            Tensor out = Tensor.zeros(backend(), t, x.shape());
            backend().rope(scrambled(x).contiguous(), plain(cos), plain(sin), inverse, out);
            Tolerance.EXACT.check(expected, back(out), "rope " + t + " Bc=" + bc + (inverse ? " inverse" : "") + " on " + backend().name());
          }
        }
      }
    }
  }

  @Test
  void adamwStepsGiveTheCpuBits() {
    Tensor p = normal(90, DType.F32, 1000), m = Tensor.zeros(1000), v = Tensor.zeros(1000);
    try (TensorScope scope = TensorScope.open()) {
      Tensor dp = plain(p), dm = plain(m), dv = plain(v);
      for (int step = 1; step <= 3; step++) {
        Tensor g = normal(91 + step, DType.F32, 1000);
        CPU.adamw(p, g, m, v, 1e-3, 0.9, 0.95, 1e-8, 0.1, step);
        backend().adamw(dp, plain(g), dm, dv, 1e-3, 0.9, 0.95, 1e-8, 0.1, step);
      }
      Tolerance.EXACT.check(p, back(dp), "adamw param on " + backend().name());
      Tolerance.EXACT.check(m, back(dm), "adamw m");
      Tolerance.EXACT.check(v, back(dv), "adamw v");
    }
  }
}
