package org.reason4j.tensor.cpu;

import org.reason4j.tensor.Backend;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Storage;

/**
 * A CPU storage: one Java array whose type follows the dtype (float[] F32, double[] F64, short[] BF16
 * and F16 bits, int[] I32, long[] I64, byte[] BOOL). The garbage collector frees it.
 */
public final class CpuStorage implements Storage {
  private final DType dtype;
  private final Object array;
  private final int size;
  private final Backend backend;

  CpuStorage(Backend backend, DType dtype, Object array, int size) {
    this.backend = backend;
    this.dtype = dtype;
    this.array = array;
    this.size = size;
  }

  static Object newArray(DType dtype, int n) {
    switch (dtype) {
      case F32: return new float[n];
      case F64: return new double[n];
      case BF16:
      case F16: return new short[n];
      case I32: return new int[n];
      case I64: return new long[n];
      case BOOL: return new byte[n];
      default: throw new IllegalArgumentException("unknown dtype " + dtype);
    }
  }

  /** The Java array type a dtype is stored in, for checks of uploaded data. */
  static Class<?> arrayClass(DType dtype) {
    return newArray(dtype, 0).getClass();
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Backend backend() {
    return backend;
  }

  /** The backing array (float[], double[], ...); kernels index it with the tensor's offset and strides. */
  public Object array() {
    return array;
  }

  public float[] floats() {
    return (float[]) array;
  }

  public double[] doubles() {
    return (double[]) array;
  }

  public short[] shorts() {
    return (short[]) array;
  }

  public int[] ints() {
    return (int[]) array;
  }

  public long[] longs() {
    return (long[]) array;
  }

  public byte[] bytes() {
    return (byte[]) array;
  }
}
