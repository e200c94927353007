package org.reason4j.nn.optim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reason4j.autograd.Var;
import org.reason4j.tensor.Tensor;

/** SGD against torch.optim.SGD's recurrence unrolled by hand, in F64. */
class SGDTest {
  private static final double[][] GRADS = {{0.5, -1}, {0.25, 2}, {-1, 0.5}};

  private static double[] run(SGD.Config config) {
    Var p = Var.param(Tensor.of(new double[] {1, -2}, 2));
    SGD opt = new SGD(Map.of("p", p), config);
    for (double[] g : GRADS) {
      p.setGrad(Tensor.of(g, 2));
      opt.step();
    }
    return p.value().toDoubleArray();
  }

  @Test
  void plainSgdIsPMinusLrTimesG() {
    // p = p - 0.1 * (g1 + g2 + g3) = [1 - 0.1 * -0.25, -2 - 0.1 * 1.5]
    assertArrayEquals(new double[] {1.025, -2.15}, run(SGD.Config.of(0.1)), 1e-12);
  }

  @Test
  void momentumWithWeightDecayFollowsTheRecurrence() {
    double lr = 0.1, mu = 0.9, wd = 0.01;
    for (boolean nesterov : new boolean[] {false, true}) {
      double[] p = {1, -2}, buf = new double[2];
      for (int t = 0; t < 3; t++) {
        for (int i = 0; i < 2; i++) {
          double d = GRADS[t][i] + wd * p[i];
          buf[i] = t == 0 ? d : mu * buf[i] + d;
          p[i] -= lr * (nesterov ? d + mu * buf[i] : buf[i]);
        }
      }
      SGD.Config c = SGD.Config.of(lr).withMomentum(mu).withWeightDecay(wd).withNesterov(nesterov);
      assertArrayEquals(p, run(c), 1e-12, "nesterov " + nesterov);
    }
  }

  @Test
  void nesterovWithoutMomentumIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> SGD.Config.of(0.1).withNesterov(true));
  }
}
