package org.reason4j.autograd;

import org.reason4j.autograd.ops.Abs;
import org.reason4j.autograd.ops.Add;
import org.reason4j.autograd.ops.Clamp;
import org.reason4j.autograd.ops.Concat;
import org.reason4j.autograd.ops.Cos;
import org.reason4j.autograd.ops.Div;
import org.reason4j.autograd.ops.Erf;
import org.reason4j.autograd.ops.Exp;
import org.reason4j.autograd.ops.Expand;
import org.reason4j.autograd.ops.Gather;
import org.reason4j.autograd.ops.IndexSelect;
import org.reason4j.autograd.ops.Log;
import org.reason4j.autograd.ops.LogSoftmax;
import org.reason4j.autograd.ops.LogSumExp;
import org.reason4j.autograd.ops.MatMul;
import org.reason4j.autograd.ops.Max;
import org.reason4j.autograd.ops.Maximum;
import org.reason4j.autograd.ops.Minimum;
import org.reason4j.autograd.ops.Mul;
import org.reason4j.autograd.ops.Neg;
import org.reason4j.autograd.ops.Permute;
import org.reason4j.autograd.ops.PowScalar;
import org.reason4j.autograd.ops.Relu;
import org.reason4j.autograd.ops.Reshape;
import org.reason4j.autograd.ops.Sigmoid;
import org.reason4j.autograd.ops.Sin;
import org.reason4j.autograd.ops.Slice;
import org.reason4j.autograd.ops.Softmax;
import org.reason4j.autograd.ops.Sqrt;
import org.reason4j.autograd.ops.Sub;
import org.reason4j.autograd.ops.Sum;
import org.reason4j.autograd.ops.Tanh;
import org.reason4j.autograd.ops.Where;
import org.reason4j.tensor.Shape;
import org.reason4j.tensor.Tensor;

/**
 * A differentiable value: a {@link Tensor} plus, when it was computed from values that require a
 * gradient, the op that made it. The graph is built as code runs; {@link #backward()} walks it back.
 *
 * <p>Methods mirror {@link Tensor}'s PyTorch-style names. Ops with their own backward live one per file
 * in {@code ops}; the composites here (sub-expressions of other ops) need no backward of their own.
 */
public final class Var {
  /** How a non-leaf Var was made. */
  record Node(Function fn, Ctx ctx, Var[] inputs) {}

  private Tensor value;
  private Tensor grad;
  private final boolean requiresGrad;
  private final Node node;

  private Var(Tensor value, boolean requiresGrad, Node node) {
    this.value = value;
    this.requiresGrad = requiresGrad;
    this.node = node;
  }

  /** A leaf that collects a gradient: a trainable parameter. */
  public static Var param(Tensor value) {
    return new Var(value, true, null);
  }

  /** A leaf with no gradient: data, masks, frozen weights. */
  public static Var constant(Tensor value) {
    return new Var(value, false, null);
  }

  /** A constant 0-d F32 scalar on the CPU. */
  public static Var scalar(double v) {
    return constant(Tensor.scalar(v));
  }

  /** Runs an op on these inputs and records it when grad mode is on and any input requires a gradient. */
  public static Var apply(Function fn, Var... inputs) {
    boolean[] needs = new boolean[inputs.length];
    boolean any = false;
    Tensor[] values = new Tensor[inputs.length];
    boolean record = GradMode.isEnabled();
    for (int i = 0; i < inputs.length; i++) {
      values[i] = inputs[i].value;
      needs[i] = record && inputs[i].requiresGrad;
      any |= needs[i];
    }
    Ctx ctx = new Ctx(needs);
    Tensor out = fn.forward(ctx, values);
    if (!any) return constant(out);
    return new Var(out, true, new Node(fn, ctx, inputs));
  }

  public Tensor value() {
    return value;
  }

  /** Replaces a leaf's value (loading weights, moving devices); shapes must match. */
  public void assign(Tensor newValue) {
    if (node != null) throw new IllegalStateException("assign: only leaves can be assigned");
    if (!Shape.equal(newValue.shape(), value.shape())) {
      throw new IllegalArgumentException("assign: shape " + Shape.str(newValue.shape()) + " does not match " + Shape.str(value.shape()));
    }
    value = newValue;
  }

