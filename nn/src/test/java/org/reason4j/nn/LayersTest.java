package org.reason4j.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.reason4j.autograd.GradMode;
import org.reason4j.autograd.Var;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;

/** Each layer against a hand computation or an independent formula in double. */
class LayersTest {
  @Test
  void linearIsXTimesWTransposePlusBias() {
    float[] w = {1, 2, 3, -1, 0, 0.5f}; // (out 2, in 3)
    float[] b = {0.5f, -2};
    float[] x = {1, 0, 2, -1, 3, 1}; // (2, 3)
    Linear lin = new Linear(Var.param(Tensor.of(w, 2, 3)), Var.param(Tensor.of(b, 2)));
    float[] y = lin.forward(Var.constant(Tensor.of(x, 2, 3))).value().toFloatArray();
    // row 0: [1*1+0*2+2*3+0.5, -1*1+0+2*0.5-2] = [7.5, -2]; row 1: [-1+6+3+0.5, 1+0+0.5-2] = [8.5, -0.5]
    assertArrayEquals(new float[] {7.5f, -2f, 8.5f, -0.5f}, y, 1e-6f);
  }

  @Test
  void linearKeepsLeadingAxesAndMatchesPerRowProducts() {
    Rng rng = new Rng(7);
    Linear lin = new Linear(4, 3, true, rng);
    Tensor x = rng.normal(2, 5, 4); // (B, T, C)
    Var y = lin.forward(Var.constant(x));
    assertArrayEquals(new int[] {2, 5, 3}, y.shape());
    for (int bt = 0; bt < 10; bt++) {
      for (int o = 0; o < 3; o++) {
        double expect = lin.bias().value().get(o);
        for (int i = 0; i < 4; i++) expect += x.get(bt / 5, bt % 5, i) * lin.weight().value().get(o, i);
        assertEquals(expect, y.value().get(bt / 5, bt % 5, o), 1e-5);
      }
    }
  }

  @Test
  void aKeptTransposedCopyGivesTheSameBitsAndNeverOutlivesItsWeight() {
    Rng rng = new Rng(11);
    Linear lin = new Linear(96, 40, true, rng);
    Var x = Var.constant(rng.normal(3, 96));
    float[] plain = lin.forward(x).value().toFloatArray();
    lin.keepTransposedCopy(true);
    try (GradMode g = GradMode.disabled()) {
      assertArrayEquals(plain, lin.forward(x).value().toFloatArray(), 0f, "the copy is the same weight");
      lin.weight().assign(rng.normal(40, 96));
      float[] replaced = lin.forward(x).value().toFloatArray();
      assertArrayEquals(new Linear(lin.weight(), lin.bias()).forward(x).value().toFloatArray(), replaced, 0f, "a new weight is used");
    }
    lin.forward(x).sum().backward(); // with gradients the layer multiplies by its parameter, copy or not
    assertNotNull(lin.weight().grad());
    lin.keepTransposedCopy(false);
  }

  @Test
  void linearInitIsPytorchsUniformBoundAndSeeded() {
    int in = 64;
    Linear a = new Linear(in, 128, true, new Rng(3));
    Linear b = new Linear(in, 128, true, new Rng(3));
    float[] w = a.weight().value().toFloatArray();
    assertArrayEquals(w, b.weight().value().toFloatArray(), "same seed, same weights");
    double bound = 1 / Math.sqrt(in), sumSq = 0, max = 0;
    for (float v : w) {
      sumSq += v * v;
      max = Math.max(max, Math.abs(v));
    }
    assertTrue(max <= bound, "weights within [-1/sqrt(in), 1/sqrt(in)]");
    assertTrue(max > 0.95 * bound, "and they fill that range");
    double std = Math.sqrt(sumSq / w.length);
    assertEquals(bound / Math.sqrt(3), std, 0.05 * bound, "uniform on [-b, b] has std b / sqrt 3");
    for (float v : a.bias().value().toFloatArray()) assertTrue(Math.abs(v) <= bound);
  }

  @Test
  void embeddingPicksRowsAndAccumulatesRepeatedIds() {
    Embedding emb = new Embedding(Var.param(Tensor.of(new float[] {0, 1, 10, 11, 20, 21}, 3, 2)));
    Var out = emb.forward(Tensor.of(new long[] {2, 0, 2, 1}, 2, 2)); // (B 2, T 2) -> (2, 2, C 2)
    assertArrayEquals(new int[] {2, 2, 2}, out.shape());
    assertArrayEquals(new float[] {20, 21, 0, 1, 20, 21, 10, 11}, out.value().toFloatArray());
    out.sum().backward();
    assertArrayEquals(new float[] {1, 1, 1, 1, 2, 2}, emb.weight().grad().toFloatArray(), "id 2 was used twice");
  }

