package org.reason4j.tensor.cpu;

import org.reason4j.tensor.Backend;
import org.reason4j.tensor.BinaryOp;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Device;
import org.reason4j.tensor.Distribution;
import org.reason4j.tensor.ReduceOp;
import org.reason4j.tensor.Storage;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.UnaryOp;

/**
 * The CPU backend: heap arrays, a fixed thread pool ({@link Parallel}), deterministic kernels. It is the
 * reference that every other backend is tested against, and it is meant to be fast in its own right
 * (see {@link CpuGemm}). This class only routes; the kernels live in one file per family.
 */
public final class CpuBackend implements Backend {
  public static final CpuBackend INSTANCE = new CpuBackend();

  private CpuBackend() {}

  @Override
  public Device device() {
    return Device.CPU;
  }

  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public Storage allocate(DType dtype, int size) {
    return new CpuStorage(this, dtype, CpuStorage.newArray(dtype, size), size);
  }

  @Override
  public Storage upload(Object hostArray, DType dtype) {
    Class<?> expected = CpuStorage.arrayClass(dtype);
    if (hostArray.getClass() != expected) {
      throw new IllegalArgumentException(dtype + " data must be a " + expected.getSimpleName() + ", got " + hostArray.getClass().getSimpleName());
    }
    int n = java.lang.reflect.Array.getLength(hostArray);
    Object copy = CpuStorage.newArray(dtype, n);
    System.arraycopy(hostArray, 0, copy, 0, n);
    return new CpuStorage(this, dtype, copy, n);
  }

  /** Wraps an array without copying; the caller hands it over and must not touch it again. */
  public Storage adopt(Object hostArray, DType dtype) {
    Class<?> expected = CpuStorage.arrayClass(dtype);
    if (hostArray.getClass() != expected) {
      throw new IllegalArgumentException(dtype + " data must be a " + expected.getSimpleName());
    }
    return new CpuStorage(this, dtype, hostArray, java.lang.reflect.Array.getLength(hostArray));
  }

  @Override
  public Object download(Tensor t) {
    Tensor c = t.contiguous();
    Object out = CpuStorage.newArray(t.dtype(), t.numel());
    System.arraycopy(((CpuStorage) c.storage()).array(), c.offset(), out, 0, t.numel());
    return out;
  }

  @Override
  public void copy(Tensor src, Tensor dst) {
    CpuCopy.copy(src, dst);
  }

  @Override
  public void fill(Tensor dst, double value) {
    CpuCopy.fill(dst, value);
  }

  @Override
  public void unary(UnaryOp op, Tensor a, Tensor out) {
    CpuElementwise.unary(op, a, out);
  }

  @Override
  public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
    CpuElementwise.binary(op, a, b, out);
  }

  @Override
  public void clamp(Tensor a, double lo, double hi, Tensor out) {
    CpuElementwise.clamp(a, lo, hi, out);
  }

  @Override
  public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
    CpuElementwise.where(cond, a, b, out);
  }

  @Override
  public void reduce(ReduceOp op, Tensor a, int outer, int n, int inner, Tensor out) {
    CpuReduce.reduce(op, a, outer, n, inner, out);
  }

  @Override
  public void cumsum(Tensor a, int outer, int n, int inner, Tensor out) {
    CpuReduce.cumsum(a, outer, n, inner, out);
  }

  @Override
  public void softmax(Tensor a, Tensor out, boolean log) {
    CpuReduce.softmax(a, out, log);
  }

  @Override
  public void matmul(Tensor a, Tensor b, Tensor out) {
    if (a.dtype() == DType.F64) GemmReference.matmulF64(a, b, out);
    else CpuGemm.matmul(a, b, out);
  }

  /**
   * With W^T row-major a product of up to {@link CpuGemm#GEMV_ROWS_MAX_M} rows streams W's rows with vector
   * lanes along the outputs; the transposed view leaves one scalar chain per output or a packing pass
   * (measured 3 to 4x slower for (1 x 288) times (288 x 32000) and for (4 x 288) times (288 x 768)).
   * Without the Vector API both layouts run plain loops of about the same speed.
   */
  @Override
  public int rowsFavouringRowMajorWeights() {
    return CpuGemm.simd() ? CpuGemm.GEMV_ROWS_MAX_M : 0;
  }

  @Override
  public void indexSelect(Tensor a, int outer, int n, int inner, Tensor index, Tensor out) {
    CpuIndex.indexSelect(a, outer, n, inner, index, out);
  }

  @Override
  public void indexAdd(Tensor out, int outer, int n, int inner, Tensor index, Tensor src) {
    CpuIndex.indexAdd(out, outer, n, inner, index, src);
  }

  @Override
  public void gather(Tensor a, int outer, int n, int inner, Tensor index, Tensor out) {
    CpuIndex.gather(a, outer, n, inner, index, out);
  }

  @Override
  public void scatterAdd(Tensor out, int outer, int n, int inner, Tensor index, Tensor src) {
    CpuIndex.scatterAdd(out, outer, n, inner, index, src);
  }

  @Override
  public void random(Distribution dist, long seed, long stream, long counter, double p, Tensor out) {
    CpuFused.random(dist, seed, stream, counter, p, out);
  }

  @Override
  public void crossEntropy(Tensor logits, Tensor targets, Tensor lossOut, Tensor lseOut) {
    CpuFused.crossEntropy(logits, targets, lossOut, lseOut);
  }

  @Override
  public void crossEntropyBackward(Tensor logits, Tensor targets, Tensor lse, Tensor gradLoss, Tensor gradLogitsOut) {
    CpuFused.crossEntropyBackward(logits, targets, lse, gradLoss, gradLogitsOut);
  }

  @Override
  public void rmsNorm(Tensor x, Tensor weight, double eps, Tensor out, Tensor rstdOut) {
    CpuFused.rmsNorm(x, weight, eps, out, rstdOut);
  }

  @Override
  public void rmsNormBackward(Tensor x, Tensor weight, Tensor rstd, Tensor gradOut, Tensor gradX, Tensor gradWeight) {
    CpuFused.rmsNormBackward(x, weight, rstd, gradOut, gradX, gradWeight);
  }

  @Override
  public void layerNorm(Tensor x, Tensor weight, Tensor bias, double eps, Tensor out, Tensor meanOut, Tensor rstdOut) {
    CpuFused.layerNorm(x, weight, bias, eps, out, meanOut, rstdOut);
  }

  @Override
  public void layerNormBackward(Tensor x, Tensor weight, Tensor mean, Tensor rstd, Tensor gradOut, Tensor gradX, Tensor gradWeight, Tensor gradBias) {
    CpuFused.layerNormBackward(x, weight, mean, rstd, gradOut, gradX, gradWeight, gradBias);
  }

  @Override
  public void rope(Tensor x, Tensor cos, Tensor sin, boolean inverse, Tensor out) {
    CpuFused.rope(x, cos, sin, inverse, out);
  }

  @Override
  public void adamw(Tensor param, Tensor grad, Tensor m, Tensor v, double lr, double beta1, double beta2, double eps, double weightDecay, long step) {
    CpuFused.adamw(param, grad, m, v, lr, beta1, beta2, eps, weightDecay, step);
  }
}
