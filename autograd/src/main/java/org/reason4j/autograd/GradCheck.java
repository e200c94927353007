package org.reason4j.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.reason4j.tensor.Backends;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Shape;
import org.reason4j.tensor.Tensor;

/**
 * Checks a differentiable expression the way PyTorch's gradcheck does, so anyone who writes an op can
 * check it with one call:
 *
 * <ul>
 *   <li>{@link #check}: the analytic gradient of every input (one {@code backward} with a random seed
 *       gradient, i.e. a vector-Jacobian product, which tests the whole Jacobian at the cost of one
 *       pass) against central finite differences in F64;
 *   <li>{@link #checkF32}: the F32 forward and gradients against the F64 ones (backends compute F32 by
 *       separate code, so it needs its own check);
 *   <li>{@link #checkTwins}: a fused op against its composite twin, values and gradients.
 * </ul>
 *
 * <p>Each returns a {@link Report} naming the op, the tensor, its worst element and both values. It
 * is deliberately not a point picker: the caller draws inputs away from kinks (|x| > 0.1 for abs and
 * relu, no ties for max, positive for log and sqrt); {@link #uniform}, {@link #awayFromZero} and
 * {@link #distinct} help. Cost is two forwards per input element, so inputs should be small.
 */
public final class GradCheck {
  private GradCheck() {}

  /** The expression under test, built from the checked inputs; constants (indices, masks) are captured. */
  @FunctionalInterface
  public interface Expr {
    Var apply(Var... inputs);
  }

  /** An element passes when |got - want| <= atol + rtol * |want|. */
  public record Tolerance(double atol, double rtol) {
    public double allowed(double want) {
      return atol + rtol * Math.abs(want);
    }
  }

  /** Step of the central differences: small enough for truncation, large enough for F64 rounding. */
  public static final double EPS = 1e-6;
  public static final Tolerance FINITE_DIFFERENCES = new Tolerance(1e-7, 1e-5);
  /** F32 against F64 (and fused against composite in F32): float rounding over small reductions. */
  public static final Tolerance F32 = new Tolerance(1e-5, 1e-5);
  /** Fused against composite in F64: only the order of operations differs. */
  public static final Tolerance F64 = new Tolerance(1e-10, 1e-9);
  private static final long SEED = 1234;

  /** What was compared with what; names the two values in reports. */
  public enum Kind {
    FINITE_DIFFERENCES("analytic", "numeric"),
    F32_VS_F64("F32", "F64"),
    FUSED_VS_COMPOSITE("fused", "composite");

    private final String got;
    private final String want;

    Kind(String got, String want) {
      this.got = got;
      this.want = want;
    }
  }

  /** One compared tensor (the output or an input's gradient) reduced to its worst element. */
  public record Finding(String tensor, int[] shape, int[] worstIndex, double got, double want, double allowed) {
    public boolean passed() {
      return Math.abs(got - want) <= allowed; // false for NaN
    }

    /** |got - want| / allowed: below 1 passes. */
    public double ratio() {
      double r = Math.abs(got - want) / allowed;
      return Double.isNaN(r) ? Double.POSITIVE_INFINITY : r;
    }
  }

  /** The result of one check; {@code opsSeen} are the op classes found in the expression's graph. */
  public record Report(String op, Kind kind, List<Finding> findings, Set<Class<? extends Function>> opsSeen) {
    public boolean passed() {
      return findings.stream().allMatch(Finding::passed);
    }

    /** The largest |got - want| / allowed over every tensor (0 when nothing was compared). */
    public double worstRatio() {
      return findings.stream().mapToDouble(Finding::ratio).max().orElse(0);
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(kind + " " + op + (passed() ? ": passed" : ": FAILED"));
      for (Finding f : findings) {
        if (passed() || !f.passed()) {
          sb.append(String.format("%n  %s %s, worst at %s: %s %.12g, %s %.12g (|diff| %.3g, allowed %.3g)",
              f.tensor(), Shape.str(f.shape()), Arrays.toString(f.worstIndex()), kind.got, f.got(),
              kind.want, f.want(), Math.abs(f.got() - f.want()), f.allowed()));
        }
      }
      return sb.toString();
    }
  }

  // ------------------------------------------------------------------ the three checks

  /** Analytic against numeric gradients of every input, in F64 with the default step and tolerance. */
  public static Report check(String op, Expr expr, Tensor... inputs) {
    return check(op, expr, EPS, FINITE_DIFFERENCES, inputs);
  }

