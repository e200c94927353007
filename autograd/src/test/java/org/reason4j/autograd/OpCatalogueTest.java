package org.reason4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.autograd.ops.*;
import org.reason4j.tensor.Backends;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Shape;
import org.reason4j.tensor.Tensor;

/**
 * The op catalogue: every differentiable op in {@code org.reason4j.autograd.ops} with small F64 cases
 * (several where shapes matter), each checked against finite differences and for F32/F64 agreement;
 * the composites of the Var API; and the fused ops against their composite twins.
 *
 * <p>Adding an op means its file plus one line in {@link #CATALOGUE}: {@link #everyOpClassHasACatalogueLine}
 * fails, naming the op, until that line exists.
 */
class OpCatalogueTest {
  private static final String OPS_PACKAGE = "org.reason4j.autograd.ops";
  private static final Rng RNG = new Rng(20240607);
  // constants the expressions capture: drawn once, since an expression must give the same value every call
  private static final Tensor MASK_234 = mask(2, 3, 4), MASK_31 = mask(3, 1), MASK_34 = mask(3, 4);
  private static final Tables BC1 = Tables.of(1, 3, 4), BC2 = Tables.of(2, 3, 4);

  /** One catalogue line: the op it covers (null for a composite of the Var API), a name, the expression, its inputs. */
  record Case(Class<? extends Function> op, String name, GradCheck.Expr expr, Tensor... inputs) {
    String label() {
      return (op == null ? "composite" : op.getSimpleName()) + ": " + name;
    }
  }

