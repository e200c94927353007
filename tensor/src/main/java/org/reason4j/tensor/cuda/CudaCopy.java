package org.reason4j.tensor.cuda;

import org.reason4j.tensor.DType;
import org.reason4j.tensor.Half;
import org.reason4j.tensor.Tensor;

/**
 * Moving elements on the GPU (copy.cu): strided copies, with dtype conversion when the dtypes differ;
 * fills; where. A copy between two contiguous views of one dtype is a plain device-to-device memcpy.
 * Also the host array types of each dtype, as on the CPU (float[], double[], short[] for BF16/F16,
 * int[], long[], byte[] for BOOL).
 */
final class CudaCopy {
  private CudaCopy() {}

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

  static Class<?> arrayClass(DType dtype) {
    return newArray(dtype, 0).getClass();
  }

  private static final Kernel[] COPY_BITS = {null, Kernel.COPY_BITS1, Kernel.COPY_BITS2, null, Kernel.COPY_BITS4,
      null, null, null, Kernel.COPY_BITS8};
  private static final Kernel[] WHERE_BITS = {null, Kernel.WHERE_BITS1, Kernel.WHERE_BITS2, null, Kernel.WHERE_BITS4,
      null, null, null, Kernel.WHERE_BITS8};

  static void copy(CudaBackend be, Tensor src, Tensor dst) {
    int n = dst.numel();
    if (n == 0) return;
    if (src.dtype() == dst.dtype() && src.isContiguous() && dst.isContiguous()) {
      be.gpu().copyDeviceToDevice(be.address(dst), be.address(src), (long) n * dst.dtype().byteSize());
      return;
    }
    Layout l = Layout.of(dst, src);
    if (src.dtype() == dst.dtype()) {
      be.launch1d(COPY_BITS[dst.dtype().byteSize()], n, n, l.shapeArg(), be.ptr(dst), l.stridesArg(0), be.ptr(src),
          l.stridesArg(1));
    } else {
      be.launch1d(Kernel.COPY_CONVERT, n, n, l.shapeArg(), be.ptr(dst), CudaCodes.dtype(dst.dtype()), l.stridesArg(0),
          be.ptr(src), CudaCodes.dtype(src.dtype()), l.stridesArg(1));
    }
  }

  /** CpuCopy.fill's conversions, applied once on the host; the device only replicates the bits. */
  static void fill(CudaBackend be, Tensor dst, double value) {
    int n = dst.numel();
    if (n == 0) return;
    long address = be.address(dst);
    switch (dst.dtype()) {
      case F32: be.gpu().memset(address, 4, Float.floatToRawIntBits((float) value), n); break;
      case F64: fill8(be, dst, Double.doubleToRawLongBits(value)); break;
      case BF16: be.gpu().memset(address, 2, Half.floatToBf16((float) value), n); break;
      case F16: be.gpu().memset(address, 2, Half.floatToF16((float) value), n); break;
      case I32: be.gpu().memset(address, 4, (int) value, n); break;
      case I64: fill8(be, dst, (long) value); break;
      case BOOL: be.gpu().memset(address, 1, value != 0 ? 1 : 0, n); break;
      default: throw new IllegalArgumentException("fill: unknown dtype " + dst.dtype());
    }
  }

  private static void fill8(CudaBackend be, Tensor dst, long bits) {
    be.launch1d(Kernel.FILL_BITS8, dst.numel(), dst.numel(), be.ptr(dst), bits);
  }

  static void where(CudaBackend be, Tensor cond, Tensor a, Tensor b, Tensor out) {
    int n = out.numel();
    if (n == 0) return;
    Layout l = Layout.of(out, cond, a, b);
    be.launch1d(WHERE_BITS[out.dtype().byteSize()], n, n, l.shapeArg(), be.ptr(out), l.stridesArg(0), be.ptr(cond),
        l.stridesArg(1), be.ptr(a), l.stridesArg(2), be.ptr(b), l.stridesArg(3));
  }
}