  /** The accumulated gradient of a leaf (null before any backward). */
  public Tensor grad() {
    return grad;
  }

  public void setGrad(Tensor g) {
    grad = g;
  }

  public void zeroGrad() {
    grad = null;
  }

  public boolean requiresGrad() {
    return requiresGrad;
  }

  public boolean isLeaf() {
    return node == null;
  }

  Node node() {
    return node;
  }

  /**
   * Adds g to this leaf's gradient. Gradients are later changed in place (clipping, scaling), so a leaf
   * takes g as its own only when nothing else holds g's storage; otherwise (the caller's seed, or the
   * same tensor or a view of it handed to another leaf, as a + b does) it keeps a copy.
   */
  void accumulateGrad(Tensor g, boolean shared) {
    if (!requiresGrad) return;
    if (grad != null) grad = grad.add(g);
    else grad = shared || !g.isContiguous() ? g.copy() : g;
  }

  /** Backpropagates from a scalar output. */
  public void backward() {
    if (value.numel() != 1) {
      throw new IllegalStateException("backward() needs a one-element output, got " + Shape.str(value.shape()) + "; pass a seed gradient");
    }
    backward(value.newFull(value.dtype(), 1, value.shape()));
  }

  /** Backpropagates with an explicit gradient of this value. */
  public void backward(Tensor seed) {
    if (!requiresGrad) throw new IllegalStateException("backward: this value does not depend on anything that requires a gradient");
    Backward.run(this, seed);
  }

  /** The same value cut from the graph. */
  public Var detach() {
    return constant(value);
  }

  public int[] shape() {
    return value.shape();
  }

  public int dim(int axis) {
    return value.dim(axis);
  }

  public int rank() {
    return value.rank();
  }

  // ------------------------------------------------------------------ arithmetic

  public Var add(Var o) {
    return apply(new Add(), this, o);
  }

  public Var add(double v) {
    return add(constantLike(v));
  }

  public Var sub(Var o) {
    return apply(new Sub(), this, o);
  }

  public Var sub(double v) {
    return sub(constantLike(v));
  }

  public Var mul(Var o) {
    return apply(new Mul(), this, o);
  }

  public Var mul(double v) {
    return mul(constantLike(v));
  }

  /** Multiplies by a constant tensor (a mask, a fixed weight). */
  public Var mul(Tensor t) {
    return mul(constant(t));
  }

  public Var div(Var o) {
    return apply(new Div(), this, o);
  }

  public Var div(double v) {
    return mul(1.0 / v);
  }

  public Var pow(double p) {
    return apply(new PowScalar(p), this);
  }

  public Var neg() {
    return apply(new Neg(), this);
  }

  public Var maximum(Var o) {
    return apply(new Maximum(), this, o);
  }

  public Var minimum(Var o) {
    return apply(new Minimum(), this, o);
  }

  public Var exp() {
    return apply(new Exp(), this);
  }

  public Var log() {
    return apply(new Log(), this);
  }

  public Var sqrt() {
    return apply(new Sqrt(), this);
  }

  public Var rsqrt() {
    return pow(-0.5);
  }

  public Var square() {
    return mul(this);
  }

  public Var abs() {
    return apply(new Abs(), this);
  }

  public Var tanh() {
    return apply(new Tanh(), this);
  }

  public Var sigmoid() {
    return apply(new Sigmoid(), this);
  }

  public Var relu() {
    return apply(new Relu(), this);
  }

  public Var sin() {
    return apply(new Sin(), this);
  }

  public Var cos() {
    return apply(new Cos(), this);
  }

  public Var erf() {
    return apply(new Erf(), this);
  }

  /** SiLU (swish): x * sigmoid(x). */
  public Var silu() {
    return mul(sigmoid());
  }

