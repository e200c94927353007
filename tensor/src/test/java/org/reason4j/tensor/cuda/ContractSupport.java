package org.reason4j.tensor.cuda;

import java.lang.reflect.Array;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.reason4j.tensor.Backend;
import org.reason4j.tensor.Backends;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Storage;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.TensorScope;

/**
 * What the backend contract suites share (design invariant 2: every backend matches the CPU op by op
 * within stated tolerances). The backend under test always gets its inputs {@link #scrambled}: stored
 * column-major behind a gap, so every op meets non-contiguous views with offsets (and ops that need
 * contiguous inputs go through a strided copy first), while the CPU reference computes on plain
 * contiguous tensors. Run against the CPU itself the suites check the CPU's strided paths against its
 * contiguous ones; run against CUDA they check the kernels. The suites are {@link ElementwiseContract},
 * {@link ReductionContract}, {@link MatmulIndexContract} and {@link FusedContract};
 * CpuBackendContractTest and CudaBackendContractTest run them.
 */
abstract class ContractSupport {
  static final Backend CPU = Backends.cpu();

  protected abstract Backend backend();

  /** |actual - expected| <= gemmTolerance() * (|A| @ |B|) for F32 matrix products. */
  protected abstract double gemmTolerance();

  /** Null when the backend can run here; otherwise why the suite is skipped. */
  protected String unavailable() {
    return null;
  }

  @BeforeEach
  void requireBackend() {
    Class<?> suite = getClass().getEnclosingClass() != null ? getClass().getEnclosingClass() : getClass();
    GpuTests.skipUnless(unavailable(), suite.getSimpleName());
  }

  // ------------------------------------------------------------------ moving tensors

  /** The values of a CPU tensor on the backend under test, stored column-major after a gap of 3. */
  Tensor scrambled(Tensor cpu) {
    int[] shape = cpu.shape();
    int n = cpu.numel(), gap = 3;
    int[] strides = new int[shape.length];
    for (int d = 0, s = 1; d < shape.length; d++) {
      strides[d] = s;
      s *= Math.max(1, shape[d]);
    }
    Object values = CPU.download(cpu);
    Object memory = CudaCopy.newArray(cpu.dtype(), n + gap);
    for (int i = 0; i < n; i++) {
      int rest = i, at = gap;
      for (int d = shape.length - 1; d >= 0; d--) {
        at += (rest % shape[d]) * strides[d];
        rest /= shape[d];
      }
      Array.set(memory, at, Array.get(values, i));
    }
    Storage storage = backend().upload(memory, cpu.dtype());
    return Tensor.view(storage, shape, strides, gap);
  }

  Tensor plain(Tensor cpu) {
    return Tensor.fromHost(backend(), CPU.download(cpu), cpu.dtype(), cpu.numel(), cpu.shape());
  }

  static Tensor back(Tensor t) {
    return Tensor.fromHost(CPU, t.backend().download(t), t.dtype(), t.numel(), t.shape());
  }

  /** f on the CPU inputs versus f on their scrambled copies on the backend under test. */
  void check(String what, Tolerance tol, Function<Tensor[], Tensor> f, Tensor... cpuInputs) {
    Tensor expected = f.apply(cpuInputs);
    try (TensorScope scope = TensorScope.open()) {
      Tensor[] d = new Tensor[cpuInputs.length];
      for (int i = 0; i < d.length; i++) d[i] = scrambled(cpuInputs[i]);
      tol.check(expected, back(f.apply(d)), what + " on " + backend().name());
    }
  }

  // ------------------------------------------------------------------ inputs

  /** Values of a dtype with the awkward cases up front: NaN, infinities, -0, huge, fractions. */
  static Tensor sample(long seed, DType t, int... shape) {
    int n = Tensor.zeros(shape).numel();
    Rng rng = new Rng(seed);
    switch (t) {
      case I32: {
        int[] v = new int[n];
        int[] special = {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, 7};
        for (int i = 0; i < n; i++) v[i] = i < special.length ? special[i] : rng.nextInt(2001) - 1000;
        return Tensor.of(v, shape);
      }
      case I64: {
        long[] v = new long[n];
        long[] special = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 3_000_000_000L};
        for (int i = 0; i < n; i++) v[i] = i < special.length ? special[i] : rng.nextInt(2001) - 1000;
        return Tensor.of(v, shape);
      }
      case BOOL:
        return rng.bernoulli(CPU, 0.5, shape);
      default: {
        float[] v = rng.normal(n).mul(3).toFloatArray();
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 3e9f, -2.5f, 0.5f, 1e-30f};
        System.arraycopy(special, 0, v, 0, Math.min(n, special.length));
        return Tensor.of(v, shape).to(t);
      }
    }
  }

  /** Values rounded to halves, so comparisons meet ties. */
  static Tensor halves(Tensor t) {
    return t.mul(2).floor().div(2);
  }

  static Tensor normal(long seed, DType t, int... shape) {
    return new Rng(seed).normal(shape).to(t);
  }

  static Tensor uniform(long seed, double lo, double hi, DType t, int... shape) {
    return new Rng(seed).uniform(shape).mul(hi - lo).add(lo).to(t);
  }

  static Tensor ints(long seed, int lo, int hi, DType t, int... shape) {
    Rng rng = new Rng(seed);
    int n = Tensor.zeros(shape).numel();
    long[] v = new long[n];
    for (int i = 0; i < n; i++) v[i] = lo + rng.nextInt(hi - lo);
    return Tensor.of(v, shape).to(t);
  }
}
