package org.reason4j.tensor;

import java.util.Arrays;

/**
 * An n-dimensional array: a view (shape, strides, offset) over a {@link Storage} that belongs to one
 * {@link Backend}. Tensors are immutable values except through the methods spelled {@code ...InPlace},
 * {@link #copyFrom} and {@link #fill}.
 *
 * <p>This class does the shape work (views, broadcasting, axis arithmetic, errors naming the op and the
 * shapes) and hands ready operands to the tensor's backend, so dispatch follows the data: a tensor on
 * the GPU computes on the GPU. Mixing devices in one op is an error, never a silent copy.
 *
 * <p>It is not differentiable; {@code org.reason4j.autograd.Var} wraps it for that.
 *
 * <p>Why one long file: this is the whole public surface of the module (as {@code torch.Tensor} is), about
 * 135 short public methods, each a shape check and a call into the backend, grouped by section (factories,
 * views, elementwise, reductions, matmul, indexing, conversions). The arithmetic lives in the backends;
 * the reusable shape logic in {@link Shape}. Splitting the API across classes would
 * make users hunt for where {@code t.sum(1)} lives.
 */
public final class Tensor {
  private final Storage storage;
  private final int[] shape;
  private final int[] strides;
  private final int offset;

  private Tensor(Storage storage, int[] shape, int[] strides, int offset) {
    this.storage = storage;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
  }

  /** A view over a storage; for backends and I/O code. The caller guarantees the view fits. */
  public static Tensor view(Storage storage, int[] shape, int[] strides, int offset) {
    return new Tensor(storage, shape.clone(), strides.clone(), offset);
  }

  /** A contiguous tensor over a whole storage. */
  public static Tensor of(Storage storage, int... shape) {
    if (Shape.numel(shape) != storage.size()) {
      throw new IllegalArgumentException(
          "shape " + Shape.str(shape) + " does not match a storage of " + storage.size() + " elements");
    }
    return new Tensor(storage, shape.clone(), Shape.contiguousStrides(shape), 0);
  }

  // ================================================================== creation

  public static Tensor zeros(Backend backend, DType dtype, int... shape) {
    return of(backend.allocate(dtype, Shape.numel(shape)), shape);
  }

  public static Tensor zeros(DType dtype, int... shape) {
    return zeros(Backends.cpu(), dtype, shape);
  }

  /** F32 zeros on the CPU. */
  public static Tensor zeros(int... shape) {
    return zeros(DType.F32, shape);
  }

  public static Tensor full(Backend backend, DType dtype, double value, int... shape) {
    Tensor t = zeros(backend, dtype, shape);
    if (value != 0) backend.fill(t, value);
    return t;
  }

  public static Tensor ones(int... shape) {
    return full(Backends.cpu(), DType.F32, 1, shape);
  }

  /** Wraps host data (copied) as a CPU tensor; the array type decides the dtype. */
  public static Tensor of(float[] data, int... shape) {
    return fromHost(Backends.cpu(), data, DType.F32, data.length, shape);
  }

  public static Tensor of(double[] data, int... shape) {
    return fromHost(Backends.cpu(), data, DType.F64, data.length, shape);
  }

  public static Tensor of(int[] data, int... shape) {
    return fromHost(Backends.cpu(), data, DType.I32, data.length, shape);
  }

  public static Tensor of(long[] data, int... shape) {
    return fromHost(Backends.cpu(), data, DType.I64, data.length, shape);
  }

  public static Tensor of(boolean[] data, int... shape) {
    byte[] b = new byte[data.length];
    for (int i = 0; i < b.length; i++) b[i] = (byte) (data[i] ? 1 : 0);
    return fromHost(Backends.cpu(), b, DType.BOOL, b.length, shape);
  }

  /**
   * Host data of the given dtype on any backend: float[] (F32), double[] (F64), short[] (BF16/F16 bits),
   * int[] (I32), long[] (I64), byte[] (BOOL).
   */
  public static Tensor fromHost(Backend backend, Object data, DType dtype, int length, int... shape) {
    if (Shape.numel(shape) != length) {
      throw new IllegalArgumentException(
          "shape " + Shape.str(shape) + " needs " + Shape.numel(shape) + " values but got " + length);
    }
    return of(backend.upload(data, dtype), shape);
  }

  /** A 0-dimensional F32 tensor on the CPU. */
  public static Tensor scalar(double value) {
    return scalar(Backends.cpu(), DType.F32, value);
  }

  public static Tensor scalar(Backend backend, DType dtype, double value) {
    return full(backend, dtype, value, new int[0]);
  }