  @Test
  void rmsNormOnAHandExample() {
    RMSNorm norm = new RMSNorm(4, 1e-6);
    norm.weight().value().copyFrom(Tensor.of(new float[] {1, 0.5f, 2, 1}, 4));
    float[] y = norm.forward(Var.constant(Tensor.of(new float[] {1, 2, 3, 4}, 1, 4))).value().toFloatArray();
    double r = 1 / Math.sqrt((1 + 4 + 9 + 16) / 4.0 + 1e-6); // mean of squares 7.5
    assertArrayEquals(new float[] {(float) r, (float) r, (float) (6 * r), (float) (4 * r)}, y, 1e-6f);
    assertEquals(0.36514837, r, 1e-7);
  }

  @Test
  void layerNormOnAHandExample() {
    LayerNorm norm = new LayerNorm(4, 1e-5);
    norm.weight().value().copyFrom(Tensor.of(new float[] {1, 2, 1, 1}, 4));
    norm.bias().value().copyFrom(Tensor.of(new float[] {0, 0, 1, 0}, 4));
    float[] y = norm.forward(Var.constant(Tensor.of(new float[] {1, 2, 3, 4, 5, 5, 5, 5}, 2, 4))).value().toFloatArray();
    double r = 1 / Math.sqrt(1.25 + 1e-5); // mean 2.5, biased variance (2.25 + 0.25 + 0.25 + 2.25) / 4
    float[] expect = {(float) (-1.5 * r), (float) (-0.5 * r * 2), (float) (0.5 * r + 1), (float) (1.5 * r), 0, 0, 1, 0};
    assertArrayEquals(expect, y, 1e-5f);
  }

  @Test
  void dropoutScalesKeptValuesInTrainingAndIsTheIdentityInEval() {
    Dropout drop = new Dropout(0.25, new Rng(11));
    Var x = Var.constant(Tensor.ones(100, 100));
    float[] y = drop.forward(x).value().toFloatArray();
    int zeros = 0;
    for (float v : y) {
      if (v == 0) zeros++;
      else assertEquals(1 / 0.75f, v, 1e-6f);
    }
    assertEquals(0.25, zeros / 10000.0, 0.02);
    float[] again = new Dropout(0.25, new Rng(11)).forward(x).value().toFloatArray();
    assertArrayEquals(y, again, "the same seed gives the same mask");
    drop.eval();
    assertSame(x, drop.forward(x));
  }

  @Test
  void activationsMatchReferenceValues() {
    Var x = Var.constant(Tensor.of(new double[] {-1, 0, 1, 2}, 4));
    assertArrayEquals(new double[] {0, 0, 1, 2}, Activation.RELU.forward(x).value().toDoubleArray());
    // x * Phi(x), Phi the standard normal CDF
    assertArrayEquals(new double[] {-0.15865525393145707, 0, 0.8413447460685429, 1.9544997361036416},
        Activation.GELU.forward(x).value().toDoubleArray(), 1e-9);
    // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
    assertArrayEquals(new double[] {-0.15880800939172324, 0, 0.8411919906082768, 1.954597694087775},
        Activation.GELU_TANH.forward(x).value().toDoubleArray(), 1e-9);
    assertArrayEquals(new double[] {-0.2689414213699951, 0, 0.7310585786300049, 1.7615941559557646},
        Activation.SILU.forward(x).value().toDoubleArray(), 1e-9);
  }

  @Test
  void activationNamesFromHuggingFaceConfigs() {
    assertEquals(Activation.SILU, Activation.fromHuggingFace("silu"));
    assertEquals(Activation.GELU_TANH, Activation.fromHuggingFace("gelu_new"));
    assertEquals(Activation.GELU_TANH, Activation.fromHuggingFace("gelu_pytorch_tanh"));
    assertEquals(Activation.GELU, Activation.fromHuggingFace("gelu"));
    var e = assertThrows(IllegalArgumentException.class, () -> Activation.fromHuggingFace("mish"));
    assertTrue(e.getMessage().contains("'mish'"), e.getMessage());
  }

  @Test
  void sequentialNamesModulesByPositionLikePytorch() {
    Rng rng = new Rng(1);
    Sequential net = new Sequential(new Linear(2, 3, true, rng), Activation.RELU, new Linear(3, 1, false, rng), Var::tanh);
    assertEquals(java.util.List.of("0.weight", "0.bias", "2.weight"), java.util.List.copyOf(net.namedParameters().keySet()));
    Var x = Var.constant(Tensor.of(new float[] {0.5f, -1}, 1, 2));
    Linear first = (Linear) net.get(0), last = (Linear) net.get(2);
    Var expect = last.forward(first.forward(x).relu()).tanh();
    assertArrayEquals(expect.value().toFloatArray(), net.forward(x).value().toFloatArray());
  }
}
