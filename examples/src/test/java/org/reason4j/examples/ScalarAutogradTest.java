package org.reason4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.reason4j.autograd.Var;
import org.reason4j.examples.ScalarAutograd.Value;
import org.reason4j.tensor.Tensor;

/** The scalar example computes the same values and gradients as the real engine, and it learns. */
class ScalarAutogradTest {
  private static Var param(double v) {
    return Var.param(Tensor.of(new double[] {v}));
  }

  @Test
  void gradientsMatchVarOnTheSameExpression() {
    double[] in = {0.7, -1.3, 0.4};
    // every op, a value used twice (a), a relu on each side of its kink, and composites (sub, div)
    Value a = new Value(in[0]), b = new Value(in[1]), c = new Value(in[2]);
    Value h = a.mul(b).add(c.pow(3)).tanh();
    Value y = h.exp().mul(a).add(a.sub(b).relu()).add(b.relu()).add(h.div(c.add(2)).pow(2));
    y.backward();

    Var va = param(in[0]), vb = param(in[1]), vc = param(in[2]);
    Var vh = va.mul(vb).add(vc.pow(3)).tanh();
    Var vy = vh.exp().mul(va).add(va.sub(vb).relu()).add(vb.relu()).add(vh.div(vc.add(2)).pow(2));
    vy.backward();

    assertEquals(vy.value().item(), y.data, 1e-12, "value");
    assertEquals(va.grad().item(), a.grad, 1e-12, "d/da");
    assertEquals(vb.grad().item(), b.grad, 1e-12, "d/db");
    assertEquals(vc.grad().item(), c.grad, 1e-12, "d/dc");
    for (double g : new double[] {a.grad, b.grad, c.grad}) assertTrue(Math.abs(g) > 0.01, "a gradient too small to compare: " + g);
  }

  @Test
  void aVeryDeepGraphDoesNotOverflowTheStack() {
    Value x = new Value(2);
    Value y = x;
    for (int i = 0; i < 200_000; i++) y = y.add(x.mul(0.5));
    y.backward();
    assertEquals(1 + 200_000 * 0.5, x.grad, 1e-9);
  }

  @Test
  void trainingLowersTheLoss() {
    double[] losses = ScalarAutograd.train(40, false);
    assertTrue(losses[39] < 0.5 * losses[0], "loss went from " + losses[0] + " to " + losses[39]);
  }
}