  /** 0, 1, ..., n-1 as I64 on the CPU. */
  public static Tensor arange(int n) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) v[i] = i;
    return of(v, n);
  }

  /** Zeros with this tensor's backend. */
  public Tensor newZeros(DType dtype, int... shape) {
    return zeros(backend(), dtype, shape);
  }

  public Tensor newFull(DType dtype, double value, int... shape) {
    return full(backend(), dtype, value, shape);
  }

  public Tensor zerosLike() {
    return newZeros(dtype(), shape);
  }

  /** A scalar of this tensor's dtype and backend, for ops with a number. */
  private Tensor scalarLike(double v) {
    return scalar(backend(), dtype(), v);
  }

  // ================================================================== properties

  public Storage storage() {
    return storage;
  }

  public Backend backend() {
    return storage.backend();
  }

  public Device device() {
    return storage.backend().device();
  }

  public DType dtype() {
    return storage.dtype();
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  public int[] strides() {
    return strides.clone();
  }

  public int offset() {
    return offset;
  }

  public int rank() {
    return shape.length;
  }

  /** Size of an axis; negative axes count from the end. */
  public int dim(int axis) {
    return shape[Shape.axis("dim", axis, shape.length)];
  }

  public int numel() {
    return Shape.numel(shape);
  }

  public boolean isContiguous() {
    int expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1 && strides[i] != expected) return false;
      expected *= shape[i];
    }
    return true;
  }

  // ================================================================== views (no copies)

  /** A view with a new shape (one dimension may be -1); copies only when the layout forbids a view. */
  public Tensor reshape(int... newShape) {
    int[] s = inferShape(newShape);
    if (isContiguous()) return new Tensor(storage, s, Shape.contiguousStrides(s), offset);
    return contiguous().reshape(s);
  }

  private int[] inferShape(int[] newShape) {
    int[] s = newShape.clone();
    int infer = -1, known = 1;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == -1) {
        if (infer >= 0) throw new IllegalArgumentException("reshape: more than one -1 in " + Shape.str(s));
        infer = i;
      } else {
        known *= s[i];
      }
    }
    int n = numel();
    if (infer >= 0) {
      if (known == 0 || n % known != 0) {
        throw new IllegalArgumentException("reshape: cannot view " + Shape.str(shape) + " as " + Shape.str(s));
      }
      s[infer] = n / known;
    }
    if (Shape.numel(s) != n) {
      throw new IllegalArgumentException("reshape: cannot view " + Shape.str(shape) + " as " + Shape.str(s));
    }
    return s;
  }

  public Tensor flatten() {
    return reshape(numel());
  }

  /** Swaps two axes (a view). */
  public Tensor transpose(int a, int b) {
    int[] perm = new int[shape.length];
    for (int i = 0; i < perm.length; i++) perm[i] = i;
    a = Shape.axis("transpose", a, shape.length);
    b = Shape.axis("transpose", b, shape.length);
    perm[a] = b;
    perm[b] = a;
    return permute(perm);
  }

  /** The transpose of the last two axes. */
  public Tensor mT() {
    return transpose(-2, -1);
  }

  /** Reorders axes (a view): result axis i is this tensor's axis perm[i]. */
  public Tensor permute(int... perm) {
    if (perm.length != shape.length) {
      throw new IllegalArgumentException(
          "permute: " + perm.length + " axes given for shape " + Shape.str(shape));
    }
    int[] s = new int[perm.length], st = new int[perm.length];
    boolean[] seen = new boolean[perm.length];
    for (int i = 0; i < perm.length; i++) {
      int p = Shape.axis("permute", perm[i], shape.length);
      if (seen[p]) throw new IllegalArgumentException("permute: axis " + p + " repeated in " + Arrays.toString(perm));
      seen[p] = true;
      s[i] = shape[p];
      st[i] = strides[p];
    }
    return new Tensor(storage, s, st, offset);
  }

  /** Elements [start, end) of an axis (a view); negative indices count from the end. */
  public Tensor slice(int axis, int start, int end) {
    return slice(axis, start, end, 1);
  }

  public Tensor slice(int axis, int start, int end, int step) {
    int ax = Shape.axis("slice", axis, shape.length);
    int n = shape[ax];
    int s = clampIndex(start < 0 ? start + n : start, n);
    int e = clampIndex(end < 0 ? end + n : end, n);
    if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
    int len = e > s ? (e - s + step - 1) / step : 0;
    int[] ns = shape.clone(), nst = strides.clone();
    ns[ax] = len;
    nst[ax] = strides[ax] * step;
    return new Tensor(storage, ns, nst, offset + (len > 0 ? s * strides[ax] : 0));
  }

  private static int clampIndex(int i, int n) {
    return Math.max(0, Math.min(n, i));
  }

  /** Picks one index of an axis and drops that axis (a view). */
  public Tensor select(int axis, int index) {
    int ax = Shape.axis("select", axis, shape.length);
    int i = index < 0 ? index + shape[ax] : index;
    if (i < 0 || i >= shape[ax]) {
      throw new IndexOutOfBoundsException(
          "select: index " + index + " out of range for axis " + axis + " of shape " + Shape.str(shape));
    }
    return new Tensor(storage, Shape.remove(shape, ax), removeAt(strides, ax), offset + i * strides[ax]);
  }

  public Tensor unsqueeze(int axis) {
    int ax = Shape.axis("unsqueeze", axis, shape.length + 1);
    int[] s = new int[shape.length + 1], st = new int[shape.length + 1];
    for (int i = 0, j = 0; i < s.length; i++) {
      if (i == ax) {
        s[i] = 1;
        st[i] = j < shape.length ? strides[j] * shape[j] : 1;
      } else {
        s[i] = shape[j];
        st[i] = strides[j++];
      }
    }
    return new Tensor(storage, s, st, offset);
  }

  /** Drops an axis of size 1. */
  public Tensor squeeze(int axis) {
    int ax = Shape.axis("squeeze", axis, shape.length);
    if (shape[ax] != 1) {
      throw new IllegalArgumentException("squeeze: axis " + axis + " of " + Shape.str(shape) + " is not 1");
    }
    return new Tensor(storage, Shape.remove(shape, ax), removeAt(strides, ax), offset);
  }

  /** Broadcasts to a larger shape without copying (stride 0 on expanded axes). */
  public Tensor expand(int... target) {
    if (Shape.equal(target, shape)) return this;
    if (target.length < shape.length) {
      throw new IllegalArgumentException("expand: cannot expand " + Shape.str(shape) + " to " + Shape.str(target));
    }
    int lead = target.length - shape.length;
    int[] st = new int[target.length];
    for (int i = 0; i < target.length; i++) {
      if (i < lead) {
        st[i] = 0;
      } else if (shape[i - lead] == target[i]) {
        st[i] = strides[i - lead];
      } else if (shape[i - lead] == 1) {
        st[i] = 0;
      } else {
        throw new IllegalArgumentException("expand: cannot expand " + Shape.str(shape) + " to " + Shape.str(target));
      }
    }
    return new Tensor(storage, target.clone(), st, offset);
  }

  /** A contiguous tensor with the same values (this one if already contiguous). */
  public Tensor contiguous() {
    if (isContiguous()) return this;
    Tensor out = newZeros(dtype(), shape);
    backend().copy(this, out);
    return out;
  }

  /** A contiguous copy that shares nothing with this tensor. */
  public Tensor copy() {
    Tensor out = newZeros(dtype(), shape);
    backend().copy(this, out);
    return out;
  }

  private static int[] removeAt(int[] a, int i) {
    int[] out = new int[a.length - 1];
    System.arraycopy(a, 0, out, 0, i);
    System.arraycopy(a, i + 1, out, i, a.length - i - 1);
    return out;
  }

  // ================================================================== dtype and device

  /** A copy converted to another dtype (this tensor when it already has it). */
  public Tensor to(DType dtype) {
    if (dtype == dtype()) return this;
    Tensor out = newZeros(dtype, shape);
    backend().copy(this, out);
    return out;
  }

  /** A copy on another device (this tensor when it is already there). */
  public Tensor to(Device device) {
    if (device.equals(device())) return this;
    Backend target = Backends.get(device);
    Object host = backend().download(this);
    return fromHost(target, host, dtype(), numel(), shape);
  }

  // ================================================================== elementwise

  public Tensor add(Tensor o) {
    return binary(BinaryOp.ADD, o);
  }

  public Tensor add(double v) {
    return binary(BinaryOp.ADD, scalarLike(v));
  }

  public Tensor sub(Tensor o) {
    return binary(BinaryOp.SUB, o);
  }

  public Tensor sub(double v) {
    return binary(BinaryOp.SUB, scalarLike(v));
  }

  public Tensor mul(Tensor o) {
    return binary(BinaryOp.MUL, o);
  }

  public Tensor mul(double v) {
    return binary(BinaryOp.MUL, scalarLike(v));
  }

  public Tensor div(Tensor o) {
    return binary(BinaryOp.DIV, o);
  }

  public Tensor div(double v) {
    return binary(BinaryOp.DIV, scalarLike(v));
  }

  public Tensor pow(Tensor o) {
    return binary(BinaryOp.POW, o);
  }

  public Tensor pow(double v) {
    return binary(BinaryOp.POW, scalarLike(v));
  }

  public Tensor maximum(Tensor o) {
    return binary(BinaryOp.MAXIMUM, o);
  }

  public Tensor maximum(double v) {
    return binary(BinaryOp.MAXIMUM, scalarLike(v));
  }

  public Tensor minimum(Tensor o) {
    return binary(BinaryOp.MINIMUM, o);
  }

  public Tensor minimum(double v) {
    return binary(BinaryOp.MINIMUM, scalarLike(v));
  }

  public Tensor eq(Tensor o) {
    return binary(BinaryOp.EQ, o);
  }

  public Tensor eq(double v) {
    return binary(BinaryOp.EQ, scalarLike(v));
  }

  public Tensor ne(Tensor o) {
    return binary(BinaryOp.NE, o);
  }

  public Tensor ne(double v) {
    return binary(BinaryOp.NE, scalarLike(v));
  }

  public Tensor lt(Tensor o) {
    return binary(BinaryOp.LT, o);
  }

  public Tensor lt(double v) {
    return binary(BinaryOp.LT, scalarLike(v));
  }

  public Tensor le(Tensor o) {
    return binary(BinaryOp.LE, o);
  }

  public Tensor le(double v) {
    return binary(BinaryOp.LE, scalarLike(v));
  }

  public Tensor gt(Tensor o) {
    return binary(BinaryOp.GT, o);
  }

  public Tensor gt(double v) {
    return binary(BinaryOp.GT, scalarLike(v));
  }

  public Tensor ge(Tensor o) {
    return binary(BinaryOp.GE, o);
  }

  public Tensor ge(double v) {
    return binary(BinaryOp.GE, scalarLike(v));
  }

  public Tensor and(Tensor o) {
    return binary(BinaryOp.AND, o);
  }

  public Tensor or(Tensor o) {
    return binary(BinaryOp.OR, o);
  }

  /** Any binary primitive with NumPy broadcasting. */
  public Tensor binary(BinaryOp op, Tensor o) {
    String name = op.name().toLowerCase(java.util.Locale.ROOT);
    checkSameBackend(name, o);
    checkBinaryDtypes(op, o);
    int[] outShape = Shape.broadcast(name, shape, o.shape);
    DType outType = op.isComparison() ? DType.BOOL : dtype();
    Tensor out = newZeros(outType, outShape);
    backend().binary(op, expand(outShape), o.expand(outShape), out);
    return out;
  }

  private void checkBinaryDtypes(BinaryOp op, Tensor o) {
    String name = op.name().toLowerCase(java.util.Locale.ROOT);
    if (dtype() != o.dtype()) {
      throw new IllegalArgumentException(
          name + ": dtypes " + dtype() + " and " + o.dtype() + " differ; convert one with to(DType)");
    }
    if (op.isLogical() != (dtype() == DType.BOOL)) {
      throw new IllegalArgumentException(name + ": not defined for " + dtype());
    }
    requireComputable(name);
  }

  private void requireComputable(String op) {
    if (dtype() == DType.BF16 || dtype() == DType.F16) {
      throw new IllegalArgumentException(
          op + ": " + dtype() + " is a storage type; convert with to(DType.F32) before computing");
    }
  }

  public Tensor neg() {
    return unary(UnaryOp.NEG);
  }

  public Tensor abs() {
    return unary(UnaryOp.ABS);
  }

  public Tensor exp() {
    return unary(UnaryOp.EXP);
  }

  public Tensor log() {
    return unary(UnaryOp.LOG);
  }

  public Tensor log1p() {
    return unary(UnaryOp.LOG1P);
  }

  public Tensor sqrt() {
    return unary(UnaryOp.SQRT);
  }

  public Tensor rsqrt() {
    return unary(UnaryOp.RSQRT);
  }

  public Tensor tanh() {
    return unary(UnaryOp.TANH);
  }

  public Tensor sigmoid() {
    return unary(UnaryOp.SIGMOID);
  }

  public Tensor relu() {
    return unary(UnaryOp.RELU);
  }

  public Tensor sin() {
    return unary(UnaryOp.SIN);
  }

  public Tensor cos() {
    return unary(UnaryOp.COS);
  }

  public Tensor sign() {
    return unary(UnaryOp.SIGN);
  }

  public Tensor reciprocal() {
    return unary(UnaryOp.RECIPROCAL);
  }

  public Tensor square() {
    return unary(UnaryOp.SQUARE);
  }

  public Tensor floor() {
    return unary(UnaryOp.FLOOR);
  }

  public Tensor ceil() {
    return unary(UnaryOp.CEIL);
  }

  public Tensor erf() {
    return unary(UnaryOp.ERF);
  }

  public Tensor not() {
    return unary(UnaryOp.NOT);
  }

  /** Any unary primitive. */
  public Tensor unary(UnaryOp op) {
    String name = op.name().toLowerCase(java.util.Locale.ROOT);
    requireComputable(name);
    if ((op == UnaryOp.NOT) != (dtype() == DType.BOOL)) {
      throw new IllegalArgumentException(name + ": not defined for " + dtype());
    }
    if (!dtype().isComputeFloat() && op != UnaryOp.NOT && op != UnaryOp.NEG && op != UnaryOp.ABS
        && op != UnaryOp.SIGN && op != UnaryOp.SQUARE) {
      throw new IllegalArgumentException(name + ": needs a floating-point tensor, got " + dtype());
    }
    Tensor out = zerosLike();
    backend().unary(op, this, out);
    return out;
  }

  public Tensor clamp(double lo, double hi) {
    requireComputable("clamp");
    if (lo > hi) throw new IllegalArgumentException("clamp: lo " + lo + " > hi " + hi);
    Tensor out = zerosLike();
    backend().clamp(this, lo, hi, out);
    return out;
  }

  /** cond ? a : b with broadcasting; cond is a BOOL mask. */
  public static Tensor where(Tensor cond, Tensor a, Tensor b) {
    if (cond.dtype() != DType.BOOL) throw new IllegalArgumentException("where: cond must be BOOL, got " + cond.dtype());
    if (a.dtype() != b.dtype()) throw new IllegalArgumentException("where: dtypes " + a.dtype() + " and " + b.dtype() + " differ");
    a.checkSameBackend("where", b);
    a.checkSameBackend("where", cond);
    int[] s = Shape.broadcast("where", Shape.broadcast("where", cond.shape, a.shape), b.shape);
    Tensor out = a.newZeros(a.dtype(), s);
    a.backend().where(cond.expand(s), a.expand(s), b.expand(s), out);
    return out;
  }

  /** This tensor with value written wherever mask is true (mask broadcasts). */
  public Tensor maskedFill(Tensor mask, double value) {
    return where(mask, scalarLike(value), this);
  }

  // ================================================================== reductions

  /** Sum of all elements as a 0-d tensor. */
  public Tensor sum() {
    return reshape(numel()).sum(0, false);
  }

  public Tensor sum(int axis, boolean keepDim) {
    return reduce(ReduceOp.SUM, axis, keepDim);
  }

  /** Sum over several axes. */
  public Tensor sum(int[] axes, boolean keepDim) {
    int[] sorted = new int[axes.length];
    for (int i = 0; i < axes.length; i++) sorted[i] = Shape.axis("sum", axes[i], shape.length);
    Arrays.sort(sorted);
    Tensor t = this;
    for (int i = sorted.length - 1; i >= 0; i--) t = t.sum(sorted[i], keepDim);
    return t;
  }

  public Tensor mean() {
    return sum().div(numel());
  }

  public Tensor mean(int axis, boolean keepDim) {
    return sum(axis, keepDim).div(shape[Shape.axis("mean", axis, shape.length)]);
  }

  public Tensor max(int axis, boolean keepDim) {
    return reduce(ReduceOp.MAX, axis, keepDim);
  }

  public Tensor min(int axis, boolean keepDim) {
    return reduce(ReduceOp.MIN, axis, keepDim);
  }

  /** Largest element as a 0-d tensor. */
  public Tensor max() {
    return reshape(numel()).max(0, false);
  }

  public Tensor argmax(int axis, boolean keepDim) {
    return reduce(ReduceOp.ARGMAX, axis, keepDim);
  }

  public Tensor argmin(int axis, boolean keepDim) {
    return reduce(ReduceOp.ARGMIN, axis, keepDim);
  }

  public Tensor logsumexp(int axis, boolean keepDim) {
    return reduce(ReduceOp.LOGSUMEXP, axis, keepDim);
  }

  public Tensor reduce(ReduceOp op, int axis, boolean keepDim) {
    String name = op.name().toLowerCase(java.util.Locale.ROOT);
    requireComputable(name);
    if (dtype() == DType.BOOL) throw new IllegalArgumentException(name + ": not defined for BOOL");
    int ax = Shape.axis(name, axis, shape.length);
    if (shape[ax] == 0 && op != ReduceOp.SUM) {
      throw new IllegalArgumentException(name + ": empty axis " + axis + " of " + Shape.str(shape));
    }
    Tensor a = contiguous();
    int outer = Shape.product(shape, 0, ax), inner = Shape.product(shape, ax + 1, shape.length);
    DType outType = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN ? DType.I64 : dtype();
    int[] keep = Shape.with(shape, ax, 1);
    Tensor out = newZeros(outType, keep);
    backend().reduce(op, a, outer, shape[ax], inner, out);
    return keepDim ? out : out.squeeze(ax);
  }

  /** Sums broadcast axes away so the result has {@code target}'s shape: the gradient of broadcasting. */
  public Tensor sumTo(int[] target) {
    if (Shape.equal(shape, target)) return this;
    Tensor t = this;
    int lead = shape.length - target.length;
    if (lead < 0) throw new IllegalArgumentException("sumTo: " + Shape.str(shape) + " is smaller than " + Shape.str(target));
    for (int i = 0; i < lead; i++) t = t.sum(0, false);
    for (int i = 0; i < target.length; i++) {
      if (target[i] == 1 && t.shape[i] != 1) t = t.sum(i, true);
      else if (target[i] != t.shape[i]) {
        throw new IllegalArgumentException("sumTo: cannot reduce " + Shape.str(shape) + " to " + Shape.str(target));
      }
    }
    return t;
  }

  public Tensor cumsum(int axis) {
    requireComputable("cumsum");
    int ax = Shape.axis("cumsum", axis, shape.length);
    Tensor a = contiguous();
    Tensor out = zerosLike();
    backend().cumsum(a, Shape.product(shape, 0, ax), shape[ax], Shape.product(shape, ax + 1, shape.length), out);
    return out;
  }

  public Tensor softmax(int axis) {
    return softmax(axis, false);
  }

  public Tensor logSoftmax(int axis) {
    return softmax(axis, true);
  }

  private Tensor softmax(int axis, boolean log) {
    String name = log ? "logSoftmax" : "softmax";
    if (!dtype().isComputeFloat()) throw new IllegalArgumentException(name + ": needs F32 or F64, got " + dtype());
    int ax = Shape.axis(name, axis, shape.length);
    if (ax != shape.length - 1) return transpose(ax, -1).softmax(-1, log).transpose(ax, -1);
    Tensor a = contiguous();
    Tensor out = zerosLike();
    backend().softmax(a.reshape(numel() / Math.max(1, shape[ax]), shape[ax]), out.reshape(-1, shape[ax]), log);
    return out;
  }

  // ================================================================== matmul

  /**
   * Matrix product with NumPy semantics: (..., M, K) @ (..., K, N) with broadcast batch axes; a 1-D
   * operand is treated as a row (left) or column (right) vector and that axis is dropped afterwards.
   */
  public Tensor matmul(Tensor o) {
    checkSameBackend("matmul", o);
    if (dtype() != o.dtype() || !dtype().isComputeFloat()) {
      throw new IllegalArgumentException("matmul: needs two F32 or two F64 tensors, got " + dtype() + " and " + o.dtype());
    }
    if (shape.length == 0 || o.shape.length == 0) throw new IllegalArgumentException("matmul: scalar operand");
    if (shape.length == 1) return unsqueeze(0).matmul(o).squeeze(-2);
    if (o.shape.length == 1) return matmul(o.unsqueeze(1)).squeeze(-1);
    int m = shape[shape.length - 2], k = shape[shape.length - 1];
    int k2 = o.shape[o.shape.length - 2], n = o.shape[o.shape.length - 1];
    if (k != k2) {
      throw new IllegalArgumentException("matmul: shapes " + Shape.str(shape) + " and " + Shape.str(o.shape) + " do not match (" + k + " != " + k2 + ")");
    }
    int[] batchA = Arrays.copyOf(shape, shape.length - 2), batchB = Arrays.copyOf(o.shape, o.shape.length - 2);
    int[] batch = Shape.broadcast("matmul", batchA, batchB);
    int[] outShape = Arrays.copyOf(batch, batch.length + 2);
    outShape[batch.length] = m;
    outShape[batch.length + 1] = n;
    Tensor out = newZeros(dtype(), outShape);
    int[] sa = Arrays.copyOf(batch, batch.length + 2), sb = Arrays.copyOf(batch, batch.length + 2);
    sa[batch.length] = m;
    sa[batch.length + 1] = k;
    sb[batch.length] = k;
    sb[batch.length + 1] = n;
    Tensor a = expand(sa), b = o.expand(sb);
    int nb = Shape.numel(batch);
    Tensor out3 = out.reshape(nb, m, n);
    int[] flatA = collapsedBatchStride(a, batch.length), flatB = collapsedBatchStride(b, batch.length);
    if (flatA != null && flatB != null) {
      backend().matmul(batched3(a, nb, flatA[0]), batched3(b, nb, flatB[0]), out3);
    } else {
      // Batch axes that cannot be folded into one stride: one call per leading index.
      for (int i = 0; i < batch[0]; i++) out.select(0, i).copyFrom(a.select(0, i).matmul(b.select(0, i)));
    }
    return out;
  }

  /** The single batch stride when the batch axes fold into one (else null). */
  private static int[] collapsedBatchStride(Tensor t, int nBatch) {
    if (nBatch == 0) return new int[] {0};
    int stride = -1;
    int expectedNext = -1;
    for (int i = nBatch - 1; i >= 0; i--) {
      int d = t.shape[i], s = t.strides[i];
      if (d == 1) continue;
      if (stride < 0) {
        stride = s;
        expectedNext = s * d;
      } else if (s == expectedNext || (stride == 0 && s == 0)) {
        expectedNext = s * d;
      } else {
        return null;
      }
    }
    return new int[] {Math.max(stride, 0)};
  }

  private static Tensor batched3(Tensor t, int nb, int batchStride) {
    int r = t.shape.length;
    return new Tensor(t.storage, new int[] {nb, t.shape[r - 2], t.shape[r - 1]},
        new int[] {batchStride, t.strides[r - 2], t.strides[r - 1]}, t.offset);
  }

  // ================================================================== indexing

  /** Picks entries along an axis by an I32/I64 index vector: out.shape[axis] = index.numel(). */
  public Tensor indexSelect(int axis, Tensor index) {
    int ax = Shape.axis("indexSelect", axis, shape.length);
    checkIndex("indexSelect", index);
    if (index.rank() != 1) throw new IllegalArgumentException("indexSelect: index must be 1-D, got " + Shape.str(index.shape));
    Tensor a = contiguous();
    Tensor out = newZeros(dtype(), Shape.with(shape, ax, index.numel()));
    backend().indexSelect(a, Shape.product(shape, 0, ax), shape[ax], Shape.product(shape, ax + 1, shape.length), index.contiguous(), out);
    return out;
  }

  /** A copy of this tensor with src's rows added at index along axis (the gradient of indexSelect). */
  public Tensor indexAdd(int axis, Tensor index, Tensor src) {
    int ax = Shape.axis("indexAdd", axis, shape.length);
    checkIndex("indexAdd", index);
    checkSameBackend("indexAdd", src);
    if (!Shape.equal(src.shape, Shape.with(shape, ax, index.numel()))) {
      throw new IllegalArgumentException("indexAdd: src " + Shape.str(src.shape) + " does not fit " + Shape.str(shape) + " with " + index.numel() + " indices on axis " + axis);
    }
    Tensor out = copy();
    backend().indexAdd(out, Shape.product(shape, 0, ax), shape[ax], Shape.product(shape, ax + 1, shape.length), index.contiguous(), src.contiguous());
    return out;
  }

  /** torch.gather: out[..., i, ...] = this[..., index[..., i, ...], ...] along axis; index has out's shape. */
  public Tensor gather(int axis, Tensor index) {
    int ax = Shape.axis("gather", axis, shape.length);
    checkIndex("gather", index);
    checkGatherShape("gather", ax, index.shape);
    Tensor out = newZeros(dtype(), index.shape);
    int inner = Shape.product(shape, ax + 1, shape.length);
    backend().gather(contiguous(), Shape.product(shape, 0, ax), shape[ax], inner, index.contiguous(), out);
    return out;
  }

  /** A copy of this tensor with src scattered-and-added at index along axis (torch.scatter_add). */
  public Tensor scatterAdd(int axis, Tensor index, Tensor src) {
    int ax = Shape.axis("scatterAdd", axis, shape.length);
    checkIndex("scatterAdd", index);
    checkGatherShape("scatterAdd", ax, index.shape);
    if (!Shape.equal(index.shape, src.shape)) {
      throw new IllegalArgumentException("scatterAdd: index " + Shape.str(index.shape) + " and src " + Shape.str(src.shape) + " differ");
    }
    Tensor out = copy();
    int inner = Shape.product(shape, ax + 1, shape.length);
    backend().scatterAdd(out, Shape.product(shape, 0, ax), shape[ax], inner, index.contiguous(), src.contiguous());
    return out;
  }

  private void checkIndex(String op, Tensor index) {
    checkSameBackend(op, index);
    if (!index.dtype().isInteger()) throw new IllegalArgumentException(op + ": index must be I32 or I64, got " + index.dtype());
  }

  private void checkGatherShape(String op, int ax, int[] idx) {
    boolean ok = idx.length == shape.length;
    for (int i = 0; ok && i < idx.length; i++) if (i != ax && idx[i] != shape[i]) ok = false;
    if (!ok) {
      throw new IllegalArgumentException(op + ": index " + Shape.str(idx) + " must match " + Shape.str(shape) + " except on axis " + ax);
    }
  }

  // ================================================================== joining and splitting

  /** Joins tensors along an existing axis. */
  public static Tensor concat(int axis, Tensor... ts) {
    if (ts.length == 0) throw new IllegalArgumentException("concat: no tensors");
    Tensor first = ts[0];
    int ax = Shape.axis("concat", axis, first.rank());
    int total = 0;
    for (Tensor t : ts) {
      first.checkSameBackend("concat", t);
      if (t.dtype() != first.dtype() || t.rank() != first.rank()) {
        throw new IllegalArgumentException("concat: " + Shape.str(first.shape) + " " + first.dtype() + " and " + Shape.str(t.shape) + " " + t.dtype() + " do not match");
      }
      for (int i = 0; i < t.rank(); i++) {
        if (i != ax && t.shape[i] != first.shape[i]) {
          throw new IllegalArgumentException("concat: shapes " + Shape.str(first.shape) + " and " + Shape.str(t.shape) + " differ off axis " + axis);
        }
      }
      total += t.shape[ax];
    }
    Tensor out = first.newZeros(first.dtype(), Shape.with(first.shape, ax, total));
    int at = 0;
    for (Tensor t : ts) {
      out.slice(ax, at, at + t.shape[ax]).copyFrom(t);
      at += t.shape[ax];
    }
    return out;
  }

  /** Joins tensors of one shape along a new axis. */
  public static Tensor stack(int axis, Tensor... ts) {
    if (ts.length == 0) throw new IllegalArgumentException("stack: no tensors");
    int ax = Shape.axis("stack", axis, ts[0].rank() + 1);
    Tensor[] u = new Tensor[ts.length];
    for (int i = 0; i < ts.length; i++) {
      if (!Shape.equal(ts[i].shape, ts[0].shape)) {
        throw new IllegalArgumentException("stack: shapes " + Shape.str(ts[0].shape) + " and " + Shape.str(ts[i].shape) + " differ");
      }
      u[i] = ts[i].unsqueeze(ax);
    }
    return concat(ax, u);
  }

  /** Views of consecutive pieces of the given sizes along an axis. */
  public Tensor[] split(int axis, int... sizes) {
    int ax = Shape.axis("split", axis, shape.length);
    int total = 0;
    for (int s : sizes) total += s;
    if (total != shape[ax]) {
      throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " do not add up to " + shape[ax] + " on axis " + axis + " of " + Shape.str(shape));
    }
    Tensor[] out = new Tensor[sizes.length];
    int at = 0;
    for (int i = 0; i < sizes.length; i++) {
      out[i] = slice(ax, at, at + sizes[i]);
      at += sizes[i];
    }
    return out;
  }

  /** n equal views along an axis. */
  public Tensor[] chunk(int n, int axis) {
    int ax = Shape.axis("chunk", axis, shape.length);
    if (n <= 0 || shape[ax] % n != 0) {
      throw new IllegalArgumentException("chunk: axis " + axis + " of " + Shape.str(shape) + " does not split into " + n);
    }
    int[] sizes = new int[n];
    Arrays.fill(sizes, shape[ax] / n);
    return split(ax, sizes);
  }

  // ================================================================== in place

  /** Copies src (broadcast to this view's shape, dtype converted) into this view. */
  public Tensor copyFrom(Tensor src) {
    checkSameBackend("copyFrom", src);
    backend().copy(src.expand(shape), this);
    return this;
  }

  /** Sets every element (this tensor must be contiguous). */
  public Tensor fill(double value) {
    if (!isContiguous()) throw new IllegalStateException("fill: tensor " + Shape.str(shape) + " is not contiguous");
    backend().fill(this, value);
    return this;
  }

  /** this += o (o broadcasts); this must be contiguous. */
  public Tensor addInPlace(Tensor o) {
    return binaryInPlace(BinaryOp.ADD, o);
  }

  /** this *= v; this must be contiguous. */
  public Tensor mulInPlace(double v) {
    return binaryInPlace(BinaryOp.MUL, scalarLike(v));
  }

  public Tensor binaryInPlace(BinaryOp op, Tensor o) {
    String name = op.name().toLowerCase(java.util.Locale.ROOT) + "InPlace";
    checkSameBackend(name, o);
    checkBinaryDtypes(op, o);
    if (op.isComparison()) throw new IllegalArgumentException(name + ": comparisons cannot run in place");
    if (!isContiguous()) throw new IllegalStateException(name + ": tensor " + Shape.str(shape) + " is not contiguous");
    Shape.broadcast(name, o.shape, shape);
    backend().binary(op, this, o.expand(shape), this);
    return this;
  }

  // ================================================================== host access

  public float[] toFloatArray() {
    return (float[]) backend().download(to(DType.F32));
  }

  public double[] toDoubleArray() {
    return (double[]) backend().download(to(DType.F64));
  }

  public int[] toIntArray() {
    return (int[]) backend().download(to(DType.I32));
  }

  public long[] toLongArray() {
    return (long[]) backend().download(to(DType.I64));
  }

  public boolean[] toBoolArray() {
    byte[] b = (byte[]) backend().download(to(DType.BOOL));
    boolean[] out = new boolean[b.length];
    for (int i = 0; i < b.length; i++) out[i] = b[i] != 0;
    return out;
  }

  /** The value of a one-element tensor. */
  public double item() {
    if (numel() != 1) throw new IllegalStateException("item: tensor " + Shape.str(shape) + " has " + numel() + " elements");
    return toDoubleArray()[0];
  }

  /** One element by its index (slow; for tests and small tensors). */
  public double get(int... index) {
    if (index.length != shape.length) throw new IllegalArgumentException("get: " + index.length + " indices for shape " + Shape.str(shape));
    Tensor t = this;
    for (int i = 0; i < index.length; i++) t = t.select(0, index[i]);
    return t.item();
  }

  private void checkSameBackend(String op, Tensor o) {
    if (o.backend() != backend()) {
      throw new IllegalArgumentException(op + ": tensors on " + device() + " and " + o.device() + "; move one with to(Device)");
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Tensor").append(Shape.str(shape)).append(' ').append(dtype()).append(' ').append(device());
    if (numel() <= 16 && dtype() != DType.BF16 && dtype() != DType.F16) sb.append(' ').append(Arrays.toString(toDoubleArray()));
    return sb.toString();
  }
}