  private static final List<Case> CATALOGUE = List.of(
      // elementwise, one input
      op(Abs.class, "away from 0", x -> x[0].abs(), away(2, 3)),
      op(Abs.class, "transposed input", x -> x[0].transpose(0, 1).abs(), away(3, 4)),
      op(Cos.class, "(2, 3)", x -> x[0].cos(), u(-3, 3, 2, 3)),
      op(Sin.class, "(2, 3)", x -> x[0].sin(), u(-3, 3, 2, 3)),
      op(Erf.class, "(2, 3)", x -> x[0].erf(), u(-2, 2, 2, 3)),
      op(Exp.class, "(2, 3)", x -> x[0].exp(), u(-2, 2, 2, 3)),
      op(Exp.class, "strided gradient from a transpose after it", x -> x[0].exp().transpose(0, 1), u(-2, 2, 3, 4)),
      op(Log.class, "positive", x -> x[0].log(), u(0.2, 3, 2, 3)),
      op(Neg.class, "(2, 3)", x -> x[0].neg(), u(-1, 1, 2, 3)),
      op(Relu.class, "away from 0", x -> x[0].relu(), away(2, 3)),
      op(Relu.class, "input sliced with step 2", x -> x[0].slice(1, 0, 6, 2).relu(), away(2, 6)),
      op(Sigmoid.class, "(2, 3)", x -> x[0].sigmoid(), u(-4, 4, 2, 3)),
      op(Sqrt.class, "positive", x -> x[0].sqrt(), u(0.2, 3, 2, 3)),
      op(Tanh.class, "(2, 3)", x -> x[0].tanh(), u(-2, 2, 2, 3)),
      op(PowScalar.class, "cube of signed values", x -> x[0].pow(3), u(-2, 2, 2, 3)),
      op(PowScalar.class, "x^-0.5 of positive values", x -> x[0].pow(-0.5), u(0.2, 3, 2, 3)),
      op(PowScalar.class, "x^2.5 of positive values", x -> x[0].pow(2.5), u(0.2, 3, 2, 3)),
      op(Clamp.class, "below, inside and above (-0.5, 0.5)", x -> x[0].clamp(-0.5, 0.5), clampInputs(-0.5, 0.5, 3, 4)),
      // elementwise, two inputs, with broadcasting
      op(Add.class, "same shape", x -> x[0].add(x[1]), u(-1, 1, 2, 3), u(-1, 1, 2, 3)),
      op(Add.class, "(2, 3, 4) + (3, 1)", x -> x[0].add(x[1]), u(-1, 1, 2, 3, 4), u(-1, 1, 3, 1)),
      op(Add.class, "0-d + (2, 3)", x -> x[0].add(x[1]), u(-1, 1), u(-1, 1, 2, 3)),
      op(Sub.class, "(3, 1) - (2, 3, 4)", x -> x[0].sub(x[1]), u(-1, 1, 3, 1), u(-1, 1, 2, 3, 4)),
      op(Mul.class, "(2, 3, 4) * (3, 1)", x -> x[0].mul(x[1]), u(-1, 1, 2, 3, 4), u(-1, 1, 3, 1)),
      op(Mul.class, "(4) * (2, 3, 4)", x -> x[0].mul(x[1]), u(-1, 1, 4), u(-1, 1, 2, 3, 4)),
      op(Div.class, "(2, 3, 4) / (3, 1)", x -> x[0].div(x[1]), u(-1, 1, 2, 3, 4), away(0.5, 2, 3, 1)),
      op(Div.class, "(3) / (2, 3)", x -> x[0].div(x[1]), u(-1, 1, 3), away(0.5, 2, 2, 3)),
      op(Maximum.class, "no ties, (2, 3, 4) with (3, 1)", x -> x[0].maximum(x[1]), distinctPair(new int[] {2, 3, 4}, new int[] {3, 1})),
      op(Minimum.class, "no ties, (3, 1) with (2, 3, 4)", x -> x[0].minimum(x[1]), distinctPair(new int[] {3, 1}, new int[] {2, 3, 4})),
      op(Where.class, "mask (2, 3, 4), a (3, 1), b (2, 3, 4)", x -> Var.where(MASK_234, x[0], x[1]), u(-1, 1, 3, 1), u(-1, 1, 2, 3, 4)),
      op(Where.class, "mask (3, 1) broadcast, b 0-d", x -> Var.where(MASK_31, x[0], x[1]), u(-1, 1, 2, 3, 4), u(-1, 1)),
      op(Where.class, "mask larger than a (3, 1) and b 0-d", x -> Var.where(MASK_234, x[0], x[1]), u(-1, 1, 3, 1), u(-1, 1)),
      // reductions, on non-last axes, with and without keepDim
      op(Sum.class, "axis 0, keepDim", x -> x[0].sum(0, true), u(-1, 1, 2, 3, 4)),
      op(Sum.class, "axis -1", x -> x[0].sum(-1, false), u(-1, 1, 2, 3, 4)),
      op(Sum.class, "axis 1 of a transposed input", x -> x[0].transpose(0, 2).sum(1, false), u(-1, 1, 2, 3, 4)),
      op(Max.class, "no ties, axis 1", x -> x[0].max(1, false), distinct(2, 3, 4)),
      op(Max.class, "no ties, axis -1, keepDim", x -> x[0].max(-1, true), distinct(2, 3, 4)),
      op(Max.class, "no ties, axis 0 of a transposed input", x -> x[0].transpose(0, 1).max(0, false), distinct(3, 4)),
      op(LogSumExp.class, "axis 0, keepDim", x -> x[0].logsumexp(0, true), u(-2, 2, 2, 3, 4)),
      op(LogSumExp.class, "axis -1", x -> x[0].logsumexp(-1, false), u(-2, 2, 2, 3, 4)),
      op(Softmax.class, "axis -1", x -> x[0].softmax(-1), u(-2, 2, 2, 3, 4)),
      op(Softmax.class, "axis 1 (not last)", x -> x[0].softmax(1), u(-2, 2, 2, 3, 4)),
      op(LogSoftmax.class, "axis -1", x -> x[0].logSoftmax(-1), u(-2, 2, 2, 3, 4)),
      op(LogSoftmax.class, "axis 0 (not last)", x -> x[0].logSoftmax(0), u(-2, 2, 3, 4)),
      // views and joins
      op(Reshape.class, "(2, 3, 4) as (4, -1)", x -> x[0].reshape(4, -1), u(-1, 1, 2, 3, 4)),
      op(Reshape.class, "of a transposed input (copies)", x -> x[0].transpose(0, 1).reshape(-1), u(-1, 1, 3, 4)),
      op(Permute.class, "(2, 0, 1)", x -> x[0].permute(2, 0, 1), u(-1, 1, 2, 3, 4)),
      op(Permute.class, "negative axes (-1, 0, -2)", x -> x[0].permute(-1, 0, -2), u(-1, 1, 2, 3, 4)),
      op(Expand.class, "(3, 1) to (2, 3, 4)", x -> x[0].expand(2, 3, 4), u(-1, 1, 3, 1)),
      op(Slice.class, "axis 1 with step 2", x -> x[0].slice(1, 0, 5, 2), u(-1, 1, 2, 5, 3)),
      op(Slice.class, "negative axis and indices", x -> x[0].slice(-1, -4, -1), u(-1, 1, 2, 5)),
      op(Slice.class, "step 3 from an offset", x -> x[0].slice(0, 1, 7, 3), u(-1, 1, 7, 2)),
      op(Concat.class, "3 parts on axis 1", x -> Var.concat(1, x[0], x[1], x[2]), u(-1, 1, 2, 1, 3), u(-1, 1, 2, 2, 3), u(-1, 1, 2, 3, 3)),
      op(Concat.class, "2 parts on axis -1", x -> Var.concat(-1, x[0], x[1]), u(-1, 1, 2, 3), u(-1, 1, 2, 2)),
      // products and indexing
      op(MatMul.class, "(3, 4) @ (4, 5)", x -> x[0].matmul(x[1]), u(-1, 1, 3, 4), u(-1, 1, 4, 5)),
      op(MatMul.class, "batch broadcast (2, 1, 3, 4) @ (3, 4, 5)", x -> x[0].matmul(x[1]), u(-1, 1, 2, 1, 3, 4), u(-1, 1, 3, 4, 5)),
      op(MatMul.class, "transposed operands", x -> x[0].transpose(-2, -1).matmul(x[1].transpose(0, 2)), u(-1, 1, 2, 4, 3), u(-1, 1, 5, 4, 2)),
      op(MatMul.class, "batched (2, 3, 4) @ shared (4, 5), as in Linear", x -> x[0].matmul(x[1]), u(-1, 1, 2, 3, 4), u(-1, 1, 4, 5)),
      op(MatMul.class, "vector @ matrix", x -> x[0].matmul(x[1]), u(-1, 1, 4), u(-1, 1, 4, 5)),
      op(MatMul.class, "matrix @ vector", x -> x[0].matmul(x[1]), u(-1, 1, 3, 4), u(-1, 1, 4)),
      op(Gather.class, "axis 1, repeated indices", x -> x[0].gather(1, ids(new long[] {0, 0, 3, 1, 2, 2, 2, 0, 3, 1, 1, 3}, 3, 4)), u(-1, 1, 3, 4)),
      op(Gather.class, "axis 0", x -> x[0].gather(0, ids(new long[] {2, 0, 1, 2, 2, 2, 0, 0}, 2, 4)), u(-1, 1, 3, 4)),
      op(IndexSelect.class, "rows with repeats", x -> x[0].indexSelect(0, ids(new long[] {2, 0, 2, 3, 2}, 5)), u(-1, 1, 4, 3)),
      op(IndexSelect.class, "axis 1, I32 index", x -> x[0].indexSelect(1, Tensor.of(new int[] {3, 3, 0}, 3)), u(-1, 1, 2, 4, 3)),
      // fused
      op(CrossEntropy.class, "per row, one ignored target", x -> Functional.crossEntropyPerRow(x[0], ids(new long[] {2, -1, 0, 4}, 4)), u(-2, 2, 4, 5)),
      op(CrossEntropy.class, "transposed logits, I32 targets", x -> Functional.crossEntropyPerRow(x[0].transpose(0, 1), Tensor.of(new int[] {4, 0, -3}, 3)), u(-2, 2, 5, 3)),
      op(RmsNorm.class, "(2, 3, 4), 6 rows", x -> Functional.rmsNorm(x[0], x[1], 1e-5), u(-1, 1, 2, 3, 4), u(0.5, 1.5, 4)),
      op(RmsNorm.class, "transposed input, gradient through a sum", x -> Functional.rmsNorm(x[0].transpose(0, 1), x[1], 1e-5).sum(0, false), u(-1, 1, 3, 2, 4), u(0.5, 1.5, 4)),
      op(LayerNorm.class, "(3, 5)", x -> Functional.layerNorm(x[0], x[1], x[2], 1e-5), u(-1, 1, 3, 5), u(0.5, 1.5, 5), u(-1, 1, 5)),
      op(LayerNorm.class, "(2, 2, 5), 4 rows", x -> Functional.layerNorm(x[0], x[1], x[2], 1e-5), u(-1, 1, 2, 2, 5), u(0.5, 1.5, 5), u(-1, 1, 5)),
      op(Rope.class, "tables shared by the batch (Bc = 1)", x -> ropeFused(x[0], BC1), u(-1, 1, 2, 2, 3, 4)),
      op(Rope.class, "tables per batch row (Bc = B)", x -> ropeFused(x[0], BC2), u(-1, 1, 2, 2, 3, 4)),
      op(Rope.class, "(B, T, H, D) transposed to (B, H, T, D), as attention does", x -> ropeFused(x[0].transpose(1, 2), BC2), u(-1, 1, 2, 3, 2, 4)),
      // composites of the Var API and Functional: no op file of their own
      composite("silu", x -> x[0].silu(), u(-3, 3, 2, 3)),
      composite("geluTanh", x -> x[0].geluTanh(), u(-3, 3, 2, 3)),
      composite("gelu (exact)", x -> x[0].gelu(), u(-3, 3, 2, 3)),
      composite("rsqrt", x -> x[0].rsqrt(), u(0.2, 3, 2, 3)),
      composite("square", x -> x[0].square(), u(-2, 2, 2, 3)),
      composite("mean of all", x -> x[0].mean(), u(-1, 1, 2, 3)),
      composite("mean axis 1, keepDim", x -> x[0].mean(1, true), u(-1, 1, 2, 3, 4)),
      composite("select axis 1, index -1", x -> x[0].select(1, -1), u(-1, 1, 2, 3, 4)),
      composite("unsqueeze then squeeze", x -> x[0].unsqueeze(1).mul(x[1]).squeeze(0), u(-1, 1, 1, 3), u(-1, 1, 1, 2, 3)),
      composite("split into 1, 2, 2", x -> split(x[0]), u(-1, 1, 2, 5)),
      composite("transpose(0, 2)", x -> x[0].transpose(0, 2), u(-1, 1, 2, 3, 4)),
      composite("maskedFill", x -> x[0].maskedFill(MASK_34, 0.5), u(-1, 1, 2, 3, 4)),
      composite("Functional.crossEntropy, mean over counted rows", x -> Functional.crossEntropy(x[0], ids(new long[] {1, -1, 4, -1, 0}, 5)), u(-2, 2, 5, 6)),
      composite("Functional.embedding, repeated ids (2, 3)", x -> Functional.embedding(x[0], ids(new long[] {1, 3, 1, 0, 1, 3}, 2, 3)), u(-1, 1, 4, 3)),
      composite("Functional.dropout, training, fixed rng", x -> Functional.dropout(x[0], 0.3, true, new Rng(5)), u(-1, 1, 4, 5)));

