package org.reason4j.nn.optim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reason4j.autograd.Var;
import org.reason4j.tensor.Tensor;

/** Global-norm clipping against the 3-4-12-13 example. */
class GradClipTest {
  @Test
  void scalesByMaxOverTotalWhenAboveTheLimit() {
    Var a = Var.param(Tensor.zeros(2)), b = Var.param(Tensor.zeros(1)), none = Var.param(Tensor.zeros(3));
    a.setGrad(Tensor.of(new float[] {3, 4}, 2));
    b.setGrad(Tensor.of(new float[] {12}, 1));
    double total = GradClip.clipGradNorm(List.of(a, b, none, a), 6.5); // a listed twice counts once
    assertEquals(13.0, total, 1e-12); // sqrt(9 + 16 + 144)
    double coef = 6.5 / (13 + 1e-6);
    assertArrayEquals(new float[] {(float) (3 * coef), (float) (4 * coef)}, a.grad().toFloatArray(), 1e-6f);
    assertArrayEquals(new float[] {(float) (12 * coef)}, b.grad().toFloatArray(), 1e-6f);
    assertNull(none.grad());
  }

  @Test
  void leavesGradientsAloneBelowTheLimit() {
    Var a = Var.param(Tensor.zeros(2));
    Tensor g = Tensor.of(new float[] {3, 4}, 2);
    a.setGrad(g);
    assertEquals(5.0, GradClip.clipGradNorm(List.of(a), 5.1), 1e-12);
    assertSame(g, a.grad());
  }

  @Test
  void aGradientSharedByTwoLeavesIsScaledOnce() {
    Var x = Var.param(Tensor.zeros(2)), y = Var.param(Tensor.zeros(2));
    x.add(y).mul(Var.constant(Tensor.of(new float[] {3, 4}, 2))).sum().backward(); // both get [3, 4]
    double total = GradClip.clipGradNorm(List.of(x, y), 1);
    assertEquals(Math.sqrt(50), total, 1e-6);
    double coef = 1 / (Math.sqrt(50) + 1e-6);
    assertArrayEquals(new float[] {(float) (3 * coef), (float) (4 * coef)}, x.grad().toFloatArray(), 1e-6f);
    assertArrayEquals(new float[] {(float) (3 * coef), (float) (4 * coef)}, y.grad().toFloatArray(), 1e-6f);
  }
}
