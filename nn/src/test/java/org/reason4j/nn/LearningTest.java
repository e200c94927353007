package org.reason4j.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.reason4j.autograd.GradMode;
import org.reason4j.autograd.Var;
import org.reason4j.nn.optim.AdamW;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;

/** A small MLP learns the two-spiral problem with AdamW: layers, loss and optimizer working together. */
class LearningTest {
  private static final int PER_ARM = 60;

  /** Two interleaved spirals, one class each: not linearly separable, so the hidden layers must work. */
  private static Tensor[] spirals() {
    float[] x = new float[4 * PER_ARM];
    long[] y = new long[2 * PER_ARM];
    for (int arm = 0; arm < 2; arm++) {
      for (int i = 0; i < PER_ARM; i++) {
        double r = (i + 1.0) / PER_ARM, angle = 3 * Math.PI * r + arm * Math.PI;
        int n = arm * PER_ARM + i;
        x[2 * n] = (float) (r * Math.cos(angle));
        x[2 * n + 1] = (float) (r * Math.sin(angle));
        y[n] = arm;
      }
    }
    return new Tensor[] {Tensor.of(x, 2 * PER_ARM, 2), Tensor.of(y, 2 * PER_ARM)};
  }

  @Test
  void mlpLearnsTwoSpirals() {
    Tensor[] data = spirals();
    Var x = Var.constant(data[0]);
    Rng rng = new Rng(42);
    Sequential net = new Sequential(new Linear(2, 32, true, rng), Activation.GELU, new Linear(32, 32, true, rng),
        Activation.GELU, new Linear(32, 2, true, rng));
    AdamW opt = new AdamW(net.namedParameters(), AdamW.Config.defaults().withLr(0.02).withWeightDecay(0));
    double first = Double.NaN, loss = Double.NaN;
    for (int step = 0; step < 200; step++) {
      Var l = Losses.crossEntropy(net.forward(x), data[1]);
      loss = l.value().item();
      if (step == 0) first = loss;
      l.backward();
      opt.step();
      opt.zeroGrad();
    }
    assertTrue(first > 0.6, "starts near log 2, got " + first);
    assertTrue(loss < 0.05, "cross-entropy after 200 steps: " + loss);
    long[] predicted;
    try (GradMode g = GradMode.disabled()) {
      predicted = net.forward(x).value().argmax(-1, false).toLongArray();
    }
    long[] labels = data[1].toLongArray();
    int correct = 0;
    for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) correct++;
    assertTrue(correct >= 0.97 * labels.length, correct + " of " + labels.length + " correct");
  }
}