  // ------------------------------------------------------------------ the checks

  @TestFactory
  Stream<DynamicTest> everyCasePassesTheFiniteDifferenceCheck() {
    return CATALOGUE.stream().map(c -> DynamicTest.dynamicTest(c.label(), () -> {
      GradCheck.Report r = GradCheck.check(c.label(), c.expr(), c.inputs());
      assertTrue(r.passed(), r::toString);
      if (c.op() != null) assertTrue(r.opsSeen().contains(c.op()), c.label() + " does not run " + c.op().getSimpleName() + "; ran " + r.opsSeen());
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyCaseAgreesInF32AndF64() {
    return CATALOGUE.stream().map(c -> DynamicTest.dynamicTest(c.label(), () -> {
      GradCheck.Report r = GradCheck.checkF32(c.label(), c.expr(), GradCheck.F32, c.inputs());
      assertTrue(r.passed(), r::toString);
    }));
  }

  @Test
  void everyOpClassHasACatalogueLine() throws Exception {
    Set<String> listed = CATALOGUE.stream().filter(c -> c.op() != null).map(c -> c.op().getSimpleName()).collect(Collectors.toSet());
    List<String> unlisted = new ArrayList<>();
    for (String name : opClassNames(getClass().getClassLoader())) {
      Class<?> cls = Class.forName(OPS_PACKAGE + "." + name);
      boolean isOp = Function.class.isAssignableFrom(cls) && !cls.isInterface() && !Modifier.isAbstract(cls.getModifiers());
      if (isOp && !listed.contains(name)) unlisted.add(name);
    }
    assertTrue(unlisted.isEmpty(), "ops with no line in OpCatalogueTest.CATALOGUE: " + unlisted + " (add one line per op)");
  }

  @Test
  void theClassPathScanSeesTheOpsDirectory() throws Exception {
    Set<String> names = opClassNames(getClass().getClassLoader());
    // a scan that found nothing would make the coverage test above pass vacuously
    assertTrue(names.containsAll(Set.of("Mul", "MatMul", "Rope", "CrossEntropy")), names::toString);
  }

  @Test
  void theClassPathScanReadsJarsAndSkipsInnerClassesAndSubpackages(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("ops.jar");
    String pkg = OPS_PACKAGE.replace('.', '/') + "/";
    try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String e : List.of("org/", "org/reason4j/", "org/reason4j/autograd/", pkg, pkg + "Mul.class", pkg + "Mul$1.class", pkg + "inner/", pkg + "inner/Deep.class", pkg + "README.txt")) {
        out.putNextEntry(new JarEntry(e));
        out.closeEntry();
      }
    }
    try (var loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertEquals(Set.of("Mul"), opClassNames(loader));
    }
  }

  @TestFactory
  Stream<DynamicTest> fusedOpsMatchTheirCompositeTwins() {
    List<DynamicTest> tests = new ArrayList<>();
    for (DType dtype : List.of(DType.F64, DType.F32)) {
      GradCheck.Tolerance tol = dtype == DType.F64 ? GradCheck.F64 : GradCheck.F32;
      // small rows, then sizes at which the fused kernels split rows and weight columns between threads
      for (int[] rc : new int[][] {{6, 6}, {70, 130}}) {
        String size = " (" + rc[0] + " rows of " + rc[1] + ")";
        Tensor x = u(-1, 1, rc[0], rc[1]), w = u(0.5, 1.5, rc[1]), b = u(-1, 1, rc[1]);
        twin(tests, dtype, tol, "rmsNorm" + size, RmsNorm.class, v -> Functional.rmsNorm(v[0], v[1], 1e-5),
            v -> v[0].mul(v[0].square().mean(-1, true).add(1e-5).rsqrt()).mul(v[1]), x, w);
        twin(tests, dtype, tol, "layerNorm" + size, LayerNorm.class, v -> Functional.layerNorm(v[0], v[1], v[2], 1e-5),
            v -> layerNormComposite(v[0], v[1], v[2], 1e-5), x, w, b);
        Tensor targets = targets(rc[0], rc[1]);
        twin(tests, dtype, tol, "crossEntropy" + size, CrossEntropy.class, v -> Functional.crossEntropyPerRow(v[0], targets),
            v -> crossEntropyComposite(v[0], targets), u(-3, 3, rc[0], rc[1]));
      }
      for (int[] s : new int[][] {{1, 2, 2, 3, 6}, {2, 2, 2, 3, 6}, {1, 2, 4, 40, 64}, {2, 2, 4, 40, 64}}) {
        Tables t = Tables.of(s[0], s[3], s[4]);
        twin(tests, dtype, tol, "rope Bc=" + s[0] + " x " + Arrays.toString(Arrays.copyOfRange(s, 1, 5)), Rope.class,
            v -> ropeFused(v[0], t), v -> ropeComposite(v[0], t), u(-1, 1, s[1], s[2], s[3], s[4]));
      }
      for (int axis : new int[] {-1, 1}) {
        Tensor s = u(-3, 3, 2, 3, 4);
        twin(tests, dtype, tol, "softmax axis " + axis, Softmax.class, v -> v[0].softmax(axis), v -> v[0].exp().div(v[0].exp().sum(axis, true)), s);
        twin(tests, dtype, tol, "logSoftmax axis " + axis, LogSoftmax.class, v -> v[0].logSoftmax(axis), v -> v[0].sub(v[0].exp().sum(axis, true).log()), s);
        twin(tests, dtype, tol, "logsumexp axis " + axis, LogSumExp.class, v -> v[0].logsumexp(axis, false), v -> v[0].exp().sum(axis, false).log(), s);
      }
    }
    return tests.stream();
  }

  @Test
  void crossEntropyIsTheMeanOverCountedRowsOnly() {
    Var logits = Var.param(u(-2, 2, 4, 3));
    Tensor targets = ids(new long[] {2, -1, 0, -1}, 4);
    double perRow = Functional.crossEntropyPerRow(logits, targets).sum().value().item();
    assertEquals(perRow / 2, Functional.crossEntropy(logits, targets).value().item(), 1e-12);
    assertEquals(0, Functional.crossEntropy(logits, ids(new long[] {-1, -1, -1, -1}, 4)).value().item());
  }

  @Test
  void dropoutGradientIsTheMaskScaling() {
    double p = 0.3;
    Var x = Var.param(u(-1, 1, 6, 7));
    Var y = Functional.dropout(x, p, true, new Rng(11));
    y.backward(Tensor.full(Backends.cpu(), DType.F64, 1, 6, 7));
    boolean[] keep = new Rng(11).bernoulli(Backends.cpu(), 1 - p, 6, 7).toBoolArray();
    double[] g = x.grad().toDoubleArray(), xv = x.value().toDoubleArray(), yv = y.value().toDoubleArray();
    int kept = 0;
    for (int i = 0; i < g.length; i++) {
      double scale = keep[i] ? 1 / (1 - p) : 0;
      kept += keep[i] ? 1 : 0;
      assertEquals(scale, g[i], 1e-15, "gradient at " + i);
      assertEquals(xv[i] * scale, yv[i], 1e-15, "value at " + i);
    }
    assertTrue(kept > 0 && kept < g.length, "the mask should keep some elements and drop others: kept " + kept);
    assertTrue(Functional.dropout(x, p, false, new Rng(11)) == x, "eval mode is the identity");
  }

  // ------------------------------------------------------------------ composite twins

  private static void twin(List<DynamicTest> tests, DType dtype, GradCheck.Tolerance tol, String name,
      Class<? extends Function> op, GradCheck.Expr fused, GradCheck.Expr composite, Tensor... inputs) {
    tests.add(DynamicTest.dynamicTest(name + " " + dtype, () -> {
      GradCheck.Report r = GradCheck.checkTwins(name, fused, composite, dtype, tol, inputs);
      assertTrue(r.passed(), r::toString);
      assertTrue(r.opsSeen().contains(op), name + ": the fused side does not run " + op.getSimpleName());
    }));
  }

  private static Var layerNormComposite(Var x, Var w, Var b, double eps) {
    Var centred = x.sub(x.mean(-1, true));                  // (..., C)
    Var variance = centred.square().mean(-1, true);         // (..., 1)
    return centred.mul(variance.add(eps).rsqrt()).mul(w).add(b);
  }

  /** -logSoftmax at the target, 0 on ignored rows. */
  private static Var crossEntropyComposite(Var logits, Tensor targets) {
    long[] t = targets.toLongArray();
    long[] safe = new long[t.length];
    boolean[] ignored = new boolean[t.length];
    for (int i = 0; i < t.length; i++) {
      safe[i] = Math.max(0, t[i]);
      ignored[i] = t[i] < 0;
    }
    Var picked = logits.logSoftmax(-1).gather(1, ids(safe, t.length, 1)).reshape(t.length); // (N)
    return picked.neg().maskedFill(Tensor.of(ignored, t.length), 0);
  }

  /** cos and sin tables (Bc, T, D/2) at float-representable angles. */
  record Tables(Tensor cos, Tensor sin) {
    static Tables of(int bc, int t, int d) {
      Tensor angles = GradCheck.uniform(RNG, -3, 3, bc, t, d / 2);
      return new Tables(angles.cos().to(DType.F32).to(DType.F64), angles.sin().to(DType.F32).to(DType.F64));
    }
  }

  private static Var ropeFused(Var x, Tables tables) {
    DType dt = x.value().dtype();
    return Functional.rope(x, tables.cos().to(dt), tables.sin().to(dt));
  }

  /** Hugging Face's rotate_half written with slices, neg, concat and products: x * cos + rotate_half(x) * sin. */
  private static Var ropeComposite(Var x, Tables tables) {
    DType dt = x.value().dtype();
    Tensor cos = tables.cos().to(dt), sin = tables.sin().to(dt);
    int d = x.dim(3), half = d / 2;
    Var rotated = Var.concat(-1, x.slice(-1, half, d).neg(), x.slice(-1, 0, half)); // (B, H, T, D)
    Tensor cosD = Tensor.concat(-1, cos, cos).unsqueeze(1);                          // (Bc, 1, T, D)
    Tensor sinD = Tensor.concat(-1, sin, sin).unsqueeze(1);                          // (Bc, 1, T, D)
    return x.mul(cosD).add(rotated.mul(sinD));
  }

  private static Var split(Var x) {
    Var[] p = x.split(1, 1, 2, 2);
    return Var.concat(1, p[2].exp(), p[0], p[1].mul(p[2]));
  }

  // ------------------------------------------------------------------ finding the op classes

  /** Simple names of the top-level classes in the ops package, from every directory or jar that holds it. */
  static Set<String> opClassNames(ClassLoader loader) throws IOException, URISyntaxException {
    String dir = OPS_PACKAGE.replace('.', '/') + "/";
    Set<String> files = new TreeSet<>();
    Enumeration<URL> urls = loader.getResources(dir);
    while (urls.hasMoreElements()) {
      URL url = urls.nextElement();
      if (url.getProtocol().equals("file")) {
        try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
          s.filter(Files::isRegularFile).forEach(p -> files.add(p.getFileName().toString()));
        }
      } else if (url.getProtocol().equals("jar")) {
        URLConnection conn = url.openConnection();
        conn.setUseCaches(false);
        try (JarFile jar = ((JarURLConnection) conn).getJarFile()) {
          jar.stream().map(JarEntry::getName)
              .filter(n -> n.startsWith(dir) && n.indexOf('/', dir.length()) < 0)
              .forEach(n -> files.add(n.substring(dir.length())));
        }
      } else {
        fail("cannot list " + url + ": only directories and jars are scanned");
      }
    }
    return files.stream()
        .filter(f -> f.endsWith(".class") && !f.contains("$") && !f.equals("package-info.class"))
        .map(f -> f.substring(0, f.length() - ".class".length()))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  // ------------------------------------------------------------------ inputs

  private static Case op(Class<? extends Function> op, String name, GradCheck.Expr expr, Tensor... inputs) {
    return new Case(op, name, expr, inputs);
  }

  private static Case composite(String name, GradCheck.Expr expr, Tensor... inputs) {
    return new Case(null, name, expr, inputs);
  }

  private static Tensor u(double lo, double hi, int... shape) {
    return GradCheck.uniform(RNG, lo, hi, shape);
  }

  private static Tensor away(int... shape) {
    return GradCheck.awayFromZero(RNG, 0.1, 1, shape);
  }

  private static Tensor away(double min, double max, int... shape) {
    return GradCheck.awayFromZero(RNG, min, max, shape);
  }

  private static Tensor distinct(int... shape) {
    return GradCheck.distinct(RNG, 0.1, shape);
  }

  /** Two tensors cut from one distinct draw, so no element of one ties with any of the other. */
  private static Tensor[] distinctPair(int[] a, int[] b) {
    int na = Shape.numel(a), nb = Shape.numel(b);
    Tensor all = GradCheck.distinct(RNG, 0.1, na + nb);
    return new Tensor[] {all.slice(0, 0, na).reshape(a), all.slice(0, na, na + nb).reshape(b)};
  }

  /** Values at least 0.1 away from lo and hi, spread below, inside and above the clamp range. */
  private static Tensor clampInputs(double lo, double hi, int... shape) {
    int n = Shape.numel(shape);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double r = RNG.nextDouble();
      v[i] = switch (i % 3) {
        case 0 -> lo - 0.1 - r;
        case 1 -> lo + 0.1 + r * (hi - lo - 0.2);
        default -> hi + 0.1 + r;
      };
    }
    return Tensor.of(v, shape);
  }

  private static Tensor mask(int... shape) {
    return RNG.bernoulli(Backends.cpu(), 0.5, shape);
  }

  /** Targets for rows x classes, every third row ignored (-1). */
  private static Tensor targets(int rows, int classes) {
    long[] t = new long[rows];
    for (int i = 0; i < rows; i++) t[i] = i % 3 == 1 ? -1 : RNG.nextInt(classes);
    return ids(t, rows);
  }

  private static Tensor ids(long[] v, int... shape) {
    return Tensor.of(v, shape);
  }

}