  public static Report check(String op, Expr expr, double eps, Tolerance tol, Tensor... inputs) {
    Tensor[] x = asF64(inputs, false);
    Eval analytic = evaluate(op, expr, x, DType.F64, null);
    double[][] host = new double[x.length][];
    for (int i = 0; i < x.length; i++) host[i] = x[i].toDoubleArray();
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      double[] numeric = new double[host[i].length];
      for (int j = 0; j < numeric.length; j++) {
        double keep = host[i][j], up = keep + eps, down = keep - eps;
        host[i][j] = up;
        double plus = dot(valueAt(expr, host, x), analytic.seed);
        host[i][j] = down;
        double minus = dot(valueAt(expr, host, x), analytic.seed);
        host[i][j] = keep;
        numeric[j] = (plus - minus) / (up - down); // the step actually taken, after rounding
      }
      findings.add(compare("input " + i + " gradient", x[i].shape(), analytic.grads[i], numeric, tol));
    }
    return new Report(op, Kind.FINITE_DIFFERENCES, findings, analytic.ops);
  }

  /**
   * The F32 forward and gradients against F64 ones on the same values (inputs and seed are rounded to
   * float first, so only the arithmetic differs).
   */
  public static Report checkF32(String op, Expr expr, Tolerance tol, Tensor... inputs) {
    Tensor[] x = asF64(inputs, true);
    Eval ref = evaluate(op, expr, x, DType.F64, null);
    Eval f32 = evaluate(op, expr, x, DType.F32, ref.seed);
    return new Report(op, Kind.F32_VS_F64, compareAll(f32, ref, x, tol), ref.ops);
  }

  /** A fused expression against its composite twin in one dtype: the outputs and every input gradient. */
  public static Report checkTwins(String op, Expr fused, Expr composite, DType dtype, Tolerance tol, Tensor... inputs) {
    Tensor[] x = asF64(inputs, dtype == DType.F32);
    Eval want = evaluate(op + " (composite)", composite, x, dtype, null);
    Eval got = evaluate(op + " (fused)", fused, x, dtype, want.seed);
    if (!Shape.equal(got.outShape, want.outShape)) {
      throw new IllegalStateException(op + ": fused output " + Shape.str(got.outShape) + " and composite output " + Shape.str(want.outShape) + " differ");
    }
    return new Report(op, Kind.FUSED_VS_COMPOSITE, compareAll(got, want, x, tol), got.ops);
  }

  // ------------------------------------------------------------------ inputs away from kinks

  /** F64 values uniform in [lo, hi). */
  public static Tensor uniform(Rng rng, double lo, double hi, int... shape) {
    return rng.uniform(Backends.cpu(), DType.F64, shape).mul(hi - lo).add(lo);
  }

  /** F64 values with |x| uniform in [min, max) and a random sign: away from the kink of abs and relu. */
  public static Tensor awayFromZero(Rng rng, double min, double max, int... shape) {
    Tensor sign = rng.bernoulli(Backends.cpu(), 0.5, shape).to(DType.F64).mul(2).sub(1);
    return uniform(rng, min, max, shape).mul(sign);
  }

  /**
   * F64 values in random order, any two at least 3/4 of {@code spacing} apart and centred on 0: no ties
   * for max, maximum and minimum, even between two tensors cut from one draw.
   */
  public static Tensor distinct(Rng rng, double spacing, int... shape) {
    int n = Shape.numel(shape);
    int[] order = rng.permutation(n);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = (order[i] - (n - 1) / 2.0 + rng.nextDouble() / 4) * spacing;
    return Tensor.of(v, shape);
  }

  // ------------------------------------------------------------------ evaluation

  /** The output, the seed gradient used, every input's gradient (zeros where none flowed) and the ops seen. */
  private record Eval(int[] outShape, double[] out, double[] seed, double[][] grads, Set<Class<? extends Function>> ops) {}

  /** Runs expr with grad on inputs converted to dtype; backward with the given seed, or a fresh one. */
  private static Eval evaluate(String op, Expr expr, Tensor[] inputs, DType dtype, double[] seed) {
    Var[] params = new Var[inputs.length];
    for (int i = 0; i < inputs.length; i++) params[i] = Var.param(inputs[i].to(dtype));
    Var out;
    try (GradMode g = GradMode.enabled()) {
      out = expr.apply(params);
    }
    if (out.value().dtype() != dtype) {
      throw new IllegalStateException(op + ": output is " + out.value().dtype() + " for " + dtype + " inputs");
    }
    if (!out.requiresGrad()) throw new IllegalStateException(op + ": the output does not depend on any input");
    int[] shape = out.shape();
    if (seed == null) {
      // float-representable, so an F32 run receives exactly the same seed
      seed = new Rng(SEED).normal(Backends.cpu(), DType.F32, shape).toDoubleArray();
    }
    Set<Class<? extends Function>> ops = opsIn(out);
    double[] values = out.value().toDoubleArray();
    out.backward(Tensor.of(seed, shape).to(dtype));
    double[][] grads = new double[inputs.length][];
    for (int i = 0; i < inputs.length; i++) {
      Tensor g = params[i].grad();
      grads[i] = g == null ? new double[inputs[i].numel()] : g.toDoubleArray();
    }
    return new Eval(shape, values, seed, grads, ops);
  }

  /** The output values at host inputs, without recording a graph. */
  private static double[] valueAt(Expr expr, double[][] host, Tensor[] like) {
    Var[] vs = new Var[host.length];
    for (int i = 0; i < host.length; i++) vs[i] = Var.constant(Tensor.of(host[i], like[i].shape()));
    try (GradMode g = GradMode.disabled()) {
      return expr.apply(vs).value().toDoubleArray();
    }
  }

  /** Every op class in the graph behind v (iterative walk). */
  private static Set<Class<? extends Function>> opsIn(Var v) {
    Set<Class<? extends Function>> ops = new LinkedHashSet<>();
    Set<Var> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Var> todo = new ArrayDeque<>();
    todo.push(v);
    while (!todo.isEmpty()) {
      Var cur = todo.pop();
      if (!seen.add(cur) || cur.node() == null) continue;
      ops.add(cur.node().fn().getClass());
      for (Var in : cur.node().inputs()) todo.push(in);
    }
    return Collections.unmodifiableSet(ops);
  }

  private static Tensor[] asF64(Tensor[] inputs, boolean roundToFloat) {
    Tensor[] x = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      Tensor t = roundToFloat ? inputs[i].to(DType.F32) : inputs[i];
      x[i] = t.to(DType.F64).contiguous();
    }
    return x;
  }

  // ------------------------------------------------------------------ comparison

  private static List<Finding> compareAll(Eval got, Eval want, Tensor[] x, Tolerance tol) {
    List<Finding> findings = new ArrayList<>();
    findings.add(compare("output", want.outShape, got.out, want.out, tol));
    for (int i = 0; i < x.length; i++) findings.add(compare("input " + i + " gradient", x[i].shape(), got.grads[i], want.grads[i], tol));
    return findings;
  }

  private static Finding compare(String tensor, int[] shape, double[] got, double[] want, Tolerance tol) {
    if (got.length != want.length) {
      throw new IllegalStateException(tensor + ": " + got.length + " values against " + want.length);
    }
    int worst = -1;
    double worstRatio = -1;
    for (int i = 0; i < got.length; i++) {
      double r = Math.abs(got[i] - want[i]) / tol.allowed(want[i]);
      if (Double.isNaN(r)) r = Double.POSITIVE_INFINITY;
      if (r > worstRatio) {
        worstRatio = r;
        worst = i;
      }
    }
    if (worst < 0) return new Finding(tensor, shape, new int[0], 0, 0, tol.atol());
    return new Finding(tensor, shape, unravel(worst, shape), got[worst], want[worst], tol.allowed(want[worst]));
  }

  private static int[] unravel(int flat, int[] shape) {
    int[] idx = new int[shape.length];
    for (int i = shape.length - 1; i >= 0; i--) {
      idx[i] = flat % shape[i];
      flat /= shape[i];
    }
    return idx;
  }

  /** Neumaier-compensated dot product, so the finite differences are not lost in summation error. */
  private static double dot(double[] a, double[] b) {
    double sum = 0, c = 0;
    for (int i = 0; i < a.length; i++) {
      double p = a[i] * b[i], t = sum + p;
      c += Math.abs(sum) >= Math.abs(p) ? (sum - t) + p : (p - t) + sum;
      sum = t;
    }
    return sum + c;
  }
}
