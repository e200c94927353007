package org.reason4j.autograd;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.reason4j.tensor.Tensor;

/** The engine itself: accumulation, depth, broadcasting, no-grad scope, freed graphs. */
class BackwardTest {
  @Test
  void reusedNodesAccumulateTheirGradients() {
    Var x = Var.param(Tensor.of(new double[] {3}, 1));
    Var y = x.mul(x).add(x.mul(2)); // y = x^2 + 2x, dy/dx = 2x + 2 = 8
    y.sum().backward();
    assertEquals(8, x.grad().item(), 1e-12);
    y = x.mul(x);
    y.sum().backward(); // leaves accumulate across backward calls, as in PyTorch
    assertEquals(14, x.grad().item(), 1e-12);
  }

  @Test
  void leafGradientsShareNoStorageWithEachOtherOrTheSeed() {
    Var a = Var.param(Tensor.of(new double[] {1, 2}, 2));
    Var b = Var.param(Tensor.of(new double[] {3, 4}, 2));
    Tensor seed = Tensor.of(new double[] {1, 1}, 2);
    a.add(b).backward(seed); // Add hands the same gradient tensor to both inputs
    a.grad().mulInPlace(0.5); // as gradient clipping does
    assertArrayEquals(new double[] {1, 1}, b.grad().toDoubleArray());
    assertArrayEquals(new double[] {1, 1}, seed.toDoubleArray());
  }

  @Test
  void deepGraphsDoNotOverflowTheStack() {
    Var x = Var.param(Tensor.of(new double[] {1}, 1));
    Var y = x;
    for (int i = 0; i < 20_000; i++) y = y.add(x.mul(0.5));
    y.sum().backward();
    assertEquals(1 + 20_000 * 0.5, x.grad().item(), 1e-9);
  }

  @Test
  void broadcastGradientsHaveTheInputShape() {
    Var a = Var.param(Tensor.ones(2, 3).to(org.reason4j.tensor.DType.F64));
    Var b = Var.param(Tensor.of(new double[] {1, 2, 3}, 3));
    a.mul(b).sum().backward();
    assertArrayEquals(new int[] {3}, b.grad().shape());
    assertArrayEquals(new double[] {2, 2, 2}, b.grad().toDoubleArray());
    assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3}, a.grad().toDoubleArray());
  }

  @Test
  void noGradScopeRecordsNothing() {
    Var x = Var.param(Tensor.of(new double[] {2}, 1));
    Var y;
    try (GradMode g = GradMode.disabled()) {
      y = x.mul(x);
    }
    assertFalse(y.requiresGrad());
    assertTrue(x.mul(x).requiresGrad());
  }

  @Test
  void secondBackwardThroughAFreedGraphIsAClearError() {
    Var x = Var.param(Tensor.of(new double[] {2}, 1));
    Var y = x.exp().sum();
    y.backward();
    var e = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(e.getMessage().contains("second time"), e.getMessage());
  }
}
