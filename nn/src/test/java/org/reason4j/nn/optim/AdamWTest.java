package org.reason4j.nn.optim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reason4j.autograd.Var;
import org.reason4j.nn.Linear;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;

/** AdamW against torch.optim.AdamW's update written out in double, decay rules, accumulation. */
class AdamWTest {
  @Test
  void threeStepsMatchPytorchsFormula() {
    double[] p = {0.5, -1.0, 2.0};
    double[][] grads = {{0.1, -0.2, 0.3}, {-0.5, 0.05, 0.0}, {1.0, 1.0, -1.0}};
    double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.1;
    Var param = Var.param(Tensor.of(toFloats(p), 3));
    AdamW opt = new AdamW(Map.of("w", param), AdamW.Config.defaults().withLr(lr).withWeightDecay(wd));
    double[] m = new double[3], v = new double[3];
    for (int t = 1; t <= 3; t++) {
      double[] g = grads[t - 1];
      for (int i = 0; i < 3; i++) { // torch/optim/adamw.py, _single_tensor_adamw
        p[i] *= 1 - lr * wd;
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        double stepSize = lr / (1 - Math.pow(b1, t));
        double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
        p[i] -= stepSize * m[i] / denom;
      }
      param.setGrad(Tensor.of(toFloats(g), 3));
      opt.step();
      opt.zeroGrad();
      assertArrayEquals(toFloats(p), param.value().toFloatArray(), 1e-6f, "after step " + t);
    }
    Map<String, Tensor> state = opt.stateDict();
    assertEquals(3, state.get("state.w.step").item());
    assertArrayEquals(toFloats(m), state.get("state.w.exp_avg").toFloatArray(), 1e-7f);
    // The kernel works in float (as PyTorch's F32 path does); 1 - beta is formed in double first.
    float[] vKernel = state.get("state.w.exp_avg_sq").toFloatArray();
    for (int i = 0; i < 3; i++) assertEquals(v[i], vKernel[i], 1e-6 * v[i], "exp_avg_sq[" + i + "]");
  }

  @Test
  void matricesOnlyRuleLeavesBiasesUndecayed() {
    Linear lin = new Linear(3, 2, true, new Rng(4));
    float[] w = lin.weight().value().toFloatArray(), b = lin.bias().value().toFloatArray();
    AdamW opt = new AdamW(lin.namedParameters(),
        AdamW.Config.defaults().withLr(0.1).withWeightDecay(0.5).withDecayRule(DecayRule.MATRICES_ONLY));
    assertEquals(List.of("weight"), opt.decayedParameters());
    for (Var p : lin.parameters()) p.setGrad(p.value().zerosLike()); // a zero gradient leaves only the decay
    opt.step();
    for (int i = 0; i < w.length; i++) assertEquals(w[i] * 0.95f, lin.weight().value().toFloatArray()[i], 1e-7f);
    assertArrayEquals(b, lin.bias().value().toFloatArray());
  }

  @Test
  void parametersWithoutGradientsAreSkipped() {
    Var a = Var.param(Tensor.ones(2)), b = Var.param(Tensor.ones(2));
    Map<String, Var> params = new LinkedHashMap<>();
    params.put("a", a);
    params.put("b", b);
    AdamW opt = new AdamW(params);
    a.setGrad(Tensor.ones(2));
    opt.step();
    assertArrayEquals(new float[] {1, 1}, b.value().toFloatArray());
    assertFalse(opt.stateDict().containsKey("state.b.step"));
    assertEquals(1, opt.stateDict().get("state.a.step").item());
  }

  @Test
  void accumulatingTwoHalfBatchesEqualsOneFullBatchStep() {
    Tensor x = new Rng(8).normal(8, 3), y = new Rng(9).normal(8, 2);
    Linear full = new Linear(3, 2, true, new Rng(1)), accum = new Linear(3, 2, true, new Rng(1));
    AdamW optFull = new AdamW(full.namedParameters()), optAccum = new AdamW(accum.namedParameters());
    mse(full, x, y).backward();
    for (int half = 0; half < 2; half++) {
      mse(accum, x.slice(0, 4 * half, 4 * half + 4), y.slice(0, 4 * half, 4 * half + 4)).div(2).backward();
    }
    assertArrayEquals(full.weight().grad().toFloatArray(), accum.weight().grad().toFloatArray(), 1e-6f);
    optFull.step();
    optAccum.step();
    assertArrayEquals(full.weight().value().toFloatArray(), accum.weight().value().toFloatArray(), 1e-6f);
    assertArrayEquals(full.bias().value().toFloatArray(), accum.bias().value().toFloatArray(), 1e-6f);
  }

  @Test
  void nonF32ParametersAreAClearError() {
    Var p = Var.param(Tensor.of(new double[] {1, 2}, 2));
    AdamW opt = new AdamW(Map.of("layer.weight", p));
    p.setGrad(Tensor.of(new double[] {1, 1}, 2));
    var e = assertThrows(IllegalArgumentException.class, opt::step);
    assertTrue(e.getMessage().contains("'layer.weight' is F64"), e.getMessage());
  }

  private static Var mse(Linear lin, Tensor x, Tensor y) {
    return lin.forward(Var.constant(x)).sub(Var.constant(y)).square().mean();
  }

  static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
    return f;
  }
}
