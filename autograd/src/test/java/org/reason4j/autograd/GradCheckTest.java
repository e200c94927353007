package org.reason4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.reason4j.autograd.ops.Sin;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;

/** The checker catches what it is for: a wrong backward, an F32 path that differs, a fused op off its twin. */
class GradCheckTest {
  /** sin with a backward that is wrong at one element only: g * cos(x), except element 4 gets g * cos(x) * 1.001. */
  record AlmostSin() implements Function {
    @Override
    public Tensor forward(Ctx ctx, Tensor... in) {
      ctx.save(in[0]);
      return in[0].sin();
    }

    @Override
    public Tensor[] backward(Ctx ctx, Tensor g) {
      double[] d = g.mul(ctx.saved(0).cos()).toDoubleArray();
      d[4] *= 1.001;
      return new Tensor[] {Tensor.of(d, g.shape()).to(g.dtype())};
    }
  }

  private final Rng rng = new Rng(3);

  @Test
  void aWrongBackwardFailsAndTheReportNamesOpInputElementAndValues() {
    Tensor a = GradCheck.uniform(rng, -1, 1, 2, 3), x = GradCheck.uniform(rng, -1, 1, 2, 3);
    GradCheck.Report r = GradCheck.check("almostSin", v -> v[0].add(Var.apply(new AlmostSin(), v[1])), a, x);
    assertFalse(r.passed(), r::toString);
    assertTrue(r.findings().get(0).passed(), "input 0 has a correct gradient");
    GradCheck.Finding bad = r.findings().get(1);
    assertArrayEquals(new int[] {1, 1}, bad.worstIndex(), "flat element 4 of (2, 3)");
    assertEquals(bad.want() * 1.001, bad.got(), 1e-6 * Math.abs(bad.want()));
    String text = r.toString();
    for (String part : new String[] {"almostSin", "input 1", "[1, 1]", "analytic", "numeric", "FAILED"}) {
      assertTrue(text.contains(part), "report lacks '" + part + "': " + text);
    }
    assertTrue(r.opsSeen().contains(AlmostSin.class) && r.opsSeen().contains(org.reason4j.autograd.ops.Add.class), r.opsSeen()::toString);
  }

  @Test
  void theCorrectOpPassesWellInsideTheTolerance() {
    GradCheck.Report r = GradCheck.check("sin", v -> Var.apply(new Sin(), v[0]), GradCheck.uniform(rng, -1, 1, 2, 3));
    assertTrue(r.passed(), r::toString);
    assertTrue(r.worstRatio() < 0.1, r::toString);
  }

  @Test
  void anF32PathThatDiffersFromF64Fails() {
    GradCheck.Expr skewed = v -> v[0].value().dtype() == DType.F32 ? v[0].mul(1 + 1e-4) : v[0].mul(1.0);
    GradCheck.Report r = GradCheck.checkF32("skewed", skewed, GradCheck.F32, GradCheck.uniform(rng, 1, 2, 4));
    assertFalse(r.passed(), r::toString);
    assertEquals("output", r.findings().get(0).tensor());
    assertTrue(r.toString().contains("F32") && r.toString().contains("F64"), r::toString);
  }

  @Test
  void aFusedOpOffItsCompositeFailsInValueAndGradient() {
    GradCheck.Report r = GradCheck.checkTwins("softplus", v -> v[0].exp().add(1.001).log(), v -> v[0].exp().add(1).log(),
        DType.F64, GradCheck.F64, GradCheck.uniform(rng, -1, 1, 3));
    assertFalse(r.findings().get(0).passed(), "values differ");
    assertFalse(r.findings().get(1).passed(), "gradients differ");
  }

  @Test
  void pickersStayAwayFromKinksAndTies() {
    double[] away = GradCheck.awayFromZero(rng, 0.1, 1, 200).toDoubleArray();
    boolean neg = false, pos = false;
    for (double v : away) {
      assertTrue(Math.abs(v) >= 0.1 && Math.abs(v) < 1, "value " + v);
      neg |= v < 0;
      pos |= v > 0;
    }
    assertTrue(neg && pos, "both signs drawn");
    double[] d = GradCheck.distinct(rng, 0.1, 50).toDoubleArray();
    java.util.Arrays.sort(d);
    for (int i = 1; i < d.length; i++) assertTrue(d[i] - d[i - 1] >= 0.075 - 1e-12, "gap " + (d[i] - d[i - 1]));
  }
}