  /** GELU with the tanh approximation (GPT-2's "gelu_new"). */
  public Var geluTanh() {
    Var inner = add(pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return mul(0.5).mul(inner.tanh().add(1));
  }

  /** Exact GELU: x * (1 + erf(x / sqrt 2)) / 2. */
  public Var gelu() {
    return mul(0.5).mul(mul(1 / Math.sqrt(2)).erf().add(1));
  }

  public Var clamp(double lo, double hi) {
    return apply(new Clamp(lo, hi), this);
  }

  /** cond ? a : b with a constant BOOL mask. */
  public static Var where(Tensor cond, Var a, Var b) {
    return apply(new Where(cond), a, b);
  }

  /** This value with {@code v} where mask is true; no gradient flows through the filled places. */
  public Var maskedFill(Tensor mask, double v) {
    return where(mask, constantLike(v), this);
  }

  private Var constantLike(double v) {
    return constant(Tensor.scalar(value.backend(), value.dtype(), v));
  }

  // ------------------------------------------------------------------ reductions

  public Var sum() {
    return reshape(value.numel()).sum(0, false);
  }

  public Var sum(int axis, boolean keepDim) {
    return apply(new Sum(axis, keepDim), this);
  }

  public Var mean() {
    return sum().div(value.numel());
  }

  public Var mean(int axis, boolean keepDim) {
    return sum(axis, keepDim).div(value.dim(axis));
  }

  public Var max(int axis, boolean keepDim) {
    return apply(new Max(axis, keepDim), this);
  }

  public Var logsumexp(int axis, boolean keepDim) {
    return apply(new LogSumExp(axis, keepDim), this);
  }

  public Var softmax(int axis) {
    return apply(new Softmax(axis), this);
  }

  public Var logSoftmax(int axis) {
    return apply(new LogSoftmax(axis), this);
  }

  // ------------------------------------------------------------------ shape

  public Var reshape(int... shape) {
    return apply(new Reshape(shape), this);
  }

  public Var permute(int... perm) {
    return apply(new Permute(perm), this);
  }

  public Var transpose(int a, int b) {
    int r = value.rank();
    int[] perm = new int[r];
    for (int i = 0; i < r; i++) perm[i] = i;
    int x = Shape.axis("transpose", a, r), y = Shape.axis("transpose", b, r);
    perm[x] = y;
    perm[y] = x;
    return permute(perm);
  }

  public Var slice(int axis, int start, int end) {
    return apply(new Slice(axis, start, end, 1), this);
  }

  public Var slice(int axis, int start, int end, int step) {
    return apply(new Slice(axis, start, end, step), this);
  }

  /** One index of an axis, with that axis dropped. */
  public Var select(int axis, int index) {
    int ax = Shape.axis("select", axis, value.rank());
    int i = index < 0 ? index + value.dim(ax) : index;
    return slice(ax, i, i + 1).squeeze(ax);
  }

  public Var unsqueeze(int axis) {
    return reshape(value.unsqueeze(axis).shape());
  }

  public Var squeeze(int axis) {
    return reshape(value.squeeze(axis).shape());
  }

  public Var expand(int... shape) {
    return apply(new Expand(shape), this);
  }

  public static Var concat(int axis, Var... parts) {
    return apply(new Concat(axis), parts);
  }

  /** Consecutive pieces of the given sizes along an axis. */
  public Var[] split(int axis, int... sizes) {
    Var[] out = new Var[sizes.length];
    int at = 0;
    for (int i = 0; i < sizes.length; i++) {
      out[i] = slice(axis, at, at + sizes[i]);
      at += sizes[i];
    }
    return out;
  }

  // ------------------------------------------------------------------ products and indexing

  /** NumPy matmul; a 1-D operand is a row (left) or column (right) vector. */
  public Var matmul(Var o) {
    if (value.rank() == 1) return unsqueeze(0).matmul(o).squeeze(-2);
    if (o.value.rank() == 1) return matmul(o.unsqueeze(1)).squeeze(-1);
    return apply(new MatMul(), this, o);
  }

  /** Rows (or any axis' entries) picked by an integer index: the embedding lookup. */
  public Var indexSelect(int axis, Tensor index) {
    return apply(new IndexSelect(axis, index), this);
  }

  /** torch.gather along an axis with a constant index. */
  public Var gather(int axis, Tensor index) {
    return apply(new Gather(axis, index), this);
  }

  @Override
  public String toString() {
    return "Var(" + value + (requiresGrad ? ", requiresGrad" : "") + ")";
  }
}
